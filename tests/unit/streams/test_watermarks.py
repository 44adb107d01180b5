"""Stage 1's watermarks (Pipeline._send_marks): when an input partition may be called idle."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import msgspec
from faust.types import TP

from streams.app import Mark, Pipeline
from streams.ordering import SourceClock

TX = TP("transactions", 0)


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


class FakeConsumer:
    """Partition 0 of the input, fetched up to its high watermark (offset 300)."""

    def __init__(self) -> None:
        self.flowing = True  # False: a rebalance or a stop is under way
        self.unfinished = False  # fetched records the agent has not finished

    def assignment(self) -> set[TP]:
        return {TX}

    def reading(self, tp: TP) -> bool:
        return self.flowing

    def in_flight(self, tp: TP) -> bool:
        return self.unfinished

    def highwater(self, tp: TP) -> int:
        return 300

    async def position(self, tp: TP) -> int:
        return 300


def stage_one(clock: Clock) -> tuple[Pipeline, FakeConsumer, list[Mark]]:
    consumer = FakeConsumer()
    sent: list[Mark] = []

    async def send(key, value, partition):
        if partition == 0:
            sent.append(msgspec.json.decode(value, type=Mark))

    p = Pipeline.__new__(Pipeline)
    p.app = SimpleNamespace(consumer=consumer)
    p.transactions = SimpleNamespace(get_topic_name=lambda: TX.topic)
    p.by_originator = SimpleNamespace(send=send)
    p.settings = SimpleNamespace(topic_partitions=2)
    p.sources = SourceClock(idle_after=1.0, heartbeat=60.0, clock=clock)
    p.sources.assigned({0})
    p.sources.consumed(0, (100, "tx-299"))  # offset 299 forwarded
    return p, consumer, sent


def marks(p: Pipeline) -> list[tuple[int, bool]]:
    before = len(p.sent)
    asyncio.run(p._send_marks())
    return [(m.src, m.idle) for m in p.sent[before:]]


def test_a_partition_read_to_its_end_goes_idle_after_the_idle_time():
    clock = Clock()
    p, consumer, p.sent = stage_one(clock)
    assert marks(p) == [(0, False)]
    clock.t = 1.5
    assert marks(p) == [(0, True)]


def test_a_partition_is_not_idle_while_a_rebalance_or_stop_keeps_it_unread():
    """The flake in tests/integration/test_rules_stream.py: a worker in a rebalance (once stuck
    in it for a minute) stopped reading, so its partitions went quiet, and the high watermark
    it last fetched was stale; it told the rules stage they were idle, which then ran later
    payments of other partitions before the records another worker went on to forward from
    them (a fan-out R9 and a closeness G1 went missing against the offline run)."""
    clock = Clock()
    p, consumer, p.sent = stage_one(clock)
    marks(p)
    consumer.flowing = False
    for t in (1.5, 3.0, 10.0):
        clock.t = t
        assert (0, True) not in marks(p)
    consumer.flowing = True  # read again: its high watermark needs a fetch to be fresh again
    clock.t = 10.5
    assert (0, True) not in marks(p)
    clock.t = 11.2
    assert marks(p) == [(0, True)]


def test_fetched_records_the_agent_has_not_finished_keep_a_partition_from_idling():
    clock = Clock()
    p, consumer, p.sent = stage_one(clock)
    marks(p)
    consumer.unfinished = True  # the fetch position counts them; the agent has not forwarded them
    clock.t = 2.0
    assert (0, True) not in marks(p)
    consumer.unfinished = False
    assert marks(p) == [(0, True)]
