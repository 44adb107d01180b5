"""Build the screening engines from list files and the rule library."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

from rules.engine import RuleEngine
from rules.scoring import ScoringPolicy
from tfscreen.config import Settings
from tfscreen.screening import Screener
from watchlists.matcher import Matcher
from watchlists.model import ParsedList

log = logging.getLogger(__name__)


def expand_paths(paths: Sequence[str]) -> list[Path]:
    """Files as given; directories become the list files directly inside them."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".") and f.suffix.lower() != ".md"))
        else:
            out.append(p)
    return out


def load_lists(paths: Sequence[str]) -> list[ParsedList]:
    """Parse every list file; any refused file stops the load (nothing half-loaded)."""
    parsed: list[ParsedList] = []
    if not paths:
        return parsed
    from watchlists.loader import load_list

    for path in paths:
        started = time.perf_counter()
        p = load_list(str(path))
        log.info(
            "loaded %s: %d entries, version %s (%.2f s)",
            path, len(p.entries), p.version.label, time.perf_counter() - started,
        )
        parsed.append(p)
    return parsed


def load_rules() -> RuleEngine:
    load = getattr(RuleEngine, "load", None)
    return load() if load else RuleEngine()


def build_screener(settings: Settings, lists: Sequence[ParsedList]) -> Screener:
    matcher = Matcher(lists)
    return Screener(matcher, load_rules(), ScoringPolicy(alert_threshold=settings.alert_threshold))
