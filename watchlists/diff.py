"""Compare two versions of a list, and apply delta files.

Pure functions over :class:`ParsedList`: no I/O. Entries are matched by
:attr:`ListEntry.key` (``list_id/entry_id``).
"""

from __future__ import annotations

from collections import Counter

import msgspec

from watchlists.model import ListEntry, ParsedList

# Every ListEntry field except the identity fields, in declaration order.
_COMPARED = tuple(f for f in ListEntry.__struct_fields__ if f not in ("list_id", "entry_id"))


class EntryChange(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    fields: tuple[str, ...]  # names of the ListEntry fields that differ


class ListDiff(msgspec.Struct, frozen=True, kw_only=True):
    old_version: str  # ListVersion.label of the old list
    new_version: str
    added: tuple[str, ...] = ()  # entry keys, in the new list's order
    removed: tuple[str, ...] = ()  # entry keys, in the old list's order
    changed: tuple[EntryChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def changed_fields(old: ListEntry, new: ListEntry) -> tuple[str, ...]:
    """Names of the fields whose values differ.

    Tuple fields (aliases, dates, documents, programs, ...) are compared as
    multisets: a publisher reordering them is not a change.
    """
    return tuple(f for f in _COMPARED if not _same(getattr(old, f), getattr(new, f)))


def _same(a: object, b: object) -> bool:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and Counter(a) == Counter(b)
    return a == b


def diff_lists(old: ParsedList, new: ParsedList) -> ListDiff:
    """Entries added, removed and changed between ``old`` and ``new``."""
    old_by_key = {e.key: e for e in old.entries}
    new_by_key = {e.key: e for e in new.entries}
    changed = []
    for key, entry in new_by_key.items():
        before = old_by_key.get(key)
        if before is not None and before != entry:
            fields = changed_fields(before, entry)
            if fields:
                changed.append(EntryChange(key=key, fields=fields))
    return ListDiff(
        old_version=old.version.label,
        new_version=new.version.label,
        added=tuple(k for k in new_by_key if k not in old_by_key),
        removed=tuple(k for k in old_by_key if k not in new_by_key),
        changed=tuple(changed),
    )


def apply_delta(base: ParsedList, delta: ParsedList) -> ParsedList:
    """``base`` with a delta's entries added or replaced and its deletions made.

    The result keeps ``base``'s order, with new entries at the end, and takes
    the delta's version (with the new entry count).
    """
    if not delta.delta:
        raise ValueError("apply_delta needs a delta list (ParsedList.delta is False)")
    deleted = {f"{delta.version.list_id}/{entry_id}" for entry_id in delta.deleted}
    updates = {e.key: e for e in delta.entries}
    entries = [updates.pop(e.key, e) for e in base.entries if e.key not in deleted]
    entries.extend(updates.values())
    version = msgspec.structs.replace(delta.version, entry_count=len(entries))
    return ParsedList(version=version, entries=tuple(entries))
