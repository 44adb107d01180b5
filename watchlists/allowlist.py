"""Cleared pairs: a query name an analyst has ruled out for one listed entry.

A screening team clears recurring false positives ("GEORGE BUSHMAN" is not
entry ofac/1234) so they stop alerting. A pair is keyed on the order-free
folded query name (:func:`watchlists.normalize.name_key`) and the entry's
``list_id/entry_id``; it suppresses that entry only, for that name only.

File format (``load``): CSV with a header ``name,list_id,entry_id`` and an
optional ``reason`` column, or YAML: a list of mappings with the same keys.
"""

from __future__ import annotations

import csv
from pathlib import Path

import msgspec
import yaml

from watchlists.normalize import name_key


class ClearedPair(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    list_id: str
    entry_id: str
    reason: str | None = None


class Allowlist:
    """Set of cleared (query name, entry) pairs."""

    def __init__(self, pairs: list[ClearedPair] | tuple[ClearedPair, ...] = ()) -> None:
        self._pairs: dict[tuple[str, str], ClearedPair] = {}
        for pair in pairs:
            self.add(pair.name, pair.list_id, pair.entry_id, pair.reason)

    def __len__(self) -> int:
        return len(self._pairs)

    def add(self, name: str, list_id: str, entry_id: str, reason: str | None = None) -> None:
        key = name_key(name)
        if not key:
            raise ValueError("an allowlist name must have at least one letter or digit")
        self._pairs[(key, f"{list_id}/{entry_id}")] = ClearedPair(
            name=name, list_id=list_id, entry_id=entry_id, reason=reason
        )

    def cleared(self, name: str, list_id: str, entry_id: str) -> ClearedPair | None:
        """The clearing record for this pair, or None."""
        if not self._pairs:
            return None
        return self._pairs.get((name_key(name), f"{list_id}/{entry_id}"))

    @classmethod
    def load(cls, path: str | Path) -> Allowlist:
        """Read a CSV or YAML allowlist file (see the module docstring)."""
        path = Path(path)
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() in (".yaml", ".yml"):
            rows = yaml.safe_load(text) or []
        else:
            rows = list(csv.DictReader(text.splitlines()))
        pairs = []
        for row in rows:
            pairs.append(
                ClearedPair(
                    name=str(row["name"]),
                    list_id=str(row["list_id"]),
                    entry_id=str(row["entry_id"]),
                    reason=(str(row["reason"]) if row.get("reason") else None),
                )
            )
        return cls(pairs)
