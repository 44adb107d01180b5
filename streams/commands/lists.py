"""``tfscreen lists load|diff|fetch|stats``: manage the watchlists workers screen against."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tfscreen.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lists",
        help="load, compare, download and describe watchlists",
        description=(
            "Lists are parsed into one normalised model and published to the compacted topic "
            "watchlist.entries; running workers swap in each new version without a restart. "
            "Formats are detected from content: UN XML, OFAC XML and CSV, EU FSF XML, UK XML and CSV, "
            "OFSI CSV, INTERPOL JSON, OpenSanctions FtM JSON and targets.simple.csv, generic CSV."
        ),
    )
    act = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    load = act.add_parser("load", help="parse files and publish only what changed to Kafka",
                          description="Parse each FILE (refused whole if anything is wrong) and publish "
                                      "its changes since the version on the topic: changed entries, "
                                      "tombstones for removed ones, then the version record.")
    load.add_argument("files", nargs="+", metavar="FILE")
    load.add_argument("--bootstrap", help="Kafka bootstrap servers (default TFSCREEN_KAFKA_BOOTSTRAP)")
    load.add_argument("--list-id", help="override the list id (one FILE only)")
    load.set_defaults(func=run_load)

    diff = act.add_parser("diff", help="show entries added, removed and changed between two files")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.add_argument("--json", action="store_true", help="print the diff as JSON")
    diff.set_defaults(func=run_diff)

    fetch = act.add_parser("fetch", help="download lists from their official URLs",
                           description="Download with conditional requests (ETag / Last-Modified) and "
                                       "retries; a file replaces the old one only when complete and "
                                       "recognised as a list.")
    fetch.add_argument("--list", dest="names", action="append",
                       choices=["un", "ofac", "eu", "uk", "interpol", "opensanctions"],
                       help="which list (repeatable; default all)")
    fetch.add_argument("--dest", default="lists", help="directory to write to (default ./lists)")
    fetch.add_argument("--timeout", type=float, default=120.0, help="seconds per request (default 120)")
    fetch.add_argument("--retries", type=int, default=3, help="extra attempts on 5xx or timeouts (default 3)")
    fetch.set_defaults(func=run_fetch)

    stats = act.add_parser("stats", help="per list: version, entries by kind, aliases, terrorism-flagged",
                           description="Describe FILEs, or with none the lists now on the watchlist topic.")
    stats.add_argument("files", nargs="*", metavar="FILE")
    stats.add_argument("--bootstrap", help="Kafka bootstrap servers (default TFSCREEN_KAFKA_BOOTSTRAP)")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(func=run_stats)


def run_load(args: argparse.Namespace) -> int:
    from streams.watchlist_sync import publish_lists
    from watchlists.loader import load_list

    if args.list_id and len(args.files) != 1:
        print("tfscreen lists load: --list-id needs exactly one FILE", file=sys.stderr)
        return 2
    settings = Settings.from_env(kafka_bootstrap=args.bootstrap)
    parsed = [load_list(f, list_id=args.list_id) for f in args.files]  # all or nothing
    for name, outcome in publish_lists(settings, parsed).items():
        print(f"{name}: {outcome}")
    return 0


def run_diff(args: argparse.Namespace) -> int:
    import msgspec

    from watchlists.diff import diff_lists
    from watchlists.loader import load_list

    d = diff_lists(load_list(args.old), load_list(args.new))
    if args.json:
        print(msgspec.json.encode(d).decode())
        return 0
    print(f"{d.old_version} -> {d.new_version}: {len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed")
    for key in d.added:
        print(f"+ {key}")
    for key in d.removed:
        print(f"- {key}")
    for change in d.changed:
        print(f"~ {change.key}: {', '.join(change.fields)}")
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    from watchlists.fetch import OFFICIAL_URLS, fetch_list

    failed = 0
    for name in args.names or list(OFFICIAL_URLS):
        try:
            for r in fetch_list(name, Path(args.dest), timeout=args.timeout, retries=args.retries):
                print(f"{name}: {r.status} {r.path} ({r.size} bytes)")
        except Exception as exc:
            failed += 1
            print(f"{name}: failed: {exc}", file=sys.stderr)
    return 1 if failed else 0


def run_stats(args: argparse.Namespace) -> int:
    from watchlists.loader import load_list
    from watchlists.stats import list_stats

    if args.files:
        lists = [load_list(f) for f in args.files]
    else:
        from streams.watchlist_sync import catch_up
        from watchlists.catalog import Catalog

        catalog = Catalog()
        catch_up(Settings.from_env(kafka_bootstrap=args.bootstrap), catalog)
        lists = catalog.lists()
        if not lists:
            print("no lists on the watchlist topic (load some with: tfscreen lists load FILE)", file=sys.stderr)
            return 1
    rows = [list_stats(p) for p in lists]
    if args.json:
        print(json.dumps(rows, indent=2, default=str))
    else:
        for row in rows:
            print(json.dumps(row, default=str))
    return 0
