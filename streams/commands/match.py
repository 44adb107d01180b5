"""``tfscreen match``: screen names against list files, one JSON object per name."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import msgspec

from tfscreen.errors import ConfigError
from tfscreen.progress import Progress

_KINDS = {"person": "person", "individual": "person", "organization": "organization",
          "organisation": "organization", "company": "organization", "entity": "organization"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "match",
        help="screen names against list files, print the matches as JSON lines",
        description=(
            "Load every --list file, then screen each NAME (or each line of --input) with the "
            "same matcher the worker uses: transliteration of non-Latin scripts, name-part "
            "equivalences, titles, particles and legal forms, fuzzy spelling, and birth date, "
            "nationality and schema when given. For every name one JSON object is printed: "
            '{"query": ..., "matches": [{"list", "entry_id", "name", "score", "explanation"}, ...]}, '
            "matches at or above the threshold, best first."
        ),
        epilog=(
            "--input format: one name per line; optional tab-separated columns after the name: "
            "date of birth (YYYY, YYYY-MM or YYYY-MM-DD), nationality (ISO code or country name), "
            "schema (person or organization). Empty lines and lines starting with '#' are skipped. "
            "Example: tfscreen match --list UN.xml 'Usama bin Ladin' 'محمد علي'"
        ),
    )
    p.add_argument("names", nargs="*", metavar="NAME", help="names to screen (or use --input)")
    p.add_argument("--list", dest="lists", action="append", metavar="FILE", default=[], required=True,
                   help="list file or directory, any supported format (repeatable)")
    p.add_argument("--input", metavar="NAMES.txt",
                   help="file of names, one per line, with optional tab-separated DOB, nationality, schema "
                        "('-' for standard input)")
    p.add_argument("--threshold", type=float, metavar="T",
                   help="report matches scoring at least T, 0-100 (default: the matcher's production "
                        "threshold)")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N matches per name (default 10)")
    p.add_argument("--allowlist", metavar="FILE",
                   help="cleared (name, list, entry) pairs to suppress, CSV or YAML (see watchlists/allowlist.py)")
    p.add_argument("--brief", action="store_true", help="leave the explanation out of each match")
    p.add_argument("--progress", action="store_true", help="draw progress even when stderr is not a terminal")
    p.set_defaults(func=run)


class _Match(msgspec.Struct, omit_defaults=True):
    list: str
    entry_id: str
    name: str
    score: float
    explanation: dict | None = msgspec.field(default=None)


class _Result(msgspec.Struct):
    query: str
    matches: list[_Match]


def _parse_line(line: str, number: int):  # noqa: ANN202 - NameQuery
    from watchlists.matcher import NameQuery

    cols = line.rstrip("\r\n").split("\t")
    name = cols[0].strip()
    dob = cols[1].strip() if len(cols) > 1 and cols[1].strip() else None
    nationality = cols[2].strip() if len(cols) > 2 and cols[2].strip() else None
    kind = "unknown"
    if len(cols) > 3 and cols[3].strip():
        kind = _KINDS.get(cols[3].strip().casefold())
        if kind is None:
            raise ConfigError(f"line {number}: schema {cols[3].strip()!r} is not person or organization")
    return NameQuery(name=name, kind=kind, date_of_birth=dob, nationality=nationality)


def _queries(args: argparse.Namespace, stream: TextIO | None) -> Iterator:
    from watchlists.matcher import NameQuery

    for name in args.names:
        yield NameQuery(name=name)
    if stream is not None:
        for number, line in enumerate(stream, 1):
            if not line.strip() or line.startswith("#"):
                continue
            yield _parse_line(line, number)


def _count_lines(path: str) -> int | None:
    if path == "-":
        return None
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip() and not line.startswith(b"#"))


def run(args: argparse.Namespace) -> int:
    from streams.engines import expand_paths, load_lists
    from watchlists.allowlist import Allowlist
    from watchlists.matcher import Matcher

    if not args.names and not args.input:
        raise ConfigError("give NAME arguments or --input FILE")
    if args.threshold is not None and not 0 <= args.threshold <= 100:
        raise ConfigError(f"--threshold must be between 0 and 100, not {args.threshold:g}")
    if args.limit < 1:
        raise ConfigError("--limit must be at least 1")
    if args.input and args.input != "-" and not Path(args.input).is_file():
        raise ConfigError(f"--input: no such file: {args.input}")

    started = time.perf_counter()
    lists = load_lists([str(p) for p in expand_paths(args.lists)])
    allowlist = Allowlist.load(args.allowlist) if args.allowlist else None
    matcher = Matcher(lists, threshold=args.threshold, allowlist=allowlist)
    print(
        f"tfscreen match: {len(matcher):,} entries, {matcher.name_count:,} names from {len(lists)} list(s) "
        f"indexed in {time.perf_counter() - started:.1f} s; threshold {matcher.threshold:g}",
        file=sys.stderr,
    )

    total: int | None = len(args.names)
    if args.input == "-":
        total = None
    elif args.input:
        total = len(args.names) + (_count_lines(args.input) or 0)
    stream: TextIO | None = None
    if args.input:
        stream = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")  # noqa: SIM115
    encoder = msgspec.json.Encoder()
    out = sys.stdout
    progress = Progress("tfscreen match: names screened", total, force=args.progress)
    with_matches = matches = 0
    try:
        for query in _queries(args, stream):
            found = matcher.match(query, limit=args.limit) if query.name else []
            if found:
                with_matches += 1
                matches += len(found)
            result = _Result(
                query=query.name,
                matches=[
                    _Match(list=m.list_id, entry_id=m.entry_id, name=m.name, score=m.score,
                           explanation=None if args.brief else m.explanation)
                    for m in found
                ],
            )
            out.write(encoder.encode(result).decode("utf-8"))
            out.write("\n")
            progress.update()
    finally:
        if stream is not None and stream is not sys.stdin:
            stream.close()
        out.flush()
        progress.close()
    print(f"tfscreen match: {progress.done:,} names, {with_matches:,} with matches, {matches:,} matches",
          file=sys.stderr)
    return 0
