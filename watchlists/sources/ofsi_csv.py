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
from pathlib import Path

from watchlists.countries import to_iso2
from watchlists.errors import ListFileError
from watchlists.model import Address, IdentityDocument, ListEntry, ParsedList
from watchlists.sources import _uk
from watchlists.sources._util import (
    AliasCollector,
    clean,
    content_hash,
    csv_rows,
    decode,
    dob,
    finish,
    parse_dmy,
    parse_dmy_day,
    unique,
    unique_documents,
)

FORMAT = "ofsi_csv"
LIST_ID = "uk"

REQUIRED = ("name 6", "group type", "alias type", "group id")
PRIMARY_TYPES = {"prime alias", "primary name"}

_PAREN = re.compile(r"\([^()]*\)")
_QUALIFIERS = re.compile(r"\b(citizenship|nationality|national|possibly|by birth|withdrawn.*|revoked.*)\b", re.I)
_TOKEN = re.compile(r"[\s:]+")


def parse(path: str | Path, data: bytes, *, list_id: str | None = None) -> ParsedList:
    path = str(path)
    list_id = list_id or LIST_ID
    text = decode(path, data, ("utf-8", "cp1252"))
    rows = csv_rows(path, text)
    first = next(rows, None)
    if first is None or not first[1] or clean(first[1][0]).casefold() != "last updated":
        raise ListFileError(path, "line 1 is not 'Last Updated,dd/mm/yyyy'", where="line 1")
    published = clean(first[1][1]) if len(first[1]) > 1 else None
    groups = _uk.grouped_records(path, rows, required=REQUIRED, id_column="group id", id_label="Group ID")
    entries = [_entry(path, list_id, gid, grouped) for gid, grouped in groups.items()]
    return finish(
        path, fmt=FORMAT, list_id=list_id, published=published or None, digest=content_hash(data), entries=entries
    )


def _entry(path: str, list_id: str, group_id: str, rows: list[tuple[int, dict[str, str]]]) -> ListEntry:
    line, first = rows[0]
    records = [r for _, r in rows]
    kind_text = clean(first["group type"])
    kind = _uk.KINDS.get(kind_text.casefold())
    if kind is None:
        raise ListFileError(path, f"group {group_id}: unknown Group Type {kind_text!r}", where=f"line {line}")
    named = [r for r in records if _uk.record_name(r)]
    if not named:
        raise ListFileError(path, f"group {group_id} has no name", where=f"line {line}")
    primary = next((r for r in named if clean(r["alias type"]).casefold() in PRIMARY_TYPES), named[0])
    name = _uk.record_name(primary)
    aliases = AliasCollector(name)
    for r in named:
        weak = "low" in clean(r.get("alias quality")).casefold()
        aliases.add(_uk.record_name(r), "weak" if weak else "strong")
    for r in records:
        aliases.add(r.get("name non-latin script"), "strong", original_script=True)

    def values(column: str) -> list[str]:
        return _uk.enumerated_values(records, column)

    documents = [_document("passport", item) for item in values("passport details")]
    documents += [_document("passport", item) for item in values("passport number")]
    documents += [_document("national_id", item) for item in values("ni number")]
    documents += [_document("national_id", item) for item in values("national identification number")]

    addresses = unique(_address(r) for r in records)
    regime = clean(first.get("regime"))
    return ListEntry(
        list_id=list_id,
        entry_id=group_id,
        kind=kind,
        name=name,
        aliases=aliases.result(),
        name_parts=_uk.record_name_parts(primary) if kind == "person" else None,
        dates_of_birth=unique(dob(parse_dmy(r.get("dob"))) for r in records),
        places_of_birth=_uk.places_of_birth(records),
        nationalities=unique(_country(n) for n in values("nationality")),
        countries=unique(a.country for a in addresses),
        documents=unique_documents(documents),
        addresses=addresses,
        programs=unique([regime]),
        terrorism=_uk.is_terrorism(regime),
        listed_on=parse_dmy_day(first.get("listed on")),
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


def _address(record: dict[str, str]) -> Address | None:
    lines = [clean(record.get(f"address {i}")) for i in range(1, 7)]
    postal, country = clean(record.get("post/zip code")), clean(record.get("country"))
    return _uk.address(lines, postal, country, city_line=5, country_code=_country)
