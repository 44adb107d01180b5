"""One call screens one transaction: watchlists, then rules, then scoring.

``Screener.screen(tx, raw)`` is what the stream agent, ``tfscreen screen``
and the tests call. It never touches Kafka; state for windowed rules comes in
as a :class:`rules.model.StateStore`.
"""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timezone

import msgspec

from rules.engine import RuleEngine
from rules.model import RuleContext
from rules.scoring import ScoringPolicy, combine, severity
from tfscreen.model import Alert, Decision, Reason, Transaction, TypologyReason, WatchlistReason
from watchlists.matcher import Matcher, NameMatch, NameQuery

# Alert ids are derived from what was screened, so a redelivered transaction
# screened with the same lists and rules gets the same alert id.
_ALERT_NS = uuid.UUID("6f1c3a52-5d8e-4e47-9a51-2f7d0c1b9e10")


class ScreeningResult(msgspec.Struct, frozen=True, kw_only=True):
    decision: Decision
    alert: Alert | None


def _query(party_name: str, party) -> NameQuery:  # noqa: ANN001 - Party
    return NameQuery(
        name=party_name,
        kind=party.type,
        date_of_birth=party.date_of_birth,
        nationality=party.nationality,
        country=party.country,
        id_numbers=party.id_numbers,
    )


class Screener:
    """Holds the current matcher and rule engine; both can be swapped whole."""

    def __init__(
        self,
        matcher: Matcher,
        rules: RuleEngine | None = None,
        policy: ScoringPolicy | None = None,
    ) -> None:
        self.matcher = matcher
        self.rules = rules or RuleEngine()
        self.policy = policy or ScoringPolicy()

    def screen(
        self,
        tx: Transaction,
        raw: bytes,
        *,
        state: object | None = None,
        now: datetime | None = None,
    ) -> ScreeningResult:
        started = time.perf_counter()
        # Read each engine once: a concurrent swap never mixes two versions.
        matcher, rules, policy = self.matcher, self.rules, self.policy
        now = now or datetime.now(timezone.utc)

        reasons: list[Reason] = []
        hits: dict[str, list[NameMatch]] = {}
        for role, party in tx.parties():
            found = matcher.match(_query(party.name, party))
            if found:
                hits.setdefault(role, []).extend(found)
            for m in found:
                reasons.append(
                    WatchlistReason(
                        party_role=role,
                        query_name=party.name,
                        list=m.list_id,
                        entry_id=m.entry_id,
                        matched_name=m.name,
                        score=m.score,
                        terrorism=m.terrorism,
                        explanation=m.explanation,
                    )
                )
        ctx = RuleContext(now=now, state=state if state is not None else {}, watchlist_hits=hits)
        for hit in rules.evaluate(tx, ctx):
            reasons.append(TypologyReason(rule=hit.ref, title=hit.title, score=hit.score, evidence=hit.evidence))

        score = combine([r.score for r in reasons], policy)
        alerted = score >= policy.alert_threshold
        versions = dict(matcher.versions)
        alert_id = None
        alert = None
        if alerted:
            seed = "|".join([tx.id, *(f"{k}={v}" for k, v in sorted(versions.items())), rules.version])
            alert_id = str(uuid.uuid5(_ALERT_NS, seed))
            alert = Alert(
                alert_id=alert_id,
                transaction_id=tx.id,
                created_at=now,
                score=score,
                severity=severity(score, policy),
                reasons=tuple(sorted(reasons, key=lambda r: -r.score)),
                list_versions=versions,
                ruleset_version=rules.version,
                transaction=msgspec.Raw(raw),
            )
        decision = Decision(
            transaction_id=tx.id,
            decision="alert" if alerted else "clear",
            score=score,
            alert_id=alert_id,
            list_versions=versions,
            ruleset_version=rules.version,
            screened_at=now,
            processing_ms=round((time.perf_counter() - started) * 1000, 3),
            reasons_count=len(reasons),
        )
        return ScreeningResult(decision=decision, alert=alert)
