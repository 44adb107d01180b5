"""Synchronous Kafka helpers (kafka-python) for the command-line tools."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from kafka import KafkaConsumer, KafkaProducer


def message_key(line: bytes) -> bytes | None:
    """Key a transaction by its originator account (per-account order), else its id."""
    try:
        doc = json.loads(line)
    except ValueError:
        return None
    if not isinstance(doc, dict):
        return None
    originator = doc.get("originator")
    account = originator.get("account") if isinstance(originator, dict) else None
    key = account or doc.get("id")
    return str(key).encode() if key else None


def produce_lines(bootstrap: str, topic: str, lines: Iterable[bytes], on_sent=None) -> int:  # noqa: ANN001
    """Send each line as one record; return how many were acknowledged."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5, max_request_size=4 << 20)
    sent = 0
    try:
        for line in lines:
            producer.send(topic, key=message_key(line), value=line)
            sent += 1
            if on_sent:
                on_sent()
        producer.flush()
    finally:
        producer.close()
    return sent


def consume(
    bootstrap: str,
    topic: str,
    *,
    from_beginning: bool = False,
    idle_timeout: float | None = None,
    group: str | None = None,
) -> Iterator:
    """Yield records from ``topic``; stop after ``idle_timeout`` seconds with none."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=group is not None,
        metadata_max_age_ms=2000,
        fetch_max_bytes=900_000,
        consumer_timeout_ms=int(idle_timeout * 1000) if idle_timeout else float("inf"),
    )
    try:
        yield from consumer
    finally:
        consumer.close()
