"""A payment run again after a rebalance (at-least-once) must not record its inflow twice."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import msgspec

from rules.engine import RuleEngine, state_key
from streams.app import Pipeline, Staged, _staged
from tests.factory import raw, tx
from tfscreen.codec import decode_transaction
from tfscreen.screening import Screener
from watchlists.matcher import Matcher


def party(account: str) -> dict:
    return {"name": f"Holder {account}", "type": "person", "account": account, "country": "NL"}


def pipeline() -> Pipeline:
    p = Pipeline.__new__(Pipeline)
    p.screener = Screener(Matcher([]), RuleEngine.load())
    p.accounts = {}  # the table's get and set, in memory
    p.forwarded = []

    async def send(key, value):
        p.forwarded.append(_staged.decode(value))

    async def emit(tx, result, input_ts):
        pass

    p.by_beneficiary = SimpleNamespace(send=send)
    p._emit = emit
    return p


def run(p: Pipeline, doc: dict) -> None:
    """Both sides of one payment, as the rules stage runs them."""
    data = raw(doc)
    t = decode_transaction(data)
    staged = Staged(raw=msgspec.Raw(data), names=p.screener.screen_names(t), input_ts=0.0,
                    source="transactions[0]@0", tx_id=t.id)
    asyncio.run(p.stage_outflow(staged))
    asyncio.run(p.stage_inflow(p.forwarded.pop()))


def origins(p: Pipeline, account: str) -> list:
    return sorted(e[0] for e in p.accounts[state_key(account)]["R33.trip"])


def test_a_redelivered_payment_does_not_record_its_inflow_again():
    """Seen in tests/integration/test_rules_stream.py after a SIGTERM restart: a payment into B
    ran again, its originator's side now carried round-trip origins A had only learned from
    later payments, and B's record took them in; B's next payment then saw 3 origins where the
    offline run sees 1, enough to close a cycle (R33) that is not there."""
    p = pipeline()
    run(p, tx("q", timestamp="2026-11-01T09:00:00+00:00", originator=party("X"), beneficiary=party("A")))
    run(p, tx("p", timestamp="2026-11-02T09:00:00+00:00", originator=party("A"), beneficiary=party("B")))
    assert origins(p, "B") == ["A", "X"]
    run(p, tx("r", timestamp="2026-11-03T09:00:00+00:00", originator=party("Y"), beneficiary=party("A")))
    assert origins(p, "A") == ["X", "Y"]
    before = p.accounts[state_key("B")]
    before = msgspec.json.decode(msgspec.json.encode(before))
    run(p, tx("p", timestamp="2026-11-02T09:00:00+00:00", originator=party("A"), beneficiary=party("B")))
    assert origins(p, "B") == ["A", "X"]  # not Y: A only heard of it after p
    assert p.accounts[state_key("B")] == before
