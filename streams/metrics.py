"""Every Prometheus metric tfscreen exports, in one place.

Names follow Prometheus conventions: ``tfscreen_`` prefix, base units,
``_total`` for counters. No label ever carries an account, a name, a
transaction or an alert id. Each comment says what the metric means and when
to act on it. The Grafana dashboard (deploy/grafana) queries these names;
tests/unit/streams/test_deploy.py checks that every query uses a name defined
here.
"""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry, Counter, Gauge, Histogram,
    start_http_server,
)
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector

from tfscreen import __version__

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
PROCESSING_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5)


class Metrics:
    """The worker's metrics on one registry (a fresh one per test)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        if registry is None:  # process_resident_memory_bytes etc. for the dashboard
            ProcessCollector(registry=r)
            PlatformCollector(registry=r)
            GCCollector(registry=r)
        # Messages read from the input topic, valid or not. Compare with decisions + dead letters.
        self.consumed = Counter("tfscreen_transactions_consumed", "Messages read from the transactions topic", registry=r)
        # One per valid transaction. A gap to consumed - dead letters means work in flight or lost.
        self.decisions = Counter("tfscreen_decisions", "Decision records written, by outcome", ["outcome"], registry=r)
        # Alerts by severity and which kinds of reason they carry (watchlist, typology, both).
        # A sudden jump usually means a list update or a broken normaliser.
        self.alerts = Counter("tfscreen_alerts", "Alerts written, by severity and reason kind", ["severity", "reason_kind"], registry=r)
        # Messages refused to the dead-letter topic. Any rate above zero needs a look.
        self.dead_letters = Counter("tfscreen_dead_letters", "Messages sent to the dead-letter topic, by stage", ["stage"], registry=r)
        # Transaction timestamp on the topic -> decision acknowledged by Kafka. The screening SLO.
        self.e2e_latency = Histogram(
            "tfscreen_end_to_end_latency_seconds", "Input record timestamp to decision written",
            buckets=LATENCY_BUCKETS, registry=r,
        )
        # Time spent in the engines for one transaction (decode excluded).
        self.processing = Histogram(
            "tfscreen_processing_seconds", "Engine time to screen one transaction",
            buckets=PROCESSING_BUCKETS, registry=r,
        )
        # Entries in the index now in use, by list. A drop to 0 means screening is blind.
        self.list_entries = Gauge("tfscreen_watchlist_entries", "Entries loaded, by list", ["list"], registry=r)
        # When each list was last loaded (Unix time). Alert if older than your update policy.
        self.list_loaded = Gauge(
            "tfscreen_watchlist_last_loaded_timestamp_seconds", "When each list was last loaded", ["list"], registry=r
        )
        self.list_reload = Histogram(
            "tfscreen_watchlist_reload_seconds", "Time to build and swap in a new index",
            buckets=(0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60), registry=r,
        )
        # Last time a message was processed (Unix time). A stall detector: time() minus this.
        self.last_processed = Gauge(
            "tfscreen_last_processed_timestamp_seconds", "When the last message was processed", registry=r
        )
        self.build = Gauge("tfscreen_build_info", "Version of the running worker and its rule set", ["version", "ruleset_version"], registry=r)
        for outcome in ("clear", "review", "alert"):
            self.decisions.labels(outcome)
        for stage in ("decode", "validate", "screen"):
            self.dead_letters.labels(stage)

    def set_lists(self, counts: dict[str, int], loaded_at: float) -> None:
        for name in list(self.list_entries._metrics):  # drop lists no longer loaded
            if name[0] not in counts:
                self.list_entries.remove(*name)
        for list_id, n in counts.items():
            self.list_entries.labels(list_id).set(n)
            self.list_loaded.labels(list_id).set(loaded_at)

    def set_build(self, ruleset_version: str) -> None:
        self.build.clear()
        self.build.labels(__version__, ruleset_version).set(1)

    def serve(self, port: int, host: str = "0.0.0.0") -> None:
        """Expose /metrics over HTTP (port 0: disabled)."""
        if port:
            start_http_server(port, addr=host, registry=self.registry)
