"""Build watchlists/data/frequent_names.txt: given names and surnames many people share.

Sources (both public, neither a benchmark file of this project):

- US Census Bureau 1990 name files (US government work, public domain), as
  shipped in the PyPI package ``names`` 0.3.0 (MIT):
  ``pip download names==0.3.0 --no-binary :all:`` and unpack; pass the
  ``names/`` folder that holds ``dist.all.last``. Kept: surnames borne by at
  least 1 in 20,000 people, first names by at least 1 in 5,000 of their sex.
- Wikipedia's lists of the most common given names and surnames by country
  (CC0), as collected in github.com/sigpwned/popular-names-by-country-dataset
  (commit eb62e13): pass the folder that holds ``common-forenames-by-country.csv``.
  Kept: every name, in its own script and romanised.

Usage: python scripts/build_frequent_names.py CENSUS_DIR POPULAR_DIR [-o OUT]

The output is one cleaned name per line (lower case, accents kept; several words
when the source writes them so), sorted, after a comment header.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watchlists.normalize import clean_text  # noqa: E402

SURNAME_MIN_PERCENT = 0.005  # 1 in 20,000
FIRST_NAME_MIN_PERCENT = 0.02  # 1 in 5,000

HEADER = """\
# Given names and surnames that many people share, cleaned (lower case, accents kept).
# A name that matches a listed name only in part, through such names alone, is weak
# evidence without a birth date or nationality (watchlists/frequency.py).
#
# Built by scripts/build_frequent_names.py from:
# - US Census Bureau 1990 name files (public domain), via the PyPI package
#   names 0.3.0 (MIT): surnames of at least 1 in 20,000 people ({surnames} kept),
#   first names of at least 1 in 5,000 of their sex ({firsts} kept);
# - Wikipedia lists of the most common given names and surnames by country (CC0),
#   via github.com/sigpwned/popular-names-by-country-dataset @ eb62e13
#   ({popular} names, native script and romanised).
"""


def census(folder: Path) -> tuple[set[str], set[str]]:
    def read(name: str, floor: float) -> set[str]:
        out = set()
        for line in (folder / name).read_text(encoding="ascii").splitlines():
            bits = line.split()
            if len(bits) >= 2 and float(bits[1]) >= floor:
                out.add(clean_text(bits[0]))
        return out

    surnames = read("dist.all.last", SURNAME_MIN_PERCENT)
    firsts = read("dist.male.first", FIRST_NAME_MIN_PERCENT) | read("dist.female.first", FIRST_NAME_MIN_PERCENT)
    return surnames, firsts


def popular(folder: Path) -> set[str]:
    out = set()
    for name in ("common-forenames-by-country.csv", "common-surnames-by-country.csv"):
        with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for column in ("Localized Name", "Romanized Name"):
                    cleaned = clean_text(row.get(column) or "")
                    if cleaned:
                        out.add(cleaned)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("census", type=Path, help="folder with dist.all.last, dist.male.first, dist.female.first")
    parser.add_argument("popular", type=Path, help="folder with common-forenames-by-country.csv and common-surnames-by-country.csv")
    parser.add_argument("-o", "--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "watchlists" / "data" / "frequent_names.txt")
    args = parser.parse_args(argv)
    surnames, firsts = census(args.census)
    names = popular(args.popular)
    every = sorted(surnames | firsts | names)
    text = HEADER.format(surnames=len(surnames), firsts=len(firsts), popular=len(names))
    args.out.write_text(text + "\n".join(every) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(every)} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
