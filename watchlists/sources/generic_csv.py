"""Generic header-based CSV for national, internal and allow lists.

The file is UTF-8 (a byte-order mark is allowed), comma-separated, quoted
as usual (RFC 4180). The first line is the header; column order is free.

Required columns::

    id,name,aliases,type,dob,nationality,ids,program

Optional columns: ``weak_aliases``, ``terrorism``, ``remarks``. Any other
column is refused, so a typo in the header cannot silently drop data.

Cells (several values in one cell are separated by ";"):

- ``id``: the entry's own id, unique in the file. Required.
- ``name``: primary name. Required.
- ``aliases`` / ``weak_aliases``: other names, strong / weak.
- ``type``: person, organization, vessel, aircraft or other (individual,
  entity and company are accepted too). Required.
- ``dob``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a range ``1960..1965``;
  a leading ``~`` marks an approximate date (``~1970``).
- ``nationality``: ISO 3166 alpha-2 or alpha-3 codes, or English names.
- ``ids``: ``type:number`` or ``type:number:CC`` (CC = issuing country), or
  a bare number (type "other"). Type ``crypto`` puts the value in
  ``crypto_addresses``.
- ``program``: programs or reasons for listing.
- ``terrorism``: true/false, yes/no, 1/0 or empty (false).

A bad value is refused with its line number. Example::

    id,name,aliases,type,dob,nationality,ids,program,terrorism
    X-1,John Example,Johnny Example;J. Example,person,1970-01-31;~1971,GB,passport:123456789:GB,internal,false

The list id is ``custom:<file name without extension>`` unless one is given.
"""

from __future__ import annotations

import re
from pathlib import Path

from watchlists.countries import code_to_iso2, to_iso2
from watchlists.errors import ListFileError
from watchlists.model import DateOfBirth, EntryKind, IdentityDocument, ListEntry, ParsedList
from watchlists.sources._util import (
    AliasCollector,
    clean,
    content_hash,
    csv_header,
    csv_rows,
    data_rows,
    decode,
    finish,
    iso_date,
    split_values,
    unique,
    unique_documents,
)

FORMAT = "generic_csv"
REQUIRED = ("id", "name", "aliases", "type", "dob", "nationality", "ids", "program")
OPTIONAL = ("weak_aliases", "terrorism", "remarks")

KINDS: dict[str, EntryKind] = {
    "person": "person",
    "individual": "person",
    "organization": "organization",
    "organisation": "organization",
    "entity": "organization",
    "company": "organization",
    "vessel": "vessel",
    "ship": "vessel",
    "aircraft": "aircraft",
    "other": "other",
}
_BOOL = {"": False, "false": False, "no": False, "0": False, "true": True, "yes": True, "1": True}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def default_list_id(path: str | Path) -> str:
    return f"custom:{Path(path).stem.casefold()}"


def parse(path: str | Path, data: bytes, *, list_id: str | None = None) -> ParsedList:
    list_id = list_id or default_list_id(path)
    path = str(path)
    rows = csv_rows(path, decode(path, data))
    header = csv_header(path, rows)
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in REQUIRED and h not in OPTIONAL]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown column(s) {', '.join(unknown)}")
        raise ListFileError(path, "bad header: " + "; ".join(problems), where="line 1")
    if len(set(header)) != len(header):
        raise ListFileError(path, "bad header: repeated column", where="line 1")
    entries: list[ListEntry] = []
    for line, row in data_rows(path, rows, len(header), truncation_hint=False):
        record = dict(zip(header, row, strict=True))
        try:
            entries.append(_entry(list_id, record))
        except ValueError as exc:
            raise ListFileError(path, str(exc), where=f"line {line}") from None
    return finish(path, fmt=FORMAT, list_id=list_id, published=None, digest=content_hash(data), entries=entries)


def _entry(list_id: str, record: dict[str, str]) -> ListEntry:
    entry_id, name = clean(record["id"]), clean(record["name"])
    if not entry_id:
        raise ValueError("empty id")
    if not name:
        raise ValueError(f"entry {entry_id}: empty name")
    kind = KINDS.get(clean(record["type"]).casefold())
    if kind is None:
        raise ValueError(f"entry {entry_id}: type {record['type']!r} is not one of {', '.join(sorted(set(KINDS)))}")
    aliases = AliasCollector(name)
    for alias in split_values(record["aliases"]):
        aliases.add(alias, "strong")
    for alias in split_values(record.get("weak_aliases")):
        aliases.add(alias, "weak")
    nationalities = []
    for value in split_values(record["nationality"]):
        code = code_to_iso2(value) if len(value) <= 3 else to_iso2(value)
        if code is None:
            raise ValueError(f"entry {entry_id}: unknown nationality {value!r}")
        nationalities.append(code)
    documents: list[IdentityDocument] = []
    crypto: list[str] = []
    for value in split_values(record["ids"]):
        doc = _document(entry_id, value)
        if doc.type == "crypto":
            crypto.append(doc.number)
        else:
            documents.append(doc)
    terrorism_text = clean(record.get("terrorism")).casefold()
    if terrorism_text not in _BOOL:
        raise ValueError(f"entry {entry_id}: terrorism {record.get('terrorism')!r} is not true/false")
    return ListEntry(
        list_id=list_id,
        entry_id=entry_id,
        kind=kind,
        name=name,
        aliases=aliases.result(),
        dates_of_birth=unique(_dob(entry_id, v) for v in split_values(record["dob"])),
        nationalities=unique(nationalities),
        documents=unique_documents(documents),
        crypto_addresses=unique(crypto),
        programs=unique(split_values(record["program"])),
        terrorism=_BOOL[terrorism_text],
        remarks=clean(record.get("remarks")) or None,
    )


def _date(entry_id: str, text: str) -> str:
    m = _DATE.match(text)
    value = iso_date(*m.groups()) if m else None
    if value is None:
        raise ValueError(f"entry {entry_id}: bad date {text!r} (want YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


def _dob(entry_id: str, text: str) -> DateOfBirth:
    approximate = text.startswith("~")
    text = text.lstrip("~").strip()
    if ".." in text:
        start, end = (t.strip() for t in text.split("..", 1))
        return DateOfBirth(value=_date(entry_id, start), end=_date(entry_id, end), approximate=approximate)
    return DateOfBirth(value=_date(entry_id, text), approximate=approximate)


def _document(entry_id: str, text: str) -> IdentityDocument:
    parts = [p.strip() for p in text.split(":")]
    if len(parts) == 1:
        return IdentityDocument(type="other", number=parts[0])
    if len(parts) in (2, 3) and parts[0] and parts[1]:
        country = None
        if len(parts) == 3 and parts[2]:
            country = code_to_iso2(parts[2])
            if country is None:
                raise ValueError(f"entry {entry_id}: unknown country code {parts[2]!r} in id {text!r}")
        return IdentityDocument(type=parts[0].casefold(), number=parts[1], country=country)
    raise ValueError(f"entry {entry_id}: bad id {text!r} (want type:number or type:number:CC)")
