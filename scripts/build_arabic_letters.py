"""Build watchlists/data/arabic_latin.tsv: how Arabic letters are written in Latin names.

Source: the Wikidata person-name pairs of Merhav & Ash, "Design Challenges in
Named Entity Transliteration" (COLING 2018), repository
github.com/steveash/NETransliteration-COLING2018 at commit
5d5f59e561ecea45a6d3602121e1049baa7a76c3, file ``data/wd_arabic_64`` (the
training split; the data is from Wikidata, licence CC0 1.0). Each line is
``latin<TAB>space-separated Arabic letters<TAB>count``. Only this split is
read: the other splits are for tuning and testing.

Usage: python scripts/build_arabic_letters.py WD_ARABIC_64 [-o OUT]

The model: each Arabic letter, at the start, inside or at the end of a word,
is written as a group of 0 to 4 Latin letters (vowels the script leaves out
go with the letter before them). Expectation-maximisation over all monotone
alignments of each pair (forward-backward) learns P(group | letter,
position). Groups below a small probability are dropped and the rest
renormalised. The output is one ``letter<TAB>position<TAB>group<TAB>probability``
line per kept group ("-" for the empty group), after a comment header.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watchlists.arabic_model import MAX_GROUP, position  # noqa: E402
from watchlists.normalize import clean_text, fold_latin  # noqa: E402
from watchlists.translit import token_script  # noqa: E402

ITERATIONS = 8
MIN_PROBABILITY = 0.005  # groups less likely than this are dropped
MAX_GROUPS = 24  # most groups kept per letter and position
SOURCE = "github.com/steveash/NETransliteration-COLING2018 @ 5d5f59e561ecea45a6d3602121e1049baa7a76c3, data/wd_arabic_64"

Key = tuple[str, str]  # (Arabic letter, position "I", "M" or "F")


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """(Arabic word, folded Latin word) pairs of one word each, letters only."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        bits = line.split("\t")
        if len(bits) < 2:
            continue
        latin = "".join(c for c in fold_latin(clean_text(bits[0])) if "a" <= c <= "z")
        arabic = "".join(c for c in clean_text(bits[1].replace(" ", "")) if token_script(c) == "Arab")
        if arabic.startswith("ال") and not arabic.startswith("الله") and len(arabic) >= 5:
            # The matcher reads the article apart (watchlists.names), and many Latin forms drop it.
            arabic = arabic[2:]
            if latin.startswith(("al", "el")):
                latin = latin[2:]
        if latin and arabic and " " not in clean_text(bits[0]).strip():
            pairs.append((arabic, latin))
    return pairs


def keys_of(arabic: str) -> list[Key]:
    return [(letter, position(arabic, i)) for i, letter in enumerate(arabic)]


def expected_counts(
    pairs: list[tuple[str, str]], prob: dict[Key, dict[str, float]], floor: float
) -> tuple[dict[Key, dict[str, float]], float]:
    """One E step: expected uses of each (letter, group) over all alignments, and the log likelihood."""
    counts: dict[Key, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    total = 0.0
    for arabic, latin in pairs:
        keys = keys_of(arabic)
        n, m = len(keys), len(latin)
        if m > n * MAX_GROUP:
            continue

        def p(i: int, j: int, k: int) -> float:
            return prob.get(keys[i], {}).get(latin[j : j + k], floor)

        fwd = [[0.0] * (m + 1) for _ in range(n + 1)]
        fwd[0][0] = 1.0
        for i in range(n):
            for j in range(m + 1):
                if fwd[i][j]:
                    for k in range(min(MAX_GROUP, m - j) + 1):
                        fwd[i + 1][j + k] += fwd[i][j] * p(i, j, k)
        z = fwd[n][m]
        if z <= 0.0:
            continue
        total += math.log(z)
        bwd = [[0.0] * (m + 1) for _ in range(n + 1)]
        bwd[n][m] = 1.0
        for i in range(n - 1, -1, -1):
            for j in range(m + 1):
                acc = 0.0
                for k in range(min(MAX_GROUP, m - j) + 1):
                    acc += p(i, j, k) * bwd[i + 1][j + k]
                bwd[i][j] = acc
        for i in range(n):
            row = counts[keys[i]]
            for j in range(m + 1):
                if fwd[i][j]:
                    for k in range(min(MAX_GROUP, m - j) + 1):
                        share = fwd[i][j] * p(i, j, k) * bwd[i + 1][j + k] / z
                        if share > 1e-6:
                            row[latin[j : j + k]] += share
    return counts, total


def normalise(counts: dict[Key, dict[str, float]], keep: float, most: int) -> dict[Key, dict[str, float]]:
    """Counts to probabilities per key, dropping groups below ``keep`` and beyond the ``most`` best."""
    out: dict[Key, dict[str, float]] = {}
    for key, row in counts.items():
        total = sum(row.values())
        if total <= 0:
            continue
        ranked = sorted(((v / total, g) for g, v in row.items()), key=lambda x: (-x[0], x[1]))
        kept = [(v, g) for v, g in ranked[:most] if v >= keep]
        norm = sum(v for v, _g in kept)
        if kept:
            out[key] = {g: v / norm for v, g in kept}
    return out


def train(pairs: list[tuple[str, str]], iterations: int = ITERATIONS) -> dict[Key, dict[str, float]]:
    prob: dict[Key, dict[str, float]] = {}
    floor = 1.0  # first pass: every group equally likely
    for step in range(iterations):
        counts, loglik = expected_counts(pairs, prob, floor)
        last = step == iterations - 1
        prob = normalise(counts, MIN_PROBABILITY if last else 1e-4, MAX_GROUPS if last else 200)
        floor = 1e-7
        print(f"iteration {step + 1}: log likelihood {loglik:,.0f}", file=sys.stderr)
    return prob


def write(prob: dict[Key, dict[str, float]], pairs: int, out: Path) -> None:
    lines = [
        "# How Arabic letters are written in Latin-script names: P(Latin letter group | Arabic letter,",
        "# position), position I = first letter of a word, M = inside, F = last; \"-\" is no letter.",
        "# Read by watchlists/arabic_model.py.",
        "#",
        f"# Built by: python scripts/build_arabic_letters.py wd_arabic_64 ({pairs} one-word pairs), from",
        f"# {SOURCE}",
        "# (Merhav & Ash, COLING 2018; name pairs mined from Wikidata, licence CC0 1.0).",
    ]
    order = {"Ic": 0, "Iv": 1, "Mc": 2, "Mv": 3, "F": 4}
    for key in sorted(prob, key=lambda k: (k[0], order[k[1]])):
        for group, value in sorted(prob[key].items(), key=lambda x: (-x[1], x[0])):
            lines.append(f"{key[0]}\t{key[1]}\t{group or '-'}\t{value:.4f}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="data/wd_arabic_64 of the upstream repository")
    parser.add_argument("-o", "--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "watchlists" / "data" / "arabic_latin.tsv")
    args = parser.parse_args()
    pairs = read_pairs(args.source)
    prob = train(pairs)
    write(prob, len(pairs), args.out)
    print(f"{sum(len(v) for v in prob.values())} groups for {len(prob)} letters and positions -> {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
