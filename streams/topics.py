"""Create the pipeline's topics with the configured partition counts."""

from __future__ import annotations

import logging
from dataclasses import replace

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from tfscreen.config import Settings

log = logging.getLogger(__name__)


ACCOUNTS_TABLE = "accounts"


def internal_topics(app_id: str) -> tuple[str, str]:
    """The rules stage's input topics: payments by originator and by beneficiary account."""
    return f"{app_id}-by-originator", f"{app_id}-by-beneficiary"


def changelog_topic(app_id: str) -> str:
    """faust's changelog of the accounts table."""
    return f"{app_id}-{ACCOUNTS_TABLE}-changelog"


def topic_specs(s: Settings) -> list[NewTopic]:
    """Every topic the pipeline reads or writes.

    faust would make its internal topics itself as workers start, but a worker
    whose first rebalance runs before one exists is given none of its
    partitions, and nothing asks again until the next metadata refresh
    (minutes): its payments would wait. So they are made here, before any
    worker joins.
    """
    n, rf = s.topic_partitions, s.topic_replication
    return [
        NewTopic(s.topic_transactions, n, rf),
        NewTopic(s.topic_dlq, n, rf),
        NewTopic(s.topic_decisions, n, rf),
        NewTopic(s.topic_alerts, n, rf),
        # One record per list entry and per list version: compacted, one partition keeps order.
        NewTopic(s.topic_watchlist_entries, 1, rf, topic_configs={"cleanup.policy": "compact"}),
        *(NewTopic(name, n, rf) for name in internal_topics(s.app_id)),
        NewTopic(changelog_topic(s.app_id), n, rf, topic_configs={"cleanup.policy": "compact"}),
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
    """Actual partition count of each existing topic (missing ones are left out, not made:
    a broker that creates topics on first mention would make them with its default count)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=s.kafka_bootstrap, request_timeout_ms=30000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        names = [name for name in names if name in existing]
        if not names:
            return {}
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
    actual = (await partition_counts(s, [s.topic_transactions])).get(s.topic_transactions, s.topic_partitions)
    if actual != s.topic_partitions:
        log.warning(
            "topic %s has %d partitions, TFSCREEN_TOPIC_PARTITIONS says %d: using %d",
            s.topic_transactions, actual, s.topic_partitions, actual,
        )
    # The topics the workers declare with the input's count (faust copartitions them).
    await ensure_topics(replace(s, topic_partitions=actual))
    return actual
