"""Word lists used to read a name: titles, particles, legal forms, common words.

Each list lives in a commented YAML file under ``watchlists/data/`` that
says where its words came from. The files are read once, on first use, into
folded lookup tables; :func:`reset_caches` drops them (tests, reloads).

All lookups take *folded* text: lower case, no accents, no dots, single
spaces (see :func:`watchlists.normalize.fold_text`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from watchlists.normalize import fold_text


def _load(name: str) -> Any:
    text = resources.files("watchlists.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _phrases(words: list[str]) -> frozenset[str]:
    return frozenset(f for f in (fold_text(str(w)) for w in words) if f)


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    """Titles removed from names ("mr", "dr", "president", "президент"). Data: honorifics.yaml."""
    return _phrases(_load("honorifics.yaml")["strip"])


@lru_cache(maxsize=1)
def titles_after() -> frozenset[str]:
    """Titles also written after a name ("elnok", "pasha", "jr"). Data: honorifics.yaml."""
    return _phrases(_load("honorifics.yaml")["after"])


@lru_cache(maxsize=1)
def soft_titles() -> frozenset[str]:
    """Title words kept in names with no weight ("haji", "mullah"). Data: honorifics.yaml."""
    return _phrases(_load("honorifics.yaml")["soft"])


@lru_cache(maxsize=1)
def particles() -> dict[str, str]:
    """Particle -> the name of its group ("ibn" -> "bin"). Data: particles.yaml."""
    table: dict[str, str] = {}
    for group in _load("particles.yaml")["groups"]:
        folded = [fold_text(str(w)) for w in group]
        head = folded[0]
        for form in folded:
            if form and " " not in form:
                table.setdefault(form, head)
    return table


@lru_cache(maxsize=1)
def _particle_data() -> dict[str, Any]:
    return _load("particles.yaml")


def abd_prefixes() -> tuple[str, ...]:
    """Spellings of "abd" that start a theophoric compound, longest first."""
    return tuple(sorted(_particle_data()["abd_prefixes"], key=len, reverse=True))


def abd_connectors() -> tuple[str, ...]:
    """Connectors between "abd" and the next part ("ul", "el", "u"), longest first."""
    return tuple(sorted(_particle_data()["abd_connectors"], key=len, reverse=True))


def din_suffixes() -> tuple[str, ...]:
    """Endings "-uddin", "-eddine", ... that make a "X al-Din" compound, longest first."""
    return tuple(sorted(_particle_data()["din_suffixes"], key=len, reverse=True))


@lru_cache(maxsize=1)
def legal_forms() -> dict[str, str]:
    """Folded legal form (one or more words) -> its class ("ooo" -> "llc"). Data: legal_forms.yaml."""
    table: dict[str, str] = {}
    for cls, forms in _load("legal_forms.yaml")["classes"].items():
        for form in forms:
            folded = fold_text(str(form))
            if folded:
                table.setdefault(folded, cls)
    return table


@lru_cache(maxsize=1)
def generic_legal_classes() -> frozenset[str]:
    """Legal-form classes that mean only "a company" and never conflict."""
    return frozenset(_load("legal_forms.yaml")["generic"])


@lru_cache(maxsize=1)
def common_org_words() -> frozenset[str]:
    """Generic organisation words weighted down ("trading", "group"). Data: common_words.yaml."""
    return _phrases(_load("common_words.yaml")["organization"])


def reset_caches() -> None:
    """Forget every loaded word list; the next lookup reads the files again."""
    for func in (
        honorifics,
        soft_titles,
        particles,
        _particle_data,
        legal_forms,
        generic_legal_classes,
        common_org_words,
    ):
        func.cache_clear()
