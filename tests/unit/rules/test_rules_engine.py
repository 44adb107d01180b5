"""The engine: versions, reload, the two sides, and the state it keeps."""

from __future__ import annotations

import json
import re
import shutil
from datetime import timedelta

import msgspec
import pytest

from rules.engine import LIBRARY_DIR, RuleEngine, state_key
from rules.model import RuleContext
from tfscreen.codec import decode_transaction
from tfscreen.simulate import generate
from tests.unit.rules.conftest import Run, listed_match


@pytest.fixture(scope="module")
def traffic():
    txs, labels = generate(4000, seed=11, planted_names=["Abu Example Listed"])
    listed = {t: roles for lab in labels if lab["kind"] == "watchlist" for t, roles in lab["roles"].items()}
    return [decode_transaction(json.dumps(t).encode()) for t in txs], listed


def ctx_for(tx, state, listed):
    role = listed.get(tx.id)
    hits = {role: [listed_match()]} if role else {}
    return RuleContext(now=tx.timestamp, state=state, watchlist_hits=hits)


def test_empty_engine_is_the_placeholder():
    engine = RuleEngine()
    assert engine.version == "none" and len(engine) == 0
    assert engine.evaluate(decode_transaction(json.dumps(Run(engine).doc()).encode()), RuleContext(now=None, state={})) == []


def test_version_is_human_plus_content_hash(library, tmp_path):
    assert re.fullmatch(r"ctf-1\.0\.0\+[0-9a-f]{10}", library.version)
    assert RuleEngine.load().version == library.version  # deterministic
    assert RuleEngine.load(params={"R10": {"min_share": 0.6}}).version != library.version
    copy = tmp_path / "lib"
    shutil.copytree(LIBRARY_DIR, copy)
    path = copy / "R09_fan_out.yaml"
    path.write_text(path.read_text().replace("min_recipients: 3", "min_recipients: 4"), encoding="utf-8")
    assert RuleEngine.load(copy).version.split("+")[1] != library.version.split("+")[1]


def test_hits_carry_id_at_version_and_evidence(run):
    h = run.tx(remittance_info="for the mujahideen")[0]
    assert h.ref == "R3@1.0.0"
    msgspec.json.encode(h.evidence)  # plain data, ready for the alert


def test_reload_builds_an_independent_engine(library):
    fresh = RuleEngine.load(only=["R3", "R9"])
    assert [r.id for r in fresh.rules] == ["R3", "R9"] and len(library) > 2


def test_two_sides_apart_give_the_same_hits_as_one_call(library, traffic):
    """As the stream would run it: originator side, JSON carry, beneficiary side, JSON state.

    Each side may read and write only its own account's key; values go through JSON as in a table.
    """
    txs, listed = traffic
    together, state = [], {}
    for tx in txs:
        together.append(library.evaluate(tx, ctx_for(tx, state, listed)))
    apart, table = [], {}
    for tx in txs:
        carry = library.evaluate_originator(tx, ctx_for(tx, _Guard(table, tx.originator.account), listed))
        carry = json.loads(json.dumps(carry))
        apart.append(library.evaluate_beneficiary(tx, ctx_for(tx, _Guard(table, tx.beneficiary.account), listed), carry))
    assert [[(h.ref, h.score, h.evidence) for h in hs] for hs in together] == \
        [[(h.ref, h.score, json.loads(json.dumps(h.evidence))) for h in hs] for hs in apart]
    assert sum(len(h) for h in together) > 20
    assert json.loads(json.dumps(state)) == table


class _Guard:
    """A state store that fails if a side touches any key other than its own account's."""

    def __init__(self, backing: dict, account: str | None) -> None:
        self.backing, self.allowed = backing, state_key(account) if account else None

    def get(self, key, default=None):
        assert key == self.allowed, f"read {key}, allowed {self.allowed}"
        value = self.backing.get(key)
        return json.loads(json.dumps(value)) if value is not None else default  # as a table would

    def __setitem__(self, key, value):
        assert key == self.allowed, f"wrote {key}, allowed {self.allowed}"
        self.backing[key] = json.loads(json.dumps(value))


