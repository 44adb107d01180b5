"""``tfscreen worker``: run one screening worker."""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
from dataclasses import replace

from streams.engines import build_screener, load_lists, load_rules
from streams.metrics import Metrics
from tfscreen.config import Settings

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "worker",
        help="run a screening worker against Kafka",
        description=(
            "Consume the transactions topic, screen every payment against the loaded lists and "
            "the typology rules, and write decisions, alerts and dead letters. Stops cleanly on "
            "SIGINT/SIGTERM. Settings: TFSCREEN_KAFKA_BOOTSTRAP, TFSCREEN_LISTS, TFSCREEN_METRICS_PORT, "
            "TFSCREEN_TOPIC_* and others in README.md."
        ),
    )
    p.add_argument("--list", dest="lists", action="append", metavar="FILE",
                   help="list file or directory to screen against (repeatable; default TFSCREEN_LISTS)")
    p.add_argument("--bootstrap", help="Kafka bootstrap servers (default TFSCREEN_KAFKA_BOOTSTRAP)")
    p.add_argument("--metrics-port", type=int, help="Prometheus port, 0 to disable (default TFSCREEN_METRICS_PORT or 9108)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os

    lists = os.pathsep.join(args.lists) if args.lists else None
    settings = Settings.from_env(kafka_bootstrap=args.bootstrap, metrics_port=args.metrics_port, lists=lists)
    return run_worker(settings)


def merge_lists(files: list, topic: list) -> list:
    """Lists from files and from the topic; the topic's version wins for the same list id."""
    by_id = {p.version.list_id: p for p in files}
    by_id.update({p.version.list_id: p for p in topic})
    return [by_id[k] for k in sorted(by_id)]


def run_worker(settings: Settings) -> int:
    from faust import Worker

    from streams.app import Pipeline
    from streams.engines import expand_paths
    from streams.topics import prepare_topics
    from streams.watchlist_sync import ListFollower, catch_up
    from watchlists.catalog import Catalog
    from watchlists.matcher import Matcher

    metrics = Metrics()
    input_partitions = asyncio.run(prepare_topics(settings))
    paths = [str(p) for p in expand_paths(settings.list_paths)]
    file_lists = load_lists(paths)
    catalog = Catalog()
    offset = catch_up(settings, catalog)
    lists = merge_lists(file_lists, catalog.lists())
    if not lists:
        log.warning("no watchlists (TFSCREEN_LISTS, --list or %s): screening runs on typology rules only",
                    settings.topic_watchlist_entries)
    screener = build_screener(settings, lists)
    metrics.set_lists(screener.matcher.entry_counts, time.time())
    log.info(
        "screening against %d entries from %d lists (%d from %s); rule set %s",
        len(screener.matcher), len(lists), len(catalog.lists()), settings.topic_watchlist_entries,
        screener.rules.version,
    )

    current = {"lists": lists}

    def rebuild(topic_lists: list) -> None:
        started = time.perf_counter()
        merged = merge_lists(file_lists, topic_lists)
        matcher = Matcher(merged, threshold=settings.name_threshold, cache_size=settings.match_cache)
        rules = load_rules(merged, settings.rules_dir)  # designated crypto addresses come from the lists
        current["lists"] = merged
        screener.matcher = matcher  # one reference swap each: the next transaction uses them whole
        screener.rules = rules
        metrics.set_build(rules.version)
        took = time.perf_counter() - started
        metrics.list_reload.observe(took)
        metrics.set_lists(matcher.entry_counts, time.time())
        log.info("index swapped in %.2f s: %s", took, ", ".join(f"{k} {v}" for k, v in sorted(matcher.versions.items())))

    follower = ListFollower(settings, catalog, offset, rebuild)
    watcher = RuleWatcher(settings, screener, metrics, lambda: current["lists"])
    background = [follower.run] + ([watcher.run] if settings.rules_check_interval > 0 else [])
    pipeline = Pipeline(replace(settings, topic_partitions=input_partitions), screener, metrics,
                        background=background)
    metrics.serve(settings.metrics_port, settings.metrics_host)
    if settings.metrics_port:
        log.info("metrics at http://127.0.0.1:%d/metrics", settings.metrics_port)
    worker = Worker(pipeline.app, loglevel=settings.log_level.lower(), quiet=True)
    worker.execute_from_commandline()
    return 0


class RuleWatcher:
    """Reloads the rule library when its files change; a broken edit keeps the old rules."""

    def __init__(self, settings: Settings, screener, metrics: Metrics, lists) -> None:  # noqa: ANN001
        from streams.engines import rules_fingerprint

        self.settings = settings
        self.screener = screener
        self.metrics = metrics
        self.lists = lists
        self.seen = rules_fingerprint(settings.rules_dir or None)

    def check(self) -> bool:
        """Reload if the files changed; return True when new rules were swapped in."""
        from streams.engines import rules_fingerprint

        now = rules_fingerprint(self.settings.rules_dir or None)
        if now == self.seen:
            return False
        self.seen = now
        try:
            rules = load_rules(self.lists(), self.settings.rules_dir)
        except Exception as exc:  # RuleFileError names file and line
            log.error("rule files changed but were refused, previous rules stay in force: %s", exc)
            return False
        old = self.screener.rules.version
        self.screener.rules = rules
        self.metrics.set_build(rules.version)
        log.info("rules reloaded: %s -> %s (%d rules)", old, rules.version, len(rules.rules))
        return True

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.settings.rules_check_interval)
            await asyncio.to_thread(self.check)
