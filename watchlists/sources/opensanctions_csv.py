"""OpenSanctions ``targets.simple.csv``.

Header (shared/research/formats.md section 6): ``id, schema, name, aliases,
birth_date, countries, addresses, identifiers, sanctions, phones, emails,
dataset, first_seen, last_seen, last_change``. Columns are read by name;
``id``, ``schema`` and ``name`` are required and new columns are ignored.
Multi-valued cells are joined with ";".

Mapping: aliases strong (the file does not say which are weak); countries go
to ``countries`` (the file does not say which are nationalities);
identifiers are documents of type "other". The file has no topics column, so
terrorism is True only when the ``sanctions`` text mentions terrorism (e.g.
INTERPOL charges "participation in the activity of a terrorist
organization"). ``published`` is the latest ``last_seen``.
"""

from __future__ import annotations

import re
from pathlib import Path

from watchlists.countries import code_to_iso2
from watchlists.errors import ListFileError
from watchlists.model import Address, IdentityDocument, ListEntry, ParsedList
from watchlists.sources._util import (
    AliasCollector,
    clean,
    content_hash,
    csv_header,
    csv_rows,
    data_rows,
    decode,
    dob,
    finish,
    parse_iso_prefix,
    require_columns,
    split_values,
    unique,
    unique_documents,
)
from watchlists.sources.opensanctions_ftm import KINDS

FORMAT = "opensanctions_csv"
LIST_ID = "opensanctions"
REQUIRED = ("id", "schema", "name")

_TERROR = re.compile(r"terror", re.IGNORECASE)


def parse(path: str | Path, data: bytes, *, list_id: str | None = None) -> ParsedList:
    path = str(path)
    list_id = list_id or LIST_ID
    rows = csv_rows(path, decode(path, data))
    header = csv_header(path, rows)
    require_columns(path, header, REQUIRED)
    entries: list[ListEntry] = []
    last_seen = ""
    for line, row in data_rows(path, rows, len(header)):
        record = dict(zip(header, row, strict=True))
        last_seen = max(last_seen, record.get("last_seen", ""))
        entries.append(_entry(path, list_id, line, record))
    return finish(
        path, fmt=FORMAT, list_id=list_id, published=last_seen or None, digest=content_hash(data), entries=entries
    )


def _entry(path: str, list_id: str, line: int, record: dict[str, str]) -> ListEntry:
    entry_id, schema, name = clean(record["id"]), clean(record["schema"]), clean(record["name"])
    if not entry_id or not name:
        raise ListFileError(path, "row without id or name", where=f"line {line}")
    kind = KINDS.get(schema)
    if kind is None:
        raise ListFileError(path, f"unknown schema {schema!r}", where=f"line {line}")
    aliases = AliasCollector(name)
    for alias in split_values(record.get("aliases")):
        aliases.add(alias, "strong")
    sanctions = clean(record.get("sanctions"))
    return ListEntry(
        list_id=list_id,
        entry_id=entry_id,
        kind=kind,
        name=name,
        aliases=aliases.result(),
        dates_of_birth=unique(dob(parse_iso_prefix(d)) for d in split_values(record.get("birth_date"))),
        countries=unique(code_to_iso2(c) for c in split_values(record.get("countries"))),
        documents=unique_documents(
            IdentityDocument(type="other", number=n) for n in split_values(record.get("identifiers"))
        ),
        addresses=unique(Address(text=a) for a in split_values(record.get("addresses"))),
        programs=unique([clean(record.get("dataset"))]),
        terrorism=bool(_TERROR.search(sanctions)),
        remarks=sanctions or None,
    )
