"""``tfscreen rules list|show|test|check``: the typology rules, for analysts."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections import Counter, defaultdict
from typing import Any

import yaml


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rules",
        help="list, explain and try the typology rules",
        description=(
            "Look at the counter-terrorist-financing typology rules: what each does, its parameters "
            "and sources, and which transactions of a JSON-lines file it would fire on. Rules are YAML "
            "files (default rules/library, reference lists in rules/reference); see rules/README.md."
        ),
    )
    cmds = p.add_subparsers(dest="rules_command", metavar="ACTION")

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument("--dir", metavar="DIR", help="rule directory (default: the shipped library)")
        q.add_argument("--reference-dir", metavar="DIR", help="reference lists (default: rules/reference)")
        q.add_argument("--set", dest="overrides", action="append", default=[], metavar="ID.PARAM=VALUE",
                       help="override a parameter, e.g. R10.min_share=0.6 or R9.window=14d (repeatable)")
        q.add_argument("--json", action="store_true", help="print JSON instead of text")

    q = cmds.add_parser("list", help="one line per rule", description="List the loaded rules and the rule-set version.")
    common(q)
    q.set_defaults(func=run_list)
    q = cmds.add_parser("show", help="everything about one rule",
                        description="Show one rule: description, sources, fields, parameters, conditions, state keys.")
    q.add_argument("rule", metavar="ID", help="rule id, e.g. R10")
    q.add_argument("--source", action="store_true", help="print the rule file as written")
    common(q)
    q.set_defaults(func=run_show)
    q = cmds.add_parser(
        "test", help="which rows of a JSON-lines file the rules fire on",
        description=(
            "Run the rules over FILE in file order with in-memory state (as 'tfscreen screen' does) and "
            "print each rule hit with its line, transaction id, score and key figures, then a count per "
            "rule. Invalid lines are reported on stderr and skipped."
        ),
    )
    q.add_argument("file", help="JSON-lines transactions ('-' for standard input)")
    q.add_argument("--rule", dest="only", action="append", default=[], metavar="ID",
                   help="report only this rule (repeatable; all rules still run, so graph seeds stay the same)")
    q.add_argument("--labels", metavar="FILE",
                   help="labels from 'tfscreen simulate': treat its watchlist accounts as listed (for G1)")
    q.add_argument("--quiet", action="store_true", help="print only the counts per rule")
    common(q)
    q.set_defaults(func=run_test)
    q = cmds.add_parser("check", help="validate the rule and reference files",
                        description="Load and validate every rule and reference file; print the rule-set version.")
    common(q)
    q.set_defaults(func=run_check)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def parse_overrides(items: list[str]) -> dict[str, dict[str, Any]]:
    """``["R10.min_share=0.6"]`` -> ``{"R10": {"min_share": 0.6}}`` (values read as YAML)."""
    from rules.errors import RuleError
    from rules.yamlfile import load_yaml

    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for item in items:
        key, sep, value = item.partition("=")
        rule, dot, param = key.partition(".")
        if not sep or not dot or not rule or not param:
            raise RuleError(f"--set {item!r}: write RULE.PARAM=VALUE, e.g. R10.min_share=0.6")
        try:
            parsed = load_yaml("--set", value.strip())
        except RuleError:
            parsed = value.strip()  # e.g. @conflict_zones: not a YAML scalar, taken as written
        out[rule.strip()][param.strip()] = parsed
    return dict(out)


def _engine(args: argparse.Namespace):  # noqa: ANN202
    from rules.engine import RuleEngine

    return RuleEngine.load(args.dir, reference_dir=args.reference_dir, params=parse_overrides(args.overrides))


def _blocks(rule) -> str:  # noqa: ANN001
    kinds = [f.kind for f in rule.features.values()]
    return ",".join(dict.fromkeys(kinds)) or "predicate"


def run_list(args: argparse.Namespace) -> int:
    engine = _engine(args)
    if args.json:
        print(json.dumps(engine.describe(), ensure_ascii=False, indent=2, default=str))
        return 0
    print(f"rule set {engine.version}: {len(engine)} rules")
    print(f"{'ID':5} {'VERSION':8} {'SCORE':>5} {'SEVERITY':8} {'SUBJECT':11} {'BLOCKS':22} TITLE")
    for r in engine.rules:
        esc = f"-{max(e.score for e in r.escalate):g}" if r.escalate else ""
        print(f"{r.id:5} {r.version:8} {f'{r.score:g}{esc}':>5} {r.severity:8} {r.subject:11} {_blocks(r):22} {r.title}")
    print("\nreference data:")
    for name, ref in sorted(engine.reference.refs.items()):
        print(f"  {name:26} {ref.kind:9} {ref.size:5}  version {ref.version}, {ref.date}")
    return 0


def _show_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def run_show(args: argparse.Namespace) -> int:
    engine = _engine(args)
    rule = engine.get(args.rule)
    if args.source:
        print(rule.source_text, end="")
        return 0
    d = rule.describe()
    if args.json:
        print(json.dumps(d, ensure_ascii=False, indent=2, default=str))
        return 0
    wrap = textwrap.TextWrapper(width=100, initial_indent="  ", subsequent_indent="  ")
    esc = "".join(f", up to {e.score:g} ({e.label})" for e in rule.escalate)
    print(f"{rule.ref}  {rule.title}")
    print(f"  severity {rule.severity}; score {rule.score:g}{esc}")
    print(f"  subject {rule.subject}; catalogue {', '.join(rule.catalogue) or '-'}; file {rule.path}")
    print("\nWhat it detects:")
    print(wrap.fill(rule.description))
    print("\nSources:")
    for s in rule.sources:
        print(textwrap.fill(s, width=100, initial_indent="  - ", subsequent_indent="    "))
    print(f"\nReads: {', '.join(rule.fields)}")
    print("\nParameters:")
    width = max((len(n) for n in rule.params), default=0)
    for name, p in rule.params.items():
        extra = f" ({len(p.value)} values)" if p.kind == "set" else ""
        note = f"  - {p.description}" if p.description else ""
        print(f"  {name:{width}} = {_show_value(p.shown())}  [{p.kind}{extra}]{note}")
    if rule.when_source is not None:
        print("\nFires on transactions where:")
        print(textwrap.indent(yaml.safe_dump(rule.when_source, sort_keys=False, allow_unicode=True).rstrip(), "  "))
    if rule.features:
        print("\nFeatures (per-account state):")
        for name, f in rule.features.items():
            desc = f.describe()
            body = yaml.safe_dump({k: v for k, v in desc.items() if v is not None}, sort_keys=False,
                                  default_flow_style=True, allow_unicode=True, width=1000).strip()
            print(f"  {name}: {body}")
    if rule.require:
        print("\nand when all of these hold:")
        for e in rule.require:
            print(f"  {e.text}")
    if rule.escalate:
        print("\nEscalations:")
        for e in rule.escalate:
            conds = [x.text for x in e.require]
            print(f"  score {e.score:g}: {e.label}" + (f"  [{'; '.join(conds)}]" if conds else ""))
    keys = rule.state_keys()
    if keys:
        print("\nState keys (inside the record acct:<account>):")
        for k in keys:
            print(f"  {k}")
    return 0


def _summary(evidence: dict[str, Any]) -> str:
    """The figures an analyst looks at first, from a hit's evidence."""
    keys = ("count", "sum", "distinct_counterparties", "same_counterparty", "in_count", "in_sum", "in_distinct",
            "out_sum", "share", "hops", "listed_hops", "alerted_hops", "cycle_length")
    parts = []
    for name, figures in (evidence.get("features") or {}).items():
        always = ("count", "hops", "listed_hops", "alerted_hops")
        shown = [f"{k}={figures[k]}" for k in keys if figures.get(k) is not None and (figures[k] != 0 or k in always)]
        window = figures.get("window") or figures.get("in_window")
        parts.append(f"{name}[{window}]: " + " ".join(shown))
    if evidence.get("keywords"):
        parts.append("keywords: " + ", ".join(sorted({k["term"] for k in evidence["keywords"]})))
    if evidence.get("escalated"):
        parts.append(f"({evidence['escalated']})")
    return "; ".join(parts)


