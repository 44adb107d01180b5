"""``tfscreen kafka start|stop|status``: the local broker."""

from __future__ import annotations

import argparse
import json

from streams.broker import LocalBroker
from tfscreen.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "kafka",
        help="start, stop or check the local single-node Kafka broker",
        description=(
            "Run a single-node Apache Kafka (KRaft) on 127.0.0.1 from Maven Central jars, "
            "downloaded once into $TFSCREEN_HOME/kafka (default ~/.cache/tfscreen/kafka). "
            "Needs Java 17 and Maven. Each start begins with empty topics."
        ),
    )
    p.add_argument("action", choices=["start", "stop", "status", "fetch"], help="what to do")
    p.add_argument("--port", type=int, help="client port (default TFSCREEN_KAFKA_PORT or 9092)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env(kafka_port=args.port)
    broker = LocalBroker.from_settings(settings)
    if args.action == "start":
        print(f"TFSCREEN_KAFKA_BOOTSTRAP={broker.start()}")
    elif args.action == "stop":
        print("stopped" if broker.stop() else "not running")
    elif args.action == "fetch":
        broker.fetch()
        print(f"jars in {broker.libs}")
    else:
        status = broker.status()
        print(json.dumps(status, indent=2))
        return 0 if status["running"] else 3
    return 0
