"""The worker makes every topic before it joins the group, faust's internal ones included.

faust makes its internal topics itself as workers start; when the group's first rebalance ran
before one existed, the leader gave nobody its partitions ("Ignoring missing topic") and
nothing asked again until the next metadata refresh, minutes later. Under load in a CI run,
the by-beneficiary topic was missing and no payment got a decision for four minutes.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from streams.topics import changelog_topic, internal_topics, partition_counts, prepare_topics, topic_specs
from tests.integration.harness import Env, wait_for

pytestmark = pytest.mark.broker


def _configs(bootstrap: str, name: str) -> dict[str, str]:
    from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        (response,) = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, name)])
        return {entry[0]: entry[1] for entry in response.resources[0][4]}
    finally:
        admin.close()


def test_prepare_makes_the_internal_topics(kafka_bootstrap):
    s = Env(kafka_bootstrap, partitions=3).settings()
    assert asyncio.run(prepare_topics(s)) == 3
    names = [t.name for t in topic_specs(s)]
    assert set(internal_topics(s.app_id)) | {changelog_topic(s.app_id)} <= set(names)
    counts = asyncio.run(partition_counts(s, names))
    assert counts == {name: (1 if name == s.topic_watchlist_entries else 3) for name in names}
    assert _configs(kafka_bootstrap, changelog_topic(s.app_id))["cleanup.policy"] == "compact"


def test_internal_topics_follow_an_existing_input_topic(kafka_bootstrap):
    """An input topic made earlier with another count: the topics faust copartitions with it
    get its count, not TFSCREEN_TOPIC_PARTITIONS."""
    s = Env(kafka_bootstrap, partitions=4).settings()

    async def make_input() -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
        await admin.start()
        try:
            await admin.create_topics([NewTopic(s.topic_transactions, 2, 1)])
        finally:
            await admin.close()

    asyncio.run(make_input())
    assert wait_for(lambda: bool(asyncio.run(partition_counts(s, [s.topic_transactions]))), 30)
    assert asyncio.run(prepare_topics(s)) == 2
    names = [t.name for t in topic_specs(replace(s, topic_partitions=2))]
    counts = asyncio.run(partition_counts(s, names))
    for name in (*internal_topics(s.app_id), changelog_topic(s.app_id), s.topic_decisions):
        assert counts[name] == 2, name
