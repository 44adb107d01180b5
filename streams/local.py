"""Run a local pipeline: a worker subprocess against a broker, paced traffic, readings.

Used by ``tfscreen demo`` and ``tfscreen bench``; the production path is the
same ``tfscreen worker`` process a deployment runs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kafka import KafkaProducer

from streams.kafka_io import message_key
from tfscreen.config import Settings


def settings_env(s: Settings) -> dict[str, str]:
    """The TFSCREEN_* variables that reproduce ``s`` in a child process."""
    env = dict(os.environ)
    for name, value in vars(s).items():
        env[f"TFSCREEN_{name.upper()}"] = str(value)
    return env


def with_topic_suffix(s: Settings, suffix: str) -> Settings:
    """Settings whose app id and topics carry ``suffix``: an isolated run on a shared broker."""
    return replace(
        s,
        app_id=f"{s.app_id}-{suffix}",
        topic_transactions=f"{s.topic_transactions}-{suffix}",
        topic_dlq=f"{s.topic_dlq}-{suffix}",
        topic_decisions=f"{s.topic_decisions}-{suffix}",
        topic_alerts=f"{s.topic_alerts}-{suffix}",
        topic_watchlist_entries=f"{s.topic_watchlist_entries}-{suffix}",
    )


@dataclass
class WorkerProcess:
    proc: subprocess.Popen
    log_path: Path
    metrics_port: int

    @classmethod
    def spawn(cls, s: Settings, log_path: Path) -> "WorkerProcess":
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "streams.cli", "worker"],
                env=settings_env(s) | {"PYTHONUNBUFFERED": "1"},
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        return cls(proc, log_path, s.metrics_port)

    def metrics_text(self) -> str:
        url = f"http://127.0.0.1:{self.metrics_port}/metrics"
        return urllib.request.urlopen(url, timeout=5).read().decode()

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Wait until the worker serves metrics and has joined its group."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited with {self.proc.returncode}:\n{self.tail()}")
            if "Worker]: Ready" in self.log_path.read_text(errors="replace"):
                return
            time.sleep(0.3)
        raise RuntimeError(f"worker not ready in {timeout:.0f} s:\n{self.tail()}")

    def peak_rss_bytes(self) -> int | None:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            return None
        return None

    def stop(self, timeout: float = 30.0) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        return self.proc.returncode

    def tail(self, n: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])


def paced_produce(
    bootstrap: str,
    topic: str,
    lines: Sequence[bytes],
    rate: float | None,
    on_sent: Callable[[int, float], None] | None = None,
) -> dict[int, float]:
    """Send ``lines`` at ``rate`` per second (None: as fast as possible).

    Returns the send time (Unix seconds) of each line by index.
    """
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=2)
    sent_at: dict[int, float] = {}
    started = time.monotonic()
    try:
        for i, line in enumerate(lines):
            if rate:
                lag = started + i / rate - time.monotonic()
                if lag > 0:
                    time.sleep(lag)
            now = time.time()
            producer.send(topic, key=message_key(line), value=line, timestamp_ms=int(now * 1000))
            sent_at[i] = now
            if on_sent:
                on_sent(i, now)
        producer.flush()
    finally:
        producer.close()
    return sent_at


def jsonl(docs: Iterable[dict]) -> list[bytes]:
    return [json.dumps(d, ensure_ascii=False).encode() for d in docs]


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))
    return ordered[k]
