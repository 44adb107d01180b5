"""Screen one name against the loaded lists.

:class:`Matcher` is the engine's single entry point: built once from parsed
lists, then :meth:`Matcher.match` per query. This first version matches on an
exact, order-insensitive normalised key; the scoring engine replaces the
internals behind the same API.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Literal

import msgspec

from watchlists.model import ListEntry, ParsedList
from watchlists.normalize import name_key

QueryKind = Literal["person", "organization", "unknown"]


class NameQuery(msgspec.Struct, frozen=True, kw_only=True):
    """A name as written in a payment, with what else the payment says."""

    name: str
    kind: QueryKind = "unknown"
    date_of_birth: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    nationality: str | None = None
    country: str | None = None
    id_numbers: tuple[str, ...] = ()


class NameMatch(msgspec.Struct, frozen=True, kw_only=True):
    list_id: str
    entry_id: str
    name: str  # the list name that matched
    score: float  # 0-100
    kind: str
    terrorism: bool
    explanation: dict[str, Any]


class Matcher:
    """Exact normalised-name matcher over one or more parsed lists."""

    DEFAULT_THRESHOLD = 100.0

    def __init__(self, lists: Sequence[ParsedList], threshold: float | None = None) -> None:
        self.threshold = self.DEFAULT_THRESHOLD if threshold is None else threshold
        self.versions = {p.version.list_id: p.version.label for p in lists}
        self.entry_counts = {p.version.list_id: len(p.entries) for p in lists}
        self._by_key: dict[str, list[tuple[ListEntry, str]]] = defaultdict(list)
        for parsed in lists:
            for entry in parsed.entries:
                for name, _quality in entry.all_names():
                    key = name_key(name)
                    if key:
                        self._by_key[key].append((entry, name))

    def __len__(self) -> int:
        return sum(self.entry_counts.values())

    def match(
        self, query: NameQuery, threshold: float | None = None, limit: int = 10
    ) -> list[NameMatch]:
        """Entries whose name matches ``query``, best first, at most ``limit``."""
        threshold = self.threshold if threshold is None else threshold
        key = name_key(query.name)
        seen: set[str] = set()
        out: list[NameMatch] = []
        for entry, listed_name in self._by_key.get(key, ()):
            if entry.key in seen or 100.0 < threshold:
                continue
            seen.add(entry.key)
            out.append(
                NameMatch(
                    list_id=entry.list_id,
                    entry_id=entry.entry_id,
                    name=listed_name,
                    score=100.0,
                    kind=entry.kind,
                    terrorism=entry.terrorism,
                    explanation={"method": "exact_normalised", "key": key},
                )
            )
        return out[:limit]
