"""OpenSanctions FollowTheMoney entities, JSON lines.

Two kinds of file (shared/research/formats.md section 6):

- full export ``entities.ftm.json``: one entity object per line;
- delta ``entities.delta.json``: one ``{"op": "ADD"|"MOD"|"DEL", "entity":
  {...}}`` per line. The result then has ``delta=True``; ADD/MOD entities
  are the entries (the last line wins for an id) and DEL ids go to
  ``deleted``.

Only screening targets are entries: ``"target": true`` and a schema of
Person, Organization, Company, LegalEntity, Vessel or Airplane. Address
entities are read to fill in ``addressEntity`` references (by id or by one
of their ``referents``); other auxiliary entities are skipped.

Mapping: entry_id ``id``; name ``caption`` if it is one of the ``name``
values, else the first ``name``; other ``name``, ``alias`` and
``previousName`` values are strong aliases, ``weakAlias`` weak.
``birthDate`` ISO prefixes, ``nationality``/``citizenship`` ->
nationalities, ``country`` -> countries (lower-case ISO codes), identifier
properties -> documents, ``topics`` containing ``crime.terror`` ->
terrorism. ``published`` is the latest ``last_seen`` in the file (exports
carry no other date; ``index.json`` has the version).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from watchlists.countries import code_to_iso2
from watchlists.errors import ListFileError
from watchlists.model import Address, EntryKind, IdentityDocument, ListEntry, NameParts, ParsedList
from watchlists.sources._util import (
    AliasCollector,
    clean,
    content_hash,
    decode,
    dob,
    finish,
    gender,
    parse_iso_prefix,
    unique,
    unique_documents,
)

FORMAT = "opensanctions_ftm"
LIST_ID = "opensanctions"

KINDS: dict[str, EntryKind] = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "LegalEntity": "other",
    "PublicBody": "organization",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
ID_PROPERTIES = {
    "passportNumber": "passport",
    "idNumber": "national_id",
    "taxNumber": "tax_id",
    "registrationNumber": "registration",
    "innCode": "tax_id",
    "ogrnCode": "registration",
    "imoNumber": "imo",
    "swiftBic": "swift_bic",
    "leiCode": "lei",
}
TERRORISM_TOPICS = frozenset({"crime.terror"})


def parse(path: str | Path, data: bytes, *, list_id: str | None = None) -> ParsedList:
    path = str(path)
    list_id = list_id or LIST_ID
    text = decode(path, data)
    delta: bool | None = None
    targets: dict[str, tuple[int, dict[str, Any]]] = {}
    addresses: dict[str, Address] = {}
    deleted: dict[str, None] = {}
    last_seen = ""
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ListFileError(
                path, f"bad JSON line: {exc.msg}", where=f"line {line_no}, column {exc.colno}"
            ) from None
        if not isinstance(obj, dict):
            raise ListFileError(path, "line is not a JSON object", where=f"line {line_no}")
        is_delta = "op" in obj
        if delta is None:
            delta = is_delta
        elif delta != is_delta:
            raise ListFileError(path, "mixes delta lines (with 'op') and entity lines", where=f"line {line_no}")
        entity = obj.get("entity") if is_delta else obj
        if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
            raise ListFileError(path, "entity without an id", where=f"line {line_no}")
        entity_id = entity["id"]
        if is_delta:
            op = obj.get("op")
            if op == "DEL":
                targets.pop(entity_id, None)
                deleted[entity_id] = None
                continue
            if op not in ("ADD", "MOD"):
                raise ListFileError(path, f"unknown delta op {op!r}", where=f"line {line_no}")
            deleted.pop(entity_id, None)
        last_seen = max(last_seen, entity.get("last_seen") or "")
        schema = entity.get("schema")
        if schema == "Address":
            address = _address(entity.get("properties") or {})
            if address is not None:
                referents = entity.get("referents") or []
                for ref in [entity_id, *(r for r in referents if isinstance(r, str))]:
                    addresses[ref] = address
        elif entity.get("target") and schema in KINDS:
            targets[entity_id] = (line_no, entity)
    entries = [_entry(path, list_id, line_no, e, addresses) for line_no, e in targets.values()]
    return finish(
        path,
        fmt=FORMAT,
        list_id=list_id,
        published=last_seen or None,
        digest=content_hash(data),
        entries=entries,
        delta=bool(delta),
        deleted=tuple(deleted),
    )


def _values(props: dict[str, Any], name: str) -> list[str]:
    raw = props.get(name) or []
    if isinstance(raw, str):
        raw = [raw]
    return [v for v in (clean(x) for x in raw if isinstance(x, str)) if v]


def _entry(path: str, list_id: str, line_no: int, entity: dict[str, Any], addresses: dict[str, Address]) -> ListEntry:
    props = entity.get("properties") or {}
    if not isinstance(props, dict):
        raise ListFileError(path, "properties is not an object", where=f"line {line_no}")
    names = _values(props, "name")
    caption = clean(entity.get("caption"))
    name = caption if caption in names else (names[0] if names else caption)
    if not name:
        raise ListFileError(path, f"entity {entity['id']} has no name", where=f"line {line_no}")
    aliases = AliasCollector(name)
    for value in names + _values(props, "alias") + _values(props, "previousName"):
        aliases.add(value, "strong")
    for value in _values(props, "weakAlias"):
        aliases.add(value, "weak")
    kind = KINDS[entity["schema"]]
    documents = [
        IdentityDocument(type=doc_type, number=number)
        for prop, doc_type in ID_PROPERTIES.items()
        for number in _values(props, prop)
    ]
    topics = set(_values(props, "topics"))
    entity_addresses = [addresses[a] for a in _values(props, "addressEntity") if a in addresses]
    entity_addresses += [Address(text=a) for a in _values(props, "address")]
    genders = [gender(g) for g in _values(props, "gender")]
    return ListEntry(
        list_id=list_id,
        entry_id=entity["id"],
        kind=kind,
        name=name,
        aliases=aliases.result(),
        name_parts=_name_parts(props) if kind == "person" else None,
        dates_of_birth=unique(dob(parse_iso_prefix(d)) for d in _values(props, "birthDate")),
        places_of_birth=unique(_values(props, "birthPlace")),
        nationalities=unique(code_to_iso2(c) for c in _values(props, "nationality") + _values(props, "citizenship")),
        countries=unique(
            code_to_iso2(c) for c in _values(props, "country") + [a.country for a in entity_addresses if a.country]
        ),
        documents=unique_documents(documents),
        crypto_addresses=(),
        addresses=unique(entity_addresses),
        programs=unique(_values(entity, "datasets") if isinstance(entity.get("datasets"), list) else []),
        terrorism=bool(topics & TERRORISM_TOPICS),
        listed_on=_listed_on(_values(props, "createdAt")),
        remarks=" ".join(_values(props, "notes")) or None,
        gender=next((g for g in genders if g), None),
    )


def _listed_on(values: list[str]) -> str | None:
    """Earliest full ``createdAt`` date (the publisher's listing date)."""
    days = sorted(d for d in (parse_iso_prefix(v) for v in values) if d and len(d) == 10)
    return days[0] if days else None


def _name_parts(props: dict[str, Any]) -> NameParts | None:
    parts = NameParts(
        given=unique(_values(props, "firstName")),
        middle=unique(_values(props, "middleName") + _values(props, "secondName")),
        family=unique(_values(props, "lastName")),
        patronymic=unique(_values(props, "fatherName")),
        title=unique(_values(props, "title")),
    )
    return parts if any((parts.given, parts.middle, parts.family, parts.patronymic, parts.title)) else None


def _address(props: dict[str, Any]) -> Address | None:
    full = " ".join(_values(props, "full"))
    city = next(iter(_values(props, "city")), None)
    country = next((code_to_iso2(c) for c in _values(props, "country")), None)
    if not (full or city or country):
        return None
    return Address(text=full or None, city=city, country=country)
