"""Payment-text normalisation and keyword matching for the keyword predicate.

:func:`fold` brings any script to a comparable form; :class:`KeywordMatcher`
finds whole-word keyword phrases in folded text, tolerating a missing space
inside a phrase ("alshabaab"), an attached Arabic proclitic ("لداعش") and, for
long single words, one typing error ("mujahedeen").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import msgspec

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Arabic letters with more than one common spelling; tatweel is dropped.
_ARABIC = str.maketrans({"ى": "ي", "ة": "ه", "ـ": None, "ی": "ي", "ک": "ك"})
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
# One-letter Arabic proclitics (and, for, with, like) and the article forms.
_PROCLITIC = r"(?:[وفبلك]|ال|لل|وال|بال|فال)?"


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped.translate(_ARABIC)).split())


def fold(text: str | None) -> str:
    """Case-fold, drop accents and marks, unify Arabic letter variants, keep words.

    >>> fold("Al-Shabāb  (Ḥarakat)")
    'al shabab harakat'
    >>> fold("لِداعِش")
    'لداعش'
    """
    return _fold(text) if text else ""


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class KeywordEntry(msgspec.Struct, frozen=True, kw_only=True):
    term: str  # canonical form shown to analysts
    category: str
    variants: tuple[str, ...] = ()
    note: str | None = None


class KeywordHit(msgspec.Struct, frozen=True, kw_only=True):
    term: str
    category: str
    matched: str  # the folded text that matched
    fuzzy: bool = False

    def as_evidence(self) -> dict[str, object]:
        out: dict[str, object] = {"term": self.term, "category": self.category, "matched": self.matched}
        if self.fuzzy:
            out["fuzzy"] = True
        return out


class KeywordMatcher:
    """Finds keyword phrases in text; built once per keyword set.

    Exact phrases go into one regular expression. Single words of at least
    ``fuzzy_min_length`` letters also match a word one edit away (insertion,
    deletion or substitution) through a symmetric-deletion index.
    """

    CACHE_SIZE = 50000  # texts remembered (merchant names and references repeat a lot)

    def __init__(self, entries: Iterable[KeywordEntry], fuzzy_min_length: int = 8) -> None:
        self.entries = tuple(entries)
        self._cache: dict[str, list[KeywordHit]] = {}
        self.fuzzy_min_length = fuzzy_min_length
        self._by_form: dict[str, KeywordEntry] = {}
        self._fuzzy: dict[str, list[tuple[str, KeywordEntry]]] = {}
        latin: list[str] = []
        arabic: list[str] = []
        for entry in self.entries:
            for form in (entry.term, *entry.variants):
                folded = fold(form)
                if not folded:
                    continue
                self._by_form.setdefault(folded.replace(" ", ""), entry)
                pattern = r"\s?".join(re.escape(tok) for tok in folded.split())
                (arabic if _ARABIC_LETTER.search(folded) else latin).append(pattern)
                if " " not in folded and len(folded) >= fuzzy_min_length:
                    for key in _deletes(folded) | {folded}:
                        self._fuzzy.setdefault(key, []).append((folded, entry))
        parts = []
        # Longest first so "islamic state" wins over a shorter overlapping form.
        if latin:
            parts.append(r"(?<!\w)(" + "|".join(sorted(set(latin), key=len, reverse=True)) + r")(?!\w)")
        if arabic:
            body = "|".join(sorted(set(arabic), key=len, reverse=True))
            parts.append(r"(?<!\w)" + _PROCLITIC + r"(" + body + r")(?!\w)")
        self._regex = re.compile("|".join(parts)) if parts else None

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str | None) -> list[KeywordHit]:
        """Every keyword entry found in ``text`` (raw or folded), once each."""
        if not text or self._regex is None:
            return []
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        if len(self._cache) >= self.CACHE_SIZE:
            self._cache.clear()
        found = self._cache[text] = self._find(fold(text))
        return found

    def _find(self, folded: str) -> list[KeywordHit]:
        if not folded:
            return []
        hits: dict[str, KeywordHit] = {}
        for m in self._regex.finditer(folded):
            matched = next(g for g in m.groups() if g)
            entry = self._by_form.get(matched.replace(" ", ""))
            if entry is not None and entry.term not in hits:
                hits[entry.term] = KeywordHit(term=entry.term, category=entry.category, matched=matched)
        if self._fuzzy:
            for word in folded.split():
                if len(word) < self.fuzzy_min_length - 1:
                    continue
                for key in _deletes(word) | {word}:
                    for form, entry in self._fuzzy.get(key, ()):
                        if entry.term not in hits and _one_edit(word, form):
                            hits[entry.term] = KeywordHit(
                                term=entry.term, category=entry.category, matched=word, fuzzy=word != form
                            )
        return list(hits.values())


def _one_edit(a: str, b: str) -> bool:
    """True when a and b are equal or one insertion, deletion or substitution apart."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        return sum(x != y for x, y in zip(a, b)) == 1
    if la > lb:
        a, b = b, a
    # a is shorter by one: skip one letter of b.
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]
