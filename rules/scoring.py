"""Combine watchlist and typology results into one score and severity.

Policy (documented in README.md, "Scores and severity"):
- the transaction score is the highest single reason score, raised by a
  corroboration bonus of 5 points for each further independent reason, capped
  at 100;
- ``alert`` when the score reaches the alert threshold (default 70);
- severity bands: critical >= 90, high >= 80, medium >= alert threshold,
  low below it (a low-severity result is not alerted).
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from tfscreen.model import Severity


class ScoringPolicy(msgspec.Struct, frozen=True, kw_only=True):
    alert_threshold: float = 70.0
    high: float = 80.0
    critical: float = 90.0
    corroboration_bonus: float = 5.0


def combine(scores: Sequence[float], policy: ScoringPolicy) -> int:
    """One 0-100 score from the reasons' scores.

    >>> combine([92.0, 60.0], ScoringPolicy())
    97
    >>> combine([], ScoringPolicy())
    0
    """
    if not scores:
        return 0
    ordered = sorted(scores, reverse=True)
    total = ordered[0] + policy.corroboration_bonus * (len(ordered) - 1)
    return int(round(min(100.0, max(0.0, total))))


def severity(score: float, policy: ScoringPolicy) -> Severity:
    if score >= policy.critical:
        return "critical"
    if score >= policy.high:
        return "high"
    if score >= policy.alert_threshold:
        return "medium"
    return "low"
