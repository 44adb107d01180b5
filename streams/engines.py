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


# Files of an OFAC legacy CSV set that are read with their primary file, never alone.
_OFAC_COMPANIONS = {"alt.csv", "add.csv", "sdn_comments.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"}
_OFAC_PRIMARIES = {"sdn.csv", "cons_prim.csv"}


def expand_paths(paths: Sequence[str]) -> list[Path]:
    """Files as given; a directory becomes the list files directly inside it.

    Hidden files (download metadata, partial downloads) and notes are skipped;
    an OFAC CSV set counts as one list, read through its primary file.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if not p.is_dir():
            out.append(p)
            continue
        for f in sorted(p.iterdir()):
            name = f.name.casefold()
            if not f.is_file() or name.startswith(".") or f.suffix.lower() in (".md", ".txt", ".part"):
                continue
            if name in _OFAC_COMPANIONS:
                continue
            out.append(f)
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


def designated_addresses(lists: Sequence[ParsedList]) -> list[str]:
    """Crypto addresses of listed entries (OFAC "Digital Currency Address", FtM wallets, ...)."""
    return sorted({a for p in lists for e in p.entries for a in e.crypto_addresses})


def load_rules(lists: Sequence[ParsedList] = (), directory: str | None = None) -> RuleEngine:
    """The rule library, with the lists' designated crypto addresses added to R16's reference."""
    addresses = designated_addresses(lists)
    return RuleEngine.load(directory or None,
                           extra_reference={"crypto_designated": addresses} if addresses else None)


def rules_fingerprint(directory: str | None = None) -> tuple:
    """Names, sizes and modification times of the rule and reference files: cheap change detection."""
    from rules.engine import LIBRARY_DIR

    lib = Path(directory) if directory else LIBRARY_DIR
    ref = LIBRARY_DIR.parent / "reference"
    files = sorted([*lib.glob("*.yaml"), *ref.glob("*.yaml")])
    return tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.is_file())


def build_screener(settings: Settings, lists: Sequence[ParsedList]) -> Screener:
    matcher = Matcher(lists, threshold=settings.name_threshold, cache_size=settings.match_cache)
    policy = ScoringPolicy(alert_threshold=settings.alert_threshold, review_threshold=settings.review_threshold)
    return Screener(matcher, load_rules(lists, settings.rules_dir), policy)
