"""The typology rules engine: ``RuleEngine.evaluate(tx, ctx) -> [RuleHit]``.

``RuleEngine.load()`` compiles the rule library (``rules/library``) and its
reference data (``rules/reference``) into a fresh engine; build a new one to
reload rules and swap it in. ``RuleEngine()`` with no rules evaluates nothing
and reports version ``"none"``.

One evaluation runs in two sides, each touching only one account record
(README "State keys"):

1. the originator's side reads and writes ``acct:<originator account>``,
   records outflows and evaluates rules whose subject is the originator;
2. the beneficiary's side reads and writes ``acct:<beneficiary account>``,
   records inflows and evaluates the other rules.

``evaluate`` runs both on one state store. A stream partitioned by account can
run them apart: ``evaluate_originator`` returns a JSON *carry* that
``evaluate_beneficiary`` takes on the beneficiary's partition.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from rules.errors import RuleError, RuleFileError
from rules.fields import TxView
from rules.model import RuleContext, RuleHit
from rules.reference import ReferenceSet, load_reference
from rules.schema import Rule, compile_rule
from rules.yamlfile import LineDict, load_yaml
from tfscreen.model import Transaction

log = logging.getLogger(__name__)

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
MANIFEST = "_ruleset.yaml"
KEY_PREFIX = "acct:"
PRUNED_AT = "_p"  # in a record: when it was last pruned whole (epoch seconds)
PRUNE_EVERY = 7 * 86400
APPLIED = "_in"  # in a record: inflows applied, id hash -> event time (see inflow_applied)
APPLIED_KEEP = 7 * 86400  # at least this long, or the longest window if longer
APPLIED_CAP = 5000


def state_key(account: str) -> str:
    """The state-store key of one account's record."""
    return KEY_PREFIX + account


