"""``tfscreen alerts tail``: a readable live view of the alerts topic."""

from __future__ import annotations

import argparse
import json
import sys

from streams.kafka_io import consume
from streams.render import alert_text
from tfscreen.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("alerts", help="follow the alerts topic", description="Read alerts from Kafka.")
    p.add_argument("action", choices=["tail"], help="tail: print alerts as they arrive")
    p.add_argument("--from-beginning", action="store_true", help="start at the oldest alert, not the newest")
    p.add_argument("--json", action="store_true", help="print raw alert JSON, one per line")
    p.add_argument("--max", type=int, help="stop after this many alerts")
    p.add_argument("--idle-timeout", type=float, help="stop after this many seconds without an alert")
    p.add_argument("--min-severity", choices=["medium", "high", "critical"], help="hide lower severities")
    p.add_argument("--bootstrap", help="Kafka bootstrap servers (default TFSCREEN_KAFKA_BOOTSTRAP)")
    p.set_defaults(func=run)


_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env(kafka_bootstrap=args.bootstrap)
    floor = _RANK[args.min_severity] if args.min_severity else 0
    colour = sys.stdout.isatty()
    shown = 0
    for record in consume(settings.kafka_bootstrap, settings.topic_alerts,
                          from_beginning=args.from_beginning, idle_timeout=args.idle_timeout):
        alert = json.loads(record.value)
        if _RANK.get(alert.get("severity"), 0) < floor:
            continue
        print(record.value.decode() if args.json else alert_text(alert, colour), flush=True)
        shown += 1
        if args.max and shown >= args.max:
            break
    return 0
