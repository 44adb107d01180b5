"""UN Security Council Consolidated List (XML, no namespace).

Root ``CONSOLIDATED_LIST@dateGenerated`` is the version. Entries are
``INDIVIDUALS/INDIVIDUAL`` (person) and ``ENTITIES/ENTITY`` (organisation).

Mapping (see shared/research/formats.md section 1):

- entry_id: ``REFERENCE_NUMBER`` (e.g. ``QDi.001``); program: ``UN_LIST_TYPE``.
- name: ``FIRST_NAME`` .. ``FOURTH_NAME`` joined in order. Name parts: the
  first is the given name, the last the family name, any between are middle
  names (they are often patronymics; the UN does not say).
- aliases: ``ALIAS_NAME`` can list several names ("A; B", "X (Y; Z)"); see
  ``_util.split_alias_list``. ``QUALITY`` Low -> weak, everything else (Good,
  a.k.a., f.k.a., empty) -> strong.
  ``NAME_ORIGINAL_SCRIPT`` is an alias with ``original_script=True``.
- dates of birth: ``TYPE_OF_DATE`` EXACT (``DATE`` or ``YEAR``),
  APPROXIMATELY (approximate), BETWEEN (``FROM_YEAR``-``TO_YEAR``). Elements
  with only a free-text ``NOTE`` are skipped.
- documents: ``INDIVIDUAL_DOCUMENT`` with a ``NUMBER``; those with only a
  note are skipped.
- terrorism: the 1267 (ISIL/Al-Qaida, ``QD`` references) and 1988 (Taliban,
  ``TA`` references) regimes.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from watchlists.countries import to_iso2
from watchlists.errors import ListFileError
from watchlists.model import Address, DateOfBirth, EntryKind, IdentityDocument, ListEntry, NameParts, ParsedList
from watchlists.sources._util import (
    UN_TERRORISM_PREFIXES,
    AliasCollector,
    clean,
    content_hash,
    dob,
    finish,
    gender,
    iso_date,
    parse_iso_prefix,
    split_alias_list,
    unique,
    unique_documents,
)
from watchlists.sources._xml import child_text, children, iter_xml, path_texts, text, where

FORMAT = "un_xml"
LIST_ID = "un"

TERRORISM_LIST_TYPES = {"Al-Qaida", "Taliban"}

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def parse(path: str | Path, data: bytes, *, list_id: str | None = None) -> ParsedList:
    path = str(path)
    list_id = list_id or LIST_ID
    published: str | None = None
    entries: list[ListEntry] = []
    # The UN list has no namespace: a namespaced root is refused.
    for event, elem in iter_xml(path, data, {"INDIVIDUAL", "ENTITY"}, root="CONSOLIDATED_LIST", any_namespace=False):
        if event == "root":
            published = elem.get("dateGenerated")
            continue
        entries.append(_entry(path, list_id, elem))
    return finish(path, fmt=FORMAT, list_id=list_id, published=published, digest=content_hash(data), entries=entries)


def _entry(path: str, list_id: str, elem: etree._Element) -> ListEntry:
    person = elem.tag == "INDIVIDUAL"
    kind: EntryKind = "person" if person else "organization"
    ref = child_text(elem, "REFERENCE_NUMBER")
    if not ref:
        raise ListFileError(path, "entry without REFERENCE_NUMBER", where=where(elem))
    parts = [child_text(elem, p) for p in _NAME_PARTS]
    parts = [p for p in parts if p]
    if not parts:
        raise ListFileError(path, f"entry {ref} has no name", where=where(elem))
    name = " ".join(parts)

    aliases = AliasCollector(name)
    alias_tag = "INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"
    for alias in children(elem, alias_tag):
        quality = "weak" if child_text(alias, "QUALITY").casefold() == "low" else "strong"
        for alias_name, original in split_alias_list(child_text(alias, "ALIAS_NAME")):
            aliases.add(alias_name, quality, original_script=original)
    for original in children(elem, "NAME_ORIGINAL_SCRIPT"):
        aliases.add(text(original), "strong", original_script=True)

    list_type = child_text(elem, "UN_LIST_TYPE")
    addresses = [_address(a) for a in children(elem, "INDIVIDUAL_ADDRESS" if person else "ENTITY_ADDRESS")]
    addresses = [a for a in addresses if a is not None]
    return ListEntry(
        list_id=list_id,
        entry_id=ref,
        kind=kind,
        name=name,
        aliases=aliases.result(),
        name_parts=_name_parts(elem, parts) if person else None,
        dates_of_birth=unique(_dob(d) for d in children(elem, "INDIVIDUAL_DATE_OF_BIRTH")),
        places_of_birth=unique(_place(p) for p in children(elem, "INDIVIDUAL_PLACE_OF_BIRTH")),
        nationalities=unique(to_iso2(n) for n in path_texts(elem, "NATIONALITY", "VALUE")),
        countries=unique(a.country for a in addresses),
        documents=unique_documents(_document(d) for d in children(elem, "INDIVIDUAL_DOCUMENT")),
        addresses=unique(addresses),
        programs=unique([list_type]),
        terrorism=ref.startswith(UN_TERRORISM_PREFIXES) or list_type in TERRORISM_LIST_TYPES,
        listed_on=parse_iso_prefix(child_text(elem, "LISTED_ON")),
        remarks=child_text(elem, "COMMENTS1") or None,
        gender=gender(child_text(elem, "GENDER")),
    )


def _name_parts(elem: etree._Element, parts: list[str]) -> NameParts:
    titles = tuple(path_texts(elem, "TITLE", "VALUE"))
    if len(parts) == 1:
        return NameParts(given=(parts[0],), title=titles)
    return NameParts(given=(parts[0],), middle=tuple(parts[1:-1]), family=(parts[-1],), title=titles)


def _dob(elem: etree._Element) -> DateOfBirth | None:
    kind = child_text(elem, "TYPE_OF_DATE").upper()
    approximate = kind == "APPROXIMATELY"
    if kind == "BETWEEN":
        start = iso_date(child_text(elem, "FROM_YEAR"))
        end = iso_date(child_text(elem, "TO_YEAR"))
        return dob(start, end, approximate=False) if start else None
    value = parse_iso_prefix(child_text(elem, "DATE")) or iso_date(child_text(elem, "YEAR"))
    return dob(value, approximate=approximate)


def _place(elem: etree._Element) -> str:
    return ", ".join(p for p in (child_text(elem, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")) if p)


def _address(elem: etree._Element) -> Address | None:
    fields = [child_text(elem, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")]
    if not any(fields):
        return None
    country = fields[4]
    return Address(
        text=", ".join(f for f in fields if f),
        city=fields[1] or None,
        country=to_iso2(country),
    )


def _document(elem: etree._Element) -> IdentityDocument | None:
    number = child_text(elem, "NUMBER")
    if not number:
        return None
    kind = child_text(elem, "TYPE_OF_DOCUMENT")
    lowered = kind.casefold()
    if "pass" in lowered or "pasaport" in lowered:  # Passport, Numéro de passeport, Número de pasaporte
        doc_type = "passport"
    elif "national identification" in lowered:
        doc_type = "national_id"
    else:
        doc_type = clean(kind).casefold() or "other"
    country = child_text(elem, "ISSUING_COUNTRY") or child_text(elem, "COUNTRY_OF_ISSUE")
    note_parts = [
        child_text(elem, "TYPE_OF_DOCUMENT2"),
        _labelled("issued", child_text(elem, "DATE_OF_ISSUE")),
        _labelled("in", child_text(elem, "CITY_OF_ISSUE")),
        child_text(elem, "NOTE"),
    ]
    note = "; ".join(p for p in note_parts if p)
    return IdentityDocument(type=doc_type, number=number, country=to_iso2(country), note=note or None)


def _labelled(label: str, value: str) -> str:
    return f"{label} {value}" if value else ""
