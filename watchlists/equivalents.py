"""Name-part equivalences: which spellings stand for the same name part.

Data: ``watchlists/data/equivalents.yaml`` (spelling variants across
transliteration systems and scripts, and English nicknames). Each spelling is
read the way the matcher reads any token (transliterated, compounds joined,
phonetic key), so "محمد", "Mohammed" and "Muhamad" all land on the group
``muhammad`` however they are written in a query or a list.

Group ids are the first spelling of their line; a spelling that appears on
two lines belongs to both.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


def _read(section: str) -> dict[str, frozenset[str]]:
    # Imported here: names.py uses this module, and this one reads spellings
    # the way names.py reads tokens.
    from watchlists.names import single_token_key

    text = resources.files("watchlists.data").joinpath("equivalents.yaml").read_text(encoding="utf-8")
    groups = yaml.safe_load(text)[section]
    table: dict[str, set[str]] = {}
    for line in groups:
        head = str(line[0])
        for spelling in line:
            key = single_token_key(str(spelling))
            if key:
                table.setdefault(key, set()).add(head)
    return {k: frozenset(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def variant_table() -> dict[str, frozenset[str]]:
    """Phonetic key of a spelling -> ids of the variant groups it belongs to."""
    return _read("variants")


@lru_cache(maxsize=1)
def nickname_table() -> dict[str, frozenset[str]]:
    """Phonetic key of a spelling -> ids of the nickname groups it belongs to."""
    return _read("nicknames")


_EMPTY: frozenset[str] = frozenset()


def variant_groups(key: str) -> frozenset[str]:
    """Variant groups of a token's phonetic key ("mohamed" -> {"muhammad"})."""
    return variant_table().get(key, _EMPTY)


def nickname_groups(key: str) -> frozenset[str]:
    """Nickname groups of a token's phonetic key ("bill" -> {"william"})."""
    return nickname_table().get(key, _EMPTY)


def reset_caches() -> None:
    variant_table.cache_clear()
    nickname_table.cache_clear()
