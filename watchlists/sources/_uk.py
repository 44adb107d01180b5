"""What the UK lists share: the FCDO UK Sanctions List (``uk_xml``,
``uk_csv``) and the closed OFSI Consolidated List (``ofsi_csv``).

Entry kinds and terrorism regimes are named alike. Names come in six parts:
Name 1..Name 5 (given names or patronymics) and Name 6 (family name, or the
whole name of an entity or ship). Addresses come as six lines, a postal code
and a country. The two CSV layouts have one row per name (and possibly per
address); rows sharing an id column are one entry, and columns are found by
header name, ignoring case and spacing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

from watchlists.countries import to_iso2
from watchlists.errors import ListFileError
from watchlists.model import Address, EntryKind, NameParts
from watchlists.sources._util import UN_TERRORISM_PREFIXES, clean, data_rows, require_columns, split_enumeration, unique

KINDS: dict[str, EntryKind] = {"individual": "person", "entity": "organization", "ship": "vessel"}

# Regime names that mean terrorism.
_TERRORISM_REGIME = re.compile(r"terror|isil|al-qaida|afghanistan", re.IGNORECASE)

Record = dict[str, str]
Rows = Iterator[tuple[int, list[str]]]


def is_terrorism(regime: str, un_reference: str = "") -> bool:
    return bool(_TERRORISM_REGIME.search(regime)) or un_reference.startswith(UN_TERRORISM_PREFIXES)


def name_parts(parts: Sequence[str], titles: tuple[str, ...]) -> NameParts:
    """Name parts from the six names: 1 given, 2 to 5 middle, 6 family."""
    return NameParts(
        given=(parts[0],) if parts[0] else (),
        middle=tuple(p for p in parts[1:5] if p),
        family=(parts[5],) if parts[5] else (),
        title=titles,
    )


def address(
    lines: Sequence[str],
    postal: str,
    country: str,
    *,
    city_line: int,
    country_code: Callable[[str], str | None] = to_iso2,
) -> Address | None:
    """An address from its six (cleaned) lines, postal code and country; None if all are empty.

    The city is ``lines[city_line]``: line 5 in the FCDO list, line 6 in OFSI's.
    """
    parts = [p for p in (*lines, postal, country) if p]
    if not parts:
        return None
    return Address(text=", ".join(parts), city=lines[city_line] or None, country=country_code(country))


# --- the CSV layouts ------------------------------------------------------------


def grouped_records(
    path: str, rows: Rows, *, required: Sequence[str], id_column: str, id_label: str
) -> dict[str, list[tuple[int, Record]]]:
    """Read the header row, then group the data rows below it by ``id_column``.

    Records map the header names (case-folded, spacing collapsed; blank ones
    dropped) to the cells; groups keep the file's order. A header without a
    ``required`` column, a row of the wrong width and a row without an id
    (``id_label`` names the column in that message) are refused.
    """
    header_line, header = next(rows, (2, []))
    columns = {" ".join(h.split()).casefold(): i for i, h in enumerate(header) if h.strip()}
    require_columns(path, columns, required, line=header_line)
    groups: dict[str, list[tuple[int, Record]]] = defaultdict(list)
    for line, row in data_rows(path, rows, len(header)):
        record = {name: row[i] for name, i in columns.items()}
        key = clean(record[id_column])
        if not key:
            raise ListFileError(path, f"row without {id_label}", where=f"line {line}")
        groups[key].append((line, record))
    return groups


def record_name(record: Record) -> str:
    """The whole name of a row: Name 1 to Name 6 joined."""
    return clean(" ".join(record.get(f"name {i}", "") for i in (1, 2, 3, 4, 5, 6)))


def record_name_parts(record: Record) -> NameParts:
    parts = [clean(record.get(f"name {i}")) for i in (1, 2, 3, 4, 5, 6)]
    title = clean(record.get("title"))
    return name_parts(parts, (title,) if title else ())


def enumerated_values(records: list[Record], column: str) -> list[str]:
    """The distinct items of a column over an entry's rows, "(1) X (2) Y" cells split."""
    return list(unique(v for r in records for v in split_enumeration(r.get(column))))


def places_of_birth(records: list[Record]) -> tuple[str, ...]:
    """Distinct "town, country" places from the Town/Country of birth columns."""
    return unique(
        ", ".join(p for p in (clean(r.get("town of birth")), clean(r.get("country of birth"))) if p) for r in records
    )
