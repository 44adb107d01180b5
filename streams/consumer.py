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
rules stage waiting for a payment's turn) are not a gap.

Against (1), each partition's records are handed to the agents in offset order,
from the offset the partition was last sought to (``Consumer._in_order``): a
record fetched before a seek that comes out of the fetch loop after it is not
handed over, and the partition is read again from the offset its agents expect
next; nor is a record fetched before the seek that positions a newly assigned
partition. Handing such a record over used to be safe for at-least-once (the gap
it left held the commit back and was rewound) but not for event-time order: the
rules stage took its key as how far its input partition had got
(``streams/ordering.py``), so the records it had overtaken, read again seconds
later, ran after later payments of the same accounts, and chained rules (R9
fan-out counts, G1 closeness) gave other alerts than the offline run. A
partition with no committed offset is sought to its earliest offset explicitly
(aiokafka's ``seek_to_committed`` leaves it where it was), so that a dropped
record is always read again, and the commit starts there rather than at
whatever was acknowledged first.

A head gap that shows anyway holds the commit back (and is logged); if it lasts
``rewind_after`` seconds the partition is rewound to its committed offset, so
the skipped messages are read again (their neighbours are then processed twice,
which at-least-once allows). faust's gap bookkeeping (2) is only trusted when no
seek came between the two records, so skipped records are never counted as
done. If the first record read after a rewind still lies beyond the committed
offset, the offsets in between do not exist (a transactional producer's commit
markers, deleted records) and count as done, so the commit moves on.

A fourth fault: faust forgets a partition's committed offset when the
partition is revoked, and reads it again (``perform_seek``) only when the
recovery after the next assignment is done. In between, its periodic commit
starts from whatever was acknowledged, such as a message of the previous
assignment that finished late, and passes over the messages the rules stage
held back (released at the revocation, to be read again). So nothing is
committed for a partition until its committed offset is known again.
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

# What getmany does with a record (Consumer._in_order).
HAND_OVER, DROP, STALE = "hand over", "drop", "stale"


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
        self._expected: dict[TP, int] = {}  # the next offset to hand to the agents, per partition
        self._base: dict[TP, int] = {}  # where a partition with no committed offset was read from
        self._seek_round = 0  # perform_seek calls started (and revocations), newest last

    # -- offsets a rewind cannot deliver ---------------------------------------------------------

    async def getmany(self, timeout: float) -> AsyncIterator[tuple[TP, Any]]:
        seen = dict(self._seeks)  # taken before the fetch
        sought_back: set[TP] = set()
        async for tp, message in super().getmany(timeout):
            seeks = self._seeks.get(tp, 0)
            clean = seeks == seen.get(tp, 0)
            verdict = self._in_order(tp, message.offset, clean)
            if verdict != HAND_OVER:
                if verdict == STALE and tp not in sought_back:
                    sought_back.add(tp)
                    await self._seek_back(tp, message.offset)
                continue
            if tp in self._rewound_to and clean:
                self._first_after_rewind(tp, message.offset)
            if tp in self._expected:
                self._expected[tp] = message.offset + 1
            # Whether this record follows the partition's previous one with no seek between:
            # only then is a jump in offsets a real hole in the log (see _add_gap).
            self._follows[tp] = clean and self._last_seeks.get(tp) == seeks
            self._last_seeks[tp] = seeks
            yield tp, message

    # -- each partition's records in offset order ------------------------------------------------

    def _ordered(self, tp: TP) -> bool:
        """Partitions whose records agents acknowledge (not a table's changelog)."""
        topics = getattr(self.app, "topics", None)
        return topics is None or topics.acks_enabled_for(tp.topic)

    def _in_order(self, tp: TP, offset: int, clean: bool) -> str:
        """Whether to hand a record to the agents: each partition's records go in offset order,
        from the offset it was last sought to, each once.

        A record fetched before a seek can come out of faust's fetch loop after it (fault 1).
        Handed over, it ran ahead of the records between the seek point and it: the rules stage
        took its key as how far its source had got (streams/ordering.py) and ran those records
        later, out of event-time order, and their commit was held back until a rewind. So such a
        record is not handed over (STALE): the partition is read again from the expected offset.
        """
        if not self._ordered(tp):
            return HAND_OVER
        if tp not in self._positioned:
            return DROP  # the seek that positions it is still to come and will read it again
        expected = self._expected.get(tp)
        if expected is None or offset == expected or (clean and offset > expected):
            return HAND_OVER  # the next record (after a clean fetch, offsets before it do not exist)
        return DROP if offset < expected else STALE

    def reading(self, tp: TP) -> bool:
        """Whether ``tp`` is being read now: no rebalance or stop under way, and sought to where
        its agents expect it. Only then is its high watermark fresh."""
        return (self.flow_active and not getattr(self.app, "rebalancing", False)
                and tp in self._positioned)

    def in_flight(self, tp: TP) -> bool:
        """Whether records of ``tp`` handed to the agents are not acknowledged yet. The fetch
        position counts records as soon as they are fetched, not when an agent is done."""
        return any(m.tp == tp for m in list(self._unacked_messages))

    async def _seek_back(self, tp: TP, offset: int) -> None:
        """Read ``tp`` again from the offset its agents expect next. A record fetched before the
        last seek is fetched again from where that seek put the partition; but a seek can also
        overlap a fetch that ran after it, whose records would not come again (the partition
        would stall with nothing to show a gap). Seeking once more covers both."""
        expected = self._expected.get(tp)
        if expected is None or tp not in self.assignment():
            return
        log.info("%s: record %s was fetched before a seek; reading again from offset %s", tp, offset, expected)
        try:
            await self.seek(tp, expected)
        except Exception as exc:  # revoked meanwhile: the next assignment positions it again
            log.warning("%s: seek to %s failed: %r", tp, expected, exc)

    async def _start_offsets(self, tps: set[TP]) -> dict[TP, int]:
        """Where each partition is read from after ``perform_seek``: its committed offset, or the
        earliest offset when nothing was committed (aiokafka's ``seek_to_committed`` leaves such
        a partition where it was); the commit then starts there too."""
        start: dict[TP, int] = {}
        missing: list[TP] = []
        for tp in tps:
            committed = self._committed_offset[tp]
            if committed:  # faust keeps a committed 0 as None
                start[tp] = committed
            else:
                missing.append(tp)
        if missing:
            earliest = await self.earliest_offsets(*missing)
            for tp in missing:
                start[tp] = self._base[tp] = earliest.get(tp) or 0
        return start

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
        start = max(start, self._expected.get(tp, start))  # records handed over since the rewind exist
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
        self._positioned.difference_update(tps)  # nothing is handed over until the seek is done
        self._seek_round += 1
        round_ = self._seek_round
        self._mark_sought(tps)
        try:
            await super().perform_seek()
            start = await self._start_offsets({tp for tp in tps if self._ordered(tp)})
        finally:
            self._mark_sought(tps)
        # faust's fetch loop can start a perform_seek while another is under way, and a
        # revocation can come in between: only the newest one positions the partitions.
        if round_ != self._seek_round:
            return
        tps &= set(self.assignment())
        start = {tp: o for tp, o in start.items() if tp in tps}
        self._expected.update(start)
        self._positioned.update(tps)  # their committed offsets are known now
        # Records fetched while they were not positioned (after faust's seek, too) were not
        # handed over, and the fetch position has moved past them: seek once more, or they would
        # never come again (a stall with no gap to show, or a jump taken for a hole in the log).
        await self._seek_all(start)

    async def _seek_all(self, offsets: dict[TP, int]) -> None:
        if not offsets:
            return
        self._mark_sought(offsets)
        try:
            await self.seek_wait(offsets)  # in the consumer's own thread (aiokafka is not thread-safe)
        finally:
            self._mark_sought(offsets)
        for tp, offset in offsets.items():
            if tp in self._expected:
                self._expected[tp] = offset

    async def seek(self, partition: TP, offset: int) -> None:
        """Seek in the consumer's own thread: faust's ``seek`` calls aiokafka's from this one,
        which completes aiokafka's futures from the wrong thread (aiokafka is not thread-safe)."""
        await self._seek_all({partition: offset})

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
        if committed is None:
            committed = self._base.get(tp)  # nothing committed yet: the offset it was read from
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
        self._seek_round += 1  # a seek under way is for the old assignment
        for tp in revoked:
            self._head_gap_since.pop(tp, None)
            self._rewound_to.pop(tp, None)
            self._expected.pop(tp, None)
            self._base.pop(tp, None)
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
        if tp in self.assignment() and tp in self._positioned:
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
