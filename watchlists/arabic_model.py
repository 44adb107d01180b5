"""Latin spellings of Arabic-script name words, from letter probabilities learned on name pairs.

The hand-written tables of :mod:`watchlists.translit` give one or two
readings of an Arabic word, without the short vowels the script leaves out
("بيتر" -> "bitr"). Names from other languages written in Arabic letters
come back to Latin letters in ways a consonant skeleton finds only in part
("Peter", "Victor", "Schultz"). ``data/arabic_latin.tsv`` holds
P(Latin letter group | Arabic letter, context), learned from Wikidata name
pairs by ``scripts/build_arabic_letters.py``; each group carries the vowels
written after its letter ("ت" -> "te"), and the context is the letter's place
in the word and whether the next letter may write a vowel.

Two uses:

- :func:`learned_readings`: the most probable spellings of a word (a beam
  search over its letters), whose keys the candidate index files
  (:mod:`watchlists.index`), so an Arabic query finds "Peter".
- :func:`learned_similarity`: how well one Latin token spells an Arabic
  word, from the probability of its best spelling path against that of the
  most probable spelling; the scorer's "learned spelling" comparison.

Everything is deterministic (ties are broken by the spelling) and cached.
"""

from __future__ import annotations

import heapq
import math
from functools import lru_cache
from importlib import resources

MAX_GROUP = 4  # most Latin letters one Arabic letter is written with
READINGS = 3  # learned readings per word
BEAM = 40  # partial spellings kept while reading a word
GROUPS_PER_LETTER = 10  # most likely groups tried for each letter
MAX_LETTERS = 20  # longer words get no learned reading

_Table = dict[tuple[str, str], tuple[tuple[str, float], ...]]


_LONG = frozenset("اأإآىوية")  # letters that may write a vowel


def position(word: str, i: int) -> str:
    """Context class of letter ``i`` of ``word``: I first, M inside, F last; I and M
    followed by "v" when the next letter may write a vowel, else "c"."""
    if i == len(word) - 1 and i > 0:
        return "F"
    nxt = "v" if i + 1 < len(word) and word[i + 1] in _LONG else "c"
    return ("I" if i == 0 else "M") + nxt


@lru_cache(maxsize=1)
def letter_table() -> _Table:
    """(letter, position) -> ((Latin group, log probability), ...), most likely first."""
    text = resources.files("watchlists.data").joinpath("arabic_latin.tsv").read_text(encoding="utf-8")
    rows: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        letter, pos, group, value = line.split("\t")
        rows.setdefault((letter, pos), []).append(("" if group == "-" else group, math.log(float(value))))
    return {k: tuple(sorted(v, key=lambda x: (-x[1], x[0]))[:GROUPS_PER_LETTER]) for k, v in rows.items()}


def _groups(table: _Table, letter: str, pos: str) -> tuple[tuple[str, float], ...] | None:
    found = table.get((letter, pos))
    if found is None:
        # A letter seen only elsewhere in words ("ة" inside a compound): any position will do.
        for other in ("Mc", "Mv", "F", "Ic", "Iv"):
            found = table.get((letter, other))
            if found is not None:
                break
    return found


@lru_cache(maxsize=65536)
def learned_readings(word: str, count: int = READINGS) -> tuple[str, ...]:
    """The ``count`` most probable Latin spellings of an Arabic-script word, best first.

    Empty when the word has a letter the table does not know (Persian or Urdu
    letters it never saw, digits) or is very long.
    """
    if not word or len(word) > MAX_LETTERS:
        return ()
    table = letter_table()
    # Partial spellings as (minus log probability, text): most probable first, ties by text.
    beam: list[tuple[float, str]] = [(0.0, "")]
    for i, letter in enumerate(word):
        groups = _groups(table, letter, position(word, i))
        if groups is None:
            return ()
        best: dict[str, float] = {}
        get = best.get
        for cost, text in beam:
            for group, logp in groups:
                spelled = text + group
                value = cost - logp
                held = get(spelled)
                if held is None or value < held:
                    best[spelled] = value
        beam = heapq.nsmallest(BEAM, [(v, s) for s, v in best.items()])
    return tuple(text for _cost, text in beam[:count] if text)


def reset_caches() -> None:
    for func in (letter_table, learned_readings):
        func.cache_clear()


@lru_cache(maxsize=8192)
def _best_log(word: str) -> float | None:
    """Log probability of the most probable spelling of ``word`` (None if unknown)."""
    table = letter_table()
    total = 0.0
    for i, letter in enumerate(word):
        groups = _groups(table, letter, position(word, i))
        if groups is None:
            return None
        total += groups[0][1]
    return total


