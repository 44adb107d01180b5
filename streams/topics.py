"""Create the pipeline's topics with the configured partition counts."""

from __future__ import annotations

import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from tfscreen.config import Settings

log = logging.getLogger(__name__)


def topic_specs(s: Settings) -> list[NewTopic]:
    n, rf = s.topic_partitions, s.topic_replication
    return [
        NewTopic(s.topic_transactions, n, rf),
        NewTopic(s.topic_dlq, n, rf),
        NewTopic(s.topic_decisions, n, rf),
        NewTopic(s.topic_alerts, n, rf),
        # One record per list entry and per list version: compacted, one partition keeps order.
        NewTopic(s.topic_watchlist_entries, 1, rf, topic_configs={"cleanup.policy": "compact"}),
    ]


async def ensure_topics(s: Settings, specs: list[NewTopic] | None = None) -> list[str]:
    """Create missing topics; return the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=s.kafka_bootstrap, request_timeout_ms=30000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [t for t in (specs or topic_specs(s)) if t.name not in existing]
        if not wanted:
            return []
        try:
            await admin.create_topics(wanted)
        except TopicAlreadyExistsError:
            pass
        names = [t.name for t in wanted]
        log.info("created topics %s", ", ".join(names))
        return names
    finally:
        await admin.close()


async def partition_counts(s: Settings, names: list[str]) -> dict[str, int]:
    """Actual partition count of each existing topic."""
    admin = AIOKafkaAdminClient(bootstrap_servers=s.kafka_bootstrap, request_timeout_ms=30000)
    await admin.start()
    try:
        described = await admin.describe_topics(names)
        return {t["topic"]: len(t["partitions"]) for t in described if t["error_code"] == 0}
    finally:
        await admin.close()


async def prepare_topics(s: Settings) -> int:
    """Create missing topics; return the input topic's real partition count.

    A topic made earlier (say, auto-created by a producer) keeps its own
    partition count; the worker must declare that count to faust or it gets
    no partitions assigned.
    """
    await ensure_topics(s)
    actual = (await partition_counts(s, [s.topic_transactions])).get(s.topic_transactions, s.topic_partitions)
    if actual != s.topic_partitions:
        log.warning(
            "topic %s has %d partitions, TFSCREEN_TOPIC_PARTITIONS says %d: using %d",
            s.topic_transactions, actual, s.topic_partitions, actual,
        )
    return actual
