"""``tfscreen screen``: the stream's engines over a file, no Kafka."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import msgspec

from streams.engines import build_screener, expand_paths, load_lists
from tfscreen.codec import InvalidMessage, decode_transaction, encoder
from tfscreen.config import Settings
from tfscreen.model import DeadLetter
from tfscreen.progress import Progress


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "screen",
        help="screen a JSON-lines file of transactions offline",
        description=(
            "Run the same engines as the worker over FILE and print, for every valid transaction, "
            "its decision record and then its alert record if it alerts, one JSON object per line "
            "(the same fields as the screening.decisions and alerts topics). Refused lines are "
            "reported on stderr with their line number and reason. Windowed rules keep their "
            "state in memory across the file, in file order."
        ),
    )
    p.add_argument("file", help="JSON-lines transactions ('-' for standard input)")
    p.add_argument("--list", dest="lists", action="append", metavar="FILE", default=[],
                   help="list file or directory (repeatable; default TFSCREEN_LISTS)")
    p.add_argument("--alerts-only", action="store_true", help="print alerts only")
    p.add_argument("--decisions", metavar="OUT", help="also write decision records to OUT")
    p.add_argument("--alerts", metavar="OUT", help="also write alert records to OUT")
    p.add_argument("--dead-letters", metavar="OUT",
                   help="write refused lines to OUT as JSON with stage, error and the original line")
    p.add_argument("--threshold", type=float, help="alert threshold 0-100 (default TFSCREEN_ALERT_THRESHOLD)")
    p.add_argument("--progress", action="store_true", help="draw progress even when stderr is not a terminal")
    p.set_defaults(func=run)


def _open(path: str | None):  # noqa: ANN202
    return open(path, "wb") if path else None


def run(args: argparse.Namespace) -> int:
    import os

    lists = os.pathsep.join(args.lists) if args.lists else None
    settings = Settings.from_env(lists=lists, alert_threshold=args.threshold)
    paths = [str(p) for p in expand_paths(settings.list_paths)]
    if not paths:
        print("tfscreen screen: no lists given (--list or TFSCREEN_LISTS): typology rules only", file=sys.stderr)
    screener = build_screener(settings, load_lists(paths))
    handle = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")
    out = sys.stdout.buffer
    decisions_out, alerts_out, dead_out = _open(args.decisions), _open(args.alerts), _open(args.dead_letters)
    state: dict = {}
    counts: Counter[str] = Counter()
    progress = Progress("screening", force=args.progress)
    try:
        for lineno, line in enumerate(handle, 1):
            raw = line.rstrip(b"\r\n")
            if not raw.strip():
                continue
            progress.update()
            try:
                tx = decode_transaction(raw, settings.max_message_bytes)
            except InvalidMessage as exc:
                counts["refused"] += 1
                print(f"line {lineno}: refused ({exc.stage}): {exc.error_class}: {exc.reason}", file=sys.stderr)
                if dead_out:
                    record = DeadLetter(stage=exc.stage, error_class=exc.error_class, error_message=exc.reason)  # type: ignore[arg-type]
                    doc = msgspec.to_builtins(record) | {"line": lineno, "original": raw.decode("utf-8", "replace")}
                    dead_out.write(encoder.encode(doc) + b"\n")
                continue
            result = screener.screen(tx, raw, state=state)
            counts[result.decision.decision] += 1
            decision = encoder.encode(result.decision) + b"\n"
            if not args.alerts_only:
                out.write(decision)
            if decisions_out:
                decisions_out.write(decision)
            if result.alert is not None:
                alert = encoder.encode(result.alert) + b"\n"
                out.write(alert)
                if alerts_out:
                    alerts_out.write(alert)
    finally:
        for f in (decisions_out, alerts_out, dead_out):
            if f:
                f.close()
        if handle is not sys.stdin.buffer:
            handle.close()
        out.flush()
    progress.close()
    print(
        f"screened {counts['clear'] + counts['review'] + counts['alert']} transactions: {counts['alert']} alerts, "
        f"{counts['review']} review, {counts['clear']} clear, {counts['refused']} refused",
        file=sys.stderr,
    )
    return 0
