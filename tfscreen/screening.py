"""Screening one transaction: watchlists, then rules, then scoring.

``Screener.screen(tx, raw, state=...)`` is the single call that ``tfscreen
screen`` and the tests make. The stream runs the same steps apart, because a
payment's rule state lives under two accounts that may sit on different
partitions (streams/app.py):

1. ``screen_names(tx)``: every party against the lists (stateless);
2. ``rules.evaluate_originator(tx, ctx)`` on the originator's partition;
3. ``rules.evaluate_beneficiary(tx, ctx, carry)`` on the beneficiary's
   partition, then ``decide(...)``.

Nothing here touches Kafka.
"""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timezone
from typing import Any

import msgspec

from rules.engine import RuleEngine
from rules.model import RuleContext, RuleHit
from rules.scoring import ScoringPolicy, band, combine, severity
from tfscreen.model import Alert, Decision, Party, PartyRole, Reason, Transaction, TypologyReason, WatchlistReason
from watchlists.matcher import Matcher, NameMatch, NameQuery

# Alert ids are derived from what was screened, so a redelivered transaction
# screened with the same lists and rules gets the same alert id.
_ALERT_NS = uuid.UUID("6f1c3a52-5d8e-4e47-9a51-2f7d0c1b9e10")


class ScreeningResult(msgspec.Struct, frozen=True, kw_only=True):
    decision: Decision
    alert: Alert | None


class NameScreening(msgspec.Struct, frozen=True, kw_only=True):
    """Step 1's result; travels between stream stages as JSON."""

    reasons: tuple[WatchlistReason, ...]
    hits: dict[str, list[NameMatch]]
    list_versions: dict[str, str]


def _query(party: Party) -> NameQuery:
    return NameQuery(
        name=party.name,
        kind=party.type,
        date_of_birth=party.date_of_birth,
        nationality=party.nationality,
        country=party.country,
        id_numbers=party.id_numbers,
    )


class Screener:
    """Holds the current matcher and rule engine; each can be swapped whole."""

    def __init__(
        self,
        matcher: Matcher,
        rules: RuleEngine | None = None,
        policy: ScoringPolicy | None = None,
    ) -> None:
        self.matcher = matcher
        self.rules = rules or RuleEngine()
        self.policy = policy or ScoringPolicy()

    def screen_names(self, tx: Transaction) -> NameScreening:
        """Every party name (and names in the payment text) against the lists."""
        matcher = self.matcher  # read once: a concurrent swap never mixes two versions
        reasons: list[WatchlistReason] = []
        hits: dict[str, list[NameMatch]] = {}
        queried: list[tuple[PartyRole, str, list[NameMatch]]] = [
            (role, party.name, matcher.match(_query(party))) for role, party in tx.parties()
        ]
        scan = getattr(matcher, "scan_text", None)
        if scan is not None and tx.remittance_info:
            queried.append(("remittance_info", tx.remittance_info, scan(tx.remittance_info)))
        for role, name, found in queried:
            if found:
                hits.setdefault(role, []).extend(found)
            for m in found:
                reasons.append(
                    WatchlistReason(
                        party_role=role, query_name=name, list=m.list_id, entry_id=m.entry_id,
                        matched_name=m.name, score=m.score, terrorism=m.terrorism, explanation=m.explanation,
                    )
                )
        return NameScreening(reasons=tuple(reasons), hits=hits, list_versions=dict(matcher.versions))

    def decide(
        self,
        tx: Transaction,
        raw: bytes,
        names: NameScreening,
        rule_hits: list[RuleHit],
        ruleset_version: str,
        *,
        now: datetime | None = None,
        started: float | None = None,
    ) -> ScreeningResult:
        """Score the reasons and build the decision and, if due, the alert."""
        policy = self.policy
        now = now or datetime.now(timezone.utc)
        reasons: list[Reason] = list(names.reasons)
        reasons.extend(
            TypologyReason(rule=h.ref, title=h.title, score=h.score, evidence=h.evidence) for h in rule_hits
        )
        score = combine([r.score for r in reasons], policy)
        outcome = band(score, policy)
        alerted = outcome == "alert"
        versions = names.list_versions
        alert_id = None
        alert = None
        if alerted:
            seed = "|".join([tx.id, *(f"{k}={v}" for k, v in sorted(versions.items())), ruleset_version])
            alert_id = str(uuid.uuid5(_ALERT_NS, seed))
            alert = Alert(
                alert_id=alert_id,
                transaction_id=tx.id,
                created_at=now,
                score=score,
                severity=severity(score, policy),
                reasons=tuple(sorted(reasons, key=lambda r: -r.score)),
                list_versions=versions,
                ruleset_version=ruleset_version,
                transaction=msgspec.Raw(raw),
            )
        elapsed = 0.0 if started is None else time.perf_counter() - started
        decision = Decision(
            transaction_id=tx.id,
            decision=outcome,
            score=score,
            alert_id=alert_id,
            list_versions=versions,
            ruleset_version=ruleset_version,
            screened_at=now,
            processing_ms=round(elapsed * 1000, 3),
            reasons_count=len(reasons),
            reason_refs=tuple(_ref(r) for r in sorted(reasons, key=lambda r: -r.score)) if outcome != "clear" else (),
        )
        return ScreeningResult(decision=decision, alert=alert)

    def screen(
        self,
        tx: Transaction,
        raw: bytes,
        *,
        state: Any | None = None,
        now: datetime | None = None,
    ) -> ScreeningResult:
        """All steps in one call, with ``state`` (a dict offline) for windowed rules."""
        started = time.perf_counter()
        rules = self.rules
        names = self.screen_names(tx)
        ctx = RuleContext(now=now or datetime.now(timezone.utc), state=state if state is not None else {},
                          watchlist_hits=names.hits)
        hits = rules.evaluate(tx, ctx)
        return self.decide(tx, raw, names, hits, rules.version, now=ctx.now, started=started)


def _ref(reason: Reason) -> str:
    if isinstance(reason, WatchlistReason):
        return f"{reason.list}:{reason.entry_id}"
    return reason.rule
