"""Types the rules engine reads and returns."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

import msgspec

from watchlists.matcher import NameMatch


class StateStore(Protocol):
    """Per-account state for windowed rules: a dict in tests and offline,
    a faust table in the stream (see streams/)."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def __setitem__(self, key: str, value: Any) -> None: ...


class RuleContext(msgspec.Struct, kw_only=True):
    """What a rule may read besides the transaction itself."""

    now: datetime
    state: Any  # a StateStore
    # Watchlist hits already found for this transaction, by party role.
    watchlist_hits: dict[str, list[NameMatch]] = {}


class RuleHit(msgspec.Struct, frozen=True, kw_only=True):
    rule_id: str
    version: str
    title: str
    score: float  # 0-100
    evidence: dict[str, Any] = {}

    @property
    def ref(self) -> str:
        return f"{self.rule_id}@{self.version}"
