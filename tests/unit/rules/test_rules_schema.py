"""Rule files are validated on load: each error names the file and the line."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from rules.engine import LIBRARY_DIR, RuleEngine
from rules.errors import RuleError, RuleFileError

VALID = """\
id: T1
version: 1.0.0
title: Test rule
description: Remittances to a risk country, twice in a week.
sources: [test]
fields: [channel, beneficiary.country, amount_eur]
severity: medium
score: 60
parameters:
  countries: ["@conflict_zones", "@tf_conduits"]
  window: 7d
  min_count: 2
  min_amount: {value: 100, min: 10, max: 1000}
when:
  channel: [mvts, wire]
  beneficiary.country: {in: $countries}
  amount_eur: {gte: $min_amount}
features:
  sent:
    type: window
    flow: out
    window: $window
    where: {channel: mvts}
require:
  - sent.count >= $min_count
escalate:
  - score: 75
    require: [sent.count >= 3]
"""


def write(tmp_path: Path, text: str, name: str = "T1.yaml") -> Path:
    d = tmp_path / "rules"
    d.mkdir(exist_ok=True)
    (d / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return d


def error(tmp_path: Path, text: str) -> RuleFileError:
    with pytest.raises(RuleFileError) as exc:
        RuleEngine.load(write(tmp_path, text))
    return exc.value


def test_valid_file_loads_and_runs(tmp_path):
    engine = RuleEngine.load(write(tmp_path, VALID))
    rule = engine.get("T1")
    assert (rule.ref, rule.subject, rule.score) == ("T1@1.0.0", "originator", 60)
    assert engine.version.startswith("rules-0+")  # no manifest: directory name and version 0


@pytest.mark.parametrize("old,new,line,words", [
    ("title: Test rule", "titel: Test rule", 3, "unknown field 'titel'"),
    ("score: 60", "score: 160", 8, "score must be a number from 0 to 100"),
    ("  min_count: 2", "  min_count: -2", 12, "must not be negative"),
    ("  min_amount: {value: 100, min: 10, max: 1000}", "  min_amount: {value: 5000, min: 10, max: 1000}", 13,
     "above its max"),
    ("  window: 7d", "  window: 7x", 22, "parameter $window is a text; expected duration"),
    ('  countries: ["@conflict_zones", "@tf_conduits"]', '  countries: ["@conflict_zones", "@nope"]', 10,
     "unknown reference '@nope'"),
    ("  channel: [mvts, wire]", "  channel: [mvst, wire]", 15, "'mvst' is not a valid channel"),
    ("  amount_eur: {gte: $min_amount}", "  amount_eur: {gte: $min_amont}", 17, "unknown parameter $min_amont"),
    ("  beneficiary.country: {in: $countries}", "  beneficiary.contry: {in: $countries}", 16,
     "unknown field 'beneficiary.contry'"),
    ("  - sent.count >= $min_count", "  - sent.cnt >= $min_count", 25, "has no measure 'cnt'"),
    ("  - sent.count >= $min_count", "  - sent.count >= ", 25, "unexpected end"),
    ("  - score: 75", "  - score: 50", 27, "must be above the rule score"),
    ("    window: $window", "    window: 500d", 22, "at most 400d"),
    ("severity: medium", "severity: urgent", 7, "severity must be one of"),
    ("    flow: out", "    flow: sideways", 21, "flow must be in or out"),
])
def test_errors_name_file_and_line(tmp_path, old, new, line, words):
    assert old in VALID
    err = error(tmp_path, VALID.replace(old, new))
    assert err.path.endswith("T1.yaml")
    assert err.line == line, str(err)
    assert words in str(err), str(err)
    assert str(err).startswith(f"{err.path}:{line}: ")


def test_unused_parameter_and_undeclared_field(tmp_path):
    err = error(tmp_path, VALID.replace("  min_count: 2\n", "  min_count: 2\n  spare: 3\n"))
    assert "parameter 'spare' is never used" in str(err)
    err = error(tmp_path, VALID.replace("fields: [channel, beneficiary.country, amount_eur]", "fields: [channel, amount_eur]"))
    assert "reads beneficiary.country but 'fields' does not list it" in str(err)


def test_between_low_above_high_and_bad_yaml_and_duplicate_key(tmp_path):
    err = error(tmp_path, VALID.replace("amount_eur: {gte: $min_amount}", "amount_eur: {between: [500, $min_amount]}"))
    assert "low must be >= 0 and not above high" in str(err) and err.line == 17
    err = error(tmp_path, VALID.replace("score: 60", "score: [60"))
    assert "not valid YAML" in str(err)
    err = error(tmp_path, VALID + "score: 61\n")
    assert "duplicate key 'score'" in str(err)


def test_unknown_feature_in_condition_and_unread_feature(tmp_path):
    err = error(tmp_path, VALID.replace("  - sent.count >= $min_count", "  - other.count >= $min_count"))
    assert "unknown feature 'other'" in str(err)
    text = VALID.replace("require:\n  - sent.count >= $min_count\nescalate:\n  - score: 75\n    require: [sent.count >= 3]\n",
                         "require:\n  - sent.count >= $min_count\n")
    text = text.replace("features:\n", "features:\n  spare:\n    type: window\n    flow: in\n    window: 1d\n")
    err = error(tmp_path, text)
    assert "feature 'spare' is never read" in str(err)


def test_graph_blocks_need_both_sides(tmp_path):
    text = VALID.replace("features:\n  sent:\n    type: window\n    flow: out\n    window: $window\n    where: {channel: mvts}\n",
                         "features:\n  sent:\n    type: closeness\n")
    err = error(tmp_path, text)
    assert "graph blocks need both parties" in str(err)


def test_no_stays_norway(tmp_path):
    engine = RuleEngine.load(write(tmp_path, VALID.replace('["@conflict_zones", "@tf_conduits"]', "[NO, SE]")))
    assert engine.get("T1").params["countries"].value == frozenset({"NO", "SE"})


def test_duplicate_rule_ids_across_files(tmp_path):
    d = write(tmp_path, VALID)
    (d / "T1_copy.yaml").write_text(VALID, encoding="utf-8")
    with pytest.raises(RuleFileError, match="already defined"):
        RuleEngine.load(d)


def test_disabled_rule_is_validated_but_not_loaded(tmp_path):
    assert len(RuleEngine.load(write(tmp_path, VALID + "enabled: false\n"))) == 0
    with pytest.raises(RuleFileError):
        RuleEngine.load(write(tmp_path, VALID.replace("score: 60", "score: 600") + "enabled: false\n"))


def test_parameter_overrides_are_validated(tmp_path):
    d = write(tmp_path, VALID)
    assert RuleEngine.load(d, params={"T1": {"min_count": 3}}).get("T1").params["min_count"].value == 3
    with pytest.raises(RuleFileError, match="above its max"):
        RuleEngine.load(d, params={"T1": {"min_amount": 5000}})
    with pytest.raises(RuleFileError, match="unknown parameter 'nope'"):
        RuleEngine.load(d, params={"T1": {"nope": 1}})
    with pytest.raises(RuleFileError, match="is a duration; the file declares a number"):
        RuleEngine.load(d, params={"T1": {"min_count": "3d"}})
    with pytest.raises(RuleError, match="unknown rule"):
        RuleEngine.load(d, params={"T9": {"min_count": 1}})


def test_every_library_file_is_valid_and_cites_sources():
    engine = RuleEngine.load()
    assert len(engine) >= 17
    for rule in engine.rules:
        assert rule.sources and rule.description and rule.fields
    required = {"R3", "R4", "R5", "R6", "R8", "R9", "R10", "R11", "R12", "R16", "R17", "R19", "R20", "R21", "R22",
                "R23", "G1"}
    assert required <= {r.id for r in engine.rules}


def test_a_broken_library_copy_fails_whole(tmp_path):
    d = tmp_path / "lib"
    shutil.copytree(LIBRARY_DIR, d)
    path = d / "R10_funnel.yaml"
    path.write_text(path.read_text().replace("min_credits: 10", "min_credits: -1"), encoding="utf-8")
    with pytest.raises(RuleFileError) as exc:
        RuleEngine.load(d)
    assert exc.value.path.endswith("R10_funnel.yaml") and exc.value.line is not None
