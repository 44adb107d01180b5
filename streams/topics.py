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
