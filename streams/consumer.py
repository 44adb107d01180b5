"""A faust Kafka consumer that never commits past an unprocessed message.

Three faults in faust-streaming 0.15 combine to lose a message when partitions
move between live workers (found by ``tests/integration/test_rules_stream.py``
and ``test_rebalance.py``):

1. A rebalance seeks each partition back to its committed offset, but records
   fetched before the seek are still handed to the streams afterwards. The
   first such record moves the partition's read offset past the seek point, so
   the records between the committed offset and it, read again after the seek,
   are dropped as already seen.
2. The fetch loop takes that jump for a hole in the log (compaction, transaction
   markers) and counts the skipped offsets as done (``Consumer._add_gap``).
3. ``Consumer._new_offset`` computes the offset to commit from the acknowledged
   offsets, and its check for a gap at the head lets a gap of exactly one
   message through (``min(acked) - committed > 1``).

``_new_offset`` here only moves over a run of offsets that starts exactly at the
committed offset. Offsets an agent holds back on purpose (``App.held``, the
rules stage waiting for a payment's turn) are not a gap. A head gap left by (1) holds the commit back (and is logged);
if it lasts ``rewind_after`` seconds the partition is rewound to its committed
offset, so the skipped messages are read again (their neighbours are then
processed twice, which at-least-once allows). The stale record that caused the
gap was itself processed and acknowledged, so a gap always shows; and faust's
gap bookkeeping (2) is only trusted when no seek came between the two records,
so the skipped records are never counted as done. If the first
record read after a rewind still lies beyond the committed offset, the offsets
in between do not exist (a transactional producer's commit markers, deleted
records) and count as done, so the commit moves on.

A fourth fault: faust forgets a partition's committed offset when the
partition is revoked, and reads it again (``perform_seek``) only when the
recovery after the next assignment is done. In between, its periodic commit
starts from whatever was acknowledged, such as a message of the previous
assignment that finished late, and passes over the messages the rules stage
held back (released at the revocation, to be read again). So nothing is
committed for a partition until its committed offset is known again.

(Dropping the stale records instead was tried and removed: when a seek did not
complete, or nothing followed the dropped records, a partition stalled with no
gap to show for it.)
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterable
from typing import Any

import faust
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP

log = logging.getLogger(__name__)

# How long a head gap may last before the partition is rewound. Each partition's messages are
# handled and acknowledged in order (agent concurrency 1), so a gap means a message was
# dropped, not that it is still in flight; the delay only lets a commit already under way
# finish first.
REWIND_AFTER_SECONDS = 5.0


def commit_offset(acked: list[int], committed: int | None) -> tuple[int | None, int]:
    """The next offset to commit from sorted, distinct acknowledged offsets, and how many were used.

    ``committed`` is the partition's committed offset (the next offset to read) or None when
    nothing was committed yet. The result is None when ``acked`` is empty or does not start
    at ``committed``.
    """
    if not acked or (committed is not None and acked[0] != committed):
        return None, 0
    used = 1
    while used < len(acked) and acked[used] == acked[used - 1] + 1:
        used += 1
    return acked[used - 1] + 1, used


class Consumer(faust_aiokafka.Consumer):
    """faust's aiokafka consumer with a strict commit-offset computation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_gap_since: dict[TP, float] = {}
        self._seeks: dict[TP, int] = {}  # seeks per partition, to spot batches a seek interrupted
        self._rewound_to: dict[TP, int] = {}  # rewinds whose first record is still to come
        self._last_seeks: dict[TP, int] = {}  # seek count when each partition's last record came
        self._follows: dict[TP, bool] = {}  # the partition's current record follows its last one
        self._positioned: set[TP] = set()  # committed offset read since the partition was assigned

    # -- offsets a rewind cannot deliver ---------------------------------------------------------

    async def getmany(self, timeout: float) -> AsyncIterator[tuple[TP, Any]]:
        seen = dict(self._seeks)  # taken before the fetch
        async for tp, message in super().getmany(timeout):
            seeks = self._seeks.get(tp, 0)
            clean = seeks == seen.get(tp, 0)
            if tp in self._rewound_to and clean:
                self._first_after_rewind(tp, message.offset)
            # Whether this record follows the partition's previous one with no seek between:
            # only then is a jump in offsets a real hole in the log (see _add_gap).
            self._follows[tp] = clean and self._last_seeks.get(tp) == seeks
            self._last_seeks[tp] = seeks
            yield tp, message

    async def _add_gap(self, tp: TP, offset_from: int, offset_to: int) -> None:
        """faust counts offsets missing between two records as done (compaction, transaction
        markers). After a seek the jump may instead be records that were skipped (fault 1);
        those must not count as done, or the commit passes them: leave them a head gap."""
        if self._follows.get(tp):
            await super()._add_gap(tp, offset_from, offset_to)
        else:
            log.info("%s: offsets %s..%s skipped across a seek; not counted as done",
                     tp, offset_from, offset_to - 1)

    def _first_after_rewind(self, tp: TP, offset: int) -> None:
        """The first record fetched after a rewind, with no seek since: offsets before it that
        the rewind sought do not exist (transaction markers, deleted records), so nothing can
        fill them; they count as done, as faust counts gaps it sees between two records."""
        start = self._rewound_to.pop(tp)
        if offset > start:
            log.warning("%s: offsets %s..%s do not exist (transaction markers or deleted records); "
                        "counted as done", tp, start, offset - 1)
            self._gap[tp].addi(start, offset)

    def _mark_sought(self, tps: Iterable[TP]) -> None:
        for tp in tps:
            self._seeks[tp] = self._seeks.get(tp, 0) + 1

    async def perform_seek(self) -> None:
        tps = set(self.assignment())
        for tp in tps:
            self._rewound_to.pop(tp, None)  # this seek supersedes a rewind
        self._mark_sought(tps)
        try:
            await super().perform_seek()
        finally:
            self._mark_sought(tps)
        self._positioned.update(tps)  # their committed offsets are known now

    async def seek(self, partition: TP, offset: int) -> None:
        self._mark_sought([partition])
        try:
            await super().seek(partition, offset)
        finally:
            self._mark_sought([partition])

    # -- the offset to commit --------------------------------------------------------------------

    def _new_offset(self, tp: TP) -> int | None:
        acked = self._acked[tp]
        if not acked or tp not in self._positioned:
            # Not positioned: the committed offset is unknown, so the acknowledged offsets
            # cannot show a gap; they wait (see the module docstring).
            return None
        self._fill_gaps(tp, acked)
        acked.sort()
        # ``ack`` only records offsets at or above the committed one; drop any older ones a
        # commit made obsolete, and duplicates.
        committed = self._committed_offset[tp]
        deduped = sorted({o for o in acked if committed is None or o >= committed})
        acked[:] = deduped
        offset, used = commit_offset(acked, committed)
        if offset is None:
            if acked:
                self._on_head_gap(tp, committed, acked[0])
            return None
        self._head_gap_since.pop(tp, None)
        self._acked_index[tp].difference_update(acked[:used])
        del acked[:used]
        return offset

    async def on_partitions_revoked(self, revoked: set[TP]) -> None:
        self._positioned.difference_update(revoked)
        for tp in revoked:
            self._head_gap_since.pop(tp, None)
            self._rewound_to.pop(tp, None)
        self._release_held(revoked)
        await super().on_partitions_revoked(revoked)

    async def wait_empty(self) -> None:
        self._release_held(set(self.assignment()))  # a stop waits here too
        await super().wait_empty()

    def _release_held(self, tps: set[TP]) -> None:
        """Agents that hold messages back on purpose (streams/ordering.py) let go of them: faust
        waits for every message it handed out to be acknowledged before it gives partitions up
        or stops. The released messages stay unacknowledged and are read again."""
        released = [m for hook in getattr(self.app, "revoke_hooks", ()) for m in hook(tps)]
        for message in released:
            self._unacked_messages.discard(message)

    def _fill_gaps(self, tp: TP, acked: list[int]) -> None:
        """Treat offsets the broker never returned (compaction, control records) as acknowledged."""
        gaps = self._gap[tp]
        if not gaps:
            return
        top = max(acked)
        filled: list[int] = []
        for interval in sorted(gaps.overlap(0, top), key=lambda iv: iv.begin):
            filled.extend(range(interval.begin, interval.end))
        if filled:
            acked.extend(filled)
            gaps.chop(0, max(filled[-1], top + 1))

    def _on_head_gap(self, tp: TP, committed: int | None, first_acked: int) -> None:
        held = getattr(self.app, "held", {}).get(tp)
        if held and committed is not None and all(o in held for o in range(committed, first_acked)):
            self._head_gap_since.pop(tp, None)  # still waiting for their turn, not lost
            return
        now = time.monotonic()
        since = self._head_gap_since.setdefault(tp, now)
        if since == now:
            log.warning("commit held back on %s: offsets %s..%s were not processed (committed %s)",
                        tp, committed, first_acked - 1, committed)
        elif now - since >= getattr(self.app, "rewind_after", REWIND_AFTER_SECONDS) and committed is not None:
            self._head_gap_since[tp] = now
            log.warning("rewinding %s to its committed offset %s to read the unprocessed messages again",
                        tp, committed)
            self._schedule_rewind(tp, committed)

    def _schedule_rewind(self, tp: TP, offset: int) -> None:
        self.app.loop.create_task(self._rewind(tp, offset))

    async def _rewind(self, tp: TP, offset: int) -> None:
        if tp in self.assignment():
            await self.seek(tp, offset)
            self._rewound_to[tp] = offset  # see _first_after_rewind


class Transport(faust_aiokafka.Transport):
    Consumer = Consumer


class App(faust.App):
    """A faust app whose Kafka consumer is :class:`Consumer`."""

    rewind_after: float = REWIND_AFTER_SECONDS  # see Consumer._on_head_gap

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offsets an agent has received but holds back on purpose (not lost): no rewind for them.
        self.held: dict[TP, set[int]] = {}
        # Called with the revoked partitions before faust gives them up; each returns the
        # messages it held for them (they stay unacknowledged and are read again).
        self.revoke_hooks: list[Any] = []

    def _new_transport(self) -> Any:
        return Transport(self.conf.broker_consumer, self)
