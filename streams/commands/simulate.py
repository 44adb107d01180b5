"""``tfscreen simulate``: synthetic payments with planted TF scenarios."""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from datetime import datetime

from tfscreen.errors import ConfigError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "simulate",
        help="write synthetic payments with planted TF scenarios",
        description=(
            "Write N contract-valid transactions (JSON lines, in time order) of a simulated retail bank: "
            "salaries, bills, card spending at home and abroad, remittances, charities and trade, with "
            "benign look-alikes, plus planted terrorist-financing scenarios (one of each typology rule per "
            "20,000 transactions, at least one). The labels file has one JSON line per planted scenario "
            "with its rule, accounts, transaction ids and the ids the rule should fire on. Names from "
            "--plant-from-list are planted as parties and labelled 'watchlist'."
        ),
    )
    p.add_argument("-n", "--count", type=int, default=10000, help="transactions to write (default 10000)")
    p.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same file (default 0)")
    p.add_argument("--out", required=True, metavar="FILE.jsonl", help="transactions file ('-' for standard output)")
    p.add_argument("--labels", metavar="FILE.jsonl", help="labels file (one line per planted scenario)")
    p.add_argument("--plant-from-list", metavar="FILE",
                   help="a watchlist file; names of some of its terrorism-related entries are planted")
    p.add_argument("--plant-count", type=int, default=10, metavar="K",
                   help="how many names to plant from --plant-from-list (default 10)")
    p.add_argument("--no-scenarios", action="store_true", help="background traffic only (plus planted names)")
    p.add_argument("--start", metavar="ISO-DATE", help="first day of the traffic, e.g. 2026-01-05 (default)")
    p.set_defaults(func=run)


def names_from_list(path: str, count: int, seed: int) -> list[str]:
    """Primary names of ``count`` entries, terrorism-related first, chosen with ``seed``."""
    from watchlists.loader import load_list

    entries = list(load_list(path).entries)
    pool = [e for e in entries if e.terrorism] or entries
    pool = [e for e in pool if e.name.strip()]
    rnd = random.Random(seed)
    return [e.name for e in rnd.sample(pool, min(count, len(pool)))]


def run(args: argparse.Namespace) -> int:
    from tfscreen.simulate import generate

    if args.count < 1:
        raise ConfigError("-n must be at least 1")
    start = None
    if args.start:
        try:
            start = datetime.fromisoformat(args.start)
        except ValueError:
            raise ConfigError(f"--start {args.start!r}: expected an ISO date such as 2026-01-05") from None
        if start.tzinfo is None:
            from datetime import timezone

            start = start.replace(tzinfo=timezone.utc)
    names = names_from_list(args.plant_from_list, args.plant_count, args.seed) if args.plant_from_list else []
    try:
        txs, labels = generate(args.count, seed=args.seed, planted_names=names, scenarios=not args.no_scenarios,
                               start=start)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    try:
        for tx in txs:
            out.write(json.dumps(tx, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if args.labels:
        with open(args.labels, "w", encoding="utf-8") as handle:
            for label in labels:
                handle.write(json.dumps(label, ensure_ascii=False) + "\n")
    kinds = Counter(label.get("rule") or label["kind"] for label in labels)
    print(
        f"wrote {len(txs)} transactions from {txs[0]['timestamp']} to {txs[-1]['timestamp']}; "
        f"{len(labels)} planted scenarios ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})"
        + (f"; labels in {args.labels}" if args.labels else ""),
        file=sys.stderr,
    )
    return 0
