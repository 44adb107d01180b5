"""Reference lists, keyword matching and the condition language."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.blocks.base import parse_duration
from rules.blocks.expr import Expr, ExprError
from rules.errors import RuleFileError
from rules.reference import load_reference, load_reference_file
from rules.text import KeywordEntry, KeywordMatcher, fold


def test_shipped_reference_lists_have_source_date_version():
    refs = load_reference()
    for name in ("fatf_high_risk", "fatf_increased_monitoring", "conflict_zones", "conflict_neighbours",
                 "tf_conduits", "tf_keywords", "commodity_keywords", "mcc", "crypto_services", "fx_eur"):
        ref = refs[name]
        assert ref.source and ref.version and len(ref.date) == 10 and ref.size > 0
    assert {"KP", "IR", "MM"} == refs["fatf_high_risk"].values
    assert "3000" in refs.values("@mcc:airlines") and "3299" in refs.values("@mcc:airlines")
    assert "3300" not in refs.values("@mcc:airlines")
    assert refs.rates()["EUR"] == 1.0


def ref_file(tmp_path: Path, body: str, name: str = "mylist") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"name: {name}\nversion: '1'\ndate: '2025-01-01'\nsource: me\ndescription: test\n{body}",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("body,line,words", [
    ("kind: countries\nentries: [SY, XX]\n", 7, "'XX' is not an ISO 3166-1"),
    ("kind: colours\nentries: []\n", 6, "kind 'colours' is not one of"),
    ("kind: codes\nentries:\n  - {range: 3299-3000, category: x}\n", 8, "bad range"),
    ("kind: rates\nentries: {USD: -1}\n", 7, "must be a positive number"),
    ("kind: keywords\nentries:\n  - {term: x}\n", 8, "missing field 'category'"),
    ("kind: countries\nentries: [SY]\nextra: 1\n", 8, "unknown field 'extra'"),
])
def test_reference_errors_name_file_and_line(tmp_path, body, line, words):
    with pytest.raises(RuleFileError) as exc:
        load_reference_file(ref_file(tmp_path, body))
    assert exc.value.line == line and words in str(exc.value), str(exc.value)


def test_reference_name_must_match_file(tmp_path):
    path = ref_file(tmp_path, "kind: countries\nentries: [SY]\n")
    path.rename(tmp_path / "other.yaml")
    with pytest.raises(RuleFileError, match="must equal the file name"):
        load_reference_file(tmp_path / "other.yaml")


def test_extend_adds_lower_cased_addresses_and_changes_digest():
    refs = load_reference()
    before = refs["crypto_designated"].digest
    refs.extend("crypto_designated", ["0xABC", " bc1qXYZ "])
    assert refs["crypto_designated"].values == {"0xabc", "bc1qxyz"}
    assert refs["crypto_designated"].digest != before
    with pytest.raises(ValueError):
        refs.extend("tf_keywords", ["x"])


def test_fold():
    assert fold("Al-Shabāb  (Ḥarakat)") == "al shabab harakat"
    assert fold("الدولة الإسلامية") == "الدوله الاسلاميه"
    assert fold(None) == ""


def test_keyword_matcher_phrases_spaces_proclitics_and_one_typo():
    m = KeywordMatcher([KeywordEntry(term="Al-Shabaab", category="group", variants=("Al Shabab",)),
                        KeywordEntry(term="mujahideen", category="slogan", variants=("مجاهدين",)),
                        KeywordEntry(term="ISIL", category="group", variants=("داعش",))])
    assert [h.term for h in m.find("support ALSHABAAB now")] == ["Al-Shabaab"]
    assert [h.term for h in m.find("و لداعش")] == ["ISIL"]
    hit = m.find("for the mujahedeen")[0]
    assert hit.term == "mujahideen" and hit.fuzzy
    assert m.find("shabaabs") == [] and m.find("muja") == []
    assert m.find("al shabab al shabab") == m.find("al shabab")  # each entry once


def test_durations():
    assert parse_duration("72h") == 259200 and parse_duration("2w") == 1209600 and parse_duration("7") is None


@pytest.mark.parametrize("text,env,expected", [
    ("f.count >= $n", {"f": {"count": 3}}, True),
    ("f.count >= $n", {"f": {"count": 2}}, False),
    ("f.out >= 0.7 * f.inn", {"f": {"out": 70, "inn": 100}}, True),
    ("f.out >= 0.7 * f.inn", {"f": {"out": 69, "inn": 100}}, False),
    ("f.share >= 0.5", {"f": {"share": None}}, False),  # missing figure
    ("f.out / f.inn >= 0.5", {"f": {"out": 1, "inn": 0}}, False),  # no division by zero
    ("f.count == 1 or f.inn >= 10 and not f.out > 5", {"f": {"count": 2, "inn": 10, "out": 1}}, True),
    ("(f.count + 1) * 2 == 6", {"f": {"count": 2}}, True),
])
def test_conditions(text, env, expected):
    measures = {"f": frozenset({"count", "out", "inn", "share"})}
    assert Expr(text, {"n": 3}, measures)(env) is expected


@pytest.mark.parametrize("text,words", [
    ("f.count", "must compare"),
    ("f.nope >= 1", "no measure 'nope'"),
    ("g.count >= 1", "unknown feature 'g'"),
    ("f.count >= $m", "unknown or non-numeric parameter $m"),
    ("f.count >= 1 )", "unexpected ')'"),
    ("f.count >= 1 and 2", "'and' joins comparisons"),
    ("f.count >= #", "cannot read"),
])
def test_condition_errors(text, words):
    with pytest.raises(ExprError) as exc:
        Expr(text, {"n": 3}, {"f": frozenset({"count"})})
    assert words in str(exc.value)
