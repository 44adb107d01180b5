"""Move list versions through the compacted ``watchlist.entries`` topic.

``publish_lists`` writes only what changed since the topic's current state.
Workers ``catch_up`` at start (read everything up to the end) and then
``ListFollower`` keeps consuming inside the worker: when a complete new
version arrives it builds a new matcher off the event loop and swaps it in
whole, so screening never pauses and never sees a half-built index.
The topic is read by every worker without a consumer group.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition as AioTP
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from tfscreen.config import Settings
from watchlists.catalog import Catalog, records_for
from watchlists.diff import apply_delta
from watchlists.model import ParsedList

log = logging.getLogger(__name__)


def catch_up(s: Settings, catalog: Catalog, timeout: float = 120.0) -> int:
    """Apply every record now on the topic; return the next offset to read."""
    tp = TopicPartition(s.topic_watchlist_entries, 0)
    consumer = KafkaConsumer(bootstrap_servers=s.kafka_bootstrap, enable_auto_commit=False, group_id=None)
    try:
        if not consumer.partitions_for_topic(s.topic_watchlist_entries):
            return 0
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        end = consumer.end_offsets([tp])[tp]
        deadline = time.monotonic() + timeout
        while consumer.position(tp) < end:
            if time.monotonic() > deadline:
                raise TimeoutError(f"reading {s.topic_watchlist_entries} took over {timeout:.0f} s")
            for records in consumer.poll(timeout_ms=500, max_records=5000).values():
                for rec in records:
                    catalog.apply(rec.key.decode(), rec.value)
        return end
    finally:
        consumer.close()


def publish_lists(s: Settings, lists: Sequence[ParsedList]) -> dict[str, str]:
    """Publish each list's changes against the topic's current state.

    Returns, per list id, what happened ("unchanged", "published N records").
    """
    from streams.topics import ensure_topics, topic_specs

    asyncio.run(ensure_topics(s, [t for t in topic_specs(s) if t.name == s.topic_watchlist_entries]))
    current = Catalog()
    catch_up(s, current)
    producer = KafkaProducer(bootstrap_servers=s.kafka_bootstrap, acks="all", max_request_size=8 << 20,
                             linger_ms=20, compression_type="gzip")
    outcome: dict[str, str] = {}
    try:
        for parsed in lists:
            old = current.get(parsed.version.list_id)
            if parsed.delta:  # a change set applies on top of the version on the topic
                base = old or ParsedList(version=parsed.version, entries=())
                parsed = apply_delta(base, parsed)
            if old is not None and old.version.content_hash == parsed.version.content_hash:
                outcome[parsed.version.list_id] = "unchanged"
                continue
            records = records_for(parsed, old)
            for key, value in records:
                producer.send(s.topic_watchlist_entries, key=key.encode(), value=value)
            producer.flush()
            outcome[parsed.version.list_id] = f"published {len(records)} records (version {parsed.version.label})"
    finally:
        producer.close()
    return outcome


class ListFollower:
    """Consumes list updates in the worker and swaps in rebuilt matchers."""

    def __init__(self, s: Settings, catalog: Catalog, offset: int, rebuild: Callable[[list[ParsedList]], None]) -> None:
        self.settings = s
        self.catalog = catalog
        self.offset = offset
        self.rebuild = rebuild

    async def run(self) -> None:
        s = self.settings
        tp = AioTP(s.topic_watchlist_entries, 0)
        consumer = AIOKafkaConsumer(bootstrap_servers=s.kafka_bootstrap, enable_auto_commit=False, group_id=None)
        await consumer.start()
        try:
            consumer.assign([tp])
            consumer.seek(tp, self.offset)
            while True:
                batch = await consumer.getmany(tp, timeout_ms=1000, max_records=5000)
                changed = set()
                for rec in batch.get(tp, []):
                    list_id = self.catalog.apply(rec.key.decode(), rec.value)
                    if list_id:
                        changed.add(list_id)
                    self.offset = rec.offset + 1
                for reason in self.catalog.rejected:
                    log.error("watchlist update refused: %s", reason)
                self.catalog.rejected.clear()
                if changed:
                    log.info("new version of %s on %s; rebuilding the index", ", ".join(sorted(changed)), tp.topic)
                    await asyncio.to_thread(self.rebuild, self.catalog.lists())
        finally:
            await consumer.stop()
