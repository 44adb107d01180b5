"""Parse time and peak memory of every sample list file.

Usage: .venv/bin/python benchmarks/bench_lists.py [LISTS_DIR] [--repeat N]

LISTS_DIR defaults to $TFSCREEN_SAMPLE_LISTS or ../shared/data/lists. Each
file is loaded in a fresh child process, so the memory figures are its own:

- seconds: best of N runs of ``load_list`` (detection + parse), imports excluded;
- rss MiB: growth of the process's peak resident memory during the first run
  (includes lxml's C allocations);
- py MiB: tracemalloc peak of Python allocations during one more run.

OFAC CSV sets are loaded once per directory; their companion files
(alt/add/comments) are not lists on their own.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPANIONS = {"alt.csv", "add.csv", "sdn_comments.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"}


def measure(path: str, repeat: int) -> dict[str, object]:
    """Runs in the child process."""
    import resource
    import time
    import tracemalloc

    sys.path.insert(0, str(ROOT))
    from watchlists.errors import ListFileError
    from watchlists.loader import load_list

    def rss_mib() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    base = rss_mib()
    times = []
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            parsed = load_list(path)
            times.append(time.perf_counter() - started)
            if len(times) == 1:
                rss = rss_mib() - base
    except ListFileError as exc:
        return {"error": exc.reason}
    tracemalloc.start()
    load_list(path)
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "format": parsed.version.format,
        "entries": len(parsed.entries),
        "aliases": sum(len(e.aliases) for e in parsed.entries),
        "seconds": min(times),
        "rss_mib": rss,
        "py_mib": py_peak / 2**20,
        "bytes": sum(p.stat().st_size for p in _files_of(Path(path))),
    }


def _files_of(path: Path) -> list[Path]:
    if path.is_dir():
        return [p for p in path.iterdir() if p.is_file()]
    if path.name.casefold() in ("sdn.csv", "cons_prim.csv"):
        return [p for p in path.parent.iterdir() if p.is_file()]
    return [path]


def targets(lists_dir: Path) -> list[Path]:
    out = []
    for path in sorted(lists_dir.rglob("*")):
        if not path.is_file() or path.suffix == ".md" or path.name.casefold() in COMPANIONS:
            continue
        out.append(path.parent if path.name.casefold() in ("sdn.csv", "cons_prim.csv") else path)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("TFSCREEN_SAMPLE_LISTS") or str(ROOT.parent / "shared" / "data" / "lists")
    parser.add_argument("lists_dir", nargs="?", default=default)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.repeat)))
        return 0
    lists_dir = Path(args.lists_dir)
    if not lists_dir.is_dir():
        print(f"bench_lists: no sample lists at {lists_dir}", file=sys.stderr)
        return 1
    header = f"{'file':<58} {'format':<18} {'entries':>8} {'aliases':>8} {'MB':>6} {'seconds':>8} {'rss MiB':>8} {'py MiB':>7}"
    print(header)
    print("-" * len(header))
    for path in targets(lists_dir):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path), "--repeat", str(args.repeat)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(out.stdout)
        name = str(path.relative_to(lists_dir)) + ("/" if path.is_dir() else "")
        if "error" in row:
            print(f"{name:<58} refused: {row['error']}")
            continue
        print(
            f"{name:<58} {row['format']:<18} {row['entries']:>8} {row['aliases']:>8} {row['bytes'] / 1e6:>6.2f} "
            f"{row['seconds']:>8.3f} {row['rss_mib']:>8.1f} {row['py_mib']:>7.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
