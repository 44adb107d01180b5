"""The strict commit-offset computation that replaces faust's (streams/consumer.py)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from types import SimpleNamespace

import pytest
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP
from intervaltree import IntervalTree

from streams import consumer as consumer_mod
from streams.consumer import Consumer, commit_offset

TOPIC = TP("transactions", 0)


def bare(committed: int | None, acked: list[int], cls: type = Consumer) -> Consumer:
    """A consumer with only the bookkeeping ``_new_offset`` reads; no broker, no app."""
    c = cls.__new__(cls)
    c._acked = defaultdict(list, {TOPIC: list(acked)})
    c._acked_index = defaultdict(set, {TOPIC: set(acked)})
    c._gap = defaultdict(IntervalTree)
    c._committed_offset = defaultdict(lambda: None, {TOPIC: committed})
    c._head_gap_since = {}
    c._rewound_to = {}
    c._last_seeks, c._follows = {}, {}
    c._positioned = {TOPIC}  # its committed offset was read after the assignment
    c.app = SimpleNamespace(rewind_after=consumer_mod.REWIND_AFTER_SECONDS)
    return c


def test_commit_offset_takes_the_run_from_the_committed_offset():
    assert commit_offset([5, 6, 7, 9], 5) == (8, 3)
    assert commit_offset([0, 1], None) == (2, 2)
    assert commit_offset([], 5) == (None, 0)


def test_commit_offset_refuses_a_gap_at_the_head():
    assert commit_offset([6, 7], 5) == (None, 0)


def test_stock_faust_commits_over_a_one_message_head_gap():
    # The defect this module exists for: offset 10 was never acknowledged, yet faust commits 13.
    c = bare(10, [11, 12], cls=faust_aiokafka.Consumer)
    assert faust_aiokafka.Consumer._new_offset(c, TOPIC) == 13


def test_a_one_message_head_gap_holds_the_commit_back():
    c = bare(10, [11, 12])
    assert c._new_offset(TOPIC) is None
    assert c._acked[TOPIC] == [11, 12]  # kept until the gap closes


def test_the_commit_moves_once_the_gap_closes():
    c = bare(10, [11, 12])
    assert c._new_offset(TOPIC) is None
    c._acked[TOPIC].append(10)
    c._acked_index[TOPIC].add(10)
    assert c._new_offset(TOPIC) == 13
    assert c._acked[TOPIC] == []
    assert TOPIC not in c._head_gap_since


def test_offsets_after_a_later_gap_wait_for_the_next_commit():
    c = bare(3, [3, 4, 7, 8])
    assert c._new_offset(TOPIC) == 5
    assert c._acked[TOPIC] == [7, 8]
    assert c._acked_index[TOPIC] == {7, 8}


def test_offsets_the_broker_never_returned_count_as_done():
    # Compaction or control records leave holes in the offsets; faust records them as gaps.
    c = bare(3, [3, 6])
    c._gap[TOPIC].addi(4, 6)
    assert c._new_offset(TOPIC) == 7


def test_first_commit_without_a_committed_offset():
    assert bare(None, [0, 1, 2])._new_offset(TOPIC) == 3


def test_a_lasting_head_gap_rewinds_the_partition(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(consumer_mod.time, "monotonic", lambda: clock[0])
    rewinds: list[tuple[TP, int]] = []
    c = bare(10, [11])
    monkeypatch.setattr(c, "_schedule_rewind", lambda tp, offset: rewinds.append((tp, offset)), raising=False)
    assert c._new_offset(TOPIC) is None
    clock[0] += consumer_mod.REWIND_AFTER_SECONDS / 2
    assert c._new_offset(TOPIC) is None
    assert rewinds == []
    clock[0] += consumer_mod.REWIND_AFTER_SECONDS
    assert c._new_offset(TOPIC) is None
    assert rewinds == [(TOPIC, 10)]


@pytest.mark.parametrize("committed", [None, 0])
def test_no_rewind_without_a_known_position(monkeypatch, committed):
    rewinds: list = []
    c = bare(committed, [])
    monkeypatch.setattr(c, "_schedule_rewind", lambda tp, offset: rewinds.append((tp, offset)), raising=False)
    assert c._new_offset(TOPIC) is None
    assert rewinds == []


def seeking_consumer(monkeypatch, batches):
    """A consumer whose underlying fetches yield ``batches``; a None entry is a seek to 141."""
    queue = list(batches)

    async def fetched(self, timeout):
        for item in queue.pop(0):
            if item is None:
                self._mark_sought([TOPIC])  # a rebalance seeks the partition back mid-batch
                self._mark_sought([TOPIC])
                continue
            tp, offset = item
            yield tp, SimpleNamespace(topic=tp.topic, offset=offset)

    monkeypatch.setattr(faust_aiokafka.Consumer, "getmany", fetched)
    c = bare(None, [])
    c._seeks = {}
    return c


def drain(c):
    async def run():
        return [(tp, m.offset) async for tp, m in c.getmany(1.0)]
    return asyncio.run(run())


def test_records_handed_over_after_a_seek_are_kept(monkeypatch):
    # Stale records are not dropped here: the head gap they leave is held back and rewound
    # (dropping them could stall a partition whose seek did not complete).
    other = TP("transactions", 1)
    c = seeking_consumer(monkeypatch, [[(TOPIC, 146), None, (TOPIC, 147), (other, 9)]])
    assert drain(c) == [(TOPIC, 146), (TOPIC, 147), (other, 9)]


def test_offsets_missing_after_a_rewind_count_as_done(monkeypatch):
    # Offset 10 is a transaction marker: after the restart the commit sits on it, the first
    # record is 11, and no rewind can ever deliver 10.
    c = seeking_consumer(monkeypatch, [[(TOPIC, 11), (TOPIC, 12)]])
    c._rewound_to = {TOPIC: 10}
    c._committed_offset[TOPIC] = 10
    assert drain(c) == [(TOPIC, 11), (TOPIC, 12)]
    assert c._rewound_to == {}
    c._acked[TOPIC] = [11, 12]
    c._acked_index[TOPIC] = {11, 12}
    assert c._new_offset(TOPIC) == 13


def test_a_rewind_whose_first_record_is_the_committed_one_marks_nothing(monkeypatch):
    c = seeking_consumer(monkeypatch, [[(TOPIC, 10), (TOPIC, 11)]])
    c._rewound_to = {TOPIC: 10}
    assert drain(c) == [(TOPIC, 10), (TOPIC, 11)]
    assert not c._gap[TOPIC]


def test_no_offsets_are_marked_from_a_batch_that_a_seek_interrupted(monkeypatch):
    # A seek lands during the fetch: the batch cannot tell what exists; wait for a clean one.
    c = seeking_consumer(monkeypatch, [[None, (TOPIC, 141)]])
    c._rewound_to = {TOPIC: 100}
    assert drain(c) == [(TOPIC, 141)]
    assert not c._gap[TOPIC]
    assert c._rewound_to == {TOPIC: 100}


def gaps_seen(c):
    """Drain one batch, reporting a jump between consecutive records as faust's fetch loop does."""
    async def run():
        last = None
        async for tp, m in c.getmany(1.0):
            if last is not None and m.offset - last > 1:
                await c._add_gap(tp, last + 1, m.offset)
            last = m.offset
    asyncio.run(run())
    return sorted((iv.begin, iv.end) for iv in c._gap[TOPIC])


