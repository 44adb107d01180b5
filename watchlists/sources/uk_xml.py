"""UK Sanctions List (FCDO), XML (root ``Designations``, no namespace).

``DateGenerated`` (dd/mm/yyyy, kept as given) is the version.

Mapping (shared/research/formats.md section 4.2):

- entry_id: ``UniqueID`` (e.g. AFG0001); kind from ``IndividualEntityShip``
  (Individual -> person, Entity -> organization, Ship -> vessel).
- names: ``Names/Name`` with Name1..Name5 (given or patronymic) and Name6
  (family name, or the whole name of an entity or ship), joined in order
  1..6. ``NameType`` "Primary name" (any case) is the primary name; "Primary
  name variation" and "Alias" are aliases. ``AliasStrength`` containing "low"
  makes an alias weak. ``NonLatinNames`` are aliases with
  ``original_script=True``.
- DOB: dd/mm/yyyy with ``dd``/``mm`` placeholders for unknown parts.
- documents: passports, national identifiers, business registration numbers
  and ship IMO numbers.
- program: ``RegimeName``. terrorism: the counter-terrorism, ISIL (Da'esh)
  and Al-Qaida, and Afghanistan (UN 1988 Taliban) regimes, or a UN reference
  starting QD/TA.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from watchlists.countries import to_iso2
from watchlists.errors import ListFileError
from watchlists.model import Address, IdentityDocument, ListEntry, ParsedList
from watchlists.sources import _uk
from watchlists.sources._util import (
    AliasCollector,
    clean,
    content_hash,
    dob,
    finish,
    gender,
    parse_dmy,
    parse_dmy_day,
    unique,
    unique_documents,
)
from watchlists.sources._xml import child_text, iter_xml, local, path_elements, path_texts, where

FORMAT = "uk_xml"
LIST_ID = "uk"

def parse(path: str | Path, data: bytes, *, list_id: str | None = None) -> ParsedList:
    path = str(path)
    list_id = list_id or LIST_ID
    published: str | None = None
    entries: list[ListEntry] = []
    for event, elem in iter_xml(path, data, {"Designation", "DateGenerated"}, root="Designations"):
        if event == "root":
            continue
        if local(elem.tag) == "DateGenerated":
            published = clean(elem.text) or None
            continue
        entries.append(_entry(path, list_id, elem))
    return finish(path, fmt=FORMAT, list_id=list_id, published=published, digest=content_hash(data), entries=entries)


def _full_name(name: etree._Element) -> tuple[str, list[str]]:
    parts = [child_text(name, f"Name{i}") for i in range(1, 7)]
    return " ".join(p for p in parts if p), parts


def _entry(path: str, list_id: str, elem: etree._Element) -> ListEntry:
    uid = child_text(elem, "UniqueID")
    if not uid:
        raise ListFileError(path, "Designation without UniqueID", where=where(elem))
    kind_text = child_text(elem, "IndividualEntityShip")
    kind = _uk.KINDS.get(kind_text.casefold())
    if kind is None:
        raise ListFileError(path, f"{uid}: unknown IndividualEntityShip {kind_text!r}", where=where(elem))

    names = [(n, *_full_name(n)) for n in path_elements(elem, "Names", "Name")]
    names = [n for n in names if n[1]]
    if not names:
        raise ListFileError(path, f"{uid} has no name", where=where(elem))
    primary = next((n for n in names if child_text(n[0], "NameType").casefold() == "primary name"), names[0])
    name = primary[1]
    aliases = AliasCollector(name)
    for alias_elem, full, _ in names:
        weak = "low" in child_text(alias_elem, "AliasStrength").casefold()
        aliases.add(full, "weak" if weak else "strong")
    for original in path_texts(elem, "NonLatinNames", "NonLatinName", "NameNonLatinScript"):
        aliases.add(original, "strong", original_script=True)

    individual = _first(elem, "IndividualDetails", "Individual")
    ship = _first(elem, "ShipDetails", "Ship")
    entity = _first(elem, "EntityDetails", "Entity")
    documents: list[IdentityDocument | None] = []
    dobs = []
    places: list[str] = []
    nationalities: list[str] = []
    entry_gender = None
    if individual is not None:
        dobs = [dob(parse_dmy(d)) for d in path_texts(individual, "DOBs", "DOB")]
        nationalities = path_texts(individual, "Nationalities", "Nationality")
        genders = [gender(g) for g in path_texts(individual, "Genders", "Gender")]
        entry_gender = next((g for g in genders if g), None)
        for passport in path_elements(individual, "PassportDetails", "Passport"):
            documents.append(_doc("passport", passport, "PassportNumber", "PassportAdditionalInformation"))
        for ident in path_elements(individual, "NationalIdentifierDetails", "NationalIdentifier"):
            documents.append(
                _doc("national_id", ident, "NationalIdentifierNumber", "NationalIdentifierAdditionalInformation")
            )
        for location in path_elements(individual, "BirthDetails", "Location"):
            place = ", ".join(
                p for p in (child_text(location, "TownOfBirth"), child_text(location, "CountryOfBirth")) if p
            )
            if place:
                places.append(place)
    countries: list[str | None] = []
    if entity is not None:
        for number in path_texts(entity, "BusinessRegistrationNumbers", "BusinessRegistrationNumber"):
            documents.append(IdentityDocument(type="registration", number=number))
    if ship is not None:
        for number in path_texts(ship, "IMONumbers", "IMONumber"):
            documents.append(IdentityDocument(type="imo", number=number))
        countries += [to_iso2(f) for f in path_texts(ship, "CurrentBelievedFlagOfShips", "CurrentBelievedFlagOfShip")]

    addresses = [_address(a) for a in path_elements(elem, "Addresses", "Address")]
    addresses = [a for a in addresses if a is not None]
    countries += [a.country for a in addresses]
    regime = child_text(elem, "RegimeName")
    un_ref = child_text(elem, "UNReferenceNumber")
    remarks = " ".join(p for p in (child_text(elem, "OtherInformation"), child_text(elem, "UKStatementofReasons")) if p)
    return ListEntry(
        list_id=list_id,
        entry_id=uid,
        kind=kind,
        name=name,
        aliases=aliases.result(),
        name_parts=_uk.name_parts(primary[2], tuple(path_texts(elem, "Titles", "Title"))) if kind == "person" else None,
        dates_of_birth=unique(dobs),
        places_of_birth=unique(places),
        nationalities=unique(to_iso2(n) for n in nationalities),
        countries=unique(countries),
        documents=unique_documents(documents),
        addresses=unique(addresses),
        programs=unique([regime]),
        terrorism=_uk.is_terrorism(regime, un_ref),
        listed_on=parse_dmy_day(child_text(elem, "DateDesignated")),
        remarks=remarks or None,
        gender=entry_gender,
    )


def _first(elem: etree._Element, outer: str, inner: str) -> etree._Element | None:
    found = path_elements(elem, outer, inner)
    return found[0] if found else None


def _doc(doc_type: str, elem: etree._Element, number_tag: str, info_tag: str) -> IdentityDocument | None:
    number = child_text(elem, number_tag)
    if not number:
        return None
    return IdentityDocument(type=doc_type, number=number, note=child_text(elem, info_tag) or None)


def _address(elem: etree._Element) -> Address | None:
    lines = [child_text(elem, f"AddressLine{i}") for i in range(1, 7)]
    postal, country = child_text(elem, "AddressPostalCode"), child_text(elem, "AddressCountry")
    return _uk.address(lines, postal, country, city_line=4)  # AddressLine5 holds the town in the samples
