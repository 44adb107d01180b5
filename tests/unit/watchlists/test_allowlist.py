"""Allowlist of cleared (name, entry) pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchlists.allowlist import Allowlist, ClearedPair


def test_cleared_pair_ignores_case_order_and_punctuation() -> None:
    allow = Allowlist()
    allow.add("George Bushman", "ofac", "1234", reason="different person, DOB 1980")
    assert allow.cleared("BUSHMAN, George", "ofac", "1234") is not None
    assert allow.cleared("George Bushman", "ofac", "9999") is None
    assert allow.cleared("George Bush", "ofac", "1234") is None
    assert len(allow) == 1


def test_empty_name_is_refused() -> None:
    with pytest.raises(ValueError):
        Allowlist().add("  ", "un", "1")


def test_load_csv(tmp_path: Path) -> None:
    path = tmp_path / "cleared.csv"
    path.write_text("name,list_id,entry_id,reason\nJohn Smith,ofac,42,checked\n", encoding="utf-8")
    allow = Allowlist.load(path)
    pair = allow.cleared("john smith", "ofac", "42")
    assert pair == ClearedPair(name="John Smith", list_id="ofac", entry_id="42", reason="checked")


def test_load_yaml(tmp_path: Path) -> None:
    path = tmp_path / "cleared.yaml"
    path.write_text("- {name: Maria Lopez, list_id: un, entry_id: QDi.1}\n", encoding="utf-8")
    assert Allowlist.load(path).cleared("Lopez Maria", "un", "QDi.1") is not None
