"""Deterministic test traffic: clean payments, planted list names, malformed messages."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone

GIVEN = ["Jan", "Maria", "Pieter", "Sofia", "Lukas", "Emma", "Noah", "Julia", "Finn", "Anna", "Liam", "Olivia"]
FAMILY = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Bos", "Vos"]
COUNTRIES = ["NL", "DE", "BE", "FR", "ES", "IT", "TR", "GB"]


def clean_transactions(n: int, seed: int = 1, prefix: str = "tx") -> list[dict]:
    rnd = random.Random(seed)
    start = datetime.now(timezone.utc) - timedelta(minutes=5)
    out = []
    for i in range(n):
        out.append({
            "id": f"{prefix}-{i:06d}",
            "timestamp": (start + timedelta(milliseconds=10 * i)).isoformat(),
            "amount": f"{rnd.randint(1, 5000)}.{rnd.randint(0, 99):02d}",
            "currency": rnd.choice(["EUR", "USD", "GBP"]),
            "channel": rnd.choice(["wire", "card", "mvts", "p2p"]),
            "originator": {"name": f"{rnd.choice(GIVEN)} {rnd.choice(FAMILY)}", "type": "person",
                           "account": f"ACC{rnd.randint(1, 400):05d}", "country": rnd.choice(COUNTRIES)},
            "beneficiary": {"name": f"{rnd.choice(GIVEN)} {rnd.choice(FAMILY)}", "type": "person",
                            "account": f"ACC{rnd.randint(401, 800):05d}", "country": rnd.choice(COUNTRIES)},
            "remittance_info": rnd.choice(["invoice 2231", "rent", "family support", "groceries", ""]) or None,
            "producer_field": {"kept": True},
        })
    return out


def plant(txs: list[dict], names: list[str], every: int, seed: int = 2) -> set[str]:
    """Put listed names into every ``every``-th payment; return the planted ids."""
    rnd = random.Random(seed)
    planted = set()
    for i, name in zip(range(0, len(txs), every), names * (len(txs) // every + 1)):
        role = rnd.choice(["originator", "beneficiary"])
        txs[i][role] = {**txs[i][role], "name": name}
        planted.add(txs[i]["id"])
    return planted


def malformed(n: int) -> list[bytes]:
    """``n`` refused messages of several kinds, each unique."""
    kinds = [
        lambda i: b"not json %d" % i,
        lambda i: json.dumps({"id": f"bad-{i}", "amount": "1"}).encode(),  # missing fields
        lambda i: json.dumps({"id": f"bad-{i}", "timestamp": "2026-11-24T09:00:00Z", "amount": "1",
                              "currency": "XQZ", "originator": {"name": "a"}, "beneficiary": {"name": "b"}}).encode(),
        lambda i: b'{"id": "bad-%d", "remittance_info": "caf\xe9"}' % i,  # not UTF-8
        lambda i: b'{"id": "bad-%d", "x": ' % i + b"[" * 5000 + b"]" * 5000 + b"}",
    ]
    return [kinds[i % len(kinds)](i) for i in range(n)]
