"""Normalised watchlist records: one shape for every list format.

Every parser in :mod:`watchlists.sources` turns a publisher's file into
:class:`ListEntry` records plus one :class:`ListVersion`. The index and the
matcher read only these types, never a source format.
"""

from __future__ import annotations

from typing import Literal

import msgspec

EntryKind = Literal["person", "organization", "vessel", "aircraft", "other"]
Quality = Literal["strong", "weak"]


class Alias(msgspec.Struct, frozen=True, kw_only=True):
    """One name an entry is known by, other than its primary name."""

    name: str
    quality: Quality = "strong"
    # ISO 15924 code of the dominant script ("Latn", "Arab", "Cyrl", ...), or None if unknown.
    script: str | None = None
    # True when the publisher gives this as the name in its original script.
    original_script: bool = False


class NameParts(msgspec.Struct, frozen=True, kw_only=True):
    """Name parts where the source gives them separately."""

    given: tuple[str, ...] = ()
    middle: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    patronymic: tuple[str, ...] = ()
    title: tuple[str, ...] = ()


class DateOfBirth(msgspec.Struct, frozen=True, kw_only=True):
    """A full, partial or ranged birth date as the list gives it.

    ``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. A range sets
    ``value`` to its start and ``end`` to its end; ``approximate`` marks
    "circa"/"APPROXIMATELY" dates.
    """

    value: str
    end: str | None = None
    approximate: bool = False


class IdentityDocument(msgspec.Struct, frozen=True, kw_only=True):
    type: str  # "passport", "national_id", "tax_id", "imo", ... as the source says
    number: str
    country: str | None = None  # ISO 3166-1 alpha-2
    note: str | None = None


class Address(msgspec.Struct, frozen=True, kw_only=True):
    text: str | None = None
    city: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2


class ListEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One listed person, organisation, vessel or aircraft."""

    list_id: str  # "un", "ofac", "eu", "uk", "interpol", "opensanctions", "custom:<name>"
    entry_id: str  # the publisher's own id (UN reference number, OFAC uid, EU logical id, ...)
    kind: EntryKind
    name: str  # primary name as published
    aliases: tuple[Alias, ...] = ()
    name_parts: NameParts | None = None
    dates_of_birth: tuple[DateOfBirth, ...] = ()
    places_of_birth: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()  # ISO alpha-2
    countries: tuple[str, ...] = ()  # other linked countries, ISO alpha-2
    documents: tuple[IdentityDocument, ...] = ()
    crypto_addresses: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    programs: tuple[str, ...] = ()
    terrorism: bool = False
    listed_on: str | None = None  # YYYY-MM-DD
    remarks: str | None = None
    gender: str | None = None

    @property
    def key(self) -> str:
        """Unique key across lists: ``list_id/entry_id``."""
        return f"{self.list_id}/{self.entry_id}"

    def all_names(self) -> list[tuple[str, Quality]]:
        """Primary name then aliases, each with its quality."""
        names: list[tuple[str, Quality]] = [(self.name, "strong")]
        names.extend((a.name, a.quality) for a in self.aliases)
        return names


class ListVersion(msgspec.Struct, frozen=True, kw_only=True):
    """Identity of one loaded version of one list."""

    list_id: str
    source: str  # file path or URL it was read from
    format: str  # parser name, e.g. "un_xml", "ofac_xml", "ofac_csv"
    published: str | None  # publisher's date or timestamp, as given
    content_hash: str  # sha256 hex of the raw bytes read
    entry_count: int

    @property
    def label(self) -> str:
        """Short human-readable version: publication date (or hash prefix)."""
        return self.published or self.content_hash[:12]


class ParsedList(msgspec.Struct, frozen=True, kw_only=True):
    version: ListVersion
    entries: tuple[ListEntry, ...]
    # True when the file is a change set (e.g. an OpenSanctions delta), not a
    # full list: ``entries`` are then added or modified entries only.
    delta: bool = False
    # Entry ids a delta removes (``ListEntry.entry_id`` values, same list_id).
    deleted: tuple[str, ...] = ()
