"""UK Sanctions List (FCDO), CSV layout.

No real file of this layout was available; it is built from the layout
documented in shared/research/formats.md section 4.3:

- line 1 is metadata, ``Report Date: dd-Mon-yyyy`` (kept as ``published``);
- line 2 is the header (58 columns: Last Updated, Unique ID, OFSI Group ID,
  UN Reference Number, Name 6, Name 1..Name 5, Name type, Alias strength,
  Title, Name non-latin script, ..., Regime Name, Designation Type, ...,
  D.O.B, Nationality(/ies), National Identifier number, Passport number, ...,
  IMO number, ...);
- one row per name (and possibly per address) of a designation; rows are
  grouped by ``Unique ID`` into one entry.

Columns are found by header name, ignoring case and spacing, so added or
moved columns do not break the reader. The columns ``Unique ID``,
``Name 6`` and ``Designation Type`` are required. Multi-valued cells may
use "(1) ... (2) ..." enumerations.
"""

from __future__ import annotations

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
    gender,
    parse_dmy,
    parse_dmy_day,
    unique,
    unique_documents,
)

FORMAT = "uk_csv"
LIST_ID = "uk"

REQUIRED = ("unique id", "name 6", "designation type")


def parse(path: str | Path, data: bytes, *, list_id: str | None = None) -> ParsedList:
    path = str(path)
    list_id = list_id or LIST_ID
    text = decode(path, data, ("utf-8", "cp1252"))
    rows = csv_rows(path, text)
    first = next(rows, None)
    if first is None or not first[1] or not first[1][0].strip().casefold().startswith("report date"):
        raise ListFileError(path, "line 1 is not 'Report Date: ...'", where="line 1")
    _, _, report_date = first[1][0].partition(":")
    published = clean(report_date) or None
    groups = _uk.grouped_records(path, rows, required=REQUIRED, id_column="unique id", id_label="Unique ID")
    entries = [_entry(path, list_id, uid, rows_) for uid, rows_ in groups.items()]
    return finish(path, fmt=FORMAT, list_id=list_id, published=published, digest=content_hash(data), entries=entries)


def _entry(path: str, list_id: str, uid: str, rows: list[tuple[int, dict[str, str]]]) -> ListEntry:
    line, first = rows[0]
    records = [r for _, r in rows]
    kind_text = clean(first["designation type"])
    kind = _uk.KINDS.get(kind_text.casefold())
    if kind is None:
        raise ListFileError(path, f"{uid}: unknown Designation Type {kind_text!r}", where=f"line {line}")
    primary = next(
        (r for r in records if clean(r.get("name type")).casefold() == "primary name" and _uk.record_name(r)), None
    )
    primary = primary or next((r for r in records if _uk.record_name(r)), None)
    if primary is None:
        raise ListFileError(path, f"{uid} has no name", where=f"line {line}")
    name = _uk.record_name(primary)
    aliases = AliasCollector(name)
    for r in records:
        weak = "low" in clean(r.get("alias strength")).casefold()
        aliases.add(_uk.record_name(r), "weak" if weak else "strong")
        aliases.add(r.get("name non-latin script"), "strong", original_script=True)

    def values(column: str) -> list[str]:
        return _uk.enumerated_values(records, column)

    documents: list[IdentityDocument] = []
    for number in values("passport number"):
        documents.append(IdentityDocument(type="passport", number=number))
    for number in values("national identifier number"):
        documents.append(IdentityDocument(type="national_id", number=number))
    for number in values("business registration number (s)"):
        documents.append(IdentityDocument(type="registration", number=number))
    for number in values("imo number"):
        documents.append(IdentityDocument(type="imo", number=number))

    addresses = unique(_address(r) for r in records)
    countries = [a.country for a in addresses] + [to_iso2(f) for f in values("current believed flag of ship")]
    regime = clean(first.get("regime name"))
    un_ref = clean(first.get("un reference number"))
    remarks = " ".join(
        unique(clean(r.get(c)) for r in records for c in ("other information", "uk statement of reasons"))
    )
    return ListEntry(
        list_id=list_id,
        entry_id=uid,
        kind=kind,
        name=name,
        aliases=aliases.result(),
        name_parts=_uk.record_name_parts(primary) if kind == "person" else None,
        dates_of_birth=unique(dob(parse_dmy(d)) for d in values("d.o.b")),
        places_of_birth=_uk.places_of_birth(records),
        nationalities=unique(to_iso2(n) for n in values("nationality(/ies)")),
        countries=unique(countries),
        documents=unique_documents(documents),
        addresses=addresses,
        programs=unique([regime]),
        terrorism=_uk.is_terrorism(regime, un_ref),
        listed_on=parse_dmy_day(first.get("date designated")),
        remarks=remarks or None,
        gender=next((g for g in (gender(v) for v in values("gender")) if g), None),
    )


def _address(record: dict[str, str]) -> Address | None:
    lines = [clean(record.get(f"address line {i}")) for i in range(1, 7)]
    postal, country = clean(record.get("address postal code")), clean(record.get("address country"))
    return _uk.address(lines, postal, country, city_line=4)
