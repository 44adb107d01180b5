"""OFAC SDN.XML and CONSOLIDATED.XML (root ``sdnList``).

The namespace has changed over the years (``http://tempuri.org/sdnList.xsd``,
now the Sanctions List Service URL), so elements are matched by local name.
``publshInformation/Publish_Date`` (MM/DD/YYYY, kept as given) is the
version; ``Record_Count`` must equal the number of ``sdnEntry`` elements, or
the file is refused as truncated or tampered with.

Mapping (shared/research/formats.md section 2.2):

- entry_id: ``uid``; kind from ``sdnType``.
- name: "firstName lastName" (OFAC's "LAST, First" reordered); aliases from
  ``akaList/aka`` with ``category`` weak -> weak.
- ``idList/id``: identity documents by ``idType`` (see ``_ofac.ID_TYPES``),
  "Digital Currency Address - XBT" etc. -> crypto_addresses, "Gender" ->
  gender, "Nationality of Registration" -> countries. Other id types
  (directives, websites, ISINs, dates) are not identities and are dropped.
- terrorism: any program in ``_ofac.TERRORISM_PROGRAMS`` (SDGT, FTO, ...).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from watchlists.countries import to_iso2
from watchlists.errors import ListFileError
from watchlists.model import Address, IdentityDocument, ListEntry, NameParts, ParsedList
from watchlists.sources import _ofac
from watchlists.sources._util import AliasCollector, clean, content_hash, finish, gender, unique, unique_documents
from watchlists.sources._xml import child, child_text, children, iter_xml, local, where

FORMAT = "ofac_xml"
LIST_ID = "ofac"  # "ofac-cons" for the consolidated (non-SDN) list, see _ofac.default_list_id


def parse(path: str | Path, data: bytes, *, list_id: str | None = None) -> ParsedList:
    list_id = list_id or _ofac.default_list_id(path)
    path = str(path)
    published: str | None = None
    record_count: str | None = None
    entries: list[ListEntry] = []
    for event, elem in iter_xml(path, data, {"sdnEntry", "publshInformation"}, root="sdnList"):
        if event == "root":
            continue
        if local(elem.tag) == "publshInformation":
            published = child_text(elem, "Publish_Date") or None
            record_count = child_text(elem, "Record_Count") or None
            continue
        entries.append(_entry(path, list_id, elem))
    if record_count is not None and record_count.isdigit() and int(record_count) != len(entries):
        raise ListFileError(
            path, f"Record_Count says {record_count} entries but the file has {len(entries)}", where="publshInformation"
        )
    return finish(path, fmt=FORMAT, list_id=list_id, published=published, digest=content_hash(data), entries=entries)


def _entry(path: str, list_id: str, elem: etree._Element) -> ListEntry:
    uid = child_text(elem, "uid")
    if not uid:
        raise ListFileError(path, "sdnEntry without uid", where=where(elem))
    sdn_type = child_text(elem, "sdnType")
    kind = _ofac.KINDS.get(sdn_type.casefold())
    if kind is None:
        raise ListFileError(path, f"sdnEntry {uid}: unknown sdnType {sdn_type!r}", where=where(elem))
    person = kind == "person"
    first, last = child_text(elem, "firstName"), child_text(elem, "lastName")
    name = clean(f"{first} {last}")
    if not name:
        raise ListFileError(path, f"sdnEntry {uid} has no name", where=where(elem))

    aliases = AliasCollector(name)
    for aka in _items(elem, "akaList", "aka"):
        aka_first, aka_last = child_text(aka, "firstName"), child_text(aka, "lastName")
        if person and not aka_first:
            aka_name = _ofac.person_name(aka_last)  # weak akas put "LAST, First" in lastName
        else:
            aka_name = clean(f"{aka_first} {aka_last}")
        quality = "weak" if child_text(aka, "category").casefold() == "weak" else "strong"
        aliases.add(aka_name, quality)

    documents: list[IdentityDocument] = []
    crypto: list[str] = []
    countries: list[str | None] = []
    entry_gender = None
    for item in _items(elem, "idList", "id"):
        id_type, number = child_text(item, "idType"), child_text(item, "idNumber")
        if _ofac.is_crypto_type(id_type):
            crypto.append(number)
        elif id_type == "Gender":
            entry_gender = gender(number)
        elif id_type == "Nationality of Registration":
            countries.append(to_iso2(child_text(item, "idCountry") or number))
        else:
            doc = _ofac.document(id_type, number, child_text(item, "idCountry") or None)
            if doc is not None:
                documents.append(_with_dates(doc, item))

    addresses = [_address(a) for a in _items(elem, "addressList", "address")]
    addresses = [a for a in addresses if a is not None]
    countries.extend(a.country for a in addresses)
    vessel = child(elem, "vesselInfo")
    if vessel is not None:
        countries.append(to_iso2(child_text(vessel, "vesselFlag")))

    nationalities = [child_text(n, "country") for n in _items(elem, "nationalityList", "nationality")]
    nationalities += [child_text(n, "country") for n in _items(elem, "citizenshipList", "citizenship")]
    programs = unique(clean(p.text) for p in _items(elem, "programList", "program"))
    title = child_text(elem, "title")
    return ListEntry(
        list_id=list_id,
        entry_id=uid,
        kind=kind,
        name=name,
        aliases=aliases.result(),
        name_parts=NameParts(
            given=(first,) if first else (), family=(last,) if last else (), title=(title,) if title else ()
        )
        if person
        else None,
        dates_of_birth=unique(
            _ofac.parse_date(child_text(d, "dateOfBirth")) for d in _items(elem, "dateOfBirthList", "dateOfBirthItem")
        ),
        places_of_birth=unique(
            child_text(p, "placeOfBirth") for p in _items(elem, "placeOfBirthList", "placeOfBirthItem")
        ),
        nationalities=unique(to_iso2(n) for n in nationalities),
        countries=unique(countries),
        documents=unique_documents(documents),
        crypto_addresses=unique(crypto),
        addresses=unique(addresses),
        programs=programs,
        terrorism=any(p in _ofac.TERRORISM_PROGRAMS for p in programs),
        remarks=child_text(elem, "remarks") or None,
        gender=entry_gender,
    )


def _items(elem: etree._Element, list_name: str, item_name: str) -> list[etree._Element]:
    container = child(elem, list_name)
    return children(container, item_name) if container is not None else []


def _with_dates(doc: IdentityDocument, item: etree._Element) -> IdentityDocument:
    issued, expires = child_text(item, "issueDate"), child_text(item, "expirationDate")
    extra = "; ".join(p for p in (f"issued {issued}" if issued else "", f"expires {expires}" if expires else "") if p)
    if not extra:
        return doc
    note = f"{doc.note}; {extra}" if doc.note else extra
    return IdentityDocument(type=doc.type, number=doc.number, country=doc.country, note=note)


def _address(elem: etree._Element) -> Address | None:
    names = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country")
    fields = {n: child_text(elem, n) for n in names}
    if not any(fields.values()):
        return None
    return Address(
        text=", ".join(v for v in fields.values() if v),
        city=fields["city"] or None,
        country=to_iso2(fields["country"]),
    )
