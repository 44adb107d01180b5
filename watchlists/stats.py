"""Summary figures for one parsed list, for logs, dashboards and checks."""

from __future__ import annotations

from collections import Counter
from typing import Any

from watchlists.model import ParsedList

_KINDS = ("person", "organization", "vessel", "aircraft", "other")


def list_stats(parsed: ParsedList) -> dict[str, Any]:
    """Counts over a parsed list. Pure; the result is JSON-serialisable.

    Keys: list_id, format, version (the version label), published, source,
    content_hash, delta, entries, deleted, by_kind (every kind, zeros
    included), aliases, weak_aliases, original_script_aliases, terrorism,
    with_date_of_birth, with_nationality, documents, crypto_addresses,
    programs (entries per program).
    """
    entries = parsed.entries
    kinds = Counter(e.kind for e in entries)
    aliases = [a for e in entries for a in e.aliases]
    programs = Counter(p for e in entries for p in e.programs)
    return {
        "list_id": parsed.version.list_id,
        "format": parsed.version.format,
        "version": parsed.version.label,
        "published": parsed.version.published,
        "source": parsed.version.source,
        "content_hash": parsed.version.content_hash,
        "delta": parsed.delta,
        "entries": len(entries),
        "deleted": len(parsed.deleted),
        "by_kind": {k: kinds.get(k, 0) for k in _KINDS},
        "aliases": len(aliases),
        "weak_aliases": sum(1 for a in aliases if a.quality == "weak"),
        "original_script_aliases": sum(1 for a in aliases if a.original_script),
        "terrorism": sum(1 for e in entries if e.terrorism),
        "with_date_of_birth": sum(1 for e in entries if e.dates_of_birth),
        "with_nationality": sum(1 for e in entries if e.nationalities),
        "documents": sum(len(e.documents) for e in entries),
        "crypto_addresses": sum(len(e.crypto_addresses) for e in entries),
        "programs": dict(programs.most_common()),
    }
