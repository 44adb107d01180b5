"""diff_lists, apply_delta and list_stats."""

from __future__ import annotations

import json

import msgspec
import pytest

from watchlists.diff import apply_delta, diff_lists
from watchlists.model import Alias, DateOfBirth, ListEntry, ListVersion, ParsedList
from watchlists.stats import list_stats


def entry(entry_id: str, name: str, **fields) -> ListEntry:
    return ListEntry(list_id="t", entry_id=entry_id, kind=fields.pop("kind", "person"), name=name, **fields)


def plist(*entries: ListEntry, published: str = "v1", delta: bool = False, deleted: tuple[str, ...] = ()) -> ParsedList:
    version = ListVersion(
        list_id="t", source="mem", format="test", published=published, content_hash="0" * 64, entry_count=len(entries)
    )
    return ParsedList(version=version, entries=entries, delta=delta, deleted=deleted)


A = entry("a", "Alpha One", aliases=(Alias(name="A. One"), Alias(name="Al", quality="weak")), programs=("P1", "P2"))
B = entry("b", "Bravo Two", dates_of_birth=(DateOfBirth(value="1970"),))
C = entry("c", "Charlie Three", kind="organization", terrorism=True)


def test_added_removed_changed():
    old = plist(A, B, C)
    b2 = msgspec.structs.replace(B, name="Bravo Deux", dates_of_birth=(DateOfBirth(value="1971"),))
    d = entry("d", "Delta Four")
    diff = diff_lists(old, plist(A, b2, d, published="v2"))
    assert diff.added == ("t/d",)
    assert diff.removed == ("t/c",)
    assert [(c.key, c.fields) for c in diff.changed] == [("t/b", ("name", "dates_of_birth"))]
    assert (diff.old_version, diff.new_version) == ("v1", "v2")
    assert not diff.is_empty


def test_reordering_is_not_a_change():
    shuffled = msgspec.structs.replace(A, aliases=tuple(reversed(A.aliases)), programs=("P2", "P1"))
    assert diff_lists(plist(A), plist(shuffled)).is_empty


def test_quality_change_is_a_change():
    weaker = msgspec.structs.replace(
        A, aliases=(Alias(name="A. One", quality="weak"), Alias(name="Al", quality="weak"))
    )
    assert [c.fields for c in diff_lists(plist(A), plist(weaker)).changed] == [("aliases",)]


def test_identical_lists():
    assert diff_lists(plist(A, B), plist(A, B)).is_empty


def test_diff_on_real_versions(parsed):
    """The same UN file parsed twice is unchanged; dropping an entry shows up."""
    un = parsed("un/UN_consolidated_2026-02-27.xml")
    assert diff_lists(un, un).is_empty
    smaller = plist(*un.entries[1:])
    diff = diff_lists(un, smaller)
    assert diff.removed == (un.entries[0].key,)
    assert diff.added == () and diff.changed == ()


def test_apply_delta():
    base = plist(A, B, C)
    b2 = msgspec.structs.replace(B, name="Bravo Deux")
    delta = plist(b2, entry("e", "Echo"), published="v2", delta=True, deleted=("c",))
    merged = apply_delta(base, delta)
    assert [e.entry_id for e in merged.entries] == ["a", "b", "e"]
    assert merged.entries[1].name == "Bravo Deux"
    assert merged.version.published == "v2"
    assert merged.version.entry_count == 3
    assert merged.delta is False


def test_apply_delta_needs_a_delta():
    with pytest.raises(ValueError):
        apply_delta(plist(A), plist(B))


def test_stats_small():
    stats = list_stats(plist(A, B, C))
    assert stats["entries"] == 3
    assert stats["by_kind"] == {"person": 2, "organization": 1, "vessel": 0, "aircraft": 0, "other": 0}
    assert (stats["aliases"], stats["weak_aliases"], stats["terrorism"]) == (2, 1, 1)
    assert stats["with_date_of_birth"] == 1
    assert stats["programs"] == {"P1": 1, "P2": 1}
    assert stats["version"] == "v1"
    json.dumps(stats)  # serialisable


def test_stats_on_un_sample(parsed):
    un = parsed("un/UN_consolidated_2026-02-27.xml")
    stats = list_stats(un)
    assert stats["version"] == "2026-02-27T00:00:09.554Z"
    assert stats["format"] == "un_xml"
    assert stats["entries"] == 1003
    assert stats["by_kind"]["person"] == 730 and stats["by_kind"]["organization"] == 273
    assert stats["aliases"] == sum(len(e.aliases) for e in un.entries)
    assert stats["terrorism"] == sum(1 for e in un.entries if e.entry_id[:3] in ("QDi", "QDe", "TAi", "TAe"))
    assert stats["original_script_aliases"] >= 378  # every NAME_ORIGINAL_SCRIPT at least
    assert stats["programs"]["Al-Qaida"] == 341
