"""The typology rules engine: ``RuleEngine.evaluate(tx, ctx) -> [RuleHit]``.

This is the interface the pipeline calls. An engine with no rule files loaded
evaluates nothing and reports version ``"none"``.
"""

from __future__ import annotations

from tfscreen.model import Transaction

from rules.model import RuleContext, RuleHit


class RuleEngine:
    def __init__(self) -> None:
        self.version = "none"
        self.rules: list[object] = []

    def evaluate(self, tx: Transaction, ctx: RuleContext) -> list[RuleHit]:
        return []
