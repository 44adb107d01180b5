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
    c._expected, c._base, c._seek_round, c._seeks = {}, {}, 0, {}
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


def seeking_consumer(monkeypatch, batches, expected: int | None = None):
    """A consumer whose underlying fetches yield ``batches``; a None entry is a seek to 141 (a
    rebalance or a rewind moving the partition back mid-batch). ``expected``: the offset the
    partition was last positioned at, if known. ``c.sought`` lists the seeks made."""
    queue = list(batches)

    async def fetched(self, timeout):
        for item in queue.pop(0):
            if item is None:
                await self.seek(TOPIC, 141)
                continue
            tp, offset = item
            yield tp, SimpleNamespace(topic=tp.topic, offset=offset)

    async def seek_wait(self, partitions):
        self.sought.extend(partitions.items())

    monkeypatch.setattr(faust_aiokafka.Consumer, "getmany", fetched)
    monkeypatch.setattr(faust_aiokafka.Consumer, "seek_wait", seek_wait)
    c = bare(None, [])
    c.sought = []
    c.assignment = lambda: {TOPIC, OTHER}
    c._positioned = {TOPIC, OTHER}
    if expected is not None:
        c._expected = {TOPIC: expected, OTHER: 9}
    return c


OTHER = TP("transactions", 1)


def drain(c):
    async def run():
        return [(tp, m.offset) async for tp, m in c.getmany(1.0)]
    return asyncio.run(run())


def test_without_a_known_position_records_are_handed_over_as_they_come(monkeypatch):
    c = seeking_consumer(monkeypatch, [[(TOPIC, 146), None, (TOPIC, 147), (OTHER, 9)]])
    assert drain(c) == [(TOPIC, 146), (TOPIC, 147), (OTHER, 9)]


def test_a_record_fetched_before_a_seek_is_not_handed_over_after_it(monkeypatch):
    """Fault 1 as it broke event-time order: 146 was handed over, then a seek moved the partition
    back to 141 while the rest of the old batch (147, 148) was still being handed out. Handing
    147 over next ran it before 141..146 were read again; the rules stage took 147's key as how
    far its input partition had got, so 141..146 later ran out of order (R9, G1 differed from
    the offline run). Now the partition is handed over 141, 142, ... in order."""
    c = seeking_consumer(monkeypatch, [[(TOPIC, 146), None, (TOPIC, 147), (TOPIC, 148), (OTHER, 9)],
                                      [(TOPIC, o) for o in range(141, 150)]], expected=146)
    assert drain(c) == [(TOPIC, 146), (OTHER, 9)]
    assert c.sought == [(TOPIC, 141), (TOPIC, 141)]  # the rewind, then once more for the stale records
    assert drain(c) == [(TOPIC, o) for o in range(141, 150)]


def test_the_next_record_is_handed_over_even_from_a_batch_a_seek_interrupted(monkeypatch):
    c = seeking_consumer(monkeypatch, [[None, (TOPIC, 141), (TOPIC, 142)]], expected=146)
    assert drain(c) == [(TOPIC, 141), (TOPIC, 142)]
    assert c.sought == [(TOPIC, 141)]


def test_records_before_the_expected_offset_were_handed_over_already(monkeypatch):
    c = seeking_consumer(monkeypatch, [[(TOPIC, 144), (TOPIC, 145), (TOPIC, 146)]], expected=146)
    assert drain(c) == [(TOPIC, 146)]


def test_a_hole_in_the_log_after_a_clean_fetch_is_not_stale(monkeypatch):
    # 141 is a transaction marker: the first record a clean fetch returns after it is 142.
    c = seeking_consumer(monkeypatch, [[(TOPIC, 142), (TOPIC, 143)]], expected=141)
    assert drain(c) == [(TOPIC, 142), (TOPIC, 143)]
    assert c.sought == []


def test_nothing_is_handed_over_before_the_seek_that_positions_the_partition(monkeypatch):
    # After a rebalance the partition was resumed and fetched at its old position (1673) just
    # before perform_seek moved it back to the committed offset (76).
    c = seeking_consumer(monkeypatch, [[(TOPIC, 1673), (OTHER, 9)]])
    c._positioned = {OTHER}
    assert drain(c) == [(OTHER, 9)]


