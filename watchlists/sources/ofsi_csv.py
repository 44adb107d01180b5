"""HM Treasury OFSI Consolidated List (ConList) CSV, closed on 2026-01-28.

Kept for archives. Line 1 is ``Last Updated,dd/mm/yyyy,...`` (the date is
kept as ``published``); line 2 is the header. The 2018 file is Windows-1252;
the reader tries UTF-8 first, then Windows-1252.

Columns are read by header name (case and spacing ignored), which covers the
pre-2022 layout (29 columns) and the 2022 layout (adds Alias Quality and
non-Latin names). One row per name variant: rows are grouped by ``Group ID``
into one entry. The first "Prime Alias" / "Primary name" row gives the
primary name; other names are aliases (``Alias Quality`` "Low quality" ->
weak). Dates are dd/mm/yyyy with 00 for unknown parts. Multi-valued cells use
"(1) ... (2) ..." enumerations. A document number is the first token with a
digit in each enumerated item of ``Passport Details`` / ``NI Number``.
terrorism: the ISIL/Al-Qaida, Afghanistan and counter-terrorism regimes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from watchlists.countries import to_iso2
from watchlists.errors import ListFileError
from watchlists.model import Address, EntryKind, IdentityDocument, ListEntry, NameParts, ParsedList
from watchlists.sources._util import (
    AliasCollector,
    clean,
    content_hash,
    csv_rows,
    decode,
    dob,
    finish,
    parse_dmy,
    split_enumeration,
    unique,
    unique_documents,
)
from watchlists.sources.uk_xml import is_terrorism

FORMAT = "ofsi_csv"
LIST_ID = "uk"

REQUIRED = ("name 6", "group type", "alias type", "group id")
PRIMARY_TYPES = {"prime alias", "primary name"}
KINDS: dict[str, EntryKind] = {"individual": "person", "entity": "organization", "ship": "vessel"}

_PAREN = re.compile(r"\([^()]*\)")
_QUALIFIERS = re.compile(r"\b(citizenship|nationality|national|possibly|by birth|withdrawn.*|revoked.*)\b", re.I)
_TOKEN = re.compile(r"[\s:]+")


def _norm(header: str) -> str:
    return " ".join(header.split()).casefold()


def parse(path: str | Path, data: bytes, *, list_id: str | None = None) -> ParsedList:
    path = str(path)
    list_id = list_id or LIST_ID
    text = decode(path, data, ("utf-8", "cp1252"))
    rows = csv_rows(path, text)
    first = next(rows, None)
    if first is None or not first[1] or clean(first[1][0]).casefold() != "last updated":
        raise ListFileError(path, "line 1 is not 'Last Updated,dd/mm/yyyy'", where="line 1")
    published = clean(first[1][1]) if len(first[1]) > 1 else None
    header_line, header = next(rows, (2, []))
    columns = {_norm(h): i for i, h in enumerate(header) if h.strip()}
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ListFileError(path, f"header lacks column(s) {', '.join(missing)}", where=f"line {header_line}")

    groups: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ListFileError(
                path, f"row has {len(row)} fields, header has {len(header)} (truncated file?)", where=f"line {line}"
            )
        record = {name: row[i] for name, i in columns.items()}
        group_id = clean(record["group id"])
        if not group_id:
            raise ListFileError(path, "row without Group ID", where=f"line {line}")
        groups[group_id].append((line, record))
    entries = [_entry(path, list_id, gid, grouped) for gid, grouped in groups.items()]
    return finish(
        path, fmt=FORMAT, list_id=list_id, published=published or None, digest=content_hash(data), entries=entries
    )


def _name(record: dict[str, str]) -> str:
    return clean(" ".join(record.get(f"name {i}", "") for i in (1, 2, 3, 4, 5, 6)))


def _entry(path: str, list_id: str, group_id: str, rows: list[tuple[int, dict[str, str]]]) -> ListEntry:
    line, first = rows[0]
    records = [r for _, r in rows]
    kind_text = clean(first["group type"])
    kind = KINDS.get(kind_text.casefold())
    if kind is None:
        raise ListFileError(path, f"group {group_id}: unknown Group Type {kind_text!r}", where=f"line {line}")
    named = [r for r in records if _name(r)]
    if not named:
        raise ListFileError(path, f"group {group_id} has no name", where=f"line {line}")
    primary = next((r for r in named if clean(r["alias type"]).casefold() in PRIMARY_TYPES), named[0])
    name = _name(primary)
    aliases = AliasCollector(name)
    for r in named:
        weak = "low" in clean(r.get("alias quality")).casefold()
        aliases.add(_name(r), "weak" if weak else "strong")
    for r in records:
        aliases.add(r.get("name non-latin script"), "strong", original_script=True)

    def values(column: str) -> list[str]:
        return list(unique(v for r in records for v in split_enumeration(r.get(column))))

    documents = [_document("passport", item) for item in values("passport details")]
    documents += [_document("passport", item) for item in values("passport number")]
    documents += [_document("national_id", item) for item in values("ni number")]
    documents += [_document("national_id", item) for item in values("national identification number")]

    addresses = unique(_address(r) for r in records)
    regime = clean(first.get("regime"))
    places = unique(
        ", ".join(p for p in (clean(r.get("town of birth")), clean(r.get("country of birth"))) if p) for r in records
    )
    return ListEntry(
        list_id=list_id,
        entry_id=group_id,
        kind=kind,
        name=name,
        aliases=aliases.result(),
        name_parts=_name_parts(primary) if kind == "person" else None,
        dates_of_birth=unique(dob(parse_dmy(r.get("dob"))) for r in records),
        places_of_birth=places,
        nationalities=unique(_country(n) for n in values("nationality")),
        countries=unique(a.country for a in addresses),
        documents=unique_documents(documents),
        addresses=addresses,
        programs=unique([regime]),
        terrorism=is_terrorism(regime),
        listed_on=_iso_day(first.get("listed on")),
        remarks=clean(first.get("other information")) or None,
    )


def _country(text: str) -> str | None:
    """A country from a messy nationality cell item: "Iranian (Iranian citizenship)" -> IR."""
    text = _QUALIFIERS.sub(" ", _PAREN.sub(" ", text))
    return to_iso2(clean(text))


def _document(doc_type: str, item: str) -> IdentityDocument | None:
    for token in _TOKEN.split(item):
        token = token.strip(".,;()")
        if any(c.isdigit() for c in token):
            return IdentityDocument(type=doc_type, number=token, note=clean(item))
    return None


def _iso_day(text: str | None) -> str | None:
    value = parse_dmy(text)
    return value if value and len(value) == 10 else None


def _name_parts(record: dict[str, str]) -> NameParts:
    parts = [clean(record.get(f"name {i}")) for i in (1, 2, 3, 4, 5, 6)]
    title = clean(record.get("title"))
    return NameParts(
        given=(parts[0],) if parts[0] else (),
        middle=tuple(p for p in parts[1:5] if p),
        family=(parts[5],) if parts[5] else (),
        title=(title,) if title else (),
    )


def _address(record: dict[str, str]) -> Address | None:
    lines = [clean(record.get(f"address {i}")) for i in range(1, 7)]
    postal, country = clean(record.get("post/zip code")), clean(record.get("country"))
    parts = [p for p in (*lines, postal, country) if p]
    if not parts:
        return None
    return Address(text=", ".join(parts), city=lines[5] or None, country=_country(country))