_SILENT = frozenset("اأإآىويیعءؤئهةت")  # letters a Latin spelling may leave out ("ت" of "تش" ch)


def _may_be_silent(word: str, i: int) -> bool:
    """Whether letter ``i`` may be left out of a Latin spelling: a weak letter, and at the
    start only an alef that carries the vowel written next ("ايفان", Ivan)."""
    if word[i] not in _SILENT:
        return False
    return i > 0 or position(word, 0) == "Iv"


def spelling_log(word: str, latin: str, floor: float = -math.inf) -> float | None:
    """Log probability of the best way ``word`` is spelled ``latin`` (None if it cannot be).

    Given ``floor``, a result below it may be given as None: partial spellings
    already below it are dropped (log probabilities only fall as letters are added).
    """
    if not word or len(word) > MAX_LETTERS or len(latin) > MAX_GROUP * len(word):
        return None
    table = letter_table()
    m = len(latin)
    row = [-math.inf] * (m + 1)
    row[0] = 0.0
    for i, letter in enumerate(word):
        groups = _groups(table, letter, position(word, i))
        if groups is None:
            return None
        if not _may_be_silent(word, i):
            groups = tuple(g for g in groups if g[0])
        nxt = [-math.inf] * (m + 1)
        alive = False
        for j in range(m + 1):
            base = row[j]
            if base < floor:  # also -inf: no spelling reaches this point
                continue
            for group, logp in groups:
                k = j + len(group)
                if k <= m and latin.startswith(group, j) and base + logp > nxt[k]:
                    nxt[k] = base + logp
                    alive = True
        if not alive:
            return None
        row = nxt
    return row[m] if row[m] > -math.inf else None


# Similarity of a Latin token that is the most probable spelling of an Arabic word,
# and how much it falls per unit of log probability lost per Arabic letter.
TOP_SIMILARITY = 0.95
SLOPE = 0.08
MIN_LETTERS = 3  # shorter words get no learned similarity


def learned_similarity(word: str, latin: str, floor: float = 0.0) -> float:
    """How well ``latin`` fits as a spelling of the Arabic word ``word``, in [0, TOP_SIMILARITY].

    The log probability of its best spelling path, against that of the most
    probable spelling, per Arabic letter: 0 when no path spells it. A value
    below ``floor`` may be given as 0 (the search then stops early).
    """
    if len(word) < MIN_LETTERS:
        return 0.0
    best = _best_log(word)
    if best is None:
        return 0.0
    # The least log probability that still gives ``floor``, with a margin for rounding.
    least = best - (TOP_SIMILARITY - floor) * len(word) / SLOPE - 1e-9 if floor > 0.0 else -math.inf
    found = spelling_log(word, latin, least)
    if found is None:
        return 0.0
    return max(0.0, TOP_SIMILARITY - SLOPE * (best - found) / len(word))


# Arabic letters the article "ال" takes the sound of ("الناصر" an-Nasir, Ennaceur), each with
# the first Latin letters of its spellings.
SUN_LETTERS = {
    "ت": "t", "ث": "ts", "د": "d", "ذ": "dz", "ر": "r", "ز": "z", "س": "s", "ش": "sc",
    "ص": "s", "ض": "d", "ط": "t", "ظ": "zd", "ل": "l", "ن": "n",
}
_SUN_LATIN = frozenset("".join(SUN_LETTERS.values()))


def without_article(latin: str, arabic: str = "") -> tuple[str, ...]:
    """A Latin word without the Arabic article it may begin with, for an Arabic word
    written after "ال" (``arabic``, without the article; "" when not known).

    "alharbi" -> "harbi", "elamine" -> "amine", "lamine" -> "amine" (the Maghrebi
    "l" before a vowel), "ennaceur" -> "naceur", "echchaoui" -> "chaoui" (a sun letter written twice). When
    the Arabic word is known, the sun letter must be its first letter, and may also
    be written once ("ereyahi" -> "reyahi"). What is left has at least four letters.
    """
    rest = ""
    sun = SUN_LETTERS.get(arabic[:1], "") if arabic else _SUN_LATIN
    if latin[:2] in ("al", "el"):
        rest = latin[2:]
    elif latin[:1] == "l" and latin[1:2] in "aeiou":
        rest = latin[1:]
    elif latin[:1] in "ae" and latin[1:2] and latin[1] in sun:
        for size in (2, 1):  # "echchaoui", "ennaceur"
            if latin[1 : 1 + size] == latin[1 + size : 1 + 2 * size]:
                rest = latin[1 + size :]
                break
        else:
            rest = latin[1:] if arabic else ""
    return (rest,) if len(rest) >= 4 else ()
