"""Readable one-line and multi-line views of alerts and decisions."""

from __future__ import annotations

from typing import Any

SEVERITY_COLOURS = {"critical": "\033[1;31m", "high": "\033[31m", "medium": "\033[33m", "low": "\033[36m"}
RESET = "\033[0m"


def reason_line(reason: dict[str, Any]) -> str:
    if reason.get("kind") == "watchlist":
        return (
            f"{reason['party_role']} {reason['query_name']!r} ~ {reason['list']}:{reason['entry_id']} "
            f"{reason['matched_name']!r} ({reason['score']:.0f})"
        )
    evidence = reason.get("evidence") or {}
    brief = ", ".join(f"{k}={v}" for k, v in list(evidence.items())[:4])
    return f"rule {reason['rule']} {reason.get('title', '')} ({reason['score']:.0f}) {brief}".rstrip()


def alert_text(alert: dict[str, Any], colour: bool = False) -> str:
    sev = alert["severity"]
    head = f"{alert['created_at'][:19]}  {sev.upper():8} {alert['score']:3d}  tx {alert['transaction_id']}"
    tx = alert.get("transaction") or {}
    amount = f"{tx.get('amount', '?')} {tx.get('currency', '')}".strip()
    parties = f"{(tx.get('originator') or {}).get('name', '?')} -> {(tx.get('beneficiary') or {}).get('name', '?')}"
    if colour:
        head = f"{SEVERITY_COLOURS.get(sev, '')}{head}{RESET}"
    lines = [f"{head}  {amount}  {parties}"]
    lines.extend(f"    - {reason_line(r)}" for r in alert.get("reasons", []))
    return "\n".join(lines)