def test_a_table_changelog_is_not_ordered(monkeypatch):
    c = seeking_consumer(monkeypatch, [[(TOPIC, 1673)]])
    c._positioned = set()
    c.app.topics = SimpleNamespace(acks_enabled_for=lambda topic: False)
    assert drain(c) == [(TOPIC, 1673)]


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
    c = seeking_consumer(monkeypatch, [[None, (TOPIC, 143)]])
    c._rewound_to = {TOPIC: 100}
    assert drain(c) == [(TOPIC, 143)]
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


def recovered(monkeypatch, committed: int | None):
    """A consumer after faust's ``perform_seek`` read ``committed`` for TOPIC (None: nothing
    committed yet); the topic's earliest offset is 0. ``c.sought`` lists the seeks made."""
    async def seek_to_committed(self):
        if committed is not None:
            self._committed_offset[TOPIC] = committed

    async def earliest(self, *tps):
        return {tp: 0 for tp in tps}

    async def seek_wait(self, partitions):
        self.sought.extend(partitions.items())

    async def nothing(self, *args):
        return None

    monkeypatch.setattr(faust_aiokafka.Consumer, "perform_seek", seek_to_committed)
    monkeypatch.setattr(faust_aiokafka.Consumer, "earliest_offsets", earliest, raising=False)
    monkeypatch.setattr(faust_aiokafka.Consumer, "seek_wait", seek_wait)
    monkeypatch.setattr(faust_aiokafka.Consumer, "on_partitions_revoked", nothing)
    c = bare(None, [])
    c._positioned = set()
    c._unacked_messages = set()
    c.sought = []
    c.assignment = lambda: {TOPIC}
    asyncio.run(c.perform_seek())
    return c


def test_the_seek_after_a_recovery_positions_and_a_revocation_forgets(monkeypatch):
    c = recovered(monkeypatch, 689)
    assert c._positioned == {TOPIC}
    assert c._expected == {TOPIC: 689}
    assert c.sought == [(TOPIC, 689)]  # see the next test
    asyncio.run(c.on_partitions_revoked({TOPIC}))
    assert c._positioned == set()
    assert c._expected == {}


def test_records_fetched_while_the_recovery_seeks_are_read_again(monkeypatch):
    """faust resumes the partitions before it seeks them to their committed offsets; records
    fetched in between, even after its seek, are not handed over (they may come from the old
    position). Without one more seek at the end the fetch position stayed past them: once, a
    partition whose records had all been fetched that way stalled with nothing to show a gap."""
    c = recovered(monkeypatch, 27)
    c.sought.clear()

    async def seek_to_committed(self):
        self._committed_offset[TOPIC] = 27
        assert [o async for _, m in c.getmany(1.0) for o in [m.offset]] == []  # fetched, not handed over

    async def fetched(self, timeout):
        for offset in (27, 28, 29):
            yield TOPIC, SimpleNamespace(topic=TOPIC.topic, offset=offset)

    monkeypatch.setattr(faust_aiokafka.Consumer, "perform_seek", seek_to_committed)
    monkeypatch.setattr(faust_aiokafka.Consumer, "getmany", fetched)
    asyncio.run(c.perform_seek())
    assert c.sought == [(TOPIC, 27)]
    assert drain(c) == [(TOPIC, 27), (TOPIC, 28), (TOPIC, 29)]


def test_a_partition_with_nothing_committed_is_read_from_its_earliest_offset(monkeypatch):
    """aiokafka's seek_to_committed does not move a partition with no committed offset. The rules
    stage held offset 0 of such a partition (a beneficiary record waiting for its placeholder)
    while 1 and 2 were acknowledged: committing 3 lost it for good at the next rebalance (a
    payment without a decision). Now the partition is sought to offset 0 and the commit waits."""
    c = recovered(monkeypatch, None)
    assert c.sought == [(TOPIC, 0)]
    assert c._expected == {TOPIC: 0}
    c.app.held = {TOPIC: {0}}
    c._acked[TOPIC] = [1, 2]
    c._acked_index[TOPIC] = {1, 2}
    assert c._new_offset(TOPIC) is None
    c._acked[TOPIC].append(0)
    c._acked_index[TOPIC].add(0)
    assert c._new_offset(TOPIC) == 3
