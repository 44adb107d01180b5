"""Combine watchlist and typology results into one score and severity.

Policy (documented in rules/README.md, "Scores and severity"):
- the transaction score is the highest single reason score, raised by a
  corroboration bonus of 5 points for each further independent reason, capped
  at 100;
- ``alert`` when the score reaches the alert threshold (default 70);
- ``review`` when it reaches the review threshold (default 50) but not the
  alert threshold: no alert is raised, the decision records the score and
  the reasons count so analysts can sample this band;
- severity bands: critical >= 90, high >= 80, medium >= alert threshold,
  low below it (a low-severity result is not alerted).

A rule's own ``score`` says where it lands alone: >= 70 alerts by itself,
50-69 is review level and alerts only with a second reason, below 50 is
corroboration only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import msgspec

from tfscreen.model import Severity

Band = Literal["clear", "review", "alert"]


class ScoringPolicy(msgspec.Struct, frozen=True, kw_only=True):
    alert_threshold: float = 70.0
    high: float = 80.0
    critical: float = 90.0
    corroboration_bonus: float = 5.0
    review_threshold: float = 50.0


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


def band(score: float, policy: ScoringPolicy) -> Band:
    """clear, review or alert for a combined score.

    >>> [band(s, ScoringPolicy()) for s in (30, 55, 75)]
    ['clear', 'review', 'alert']
    """
    if score >= policy.alert_threshold:
        return "alert"
    if score >= policy.review_threshold:
        return "review"
    return "clear"
