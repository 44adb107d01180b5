"""The one-call screening facade: decisions, alerts, versions, alert ids."""

from __future__ import annotations

import msgspec

from rules.model import RuleHit
from rules.scoring import ScoringPolicy, combine, severity
from tests.factory import raw, tx
from tfscreen.codec import decode_transaction
from tfscreen.screening import Screener
from watchlists.matcher import Matcher
from watchlists.model import Alias, ListEntry, ListVersion, ParsedList


def parsed(entries, list_id="un", published="2026-02-27") -> ParsedList:
    version = ListVersion(list_id=list_id, source="test", format="test", published=published,
                          content_hash="ab" * 32, entry_count=len(entries))
    return ParsedList(version=version, entries=tuple(entries))


LISTED = ListEntry(list_id="un", entry_id="QDi.999", kind="person", name="Abu Test Al-Example",
                   aliases=(Alias(name="Testy Example", quality="weak"),), terrorism=True)


def screen(doc, lists=None, rules=None):
    screener = Screener(Matcher(lists if lists is not None else [parsed([LISTED])]), rules)
    data = raw(doc)
    return screener.screen(decode_transaction(data), data)


def test_clear_transaction_gets_a_decision_and_no_alert():
    result = screen(tx())
    d = result.decision
    assert (d.transaction_id, d.decision, d.score, d.alert_id) == ("tx-1", "clear", 0, None)
    assert d.list_versions == {"un": "2026-02-27"}
    assert d.ruleset_version == "none"
    assert result.alert is None


def test_listed_beneficiary_alerts_with_explained_reason():
    doc = tx(beneficiary={"name": "abu test al example", "account": "X"})
    result = screen(doc)
    assert result.decision.decision == "alert"
    alert = result.alert
    assert alert.alert_id == result.decision.alert_id
    assert alert.severity == "critical" and alert.score >= 90
    (reason,) = alert.reasons
    assert (reason.party_role, reason.list, reason.entry_id, reason.matched_name) == (
        "beneficiary", "un", "QDi.999", "Abu Test Al-Example")
    assert reason.terrorism is True
    # The original bytes travel unchanged inside the alert.
    encoded = msgspec.json.decode(msgspec.json.encode(alert))
    assert encoded["transaction"] == doc
    assert encoded["reasons"][0]["kind"] == "watchlist"


def test_intermediaries_are_screened():
    result = screen(tx(intermediaries=[{"name": "Testy Example"}]))
    assert result.alert.reasons[0].party_role == "intermediary"


def test_alert_id_is_stable_for_a_redelivered_transaction_and_changes_with_list_version():
    doc = tx(originator={"name": "Abu Test Al-Example"})
    first, again = screen(doc), screen(doc)
    assert first.alert.alert_id == again.alert.alert_id
    newer = screen(doc, lists=[parsed([LISTED], published="2026-03-01")])
    assert newer.alert.alert_id != first.alert.alert_id


class OneRule:
    version = "test-1"

    def __init__(self, score):
        self.score = score

    def evaluate(self, tx, ctx):
        assert ctx.state == {}
        return [RuleHit(rule_id="R3", version="1.0.0", title="keyword", score=self.score, evidence={"k": "v"})]


def test_typology_hits_combine_with_watchlist_hits():
    result = screen(tx(beneficiary={"name": "Testy Example"}), rules=OneRule(60))
    kinds = sorted(r.__struct_config__.tag for r in result.alert.reasons)
    assert kinds == ["typology", "watchlist"]
    assert result.decision.ruleset_version == "test-1"
    listed = next(r for r in result.alert.reasons if r.__struct_config__.tag == "watchlist")
    assert result.alert.score == min(100, round(max(listed.score, 60) + 5))  # corroboration bonus


def test_review_band_is_recorded_without_an_alert():
    result = screen(tx(), rules=OneRule(50))
    assert result.alert is None
    assert result.decision.decision == "review"
    assert result.decision.score == 50
    assert result.decision.reasons_count == 1
    assert result.decision.reason_refs == ("R3@1.0.0",)


def test_below_review_threshold_is_clear_but_counted():
    result = screen(tx(), rules=OneRule(49))
    assert result.decision.decision == "clear"
    assert result.decision.score == 49
    assert result.decision.reasons_count == 1
    assert result.decision.reason_refs == ()


def test_alert_decision_lists_its_reasons_best_first():
    result = screen(tx(beneficiary={"name": "Testy Example"}), rules=OneRule(60))
    refs = result.decision.reason_refs
    assert result.decision.decision == "alert"
    assert len(refs) == 2 and refs[1] == "R3@1.0.0" and refs[0].count(":") >= 1


def test_swapped_matcher_is_used_by_the_next_call():
    screener = Screener(Matcher([parsed([])]))
    data = raw(tx(beneficiary={"name": "Testy Example"}))
    assert screener.screen(decode_transaction(data), data).alert is None
    screener.matcher = Matcher([parsed([LISTED])])
    assert screener.screen(decode_transaction(data), data).alert is not None


def test_scoring_bands():
    p = ScoringPolicy()
    assert combine([], p) == 0
    assert combine([72.0], p) == 72
    assert combine([72.0, 40.0, 30.0], p) == 82
    assert combine([99.0, 99.0], p) == 100
    assert [severity(s, p) for s in (50, 70, 80, 90)] == ["low", "medium", "high", "critical"]
