"""The ``tfscreen`` command line.

Each subcommand lives in ``streams/commands/<name>.py`` and exposes
``register(subparsers)``; that function adds its parser and sets
``func`` to a callable taking the parsed arguments and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from tfscreen import __version__
from tfscreen.errors import TfscreenError

# Order here is the order in --help.
COMMANDS = [
    "demo",
    "kafka",
    "worker",
    "produce",
    "alerts",
    "screen",
    "match",
    "lists",
    "rules",
    "simulate",
    "bench",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tfscreen",
        description=(
            "Screen payments for terrorist financing: sanctions and INTERPOL notice matching "
            "plus counter-terrorist-financing typology rules, on Kafka or offline. "
            "Settings come from TFSCREEN_* environment variables (see README.md)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"tfscreen {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"streams.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"streams.commands.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("kafka", "aiokafka"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if args.verbose else logging.WARNING)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        # The reader (``| head``) went away: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (TfscreenError, OSError) as exc:
        print(f"tfscreen: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tfscreen: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
