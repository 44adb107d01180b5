"""Read, validate and compile one rule file (format: ``rules/README.md``).

Every problem raises :class:`RuleFileError` naming the file and line: unknown
fields, wrong types, bad thresholds (negative, out of the declared bounds,
low above high, score outside 0-100, an escalation not above the score),
unknown parameters, references, fields, features or measures, parameters
declared but never used, features never read, and fields read but not listed
in ``fields``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rules.blocks.base import Compiler, Param, parse_duration
from rules.blocks.expr import Expr, ExprError
from rules.blocks.graph import ClosenessFeature, RoundTripFeature
from rules.blocks.predicate import Pred, always, compile_predicate
from rules.blocks.window import Feature, SequenceFeature, WindowFeature
from rules.errors import RuleFileError
from rules.fields import FIELDS, TxView, party_id
from rules.model import RuleHit
from rules.reference import ReferenceSet, keyword_hits
from rules.yamlfile import LineDict, LineList, load_yaml

TOP_FIELDS = {
    "id": "rule id, e.g. R10",
    "version": "rule version, e.g. 1.0.0 (raise it when the logic or a parameter changes)",
    "title": "one line",
    "description": "what it detects and why, for analysts",
    "sources": "list of citations (report, section, date)",
    "catalogue": "ids of the eval.md rule candidates it implements, e.g. [R9, R10]",
    "fields": "transaction fields the rule reads",
    "subject": "whose account the rule is about: originator (default), beneficiary or transaction",
    "severity": "low, medium, high or critical (the rule's own rating, shown to analysts)",
    "score": "0-100, the score of a hit",
    "parameters": "named thresholds, windows and lists; used as $name",
    "when": "per-transaction predicate that must hold",
    "features": "stateful blocks: window, sequence, closeness, round_trip",
    "require": "conditions over feature measures that must all hold",
    "escalate": "list of {score, when, require, label}: a higher score when they hold",
    "enabled": "false to keep the file but not load the rule",
    "tags": "free labels",
}
SUBJECTS = ("originator", "beneficiary", "transaction")
SEVERITIES = ("low", "medium", "high", "critical")
FEATURE_TYPES = ("window", "sequence", "closeness", "round_trip")
DEFAULT_MAX_EVENTS = 200
_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:[-_.][A-Z0-9]+)*$")
_VERSION = re.compile(r"^\d+(?:\.\d+){0,2}(?:[-+][0-9A-Za-z.]+)?$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class Escalation:
    score: float
    when: Pred
    require: list[Expr]
    label: str


class _Env(dict):
    """Feature figures, measured only when a condition first reads them."""

    def __init__(self, features: dict[str, Feature], view: TxView, rec: dict | None, carry: dict) -> None:
        super().__init__()
        self._f, self._v, self._r, self._c = features, view, rec, carry

    def __missing__(self, name: str) -> dict[str, Any]:
        value = self[name] = self._f[name].measure(self._v, self._r, self._c)
        return value


@dataclass
class Rule:
    """A compiled rule, ready to evaluate."""

    id: str
    version: str
    title: str
    description: str
    sources: list[str]
    catalogue: list[str]
    fields: list[str]
    subject: str
    severity: str
    score: float
    params: dict[str, Param]
    when: Pred
    features: dict[str, Feature]
    require: list[Expr]
    escalate: list[Escalation]
    tags: list[str]
    path: str
    digest: str
    source_text: str = field(repr=False, default="")
    keyword_uses: list = field(default_factory=list, repr=False)
    when_source: Any = field(default=None, repr=False)  # the `when` block as written, plain data

    def __post_init__(self) -> None:
        # Graph blocks read both sides through the carry, so they need no subject record.
        self.is_graph = any(f.uses_carry for f in self.features.values())

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def phase(self) -> str:
        """The side on which the rule is evaluated."""
        return "originator" if self.subject == "originator" else "beneficiary"

    def evaluate(self, view: TxView, ctx: Any, rec: dict | None, carry: dict) -> RuleHit | None:
        if not self.when(view):
            return None
        if self.features and rec is None and not self.is_graph:
            return None  # the subject has no account: no state to read
        env = _Env(self.features, view, rec, carry)
        for cond in self.require:
            if not cond(env):
                return None
        score, label = self.score, None
        for esc in self.escalate:
            if esc.score > score and esc.when(view) and all(cond(env) for cond in esc.require):
                score, label = esc.score, esc.label
        return RuleHit(rule_id=self.id, version=self.version, title=self.title, score=score,
                       evidence=self._evidence(view, env, label))

    def _evidence(self, view: TxView, env: _Env, label: str | None) -> dict[str, Any]:
        tx = view.tx
        ev: dict[str, Any] = {"severity": self.severity, "subject": self.subject}
        if self.subject in ("originator", "beneficiary"):
            party = tx.originator if self.subject == "originator" else tx.beneficiary
            ev["account"] = party_id(party)
        read = {}
        for path in self.fields:
            value = FIELDS[path].get(view)
            if value is not None and value != () and value != "":
                read[path] = list(value) if isinstance(value, tuple) else value
        ev["transaction"] = read
        keywords, seen = [], set()
        for spec, path in self.keyword_uses:
            for hit in keyword_hits(spec, lambda m, path=path: view.keyword_hits(m, path)):
                if (hit.term, path) in seen:
                    continue
                seen.add((hit.term, path))
                item = hit.as_evidence()
                item["field"] = path
                keywords.append(item)
        if keywords:
            ev["keywords"] = keywords
        if self.features:
            # Every feature the rule defines, measured now if no condition needed it yet.
            ev["features"] = {name: _plain(env[name]) for name in self.features}
        thresholds = {n: p.shown() for n, p in self.params.items() if p.kind in ("number", "duration")}
        if thresholds:
            ev["thresholds"] = thresholds
        if label:
            ev["escalated"] = label
        return ev

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id, "version": self.version, "title": self.title, "severity": self.severity,
            "score": self.score, "subject": self.subject, "catalogue": self.catalogue, "sources": self.sources,
            "fields": self.fields, "description": self.description,
            "parameters": {n: {"value": p.shown(), "kind": p.kind, **({"description": p.description} if p.description else {})}
                           for n, p in self.params.items()},
            "features": {n: f.describe() for n, f in self.features.items()},
            "when": self.when_source,
            "require": [e.text for e in self.require],
            "escalate": [{"score": e.score, "label": e.label} for e in self.escalate],
            "state_keys": self.state_keys(),
            "file": self.path,
        }

    def state_keys(self) -> list[str]:
        out = []
        for f in self.features.values():
            if isinstance(f, WindowFeature):
                side = "originator" if f.flow == "out" else "beneficiary"
                out.append(f"{f.key}: written on the {side}'s record, read on the {self.subject}'s record")
            elif isinstance(f, SequenceFeature):
                out.append(f"{f.key}>in: written on the beneficiary's record; {f.key}>out: written on the "
                           f"originator's record; both read on the originator's record")
            else:
                out.append(f"{f.key}: read and written on both parties' records, passed across in the carry")
        return out


def _unique(uses: list) -> list:
    out: list = []
    for spec, path in uses:
        if not any(s is spec and p == path for s, p in out):
            out.append((spec, path))
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# --- parameters -----------------------------------------------------------------------------------


def parse_param(c: Compiler, name: str, raw: Any, node: Any, key: Any, bounds: Mapping[str, Any] | None = None,
                description: str | None = None) -> Param:
    """Resolve one parameter value (number, duration, text, bool, or list/reference)."""
    line = node.line_of(key) if isinstance(node, (LineDict, LineList)) else 0
    if isinstance(raw, bool):
        p = Param(name, "bool", raw, raw, line, description=description)
    elif isinstance(raw, (int, float)):
        if raw < 0:
            raise c.fail(node, key, f"parameter {name}: {raw} must not be negative")
        p = Param(name, "number", raw, raw, line, description=description)
    elif isinstance(raw, str) and parse_duration(raw) is not None:
        seconds = parse_duration(raw)
        if not seconds or seconds > 400 * 86400:
            raise c.fail(node, key, f"parameter {name}: duration {raw!r} must be above 0 and at most 400d")
        p = Param(name, "duration", seconds, raw, line, description=description)
    elif isinstance(raw, (str, list)):
        items = raw if isinstance(raw, list) else [raw]
        if isinstance(raw, str) and not raw.startswith("@"):
            p = Param(name, "text", raw, raw, line, description=description)
        else:
            if not items:
                raise c.fail(node, key, f"parameter {name}: empty list")
            refs = tuple(i for i in items if isinstance(i, str) and i.startswith("@"))
            for i, item in enumerate(items):
                if isinstance(item, (dict, list)) or item is None:
                    raise c.fail(node, key, f"parameter {name}: item {i + 1} must be a value or @reference")
            kinds = set()
            for spec in refs:
                try:
                    ref, _cats = c.refs.parse_spec(spec)
                except (KeyError, ValueError) as exc:
                    raise c.fail(raw if isinstance(raw, LineList) else node,
                                 items.index(spec) if isinstance(raw, LineList) else key,
                                 f"parameter {name}: {str(exc).strip(chr(34))}") from None
                kinds.add(ref.kind)
            if "keywords" in kinds:
                if len(refs) != len(items) or kinds != {"keywords"}:
                    raise c.fail(node, key, f"parameter {name}: a keyword parameter may only list keyword references")
                p = Param(name, "keywords", c.refs.keywords(refs), raw, line, refs=refs, description=description)
            elif "rates" in kinds:
                raise c.fail(node, key, f"parameter {name}: a rates table cannot be used as a list")
            else:
                values: set = set()
                for item in items:
                    values |= c.refs.values(item) if item in refs else {item}
                p = Param(name, "set", frozenset(values), raw, line, refs=refs, description=description)
    else:
        raise c.fail(node, key, f"parameter {name}: unsupported value {raw!r}")
    if bounds:
        _check_bounds(c, p, bounds, node, key)
    return p


def _check_bounds(c: Compiler, p: Param, bounds: Mapping[str, Any], node: Any, key: Any) -> None:
    if p.kind not in ("number", "duration"):
        raise c.fail(node, key, f"parameter {p.name}: min/max apply to numbers and durations only")
    for side in ("min", "max"):
        if side not in bounds:
            continue
        limit = bounds[side]
        limit_v = parse_duration(limit) if p.kind == "duration" else limit
        if limit_v is None or isinstance(limit_v, bool) or not isinstance(limit_v, (int, float)):
            raise c.fail(node, key, f"parameter {p.name}: bad {side} {limit!r}")
        if (side == "min" and p.value < limit_v) or (side == "max" and p.value > limit_v):
            raise c.fail(node, key, f"parameter {p.name} = {p.raw!r} is {'below' if side == 'min' else 'above'} "
                                    f"its {side} {limit!r}")


def _parse_params(c: Compiler, node: Any, overrides: Mapping[str, Any]) -> dict[str, Param]:
    params: dict[str, Param] = {}
    if node is None:
        node = LineDict()
    if not isinstance(node, dict):
        raise c.fail(node, None, "parameters must be a mapping of name: value")
    for name, spec in node.items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise c.fail(node, name, f"parameter name {name!r} must be lower_case_with_underscores")
        bounds, description, raw = None, None, spec
        if isinstance(spec, dict):
            unknown = set(spec) - {"value", "min", "max", "description"}
            if unknown or "value" not in spec:
                bad = sorted(unknown)[0] if unknown else "value"
                raise c.fail(spec, bad if unknown else None,
                             f"parameter {name}: {'unknown field ' + repr(bad) if unknown else 'missing value'} "
                             f"(a parameter mapping has value, min, max, description)")
            raw, description = spec["value"], spec.get("description")
            bounds = {k: spec[k] for k in ("min", "max") if k in spec}
        param = parse_param(c, name, raw, node, name, bounds, description)
        if name in overrides:
            try:
                new = parse_param(c, name, overrides[name], node, name, bounds, description)
            except RuleFileError as exc:
                raise RuleFileError(exc.path, exc.line, f"override {name}={overrides[name]!r}: {exc.message}") from None
            if new.kind != param.kind:
                raise c.fail(node, name, f"override of {name} is a {new.kind}; the file declares a {param.kind}")
            new.raw = overrides[name]
            param = new
        params[name] = param
    unknown = set(overrides) - set(params)
    if unknown:
        raise c.fail(node, None, f"override for unknown parameter {sorted(unknown)[0]!r} "
                                 f"(parameters: {', '.join(sorted(params)) or 'none'})")
    return params


# --- features -------------------------------------------------------------------------------------


def _int_opt(c: Compiler, spec: dict, key: str, default: int, lo: int, hi: int) -> int:
    if key not in spec:
        return default
    value = c.number(spec[key], spec, key)
    if int(value) != value or not lo <= value <= hi:
        raise c.fail(spec, key, f"{key} must be a whole number from {lo} to {hi}")
    return int(value)


def _where(c: Compiler, spec: dict, key: str = "where") -> tuple[Pred, Any]:
    if key not in spec or spec[key] is None:
        return always, None
    return compile_predicate(c, spec[key], spec, key), _plain(spec[key])


def _check_keys(c: Compiler, spec: dict, allowed: set[str], what: str) -> None:
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise c.fail(spec, unknown[0], f"unknown field {unknown[0]!r} in {what} (allowed: {', '.join(sorted(allowed))})")


def _parse_feature(c: Compiler, rule_id: str, subject: str, name: str, spec: Any, parent: Any) -> Feature:
    if not isinstance(name, str) or not _NAME.match(name):
        raise c.fail(parent, name, f"feature name {name!r} must be lower_case_with_underscores")
    if not isinstance(spec, dict):
        raise c.fail(parent, name, f"feature {name} must be a mapping with a type")
    kind = spec.get("type")
    if kind not in FEATURE_TYPES:
        raise c.fail(spec, "type" if "type" in spec else None,
                     f"feature {name}: type must be one of {', '.join(FEATURE_TYPES)}")
    what = f"feature {name} ({kind})"
    if kind == "window":
        _check_keys(c, spec, {"type", "flow", "window", "where", "country", "max_events"}, what)
        if subject == "transaction":
            raise c.fail(spec, "type", "a window needs an account: use subject originator or beneficiary")
        flow = spec.get("flow")
        if flow not in ("in", "out"):
            raise c.fail(spec, "flow" if "flow" in spec else None, f"{what}: flow must be in or out")
        if "window" not in spec:
            raise c.fail(spec, None, f"{what}: missing window")
        window = c.duration(spec["window"], spec, "window")
        where, where_text = _where(c, spec)
        country_field = None
        if "country" in spec:
            path = spec["country"]
            if path not in FIELDS or FIELDS[path].kind != "country":
                raise c.fail(spec, "country", f"{what}: country must name a country field, e.g. terminal_country")
            c.used_fields.add(path)
            country_field = FIELDS[path].get
        cap = _int_opt(c, spec, "max_events", DEFAULT_MAX_EVENTS, 1, 5000)
        return WindowFeature(rule_id, name, window, flow, where, cap, country_field, where_text)
    if kind == "sequence":
        _check_keys(c, spec, {"type", "in", "out", "max_events"}, what)
        if subject != "originator":
            raise c.fail(spec, "type", f"{what}: a sequence is evaluated at an outflow; use subject originator")
        parts = {}
        for side in ("in", "out"):
            part = spec.get(side)
            if not isinstance(part, dict) or "window" not in part:
                raise c.fail(spec, side if side in spec else None, f"{what}: '{side}' needs a window (and may have where)")
            _check_keys(c, part, {"window", "where"}, f"{what}.{side}")
            parts[side] = (c.duration(part["window"], part, "window"), *_where(c, part))
        cap = _int_opt(c, spec, "max_events", DEFAULT_MAX_EVENTS, 1, 5000)
        (iw, iwhere, itext), (ow, owhere, otext) = parts["in"], parts["out"]
        return SequenceFeature(rule_id, name, iw, iwhere, ow, owhere, cap, itext, otext)
    if subject == "originator":
        raise c.fail(spec, "type", f"{what}: graph blocks need both parties; use subject transaction or beneficiary")
    if kind == "closeness":
        _check_keys(c, spec, {"type", "window", "max_hops", "listed_min_score", "seed_min_score", "where"}, what)
        window = c.duration(spec.get("window", "90d"), spec, "window")
        hops = _int_opt(c, spec, "max_hops", 2, 1, 4)
        listed = c.number(spec.get("listed_min_score", 90), spec, "listed_min_score")
        seed = spec.get("seed_min_score", 70)
        seed_v = None if seed is None or seed is False else c.number(seed, spec, "seed_min_score")
        for label, v in (("listed_min_score", listed), ("seed_min_score", seed_v)):
            if v is not None and not 0 < v <= 100:
                raise c.fail(spec, label, f"{what}: {label} must be within 1-100")
        where, where_text = _where(c, spec)
        return ClosenessFeature(rule_id, name, window, hops, listed, seed_v,
                                where if "where" in spec else None, where_text)
    _check_keys(c, spec, {"type", "window", "max_hops", "min_length", "max_origins", "where"}, what)
    window = c.duration(spec.get("window", "30d"), spec, "window")
    hops = _int_opt(c, spec, "max_hops", 6, 2, 12)
    min_length = _int_opt(c, spec, "min_length", 3, 2, 12)
    if min_length > hops + 1:
        raise c.fail(spec, "min_length", f"{what}: min_length {min_length} can never be reached with max_hops {hops}")
    origins = _int_opt(c, spec, "max_origins", 30, 1, 500)
    where, _ = _where(c, spec)
    return RoundTripFeature(rule_id, name, window, hops, origins, min_length, where if "where" in spec else None)


# --- the rule -------------------------------------------------------------------------------------


def _text(c: Compiler, doc: LineDict, key: str, required: bool = True) -> str:
    value = doc.get(key)
    if value is None:
        if required:
            raise c.fail(doc, None, f"missing field '{key}'")
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        raise c.fail(doc, key, f"'{key}' must be non-empty text")
    return str(value).strip()


def _text_list(c: Compiler, doc: LineDict, key: str, required: bool) -> list[str]:
    value = doc.get(key)
    if value is None:
        if required:
            raise c.fail(doc, None, f"missing field '{key}'")
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise c.fail(doc, key, f"'{key}' must be a non-empty list of text")
    return [v.strip() for v in value]


def _score(c: Compiler, node: Any, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise c.fail(node, key, f"score must be a number from 0 to 100, got {value!r}")
    return float(value)


def _exprs(c: Compiler, node: Any, key: str, params: dict[str, Param], features: dict[str, Feature]) -> list[Expr]:
    value = node.get(key)
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise c.fail(node, key, f"{key} must be a list of conditions")
    numeric = {n: p.value for n, p in params.items() if p.kind == "number"}
    measures = {n: f.measures for n, f in features.items()}
    out = []
    for i, text in enumerate(items):
        where_node, where_key = (items, i) if isinstance(items, LineList) else (node, key)
        if not isinstance(text, str):
            raise c.fail(where_node, where_key, f"condition {text!r} must be text, e.g. 'x.count >= $min_count'")
        try:
            expr = Expr(text, numeric, measures)
        except ExprError as exc:
            raise c.fail(where_node, where_key, f"condition {text!r}: {exc}") from None
        c.used_params.update(expr.params)
        out.append(expr)
    return out


def compile_rule(path: str | Path, refs: ReferenceSet, overrides: Mapping[str, Any] | None = None,
                 text: str | None = None) -> Rule | None:
    """Compile one rule file; None when it says ``enabled: false``."""
    path = str(path)
    raw = Path(path).read_bytes() if text is None else text.encode()
    text = raw.decode("utf-8")
    doc = load_yaml(path, text)
    if not isinstance(doc, LineDict):
        raise RuleFileError(path, 1, "a rule file must be a mapping (id, version, title, ...)")
    c = Compiler(path=path, refs=refs, params={})
    unknown = sorted(set(doc) - set(TOP_FIELDS))
    if unknown:
        raise c.fail(doc, unknown[0], f"unknown field {unknown[0]!r} (allowed: {', '.join(TOP_FIELDS)})")
    enabled = doc.get("enabled", True)
    if not isinstance(enabled, bool):
        raise c.fail(doc, "enabled", "enabled must be true or false")
    rule_id = _text(c, doc, "id")
    if not _ID.match(rule_id):
        raise c.fail(doc, "id", f"id {rule_id!r} must look like R10 or G1 (capitals, digits, - _ .)")
    version = _text(c, doc, "version")
    if not _VERSION.match(version):
        raise c.fail(doc, "version", f"version {version!r} must look like 1.0.0")
    subject = doc.get("subject", "originator")
    if subject not in SUBJECTS:
        raise c.fail(doc, "subject", f"subject must be one of {', '.join(SUBJECTS)}")
    severity = _text(c, doc, "severity")
    if severity not in SEVERITIES:
        raise c.fail(doc, "severity", f"severity must be one of {', '.join(SEVERITIES)}")
    if "score" not in doc:
        raise c.fail(doc, None, "missing field 'score'")
    score = _score(c, doc, "score", doc["score"])
    declared = _text_list(c, doc, "fields", True)
    for i, f in enumerate(declared):
        if f not in FIELDS:
            fields_node = doc["fields"]
            raise c.fail(fields_node, i, f"unknown field {f!r} in fields (known: {', '.join(FIELDS)})")
    c.params = _parse_params(c, doc.get("parameters"), overrides or {})
    when = compile_predicate(c, doc["when"], doc, "when") if doc.get("when") is not None else always
    features: dict[str, Feature] = {}
    fnode = doc.get("features")
    if fnode is not None:
        if not isinstance(fnode, dict) or not fnode:
            raise c.fail(doc, "features", "features must be a mapping of name: {type: ...}")
        for name, spec in fnode.items():
            features[name] = _parse_feature(c, rule_id, subject, name, spec, fnode)
    require = _exprs(c, doc, "require", c.params, features)
    if features and not require:
        raise c.fail(doc, "features", "features are declared but no 'require' condition reads them")
    escalate = []
    enode = doc.get("escalate")
    if enode is not None:
        if not isinstance(enode, list):
            raise c.fail(doc, "escalate", "escalate must be a list of {score, when, require, label}")
        for i, item in enumerate(enode):
            if not isinstance(item, dict) or "score" not in item:
                raise c.fail(enode, i, "each escalation needs a score (and when and/or require)")
            _check_keys(c, item, {"score", "when", "require", "label"}, "an escalation")
            esc_score = _score(c, item, "score", item["score"])
            if esc_score <= score:
                raise c.fail(item, "score", f"escalation score {esc_score:g} must be above the rule score {score:g}")
            if item.get("when") is None and item.get("require") is None:
                raise c.fail(enode, i, "an escalation needs when and/or require")
            ewhen = compile_predicate(c, item["when"], item, "when") if item.get("when") is not None else always
            ereq = _exprs(c, item, "require", c.params, features)
            label = str(item.get("label") or f"score {esc_score:g}")
            escalate.append(Escalation(esc_score, ewhen, ereq, label))
    read = {f for e in require for f in e.features} | {f for esc in escalate for e in esc.require for f in e.features}
    unread = sorted(set(features) - read)
    if unread:
        raise c.fail(fnode, unread[0], f"feature {unread[0]!r} is never read by a require condition")
    unused = sorted(set(c.params) - c.used_params)
    if unused:
        raise c.fail(doc.get("parameters"), unused[0], f"parameter {unused[0]!r} is never used")
    undeclared = sorted(c.used_fields - set(declared))
    if undeclared:
        raise c.fail(doc, "fields", f"the rule reads {', '.join(undeclared)} but 'fields' does not list "
                                    f"{'it' if len(undeclared) == 1 else 'them'}")
    title = _text(c, doc, "title")
    description = " ".join(_text(c, doc, "description").split())
    sources = _text_list(c, doc, "sources", True)
    catalogue = _text_list(c, doc, "catalogue", False)
    tags = _text_list(c, doc, "tags", False)
    if not enabled:
        return None
    return Rule(
        id=rule_id,
        version=version,
        title=title,
        description=description,
        sources=sources,
        catalogue=catalogue,
        fields=declared,
        subject=subject,
        severity=severity,
        score=score,
        params=c.params,
        when=when,
        features=features,
        require=require,
        escalate=escalate,
        tags=tags,
        path=path,
        digest=hashlib.sha256(raw).hexdigest(),
        source_text=text,
        keyword_uses=_unique(c.keyword_uses),
        when_source=_plain(doc.get("when")),
    )
