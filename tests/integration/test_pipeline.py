"""The whole path on a real broker: transactions in; decisions, alerts, dead letters and metrics out."""

from __future__ import annotations

import json
import signal

import pytest
from lxml import etree

from tests.integration.harness import Env, Worker, collect, produce, values, wait_for
from tests.integration.traffic import clean_transactions, malformed, plant

pytestmark = pytest.mark.broker


def un_names(path, n: int) -> list[str]:
    """Names of listed ISIL/Al-Qaida individuals, read straight from the XML (not via our parser)."""
    tree = etree.parse(str(path))
    names = []
    for ind in tree.iterfind(".//INDIVIDUAL"):
        if not (ind.findtext("REFERENCE_NUMBER") or "").startswith("QDi"):
            continue
        parts = [ind.findtext(tag) for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        name = " ".join(p.strip() for p in parts if p and p.strip())
        if len(name.split()) >= 2:
            names.append(name)
        if len(names) == n:
            break
    return names


def test_every_transaction_gets_one_decision_and_bad_messages_reach_the_dlq(kafka_bootstrap, un_list, tmp_path):
    env = Env(kafka_bootstrap, lists=[str(un_list)], partitions=2)
    txs = clean_transactions(2000, seed=7)
    planted = plant(txs, un_names(un_list, 20), every=97)
    good = [(t["originator"]["account"].encode(), json.dumps(t).encode()) for t in txs]
    bad = [(b"bad-%d" % i, body) for i, body in enumerate(malformed(50))]
    records = good[:1000] + bad[:25] + good[1000:] + bad[25:]

    worker = Worker(env, tmp_path / "worker.log")
    try:
        assert wait_for(lambda: worker.metrics() is not None, 60), worker.log_tail()
        produce(kafka_bootstrap, env.transactions, records)

        decisions = values(collect(kafka_bootstrap, env.decisions, lambda r: len(r) >= 2000, 180))
        alerted = {d["transaction_id"] for d in decisions if d["decision"] == "alert"}
        dead = collect(kafka_bootstrap, env.dlq, lambda r: len(r) >= 50, 60)
        alerts = values(collect(kafka_bootstrap, env.alerts, lambda r: len(r) >= len(alerted), 60))

        ids = [d["transaction_id"] for d in decisions]
        assert len(ids) == 2000, worker.log_tail()
        assert set(ids) == {t["id"] for t in txs}
        # One alert per alerting decision, with the same alert id.
        assert sorted(a["transaction_id"] for a in alerts) == sorted(alerted)
        assert {a["alert_id"] for a in alerts} == {d["alert_id"] for d in decisions if d["alert_id"]}
        # Every planted name alerts through the list, and no other payment has a list reason.
        # (Typology rules may alert on the other payments too; tests/unit/rules covers them.)
        listed = {a["transaction_id"] for a in alerts for r in a["reasons"] if r["kind"] == "watchlist"}
        assert listed == planted
        for a in alerts:
            if a["transaction_id"] in planted:
                assert any(r["kind"] == "watchlist" and r["list"] == "un" and r["terrorism"] for r in a["reasons"])
            assert a["transaction"]["producer_field"] == {"kept": True}  # original kept whole
            assert a["list_versions"]["un"].startswith("2026-02-27")
        for d in decisions:
            assert d["list_versions"] and d["ruleset_version"]

        # Dead letters keep the original bytes and key, and say why.
        assert len(dead) == 50
        sent = dict(bad)
        for rec in dead:
            headers = dict(rec.headers)
            assert rec.value == sent[rec.key]
            assert headers["dlq.stage"] in (b"decode", b"validate")
            assert headers["dlq.error.class"] and headers["dlq.error.message"]
            assert headers["dlq.original.topic"] == env.transactions.encode()
            assert int(headers["dlq.original.offset"]) >= 0

        # The metrics endpoint agrees with the topics.
        def counts_settled():
            m = worker.metrics()
            return m.get("tfscreen_transactions_consumed_total") == 2050
        assert wait_for(counts_settled, 30)
        m = worker.metrics()
        assert sum(m[f'tfscreen_decisions_total{{outcome="{o}"}}'] for o in ("clear", "review", "alert")) == 2000
        assert m['tfscreen_decisions_total{outcome="alert"}'] == len(alerted)
        assert m['tfscreen_dead_letters_total{stage="decode"}'] + m['tfscreen_dead_letters_total{stage="validate"}'] == 50
        assert sum(v for k, v in m.items() if k.startswith("tfscreen_alerts_total")) == len(alerted)
        assert m["tfscreen_end_to_end_latency_seconds_count"] == 2000
        assert m['tfscreen_watchlist_entries{list="un"}'] > 1000
    finally:
        code = worker.stop(signal.SIGTERM)
    assert code == 0, worker.log_tail()