def test_a_hole_between_records_with_no_seek_between_counts_as_done(monkeypatch):
    # 11 is a transaction marker between records 10 and 12 of one fetch.
    c = seeking_consumer(monkeypatch, [[(TOPIC, 9), (TOPIC, 10), (TOPIC, 12)]])
    c._committed_offset[TOPIC] = 9
    assert gaps_seen(c) == [(11, 13)]


def test_records_skipped_across_a_seek_never_count_as_done(monkeypatch):
    # Fault 1: a stale record (147) handed over after a seek back to 141; 142..146 were skipped.
    c = seeking_consumer(monkeypatch, [[(TOPIC, 141), None, (TOPIC, 147)]])
    c._committed_offset[TOPIC] = 141
    assert gaps_seen(c) == []
    c._acked[TOPIC] = [141, 147]
    c._acked_index[TOPIC] = {141, 147}
    assert c._new_offset(TOPIC) == 142  # and no further: 142..146 were never processed


def test_offsets_an_agent_holds_back_are_not_a_gap(monkeypatch):
    """The rules stage keeps messages unacknowledged while they wait for their turn in event time
    (streams/ordering.py): the commit waits for them, but they are not lost, so no rewind."""
    clock = [0.0]
    monkeypatch.setattr(consumer_mod.time, "monotonic", lambda: clock[0])
    c = bare(10, [12, 13])
    c.app.held = {TOPIC: {10, 11}}
    rewinds: list[tuple[TP, int]] = []
    c._schedule_rewind = lambda tp, offset: rewinds.append((tp, offset))
    for t in (0.0, 6.0, 12.0):
        clock[0] = t
        assert c._new_offset(TOPIC) is None
    assert rewinds == []
    c.app.held = {TOPIC: {11}}  # 10 is neither held nor acknowledged: lost, so rewind in time
    for t in (20.0, 26.0):
        clock[0] = t
        c._new_offset(TOPIC)
    assert rewinds == [(TOPIC, 10)]


def test_nothing_is_committed_before_the_committed_offset_is_read_again(monkeypatch):
    """After a rebalance faust has forgotten the committed offset (689) until the recovery seeks.
    Offsets 689..700 were held by the rules stage and released at the revocation; 701 (a
    watermark) was acknowledged late. Committing 702 then would pass over them for good."""
    rewinds: list = []
    c = bare(None, [701])
    c._positioned = set()
    c._schedule_rewind = lambda tp, offset: rewinds.append((tp, offset))
    assert c._new_offset(TOPIC) is None
    assert c._acked[TOPIC] == [701]  # kept
    c._committed_offset[TOPIC] = 689  # the seek after the recovery
    c._positioned.add(TOPIC)
    assert c._new_offset(TOPIC) is None  # a head gap now shows: held back, then rewound
    c._acked[TOPIC] = list(range(689, 702))
    c._acked_index[TOPIC] = set(range(689, 702))
    assert c._new_offset(TOPIC) == 702


def test_the_seek_after_a_recovery_positions_and_a_revocation_forgets(monkeypatch):
    async def nothing(self, *args):
        return None

    monkeypatch.setattr(faust_aiokafka.Consumer, "perform_seek", nothing)
    monkeypatch.setattr(faust_aiokafka.Consumer, "on_partitions_revoked", nothing)
    c = bare(None, [])
    c._positioned = set()
    c._seeks = {}
    c._unacked_messages = set()
    c.assignment = lambda: {TOPIC}
    asyncio.run(c.perform_seek())
    assert c._positioned == {TOPIC}
    asyncio.run(c.on_partitions_revoked({TOPIC}))
    assert c._positioned == set()
