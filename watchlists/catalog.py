"""Lists as a stream of records: what ``watchlist.entries`` carries, and how to read it back.

The topic is compacted, one partition. Keys and values:

- ``entry/<list_id>/<entry_id>``: a :class:`ListEntry` as JSON; a tombstone
  (no value) when the entry left the list;
- ``version/<list_id>``: a :class:`ListVersion` as JSON, written after all of
  that version's entry records.

A reader applies records in order and exposes a list only when its version
record arrives and the entries it holds for that list number exactly the
version's ``entry_count``. So a reader never sees a half-published version:
until the version record, the previous version stays in force.

Pure: no Kafka here. streams/ moves the records.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from watchlists.model import ListEntry, ListVersion, ParsedList

_entry_decoder = msgspec.json.Decoder(ListEntry)
_version_decoder = msgspec.json.Decoder(ListVersion)
_encoder = msgspec.json.Encoder()

Record = tuple[str, bytes | None]


def entry_key(list_id: str, entry_id: str) -> str:
    return f"entry/{list_id}/{entry_id}"


def version_key(list_id: str) -> str:
    return f"version/{list_id}"


def records_for(new: ParsedList, old: ParsedList | None = None) -> list[Record]:
    """Records that move a reader from ``old`` (None: nothing) to ``new``.

    Only added or changed entries are written, removed ones become tombstones,
    and the version record comes last.
    """
    before = {e.entry_id: e for e in old.entries} if old else {}
    after = {e.entry_id: e for e in new.entries}
    list_id = new.version.list_id
    out: list[Record] = []
    for entry_id, entry in after.items():
        if before.get(entry_id) != entry:
            out.append((entry_key(list_id, entry_id), _encoder.encode(entry)))
    for entry_id in before.keys() - after.keys():
        out.append((entry_key(list_id, entry_id), None))
    out.append((version_key(list_id), _encoder.encode(new.version)))
    return out


class Catalog:
    """Rebuilds complete list versions from topic records applied in order."""

    def __init__(self) -> None:
        self._entries: dict[str, dict[str, ListEntry]] = {}
        self._published: dict[str, ParsedList] = {}
        self.rejected: list[str] = []  # why a version record was not taken

    def apply(self, key: str, value: bytes | None) -> str | None:
        """Apply one record; return the list id if a new version became complete."""
        kind, _, rest = key.partition("/")
        if kind == "entry":
            list_id, _, entry_id = rest.partition("/")
            bucket = self._entries.setdefault(list_id, {})
            if value is None:
                bucket.pop(entry_id, None)
            else:
                bucket[entry_id] = _entry_decoder.decode(value)
            return None
        if kind == "version" and value is not None:
            version = _version_decoder.decode(value)
            entries = self._entries.get(rest, {})
            if len(entries) != version.entry_count:
                self.rejected.append(
                    f"{rest} version {version.label}: {len(entries)} entries on the topic, "
                    f"version record says {version.entry_count}; previous version kept"
                )
                return None
            current = self._published.get(rest)
            if current is not None and current.version == version:
                return None
            self._published[rest] = ParsedList(version=version, entries=tuple(entries.values()))
            return rest
        if kind == "version" and value is None:  # a list withdrawn entirely
            self._entries.pop(rest, None)
            return rest if self._published.pop(rest, None) is not None else None
        return None

    def apply_all(self, records: Iterable[Record]) -> set[str]:
        changed = set()
        for key, value in records:
            list_id = self.apply(key, value)
            if list_id:
                changed.add(list_id)
        return changed

    def lists(self) -> list[ParsedList]:
        return [self._published[k] for k in sorted(self._published)]

    def get(self, list_id: str) -> ParsedList | None:
        return self._published.get(list_id)