class RuleEngine:
    """Compiled rules plus reference data; safe to share, holds no state itself."""

    def __init__(self, rules: Iterable[Rule] = (), reference: ReferenceSet | None = None,
                 version: str = "none", name: str = "none") -> None:
        self.rules: list[Rule] = list(rules)
        self.reference = reference or ReferenceSet({})
        self.version = version
        self.name = name
        self._rates = self.reference.rates()
        self._by_id = {r.id: r for r in self.rules}
        self._orig_rules = [r for r in self.rules if r.phase == "originator"]
        self._bene_rules = [r for r in self.rules if r.phase == "beneficiary"]
        self._features = [f for r in self.rules for f in r.features.values()]
        self._recorders = {side: [f for f in self._features if side in f.sides] for side in ("originator", "beneficiary")}
        self._carry_features = [f for f in self._features if f.uses_carry]
        self.max_window = max((f.window for f in self._features), default=0)

    # --- loading ---------------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        directory: str | Path | None = None,
        *,
        reference_dir: str | Path | None = None,
        params: Mapping[str, Mapping[str, Any]] | None = None,
        extra_reference: Mapping[str, Iterable[str]] | None = None,
        only: Iterable[str] | None = None,
    ) -> RuleEngine:
        """Compile every ``*.yaml`` rule file in ``directory`` into a new engine.

        - ``directory``: rule files (default ``rules/library``); an optional
          ``_ruleset.yaml`` there names the set and its human version.
        - ``reference_dir``: reference lists (default ``rules/reference``).
        - ``params``: parameter overrides, ``{"R10": {"min_share": 0.6}}``,
          validated like the files.
        - ``extra_reference``: values added to reference lists, e.g.
          ``{"crypto_designated": wallet addresses from the loaded watchlists}``.
        - ``only``: load just these rule ids.

        Raises RuleFileError (file and line) or RuleError; never returns a half-loaded engine.
        """
        directory = Path(directory) if directory is not None else LIBRARY_DIR
        if not directory.is_dir():
            raise RuleFileError(str(directory), None, "rule directory not found")
        reference = load_reference(reference_dir)
        for name, values in (extra_reference or {}).items():
            try:
                reference.extend(name, values)
            except (KeyError, ValueError) as exc:
                raise RuleError(f"extra_reference: {exc}") from None
        params = {k: dict(v) for k, v in (params or {}).items()}
        wanted = set(only) if only is not None else None
        set_name, human, manifest_bytes = _manifest(directory)
        rules: list[Rule] = []
        seen: dict[str, str] = {}
        digest = hashlib.sha256(manifest_bytes)
        for path in sorted(directory.glob("*.yaml")):
            if path.name.startswith("_"):
                continue
            rule_params = _params_for(path, params)
            rule = compile_rule(path, reference, rule_params)
            if rule is None:
                continue
            if rule.id in seen:
                raise RuleFileError(str(path), None, f"rule id {rule.id} is already defined in {seen[rule.id]}")
            seen[rule.id] = str(path)
            if wanted is not None and rule.id not in wanted:
                continue
            rules.append(rule)
            digest.update(f"{path.name}:{rule.digest}\n".encode())
        unknown = set(params) - set(seen)
        if unknown:
            raise RuleError(f"parameter overrides for unknown rule(s): {', '.join(sorted(unknown))}")
        if wanted is not None and wanted - set(seen):
            raise RuleError(f"unknown rule id(s): {', '.join(sorted(wanted - set(seen)))}")
        digest.update(reference.digest().encode())
        digest.update(_code_digest().encode())
        if params:
            digest.update(json.dumps(params, sort_keys=True, default=str).encode())
        version = f"{set_name}-{human}+{digest.hexdigest()[:10]}"
        engine = cls(rules, reference, version, set_name)
        log.debug("loaded %d rules from %s, version %s", len(rules), directory, version)
        return engine

    def get(self, rule_id: str) -> Rule:
        try:
            return self._by_id[rule_id]
        except KeyError:
            raise RuleError(f"no rule {rule_id!r} (rules: {', '.join(self._by_id)})") from None

    def __len__(self) -> int:
        return len(self.rules)

    # --- evaluation ------------------------------------------------------------------------------

    def evaluate(self, tx: Transaction, ctx: RuleContext) -> list[RuleHit]:
        """Every rule that fires on ``tx``; reads and updates ``ctx.state``."""
        if not self.rules:
            return []
        view = TxView(tx, self._rates)
        carry: dict[str, Any] = {}
        hits = self._side("originator", view, ctx, carry)
        hits.extend(self._side("beneficiary", view, ctx, carry))
        return hits

    def evaluate_originator(self, tx: Transaction, ctx: RuleContext) -> dict[str, Any]:
        """The originator's side alone; returns the carry (plain JSON) for the beneficiary's side."""
        carry: dict[str, Any] = {}
        if self.rules:
            hits = self._side("originator", TxView(tx, self._rates), ctx, carry)
            carry["hits"] = [_hit_to_dict(h) for h in hits]
        return carry

    def evaluate_beneficiary(self, tx: Transaction, ctx: RuleContext, carry: Mapping[str, Any]) -> list[RuleHit]:
        """The beneficiary's side; returns the originator's hits (from the carry) plus its own."""
        if not self.rules:
            return []
        carry = dict(carry)
        hits = [RuleHit(**h) for h in carry.pop("hits", ())]
        hits.extend(self._side("beneficiary", TxView(tx, self._rates), ctx, carry))
        return hits

    @staticmethod
    def inflow_applied(record: Mapping[str, Any] | None, tx_id: str) -> bool:
        """Whether the beneficiary's side of payment ``tx_id`` has already run on this account
        ``record``. The stream asks after a restart, when only one of a payment's two records
        for the beneficiary's partition comes back (streams/ordering.py)."""
        return bool(record) and str(zlib.crc32(tx_id.encode())) in (record.get(APPLIED) or {})

    def _side(self, side: str, view: TxView, ctx: RuleContext, carry: dict[str, Any]) -> list[RuleHit]:
        party = view.tx.originator if side == "originator" else view.tx.beneficiary
        state = ctx.state
        key = state_key(party.account) if party.account else None
        rec: dict | None = None
        if key is not None:
            rec = state.get(key)
            rec = {} if rec is None else rec
        changed = False
        if side == "originator":
            for f in self._recorders[side]:
                if f.record_originator(view, ctx, rec, carry):
                    changed = True
            rules = self._orig_rules
        else:
            for f in self._recorders[side]:
                if f.record_beneficiary(view, ctx, rec, carry):
                    changed = True
            rules = self._bene_rules
        hits: list[RuleHit] = []
        seeds: list[RuleHit] = []
        for rule in rules:
            try:
                hit = rule.evaluate(view, ctx, rec, carry)
            except Exception as exc:  # name the rule that failed
                raise RuleError(f"rule {rule.ref} failed on transaction {view.tx.id}: {exc!r}") from exc
            if hit is not None:
                hits.append(hit)
                if rule.subject == side and not rule.is_graph:
                    seeds.append(hit)
        for f in self._carry_features:
            changed |= f.after(side, view, rec, carry, seeds)
        if side == "beneficiary" and rec is not None:
            applied = rec.setdefault(APPLIED, {})
            applied[str(view.id_hash)] = view.ts
            if len(applied) > APPLIED_CAP:
                del applied[next(iter(applied))]
            changed = True
        if changed and key is not None:
            # Once a week per account, also drop what untouched features have forgotten.
            if view.ts - rec.get(PRUNED_AT, 0) >= PRUNE_EVERY:
                self.prune(rec, view.ts)
                rec[PRUNED_AT] = view.ts
            state[key] = rec
        return hits

    # --- state housekeeping ----------------------------------------------------------------------

    def prune(self, record: dict, now: datetime | int) -> dict | None:
        """Drop what every window has forgotten; None when nothing is left (delete the key).

        For periodic sweeps of a state table; evaluation already prunes what it touches.
        """
        ts = int(now.timestamp()) if isinstance(now, datetime) else int(now)
        for f in self._features:
            f.prune(record, ts)
        applied = record.get(APPLIED)
        if applied is not None:
            oldest = ts - max(APPLIED_KEEP, self.max_window)
            for h in [h for h, t in applied.items() if t < oldest]:
                del applied[h]
            if not applied:
                del record[APPLIED]
        known = {f.key for f in self._features}
        for k in [k for k in record if k not in (PRUNED_AT, APPLIED) and k.split(">")[0] not in known]:
            del record[k]  # left over from a rule that is no longer loaded
        return record if set(record) - {PRUNED_AT} else None

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "rules": [r.describe() for r in self.rules],
            "reference": {n: {"version": r.version, "date": r.date, "source": r.source, "size": r.size}
                          for n, r in sorted(self.reference.refs.items())},
        }


