"""The traffic generator: contract-valid, ordered, unique, labelled, reproducible."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from tfscreen.codec import decode_transaction
from tfscreen.simulate import PLANTERS, generate


@pytest.fixture(scope="module")
def sample():
    return generate(10_000, seed=5, planted_names=["Abu Example Listed", "Example Front Org"])


def test_ten_thousand_rows_validate_against_the_contract(sample):
    txs, _ = sample
    assert len(txs) == 10_000
    for doc in txs:
        decode_transaction(json.dumps(doc, ensure_ascii=False).encode())


def test_ids_unique_and_timestamps_increase(sample):
    txs, _ = sample
    assert len({t["id"] for t in txs}) == len(txs)
    stamps = [decode_transaction(json.dumps(t).encode()).timestamp for t in txs]
    assert all(a < b for a, b in zip(stamps, stamps[1:]))


def test_labels_cover_every_rule_and_point_at_real_transactions(sample):
    txs, labels = sample
    by_id = {t["id"]: t for t in txs}
    rules = {lab["rule"] for lab in labels if lab["kind"] == "typology"}
    assert set(PLANTERS) <= rules
    for lab in labels:
        assert lab["transaction_ids"] and all(i in by_id for i in lab["transaction_ids"])
        assert all(i in lab["transaction_ids"] for i in lab.get("trigger_ids", []))


def test_planted_names_appear_in_their_role(sample):
    txs, labels = sample
    by_id = {t["id"]: t for t in txs}
    planted = [lab for lab in labels if lab["kind"] == "watchlist"]
    assert [lab["name"] for lab in planted] == ["Abu Example Listed", "Example Front Org"]
    for lab in planted:
        for tx_id, role in lab["roles"].items():
            assert by_id[tx_id][role]["name"] == lab["name"]
            assert by_id[tx_id][role]["account"] == lab["account"]


def test_reproducible_and_seed_dependent():
    a, b, c = generate(3000, seed=1), generate(3000, seed=1), generate(3000, seed=2)
    assert a == b and a[0] != c[0]


def test_background_only_and_start_date():
    start = datetime(2025, 6, 1, tzinfo=timezone.utc)
    txs, labels = generate(2000, seed=3, scenarios=False, start=start)
    assert labels == [] and len(txs) == 2000
    assert txs[0]["timestamp"].startswith("2025-06-01")


def test_too_small_for_the_scenarios():
    with pytest.raises(ValueError, match="too small"):
        generate(50, seed=1)
