"""Builders for rule tests: a loaded library and a runner that keeps state."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from rules.engine import RuleEngine
from rules.model import RuleContext, RuleHit
from tfscreen.codec import decode_transaction
from watchlists.matcher import NameMatch

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def listed_match(score: float = 100.0) -> NameMatch:
    return NameMatch(list_id="un", entry_id="QDi.999", name="Abu Example", score=score, kind="person",
                     terrorism=True, explanation={})


class Run:
    """Feeds transactions through one engine with one state; returns each one's hits."""

    def __init__(self, engine: RuleEngine) -> None:
        self.engine = engine
        self.state: dict[str, Any] = {}
        self.n = 0

    def doc(self, day: float = 0.0, **fields: Any) -> dict[str, Any]:
        self.n += 1
        doc: dict[str, Any] = {
            "id": f"t{self.n}",
            "timestamp": (T0 + timedelta(days=day)).isoformat(),
            "amount": "100.00",
            "currency": "EUR",
            "channel": "wire",
            "originator": {"name": "Jan de Vries", "type": "person", "account": "NL01CUST", "country": "NL",
                           "customer_type": "individual"},
            "beneficiary": {"name": "Ali Kaya", "type": "person", "account": "TR01BENE", "country": "TR"},
        }
        for key, value in fields.items():
            if isinstance(value, dict) and isinstance(doc.get(key), dict):
                merged = {**doc[key], **value}
                doc[key] = {k: v for k, v in merged.items() if v is not None}
            elif value is None:
                doc.pop(key, None)
            else:
                doc[key] = value
        return doc

    def tx(self, day: float = 0.0, listed: tuple[str, ...] = (), **fields: Any) -> list[RuleHit]:
        doc = self.doc(day, **fields)
        tx = decode_transaction(json.dumps(doc).encode())
        hits = {role: [listed_match()] for role in listed}
        return self.engine.evaluate(tx, RuleContext(now=tx.timestamp, state=self.state, watchlist_hits=hits))

    @staticmethod
    def hit(hits: list[RuleHit], rule_id: str) -> RuleHit | None:
        return next((h for h in hits if h.rule_id == rule_id), None)


@pytest.fixture(scope="session")
def library() -> RuleEngine:
    return RuleEngine.load()


@pytest.fixture
def run(library: RuleEngine) -> Run:
    return Run(library)