def _code_digest() -> str:
    """SHA-256 of the engine's own Python sources: new semantics give a new rule-set version."""
    h = hashlib.sha256()
    base = Path(__file__).resolve().parent
    for path in sorted([*base.glob("*.py"), *base.glob("blocks/*.py")]):
        h.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _hit_to_dict(hit: RuleHit) -> dict[str, Any]:
    return {"rule_id": hit.rule_id, "version": hit.version, "title": hit.title, "score": hit.score,
            "evidence": hit.evidence}


def _manifest(directory: Path) -> tuple[str, str, bytes]:
    path = directory / MANIFEST
    if not path.exists():
        return directory.name, "0", b""
    raw = path.read_bytes()
    doc = load_yaml(path, raw.decode("utf-8"))
    if not isinstance(doc, LineDict):
        raise RuleFileError(str(path), 1, "the manifest must be a mapping with name, version, description")
    unknown = sorted(set(doc) - {"name", "version", "description"})
    if unknown:
        raise RuleFileError(str(path), doc.line_of(unknown[0]), f"unknown field {unknown[0]!r}")
    for key in ("name", "version"):
        if not isinstance(doc.get(key), (str, int, float)) or not str(doc.get(key)).strip():
            raise RuleFileError(str(path), doc.line_of(key), f"missing or empty '{key}'")
    return str(doc["name"]).strip(), str(doc["version"]).strip(), raw


def _params_for(path: Path, params: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Overrides for the rule in ``path`` (found by the id the file declares)."""
    if not params:
        return {}
    doc = load_yaml(path)
    rule_id = doc.get("id") if isinstance(doc, dict) else None
    return params.get(str(rule_id), {}) if rule_id is not None else {}