def test_state_is_plain_json_and_bounded(library, traffic):
    txs, listed = traffic
    state: dict = {}
    for tx in txs:
        library.evaluate(tx, ctx_for(tx, state, listed))
    assert all(k.startswith("acct:") for k in state)
    text = json.dumps(state)  # plain data only
    assert json.loads(text) == state
    caps = {f.key: f.cap for r in library.rules for f in r.features.values() if f.kind in ("window", "sequence")}
    trips = {f.key: f.max_origins for r in library.rules for f in r.features.values() if f.kind == "round_trip"}
    checked = 0
    for record in state.values():
        for key, value in record.items():
            base = key.split(">")[0]
            if base in caps:
                assert len(value) <= caps[base]
                assert all(a[0] <= b[0] for a, b in zip(value, value[1:]))  # time order
                checked += 1
            elif base in trips:
                assert len(value) <= trips[base]
    assert checked > 100


def test_prune_forgets_everything_after_the_longest_window(library, traffic):
    txs, listed = traffic
    state: dict = {}
    for tx in txs[:1500]:
        library.evaluate(tx, ctx_for(tx, state, listed))
    later = txs[1499].timestamp + timedelta(seconds=library.max_window + 1)
    assert library.max_window == 180 * 86400  # R23's history window
    leftovers = {k: library.prune(dict(v), later) for k, v in state.items()}
    assert all(v is None for v in leftovers.values())
    soon = txs[1499].timestamp + timedelta(days=1)
    assert any(library.prune(json.loads(json.dumps(v)), soon) for v in state.values())


def test_the_record_says_which_inflows_it_has_applied(library, traffic):
    """The stream asks this after a restart (streams/ordering.py); kept for a week at least, and
    pruned with the rest."""
    txs, listed = traffic
    state: dict = {}
    for tx in txs[:300]:
        assert not library.inflow_applied(state.get(state_key(tx.beneficiary.account or "")), tx.id)
        library.evaluate(tx, ctx_for(tx, state, listed))
        if tx.beneficiary.account:
            assert library.inflow_applied(state[state_key(tx.beneficiary.account)], tx.id)
    tx = next(t for t in txs if t.beneficiary.account)
    record = json.loads(json.dumps(state[state_key(tx.beneficiary.account)]))
    library.prune(record, tx.timestamp + timedelta(days=7, seconds=-1))
    assert library.inflow_applied(record, tx.id)
    library.prune(record, tx.timestamp + timedelta(seconds=library.max_window + 1))
    assert not library.inflow_applied(record, tx.id)


def test_old_records_from_removed_rules_are_dropped(library):
    assert library.prune({"R99.gone": [[1, 2.0, "x", None]]}, 10) is None


def test_a_party_without_account_keeps_no_state(run):
    run.tx(channel="atm", terminal_country="SY", beneficiary={"name": "ATM", "account": None, "type": "organization"})
    assert set(run.state) == {"acct:NL01CUST"}


def test_a_redelivered_payment_is_not_counted_twice(library):
    from tests.unit.rules.conftest import Run

    run = Run(library)
    doc = run.doc(0, channel="mvts", beneficiary={"name": "P1", "account": "TR01", "country": "TR"})
    tx = decode_transaction(json.dumps(doc).encode())
    for _ in range(3):  # at-least-once: the same payment three times
        library.evaluate(tx, RuleContext(now=tx.timestamp, state=run.state))
    assert len(run.state["acct:NL01CUST"]["R9.recipients"]) == 1
    run.tx(1, channel="mvts", beneficiary={"name": "P2", "account": "TR02", "country": "TR"})
    assert Run.hit(run.tx(2, channel="mvts", beneficiary={"name": "P3", "account": "TR03", "country": "TR"}),
                   "R9") is not None
    def windows(state):
        return json.dumps({k: {f: v for f, v in rec.items() if f.split(".")[0] != "G1"} for k, rec in state.items()},
                          sort_keys=True)

    before = windows(run.state)
    library.evaluate(tx, RuleContext(now=tx.timestamp, state=run.state))  # late redelivery of the first
    # Windows and sequences are unchanged; closeness may pass on what the payer became since.
    assert windows(run.state) == before
