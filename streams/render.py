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
    return f"rule {reason['rule']} {reason.get('title', '')} ({reason['score']:.0f}) {evidence_brief(reason.get('evidence') or {})}".rstrip()


_SKIP = {"severity", "subject", "transaction", "account"}


def evidence_brief(evidence: dict[str, Any], most: int = 4) -> str:
    """A few readable figures from a rule's evidence: scalars and short lists only."""
    parts = []
    for key, value in evidence.items():
        if key in _SKIP or isinstance(value, dict):
            continue
        if isinstance(value, list):
            if not value or isinstance(value[0], (dict, list)):
                continue
            value = ", ".join(map(str, value[:3])) + (" ..." if len(value) > 3 else "")
        elif isinstance(value, float):
            value = f"{value:,.2f}"
        parts.append(f"{key}={value}")
        if len(parts) == most:
            break
    return "; ".join(parts)


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
