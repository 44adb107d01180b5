"""``tfscreen rules`` and ``tfscreen simulate`` through their own parsers."""

from __future__ import annotations

import argparse
import json

import pytest

from rules.errors import RuleError
from streams.commands import rules as rules_cmd
from streams.commands import simulate as simulate_cmd


def cli(module, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tfscreen")
    module.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    d = tmp_path_factory.mktemp("sim")
    out, labels = d / "tx.jsonl", d / "labels.jsonl"
    assert cli(simulate_cmd, ["simulate", "-n", "4000", "--seed", "2", "--out", str(out), "--labels", str(labels)]) == 0
    return out, labels


def test_simulate_writes_transactions_and_labels(sim, capsys):
    out, labels = sim
    assert len(out.read_text().splitlines()) == 4000
    rows = [json.loads(x) for x in labels.read_text().splitlines()]
    assert {r["rule"] for r in rows} >= {"R3", "R10", "G1"}


def test_rules_list(capsys):
    assert cli(rules_cmd, ["rules", "list"]) == 0
    out = capsys.readouterr().out
    assert "rule set ctf-1.0.0+" in out and "R10 " in out and "conflict_zones" in out


def test_rules_show_text_json_and_source(capsys):
    assert cli(rules_cmd, ["rules", "show", "R10"]) == 0
    out = capsys.readouterr().out
    assert "FinCEN Advisory FIN-2025-A001" in out and "funnel.share >= $min_share" in out
    assert "forward_window = 72h" in out and "R10.funnel>in" in out
    assert cli(rules_cmd, ["rules", "show", "R3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "R3"
    assert cli(rules_cmd, ["rules", "show", "R3", "--source"]) == 0
    assert capsys.readouterr().out.startswith("id: R3")
    with pytest.raises(RuleError, match="no rule 'R99'"):
        cli(rules_cmd, ["rules", "show", "R99"])


def test_rules_test_lists_the_rows_each_rule_fires_on(sim, capsys):
    out, labels = sim
    assert cli(rules_cmd, ["rules", "test", str(out), "--labels", str(labels)]) == 0
    text = capsys.readouterr().out
    assert "4000 transactions (0 skipped)" in text
    planted = {json.loads(x)["rule"]: json.loads(x) for x in labels.read_text().splitlines()
               if json.loads(x)["kind"] == "typology"}
    for rule in ("R3", "R10", "R16"):
        assert any(f"{tid}  {rule}@1.0.0" in text for tid in planted[rule]["trigger_ids"]), rule


def test_rules_test_json_filter_and_override(sim, capsys):
    out, _ = sim
    assert cli(rules_cmd, ["rules", "test", str(out), "--rule", "R3", "--json", "--set", "R3.keywords=@tf_keywords"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.strip()]
    assert lines and all(x["rule"] == "R3@1.0.0" for x in lines)


def test_rules_check_and_bad_override(capsys):
    assert cli(rules_cmd, ["rules", "check"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
    with pytest.raises(RuleError, match="RULE.PARAM=VALUE"):
        cli(rules_cmd, ["rules", "check", "--set", "min_share=1"])
    with pytest.raises(RuleError, match="override min_share=2"):
        cli(rules_cmd, ["rules", "check", "--set", "R10.min_share=2"])


def test_rules_test_skips_invalid_lines(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\nnot json\n', encoding="utf-8")
    assert cli(rules_cmd, ["rules", "test", str(path), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert "0 transactions (2 skipped)" in captured.out and "line 2: skipped" in captured.err


def test_output_cut_short_by_the_reader_is_not_an_error():
    # "tfscreen rules list | head -1": the pipe closes early; no "Broken pipe" error.
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "streams.cli", "rules", "list"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the command has written anything
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert "Broken pipe" not in err
