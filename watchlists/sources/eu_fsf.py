"""EU Financial Sanctions Files, XML 1.1 (root ``export``, namespace
``http://eu.europa.ec/fpi/fsd/export``). Root ``@generationDate`` is the version.

Mapping (shared/research/formats.md section 3):

- entry_id: ``sanctionEntity@logicalId``; kind: ``subjectType@code`` person ->
  person, anything else -> organization (the EU lists vessels as enterprises).
- names: one ``nameAlias`` per name, ``wholeName`` used. The EU has no
  primary-name flag, so the primary name is the first strong alias with
  structured name parts (first/last name), else the first strong alias in
  English or with no language, else the first alias. The rest are aliases.
- alias quality: weak when ``strong="false"`` or the alias remark says "low
  quality" (also the typos "lo quality", "low quality aliias").
- birth dates: ``birthdate`` (Gregorian ISO), or ``year``, or
  ``yearRangeFrom``-``yearRangeTo``; ``circa`` -> approximate. For
  ``calendarType="ISLAMIC"`` only the Gregorian ``birthdate`` is used, never
  day/month/year, which are Hijri.
- nationalities: ``citizenship@countryIso2Code`` ("00" = unknown; "CS" -> "RS").
- documents: ``identification`` with a number; knownFalse/knownExpired/
  reportedLost/revokedByIssuer/diplomatic go into the note.
- programs: ``regulation@programme``. terrorism: programmes TERR (the
  CP 2001/931 terrorist list), TAQA (ISIL/Al-Qaida) and AFG (Taliban).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from watchlists.countries import code_to_iso2
from watchlists.errors import ListFileError
from watchlists.model import Address, DateOfBirth, EntryKind, IdentityDocument, ListEntry, NameParts, ParsedList
from watchlists.sources._util import (
    AliasCollector,
    clean,
    content_hash,
    dob,
    finish,
    gender,
    iso_date,
    parse_iso_prefix,
    unique,
    unique_documents,
)
from watchlists.sources._xml import child, children, iter_xml, text, where

FORMAT = "eu_fsf"
LIST_ID = "eu"
NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"

TERRORISM_PROGRAMMES = frozenset({"TERR", "TAQA", "AFG"})

_LOW_QUALITY = re.compile(r"\blow? quality", re.IGNORECASE)

DOCUMENT_TYPES = {
    "passport": "passport",
    "id": "national_id",
    "regnumber": "registration",
    "tradelic": "registration",
    "ssn": "ssn",
    "birthcert": "birth_certificate",
    "fiscalcode": "tax_id",
    "other": "other",
}
_DOC_FLAGS = ("knownFalse", "knownExpired", "reportedLost", "revokedByIssuer", "diplomatic")


def parse(path: str | Path, data: bytes, *, list_id: str | None = None) -> ParsedList:
    path = str(path)
    list_id = list_id or LIST_ID
    published: str | None = None
    entries: list[ListEntry] = []
    for event, elem in iter_xml(path, data, {"sanctionEntity"}, root="export"):
        if event == "root":
            published = elem.get("generationDate")
            continue
        entries.append(_entry(path, list_id, elem))
    return finish(path, fmt=FORMAT, list_id=list_id, published=published, digest=content_hash(data), entries=entries)


def _entry(path: str, list_id: str, elem: etree._Element) -> ListEntry:
    logical_id = elem.get("logicalId", "").strip()
    if not logical_id:
        raise ListFileError(path, "sanctionEntity without logicalId", where=where(elem))
    subject = child(elem, "subjectType")
    person = subject is not None and subject.get("code") == "person"
    kind: EntryKind = "person" if person else "organization"

    names = [(n, _is_weak(n)) for n in children(elem, "nameAlias") if clean(n.get("wholeName"))]
    if not names:
        raise ListFileError(path, f"sanctionEntity {logical_id} has no name", where=where(elem))
    primary = _pick_primary(names)
    name = clean(primary.get("wholeName"))
    aliases = AliasCollector(name)
    for alias, weak in names:
        if alias is not primary:
            aliases.add(alias.get("wholeName"), "weak" if weak else "strong")

    programmes = unique(clean(r.get("programme")) for r in children(elem, "regulation"))
    addresses = [_address(a) for a in children(elem, "address")]
    addresses = [a for a in addresses if a is not None]
    genders = [gender(n.get("gender")) for n, _ in names]
    remarks = " ".join(text(r) for r in children(elem, "remark"))
    return ListEntry(
        list_id=list_id,
        entry_id=logical_id,
        kind=kind,
        name=name,
        aliases=aliases.result(),
        name_parts=_name_parts(primary, names) if person else None,
        dates_of_birth=unique(_dob(b) for b in children(elem, "birthdate")),
        places_of_birth=unique(_place(b) for b in children(elem, "birthdate")),
        nationalities=unique(code_to_iso2(c.get("countryIso2Code")) for c in children(elem, "citizenship")),
        countries=unique(a.country for a in addresses),
        documents=unique_documents(_document(i) for i in children(elem, "identification")),
        addresses=unique(addresses),
        programs=programmes,
        terrorism=any(p in TERRORISM_PROGRAMMES for p in programmes),
        listed_on=parse_iso_prefix(elem.get("designationDate")),
        remarks=clean(remarks) or None,
        gender=next((g for g in genders if g), None),
    )


def _is_weak(alias: etree._Element) -> bool:
    if alias.get("strong", "true").strip().casefold() == "false":
        return True
    remark = " ".join(text(r) for r in children(alias, "remark"))
    return bool(_LOW_QUALITY.search(remark))


def _pick_primary(names: list[tuple[etree._Element, bool]]) -> etree._Element:
    strong = [n for n, weak in names if not weak] or [n for n, _ in names]
    for alias in strong:
        if clean(alias.get("firstName")) or clean(alias.get("lastName")):
            return alias
    for alias in strong:
        if alias.get("nameLanguage", "").strip().upper() in ("", "EN"):
            return alias
    return strong[0]


def _name_parts(primary: etree._Element, names: list[tuple[etree._Element, bool]]) -> NameParts | None:
    first, middle, last = (clean(primary.get(a)) for a in ("firstName", "middleName", "lastName"))
    titles = unique(clean(n.get("title")) for n, _ in names)
    if not (first or middle or last or titles):
        return None
    return NameParts(
        given=(first,) if first else (),
        middle=(middle,) if middle else (),
        family=(last,) if last else (),
        title=titles,
    )


def _dob(elem: etree._Element) -> DateOfBirth | None:
    approximate = elem.get("circa", "").strip().casefold() == "true"
    calendar = elem.get("calendarType", "").strip().upper()
    full = parse_iso_prefix(elem.get("birthdate"))
    if full:
        return dob(full, approximate=approximate)
    if calendar == "ISLAMIC":
        return None  # day/month/year are Hijri; without a Gregorian date, skip
    start, end = iso_date(elem.get("yearRangeFrom", "")), iso_date(elem.get("yearRangeTo", ""))
    if start:
        return dob(start, end, approximate=approximate)
    year = elem.get("year", "")
    return dob(iso_date(year, elem.get("monthOfYear")) if year else None, approximate=approximate)


def _place(elem: etree._Element) -> str:
    parts = [elem.get("place"), elem.get("city"), elem.get("region"), _country_name(elem)]
    return ", ".join(p for p in (clean(x) for x in parts) if p and p != "-")


def _country_name(elem: etree._Element) -> str:
    if code_to_iso2(elem.get("countryIso2Code")) is None:
        return ""
    return clean(elem.get("countryDescription"))


def _address(elem: etree._Element) -> Address | None:
    country = code_to_iso2(elem.get("countryIso2Code"))
    fields = [elem.get(a) for a in ("street", "poBox", "city", "zipCode", "region", "place")]
    parts = [p for p in (clean(f) for f in fields) if p]
    if country:
        parts.append(clean(elem.get("countryDescription")))
    if not parts:
        return None
    return Address(text=", ".join(p for p in parts if p), city=clean(elem.get("city")) or None, country=country)


def _document(elem: etree._Element) -> IdentityDocument | None:
    number = clean(elem.get("number")) or clean(elem.get("latinNumber"))
    if not number:
        return None
    code = clean(elem.get("identificationTypeCode")).casefold()
    flags = [f for f in _DOC_FLAGS if elem.get(f, "").strip().casefold() == "true"]
    remark = " ".join(text(r) for r in children(elem, "remark"))
    note_parts = [clean(elem.get("identificationTypeDescription")), *flags, remark]
    return IdentityDocument(
        type=DOCUMENT_TYPES.get(code, code or "other"),
        number=number,
        country=code_to_iso2(elem.get("countryIso2Code")),
        note="; ".join(p for p in note_parts if p) or None,
    )
