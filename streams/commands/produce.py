"""``tfscreen produce FILE.jsonl``: send transactions to the input topic."""

from __future__ import annotations

import argparse
import asyncio
import sys

from streams.kafka_io import produce_lines
from streams.topics import ensure_topics
from tfscreen.config import Settings
from tfscreen.progress import Progress


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "produce",
        help="send a JSON-lines file of transactions to Kafka",
        description=(
            "Send each line of FILE (or standard input with '-') as one record to the transactions "
            "topic, keyed by the originator's account (else the transaction id) so one account's "
            "payments stay in order. Lines are sent as they are, even malformed ones: the worker "
            "routes those to the dead-letter topic."
        ),
    )
    p.add_argument("file", help="JSON-lines file, '-' for standard input")
    p.add_argument("--topic", help="topic (default TFSCREEN_TOPIC_TRANSACTIONS or 'transactions')")
    p.add_argument("--bootstrap", help="Kafka bootstrap servers (default TFSCREEN_KAFKA_BOOTSTRAP)")
    p.add_argument("--progress", action="store_true", help="draw progress even when stderr is not a terminal")
    p.set_defaults(func=run)


def _lines(handle) -> list[bytes]:  # noqa: ANN001
    return [line.rstrip(b"\r\n") for line in handle if line.strip()]


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env(kafka_bootstrap=args.bootstrap, topic_transactions=args.topic)
    if args.file == "-":
        lines = _lines(sys.stdin.buffer)
    else:
        with open(args.file, "rb") as handle:
            lines = _lines(handle)
    asyncio.run(ensure_topics(settings))
    progress = Progress(f"producing to {settings.topic_transactions}", len(lines), force=args.progress)
    sent = produce_lines(settings.kafka_bootstrap, settings.topic_transactions, lines, progress.update)
    progress.close()
    return 0 if sent == len(lines) else 1
