"""``tfscreen worker``: run one screening worker."""

from __future__ import annotations

import argparse
import asyncio
import logging
import time

from streams.engines import build_screener, load_lists
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


def run_worker(settings: Settings) -> int:
    from faust import Worker

    from streams.app import Pipeline
    from streams.engines import expand_paths
    from streams.topics import ensure_topics

    metrics = Metrics()
    paths = [str(p) for p in expand_paths(settings.list_paths)]
    if not paths:
        log.warning("no watchlists given (TFSCREEN_LISTS or --list): screening runs on typology rules only")
    lists = load_lists(paths)
    screener = build_screener(settings, lists)
    metrics.set_lists(screener.matcher.entry_counts, time.time())
    log.info(
        "screening against %d entries from %d lists; rule set %s",
        len(screener.matcher), len(lists), screener.rules.version,
    )
    asyncio.run(ensure_topics(settings))
    pipeline = Pipeline(settings, screener, metrics)
    metrics.serve(settings.metrics_port, settings.metrics_host)
    if settings.metrics_port:
        log.info("metrics at http://127.0.0.1:%d/metrics", settings.metrics_port)
    worker = Worker(pipeline.app, loglevel=settings.log_level.lower(), quiet=True)
    worker.execute_from_commandline()
    return 0
