"""All settings, read once from ``TFSCREEN_*`` environment variables.

Engines never read the environment; they get values from :class:`Settings`.
Run ``tfscreen --help`` or see README.md "Configuration" for the list.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from tfscreen.errors import ConfigError


def _default_home() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "tfscreen")


@dataclass(frozen=True)
class Settings:
    """Each field ``x`` is read from ``TFSCREEN_X``; the docstring of each is its help."""

    kafka_bootstrap: str = "127.0.0.1:9092"
    app_id: str = "tfscreen"
    topic_transactions: str = "transactions"
    topic_dlq: str = "transactions.dlq"
    topic_decisions: str = "screening.decisions"
    topic_alerts: str = "alerts"
    topic_watchlist_entries: str = "watchlist.entries"
    topic_partitions: int = 4
    topic_replication: int = 1
    # List files or directories loaded at worker start (os.pathsep-separated).
    lists: str = ""
    metrics_port: int = 9108
    metrics_host: str = "0.0.0.0"
    alert_threshold: float = 70.0
    # Name score (0-100) from which a party or a name in the payment text counts as a list match
    # (watchlists.matcher.Matcher.DEFAULT_THRESHOLD, chosen with make bench-match).
    name_threshold: float = 86.0
    # Recent name queries whose matches a worker keeps (payments name the same parties again and
    # again); 0 turns the cache off.
    match_cache: int = 50_000
    # Scores from here up to the alert threshold give a "review" decision (no alert record).
    review_threshold: float = 50.0
    max_message_bytes: int = 1 << 20
    # Commit consumed offsets after this many messages or this many seconds.
    commit_every: int = 200
    commit_interval: float = 1.0
    # Seconds a gap at the head of a partition's processed offsets may last before the
    # partition is read again from its committed offset (streams/consumer.py).
    rewind_after: float = 5.0
    # Event-time order in the rules stage (streams/ordering.py): how often stage 1 tells the
    # rules stage how far each input partition has got, after how many seconds without a record
    # an input partition with nothing left to read counts as idle, and how long a payment may
    # wait for its turn before it goes ahead out of order.
    watermark_interval: float = 0.1
    source_idle_after: float = 1.0
    order_timeout: float = 60.0
    # Producer linger: how long a send may wait to join a batch (seconds).
    producer_linger: float = 0.005
    # Rule library directory (default: the library shipped in rules/library), and how often
    # (seconds) a worker checks it and the reference data for changes; 0 disables the check.
    rules_dir: str = ""
    rules_check_interval: float = 10.0
    # Consumer group liveness: a worker silent this long is dropped from the group.
    session_timeout: float = 30.0
    heartbeat_interval: float = 3.0
    # Where the local broker's jars and data, and the workers' faust data directories, live.
    home: str = field(default_factory=_default_home)
    kafka_version: str = "4.1.1"
    kafka_port: int = 9092
    kafka_controller_port: int = 9093
    kafka_heap: str = "-Xms256m -Xmx512m"
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> "Settings":
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"TFSCREEN_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            kind = type(getattr(cls, f.name, "")) if f.default_factory is not None else type(f.default)  # type: ignore[misc]
            try:
                values[f.name] = kind(raw) if kind in (int, float) else raw
            except ValueError:
                raise ConfigError(f"TFSCREEN_{f.name.upper()}={raw!r}: expected {kind.__name__}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)  # type: ignore[arg-type]
        settings.check()
        return settings

    def check(self) -> None:
        if self.topic_partitions < 1:
            raise ConfigError("TFSCREEN_TOPIC_PARTITIONS must be >= 1")
        if not 0 <= self.alert_threshold <= 100:
            raise ConfigError("TFSCREEN_ALERT_THRESHOLD must be within 0-100")
        if not 0 <= self.name_threshold <= 100:
            raise ConfigError("TFSCREEN_NAME_THRESHOLD must be within 0-100")
        if self.match_cache < 0:
            raise ConfigError("TFSCREEN_MATCH_CACHE must be >= 0")
        if not 0 <= self.review_threshold <= self.alert_threshold:
            raise ConfigError("TFSCREEN_REVIEW_THRESHOLD must be within 0 and TFSCREEN_ALERT_THRESHOLD")
        if self.commit_every < 1 or self.commit_interval <= 0 or self.producer_linger < 0:
            raise ConfigError("TFSCREEN_COMMIT_EVERY must be >= 1, TFSCREEN_COMMIT_INTERVAL > 0, "
                              "TFSCREEN_PRODUCER_LINGER >= 0")
        if self.rewind_after <= 0:
            raise ConfigError("TFSCREEN_REWIND_AFTER must be > 0")
        if min(self.watermark_interval, self.source_idle_after, self.order_timeout) <= 0:
            raise ConfigError("TFSCREEN_WATERMARK_INTERVAL, TFSCREEN_SOURCE_IDLE_AFTER and "
                              "TFSCREEN_ORDER_TIMEOUT must be > 0")
        if not 0 <= self.metrics_port < 65536:
            raise ConfigError("TFSCREEN_METRICS_PORT must be a port number (0 disables)")

    @property
    def list_paths(self) -> list[str]:
        return [p for p in self.lists.split(os.pathsep) if p]

    @property
    def kafka_dir(self) -> Path:
        return Path(self.home) / "kafka"
