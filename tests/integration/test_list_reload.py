"""A new list version reaches running workers through Kafka, whole, while payments keep flowing."""

from __future__ import annotations

import json
import threading
import time

import pytest
from lxml import etree

from streams.watchlist_sync import publish_lists
from tests.integration.harness import Env, Worker, collect, produce, values, wait_for
from tests.integration.traffic import clean_transactions
from watchlists.loader import load_list

pytestmark = [pytest.mark.broker, pytest.mark.slow]


def derived_without(un_list, ref: str, out) -> str:
    """A newer UN file with entry ``ref`` removed; returns that entry's listed name."""
    tree = etree.parse(str(un_list))
    root = tree.getroot()
    root.set("dateGenerated", "2026-03-01T00:00:00.000Z")
    for ind in root.iterfind(".//INDIVIDUAL"):
        if ind.findtext("REFERENCE_NUMBER") == ref:
            name = " ".join(ind.findtext(t).strip() for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
                            if ind.findtext(t) and ind.findtext(t).strip())
            ind.getparent().remove(ind)
            tree.write(str(out), xml_declaration=True, encoding="UTF-8")
            return name
    raise AssertionError(f"{ref} not in the file")


def test_new_version_swaps_in_without_restart_or_gap(kafka_bootstrap, un_list, tmp_path):
    env = Env(kafka_bootstrap, partitions=1)
    env.create_topics()
    settings = env.settings()
    newer = tmp_path / "UN_newer.xml"
    name = derived_without(un_list, "QDi.001", newer)  # an ISIL/Al-Qaida listing
    assert publish_lists(settings, [load_list(un_list)])["un"].startswith("published")

    worker = Worker(env, tmp_path / "worker.log")
    assert wait_for(lambda: worker.metrics().get('tfscreen_watchlist_entries{list="un"}') == 1003, 90), worker.log_tail()

    # Payments naming the listed person keep flowing while the new version is published.
    txs = clean_transactions(1500, seed=5, prefix="hot")
    for t in txs[::3]:
        t["beneficiary"]["name"] = name
    named = {t["id"] for t in txs[::3]}
    stop = threading.Event()

    def feed():
        for i in range(0, len(txs), 50):
            produce(kafka_bootstrap, env.transactions, [(None, json.dumps(t).encode()) for t in txs[i:i + 50]])
            time.sleep(0.05)
        stop.set()

    feeder = threading.Thread(target=feed)
    feeder.start()
    time.sleep(1.0)
    outcome = publish_lists(settings, [load_list(newer)])
    assert outcome["un"].startswith("published 2 records"), outcome  # one tombstone + the version record
    feeder.join()
    try:
        decisions = values(collect(kafka_bootstrap, env.decisions, lambda r: len(r) >= len(txs), 120))
        n_alerts = sum(d["decision"] == "alert" for d in decisions)
        alerts = values(collect(kafka_bootstrap, env.alerts, lambda r: len(r) >= n_alerts, 60))
        assert wait_for(lambda: worker.metrics().get('tfscreen_watchlist_entries{list="un"}') == 1002, 30)
        m = worker.metrics()
    finally:
        worker.stop()

    assert {d["transaction_id"] for d in decisions} == {t["id"] for t in txs}  # nobody left out
    by_version: dict[str, set[str]] = {}
    for d in decisions:
        by_version.setdefault(d["list_versions"]["un"], set()).add(d["decision"] if d["transaction_id"] in named else "-")
    assert set(by_version) == {"2026-02-27T00:00:09.554Z", "2026-03-01T00:00:00.000Z"}, by_version.keys()
    assert by_version["2026-02-27T00:00:09.554Z"] >= {"alert"}
    # From the swap on, the removed entry is never a reason. (Typology rules may still alert on
    # accounts that dealt with it before: that memory is theirs, not the list's.)
    def list_hits(version):
        return {a["transaction_id"] for a in alerts if a["list_versions"]["un"] == version
                for r in a["reasons"] if r["kind"] == "watchlist" and r["entry_id"] == "QDi.001"}
    assert list_hits("2026-02-27T00:00:09.554Z")
    assert not list_hits("2026-03-01T00:00:00.000Z")
    assert m["tfscreen_watchlist_reload_seconds_count"] >= 1
