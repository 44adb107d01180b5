"""Small helpers for the watchlists tests, written independently of the parsers."""

from __future__ import annotations

from watchlists.model import ListEntry, ParsedList


def by_id(parsed_list: ParsedList) -> dict[str, ListEntry]:
    return {e.entry_id: e for e in parsed_list.entries}


def name_key(name: str) -> str:
    """Case and spacing ignored."""
    return " ".join(name.split()).casefold()


def alias_names(entry: ListEntry, quality: str | None = None) -> set[str]:
    return {a.name for a in entry.aliases if quality is None or a.quality == quality}


def totals(parsed_list: ParsedList) -> dict[str, int]:
    """Entries, aliases, dates of birth and documents of a parsed list."""
    entries = parsed_list.entries
    return {
        "entries": len(entries),
        "aliases": sum(len(e.aliases) for e in entries),
        "dobs": sum(len(e.dates_of_birth) for e in entries),
        "documents": sum(len(e.documents) for e in entries),
    }
