"""Run real workers as subprocesses and read topics back, for broker tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kafka import KafkaConsumer, KafkaProducer

from tests.conftest import ROOT, free_port


@dataclass
class Env:
    """A unique set of topic names and an app id for one test."""

    bootstrap: str
    lists: list[str] = field(default_factory=list)
    partitions: int = 2
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    extra: dict[str, str] = field(default_factory=dict)

    def topic(self, name: str) -> str:
        return f"{name}-{self.tag}"

    @property
    def transactions(self) -> str:
        return self.topic("transactions")

    @property
    def dlq(self) -> str:
        return self.topic("transactions.dlq")

    @property
    def decisions(self) -> str:
        return self.topic("screening.decisions")

    @property
    def alerts(self) -> str:
        return self.topic("alerts")

    def settings(self):
        from tfscreen.config import Settings

        env = {k: v for k, v in self.vars(0).items() if k.startswith("TFSCREEN_")}
        return Settings.from_env(env)

    def create_topics(self) -> None:
        import asyncio

        from streams.topics import ensure_topics

        asyncio.run(ensure_topics(self.settings()))

    def vars(self, metrics_port: int) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "TFSCREEN_KAFKA_BOOTSTRAP": self.bootstrap,
            "TFSCREEN_APP_ID": f"tfscreen-{self.tag}",
            "TFSCREEN_TOPIC_TRANSACTIONS": self.transactions,
            "TFSCREEN_TOPIC_DLQ": self.dlq,
            "TFSCREEN_TOPIC_DECISIONS": self.decisions,
            "TFSCREEN_TOPIC_ALERTS": self.alerts,
            "TFSCREEN_TOPIC_WATCHLIST_ENTRIES": self.topic("watchlist.entries"),
            "TFSCREEN_TOPIC_PARTITIONS": str(self.partitions),
            "TFSCREEN_LISTS": os.pathsep.join(self.lists),
            "TFSCREEN_METRICS_PORT": str(metrics_port),
            "TFSCREEN_METRICS_HOST": "127.0.0.1",
            "TFSCREEN_SESSION_TIMEOUT": "10",
            "TFSCREEN_HEARTBEAT_INTERVAL": "1",
            "PYTHONUNBUFFERED": "1",
        })
        env.update(self.extra)
        return env


class Worker:
    """``tfscreen worker`` in a subprocess."""

    def __init__(self, env: Env, log_path: Path) -> None:
        self.metrics_port = free_port()
        self.log_path = log_path
        self._log = open(log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streams.cli", "worker"],
            cwd=ROOT, env=env.vars(self.metrics_port), stdout=self._log, stderr=subprocess.STDOUT,
        )

    def metrics(self) -> dict[str, float]:
        """Parse the worker's /metrics into {'name{labels}': value}."""
        text = urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5).read().decode()
        out = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                out[name] = float(value)
        return out

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._log.close()
        return self.proc.returncode

    def log_tail(self, n: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])


def produce(bootstrap: str, topic: str, records: list[tuple[bytes | None, bytes]]) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    for key, value in records:
        producer.send(topic, key=key, value=value)
    producer.flush()
    producer.close()


def collect(bootstrap: str, topic: str, until: Callable[[list], bool], timeout: float) -> list:
    """Read ``topic`` from the start until ``until(records)`` holds or ``timeout`` passes."""
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                             enable_auto_commit=False, group_id=None, consumer_timeout_ms=1000,
                             metadata_max_age_ms=1000, fetch_max_bytes=900_000)
    records: list = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and not until(records):
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
    finally:
        consumer.close()
    return records


def values(records: list) -> list[dict]:
    return [json.loads(r.value) for r in records]


def wait_for(predicate: Callable[[], bool], timeout: float, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(interval)
    return False


def group_lag(bootstrap: str, group: str) -> str:
    """Committed offset against end offset for every partition the group has committed."""
    from kafka import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None)
    try:
        committed = admin.list_consumer_group_offsets(group)
        ends = consumer.end_offsets(list(committed))
        rows = [f"{tp.topic}[{tp.partition}] committed {meta.offset} end {ends[tp]} lag {ends[tp] - meta.offset}"
                for tp, meta in sorted(committed.items())]
        return "\n".join(rows) or "(no committed offsets)"
    finally:
        consumer.close()
        admin.close()


def where_lost(env: Env, missing: set[str]) -> str:
    """For each missing payment, which internal topics it reached: locates the losing stage."""
    found: dict[str, list[str]] = {m: [] for m in missing}
    for stage in ("by-originator", "by-beneficiary"):
        topic = f"tfscreen-{env.tag}-{stage}"
        for rec in collect(env.bootstrap, topic, lambda r: False, 10):
            doc = json.loads(rec.value)
            tx_id = doc["raw"]["id"] if "raw" in doc else doc.get("tx_id")  # a payment, or a placeholder
            if tx_id in found:
                found[tx_id].append(f"{stage}[{rec.partition}]@{rec.offset}")
    return "\n".join(f"{tx}: {', '.join(seen) or 'in no internal topic (lost in stage 1)'}"
                     for tx, seen in sorted(found.items()))
