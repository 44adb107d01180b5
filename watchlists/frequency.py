"""Given names and surnames that many people share.

"Juan Garcia" against the listed "Juan Hipolito Garcia" is a name anyone could
bear; "Usama Laden" against "Usama bin Laden" is not. The scorer
(:mod:`watchlists.scorer`) uses :func:`is_frequent` to tell the two apart: a
name that matches a listed name only in part, through frequent names alone,
does not make a strong hit by itself.

Data: ``watchlists/data/frequent_names.txt``, built by
``scripts/build_frequent_names.py`` from the US Census 1990 name files and
Wikipedia's lists of the most common names by country (sources, licences and
cut-offs are in the file's header). A Latin token is frequent when its
phonetic key or its variant group is that of a listed name; a token in
another script when it is written as a listed name, or shares a variant
group with one. Hangul and Chinese syllables of listed names count one by
one, as the reader splits such names into syllables.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from watchlists.equivalents import variant_groups
from watchlists.phonetic import phonetic_key
from watchlists.translit import read_token

SYLLABIC = frozenset({"Hang", "Hani"})


@lru_cache(maxsize=1)
def _tables() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(phonetic keys of Latin names, names in other scripts, variant groups)."""
    text = resources.files("watchlists.data").joinpath("frequent_names.txt").read_text(encoding="utf-8")
    phons: set[str] = set()
    natives: set[str] = set()
    groups: set[str] = set()
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        for word in line.split():
            reading = read_token(word)
            if not reading.form:
                continue
            if reading.script == "Latn":
                key = phonetic_key(reading.form)
                phons.add(key)
                groups.update(variant_groups(key))
            else:
                natives.add(word)
                if reading.script in SYLLABIC:
                    natives.update(word)
    return frozenset(phons), frozenset(natives), frozenset(groups)


def is_frequent(text: str, script: str, phon: str, groups: frozenset[str]) -> bool:
    """Whether a name part (cleaned ``text``, its ``script``, phonetic key and
    variant groups) is a given name or surname that many people share."""
    phons, natives, frequent_groups = _tables()
    if script == "Latn":
        if phon in phons:
            return True
    elif text in natives:
        return True
    return bool(groups) and not groups.isdisjoint(frequent_groups)


def reset_caches() -> None:
    _tables.cache_clear()
