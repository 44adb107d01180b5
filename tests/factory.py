"""Builders for test transactions."""

from __future__ import annotations

import json
from typing import Any


def tx(id: str = "tx-1", **overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": id,
        "timestamp": "2026-11-24T09:15:02+01:00",
        "amount": "4950.00",
        "currency": "EUR",
        "channel": "mvts",
        "originator": {"name": "Jan de Vries", "type": "person", "account": "NL91ABNA0417164300", "country": "NL"},
        "beneficiary": {"name": "Maria Jansen", "type": "person", "account": "TR330006100519786457841326", "country": "TR"},
        "remittance_info": "family support",
    }
    doc.update(overrides)
    return doc


def raw(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()
