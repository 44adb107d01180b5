"""Payments written by a transactional producer: the commit moves past its markers.

A transactional producer (Kafka Streams, Flink and many bank gateways write this way) ends
every transaction with a commit marker: an offset that consumers never receive. After a
restart the committed offset can sit exactly on such a marker, so the first record read lies
one past it. The worker must see that the offset does not exist, not wait for it forever.
"""

from __future__ import annotations

import json
import time

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer

from tests.integration.harness import Env, Worker, collect, values
from tests.integration.traffic import clean_transactions

pytestmark = [pytest.mark.broker, pytest.mark.slow]

PER_TRANSACTION = 20


def produce_in_transactions(bootstrap: str, topic: str, txs: list[dict], tag: str) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap, transactional_id=f"bank-gateway-{tag}")
    try:
        producer.init_transactions()
        for start in range(0, len(txs), PER_TRANSACTION):
            producer.begin_transaction()
            for t in txs[start:start + PER_TRANSACTION]:
                producer.send(topic, key=t["originator"]["account"].encode(), value=json.dumps(t).encode())
            producer.commit_transaction()
    finally:
        producer.close()


def committed_behind(bootstrap: str, group: str, topic: str) -> dict[int, int]:
    """Per input partition: how far the committed offset is behind the end (markers included)."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    try:
        committed = {tp: meta.offset for tp, meta in admin.list_consumer_group_offsets(group).items()
                     if tp.topic == topic}
        ends = consumer.end_offsets(list(committed))
        return {tp.partition: ends[tp] - offset for tp, offset in committed.items()}
    finally:
        consumer.close()
        admin.close()


def test_commit_moves_past_transaction_markers_after_a_restart(kafka_bootstrap, tmp_path):
    env = Env(kafka_bootstrap, partitions=2, extra={"TFSCREEN_REWIND_AFTER": "1", "TFSCREEN_COMMIT_INTERVAL": "0.5"})
    env.create_topics()
    first_half = clean_transactions(200, seed=31, prefix="txa")
    second_half = clean_transactions(200, seed=32, prefix="txb")
    group = f"tfscreen-{env.tag}"

    produce_in_transactions(kafka_bootstrap, env.transactions, first_half, env.tag)
    first = Worker(env, tmp_path / "first.log")
    ids = {t["id"] for t in first_half}
    got = collect(kafka_bootstrap, env.decisions,
                  lambda r: ids <= {json.loads(x.value)["transaction_id"] for x in r}, 120)
    assert ids <= {d["transaction_id"] for d in values(got)}, first.log_tail()
    time.sleep(3)  # let the idle worker commit: its offset now sits on a commit marker
    first.stop()
    # Every partition ends with a marker, so a committed offset just past the last record is 1 behind.
    assert all(lag == 1 for lag in committed_behind(kafka_bootstrap, group, env.transactions).values())

    second = Worker(env, tmp_path / "second.log")
    try:
        produce_in_transactions(kafka_bootstrap, env.transactions, second_half, env.tag)
        ids = {t["id"] for t in first_half + second_half}
        got = collect(kafka_bootstrap, env.decisions,
                      lambda r: ids <= {json.loads(x.value)["transaction_id"] for x in r}, 120)
        assert ids <= {d["transaction_id"] for d in values(got)}, second.log_tail()
        # The commit must reach the last marker again: it moved past every marker in between.
        deadline = time.monotonic() + 60
        behind = committed_behind(kafka_bootstrap, group, env.transactions)
        while time.monotonic() < deadline and any(lag > 1 for lag in behind.values()):
            time.sleep(1)
            behind = committed_behind(kafka_bootstrap, group, env.transactions)
    finally:
        second.stop()
    log = second.log_path.read_text(errors="replace")
    print(f"\ntransactional input: committed offsets behind the end {behind}; "
          f"held back {log.count('commit held back')}, rewound {log.count('rewinding')}, "
          f"markers counted as done {log.count('do not exist')}")
    assert all(lag <= 1 for lag in behind.values()), f"commit stuck behind a marker: {behind}\n{second.log_tail()}"