def _listed_accounts(path: str | None) -> set[str]:
    if not path:
        return set()
    accounts = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                label = json.loads(line)
                if label.get("kind") == "watchlist" and label.get("account"):
                    accounts.add(label["account"])
    return accounts


def run_test(args: argparse.Namespace) -> int:
    from rules.model import RuleContext
    from tfscreen.codec import InvalidMessage, decode_transaction
    from watchlists.matcher import NameMatch

    engine = _engine(args)
    only = set(args.only)
    for rule_id in only:
        engine.get(rule_id)  # unknown ids fail early
    listed = _listed_accounts(args.labels)
    marker = [NameMatch(list_id="labels", entry_id="listed", name="listed", score=100.0, kind="unknown",
                        terrorism=True, explanation={"from": "labels file"})]
    state: dict[str, Any] = {}
    fired: Counter[str] = Counter()
    rows: dict[str, list[int]] = defaultdict(list)
    total = refused = 0
    handle = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")
    try:
        for lineno, line in enumerate(handle, 1):
            raw = line.strip()
            if not raw:
                continue
            try:
                tx = decode_transaction(raw)
            except InvalidMessage as exc:
                refused += 1
                print(f"line {lineno}: skipped ({exc.stage}): {exc.reason}", file=sys.stderr)
                continue
            total += 1
            hits = {role: marker for role, party in (("originator", tx.originator), ("beneficiary", tx.beneficiary))
                    if party.account in listed}
            for hit in engine.evaluate(tx, RuleContext(now=tx.timestamp, state=state, watchlist_hits=hits)):
                if only and hit.rule_id not in only:
                    continue
                fired[hit.ref] += 1
                rows[hit.ref].append(lineno)
                if args.json:
                    print(json.dumps({"line": lineno, "id": tx.id, "rule": hit.ref, "score": hit.score,
                                      "evidence": hit.evidence}, ensure_ascii=False, default=str))
                elif not args.quiet:
                    print(f"line {lineno:>6}  {tx.id}  {hit.ref}  score {hit.score:g}  {_summary(hit.evidence)}")
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
    out = sys.stderr if args.json else sys.stdout
    print(f"\n{total} transactions ({refused} skipped), rule set {engine.version}", file=out)
    for rule in engine.rules:
        if only and rule.id not in only:
            continue
        lines = rows.get(rule.ref, [])
        shown = ", ".join(map(str, lines[:12])) + (", ..." if len(lines) > 12 else "")
        print(f"  {rule.ref:10} fired {fired[rule.ref]:>5}  {'lines ' + shown if lines else ''}", file=out)
    return 0


def run_check(args: argparse.Namespace) -> int:
    engine = _engine(args)
    print(f"ok: {len(engine)} rules, {len(engine.reference.refs)} reference lists, rule set {engine.version}")
    return 0
