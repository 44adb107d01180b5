"""Lists published as records and read back: whole versions only."""

from __future__ import annotations

from watchlists.catalog import Catalog, entry_key, records_for, version_key
from watchlists.model import ListEntry, ListVersion, ParsedList


def plist(names: dict[str, str], published: str) -> ParsedList:
    entries = tuple(ListEntry(list_id="un", entry_id=i, kind="person", name=n) for i, n in names.items())
    version = ListVersion(list_id="un", source="t", format="t", published=published,
                          content_hash=published * 4, entry_count=len(entries))
    return ParsedList(version=version, entries=entries)


V1 = plist({"a": "Alpha One", "b": "Bravo Two", "c": "Charlie Three"}, "2026-01-01")
V2 = plist({"a": "Alpha One", "b": "Bravo Two Changed", "d": "Delta Four"}, "2026-02-01")


def test_first_publication_writes_every_entry_then_the_version():
    recs = records_for(V1)
    assert [k for k, _ in recs] == [entry_key("un", "a"), entry_key("un", "b"), entry_key("un", "c"), version_key("un")]


def test_update_writes_only_changes_and_tombstones():
    recs = dict(records_for(V2, V1))
    assert set(recs) == {entry_key("un", "b"), entry_key("un", "d"), entry_key("un", "c"), version_key("un")}
    assert recs[entry_key("un", "c")] is None


def test_reader_sees_whole_versions_only():
    cat = Catalog()
    assert cat.apply_all(records_for(V1)) == {"un"}
    assert {e.entry_id for e in cat.get("un").entries} == {"a", "b", "c"}
    update = records_for(V2, V1)
    # Mid-publication: entries applied, version record not yet -> old version still in force.
    for key, value in update[:-1]:
        assert cat.apply(key, value) is None
    assert cat.get("un").version.published == "2026-01-01"
    assert {e.name for e in cat.get("un").entries} == {"Alpha One", "Bravo Two", "Charlie Three"}
    assert cat.apply(*update[-1]) == "un"
    assert cat.get("un").version.published == "2026-02-01"
    assert {e.name for e in cat.get("un").entries} == {"Alpha One", "Bravo Two Changed", "Delta Four"}


def test_version_whose_entries_are_missing_is_refused():
    cat = Catalog()
    recs = records_for(V1)
    cat.apply_all(recs[1:])  # first entry lost
    assert cat.get("un") is None
    assert "2 entries on the topic" in cat.rejected[0]


def test_replaying_the_same_version_changes_nothing():
    cat = Catalog()
    cat.apply_all(records_for(V1))
    assert cat.apply_all([records_for(V1)[-1]]) == set()
