from streams.render import alert_text, evidence_brief

ALERT = {
    "alert_id": "a", "transaction_id": "tx-1", "created_at": "2026-11-24T09:15:02.1Z", "score": 95,
    "severity": "critical",
    "transaction": {"amount": "4950.00", "currency": "EUR", "originator": {"name": "Jan"}, "beneficiary": {"name": "Abu X"}},
    "reasons": [
        {"kind": "watchlist", "party_role": "beneficiary", "query_name": "Abu X", "list": "un",
         "entry_id": "QDi.1", "matched_name": "ABU X", "score": 95.0},
        {"kind": "typology", "rule": "R9@1.0.0", "title": "Fan-out", "score": 70.0,
         "evidence": {"severity": "high", "count": 5, "total": 1234.5, "countries": ["SY", "IQ", "TR", "LB"],
                      "transaction": {"x": 1}}},
    ],
}


def test_alert_text_names_everything_an_analyst_needs():
    text = alert_text(ALERT)
    assert "CRITICAL" in text and "tx tx-1" in text and "4950.00 EUR" in text and "Jan -> Abu X" in text
    assert "beneficiary 'Abu X' ~ un:QDi.1 'ABU X' (95)" in text
    assert "rule R9@1.0.0 Fan-out (70) count=5; total=1,234.50; countries=SY, IQ, TR ..." in text


def test_evidence_brief_skips_nested_and_noise():
    assert evidence_brief({"severity": "x", "t": {"a": 1}, "rows": [{"a": 1}], "n": 3}) == "n=3"
