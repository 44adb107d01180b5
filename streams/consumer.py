"""A faust Kafka consumer that never commits past an unprocessed message.

faust-streaming computes the offset to commit from the offsets its streams
acknowledged (``Consumer._new_offset``). Its check for a gap at the head of
that list lets a gap of exactly one message through (it tests
``min(acked) - committed > 1``, and skips the test when the committed offset
is 0), so after a rebalance one message that was never processed could be
committed over and lost. This module replaces that computation with a strict
one: the commit offset only moves over a run of offsets that starts exactly at
the committed offset. A head gap holds the commit back; if it persists, the
partition is rewound to its committed offset so the missing message is read
again (its neighbours are then processed twice, which at-least-once allows).
"""

from __future__ import annotations

import logging
import time
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

    def _new_offset(self, tp: TP) -> int | None:
        acked = self._acked[tp]
        if not acked:
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
        for tp in revoked:
            self._head_gap_since.pop(tp, None)
        await super().on_partitions_revoked(revoked)

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


class Transport(faust_aiokafka.Transport):
    Consumer = Consumer


class App(faust.App):
    """A faust app whose Kafka consumer is :class:`Consumer`."""

    rewind_after: float = REWIND_AFTER_SECONDS  # see Consumer._on_head_gap

    def _new_transport(self) -> Any:
        return Transport(self.conf.broker_consumer, self)
