"""OFAC legacy CSV set: ``sdn.csv`` + ``alt.csv`` + ``add.csv`` +
``sdn_comments.csv``, or the non-SDN ``cons_prim.csv`` + ``cons_alt.csv`` +
``cons_add.csv`` + ``cons_comments.csv``.

The files have no header row and use ``-0-`` (with a trailing space) as null.
``sdn.csv``/``cons_prim.csv`` is the primary file; the other three are found
beside it by name (any case). All four are required: without ``alt.csv`` a
list would silently lose its aliases. The files end with a Ctrl-Z byte, which
is dropped. The set has no publication date, so ``published`` is None.

Columns (shared/research/formats.md section 2.3):

- primary (12): ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
  Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
- alt (5): ent_num, alt_num, alt_type, alt_name, alt_remarks
- add (6): ent_num, add_num, Address, City/State/Postal, Country, Add_remarks
- comments (2): ent_num, Remarks_Extended (continues Remarks mid-word)

``Remarks`` carries DOB, POB, nationality, citizenship, gender, passports and
other identifiers, digital currency addresses and the weak a.k.a.s, which
are not in alt.csv. :func:`watchlists.sources._ofac.parse_remarks` reads them.
People's names ("LAST, First") become "First LAST", as in the XML parser.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from watchlists.countries import to_iso2
from watchlists.errors import ListFileError
from watchlists.model import Address, ListEntry, NameParts, ParsedList
from watchlists.sources import _ofac
from watchlists.sources._util import (
    AliasCollector,
    clean,
    content_hash,
    csv_rows,
    decode,
    finish,
    unique,
    unique_documents,
)

FORMAT = "ofac_csv"
LIST_ID = "ofac"  # "ofac-cons" for the consolidated (non-SDN) list, see _ofac.default_list_id
DEFAULT_MAX_BYTES = 512 * 1024 * 1024

# primary file name -> (alt, add, comments) names
SIBLINGS = {
    "sdn.csv": ("alt.csv", "add.csv", "sdn_comments.csv"),
    "cons_prim.csv": ("cons_alt.csv", "cons_add.csv", "cons_comments.csv"),
}
_WIDTH = {"primary": 12, "alt": 5, "add": 6, "comments": 2}


def find_primary(directory: Path) -> Path:
    """The one primary file (sdn.csv or cons_prim.csv, any case) in a directory."""
    found = [p for p in sorted(directory.iterdir()) if p.name.casefold() in SIBLINGS and p.is_file()]
    if not found:
        raise ListFileError(str(directory), "directory holds no sdn.csv or cons_prim.csv")
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise ListFileError(str(directory), f"directory holds several OFAC CSV sets ({names}); pass one file")
    return found[0]


def sibling_paths(primary: Path) -> tuple[Path, Path, Path]:
    """Paths of alt, add and comments beside ``primary``; refuse if any is missing."""
    names = SIBLINGS["cons_prim.csv" if primary.name.casefold().startswith("cons") else "sdn.csv"]
    present = {p.name.casefold(): p for p in primary.parent.iterdir()} if primary.parent.is_dir() else {}
    missing = [n for n in names if n not in present]
    if missing:
        raise ListFileError(str(primary), f"OFAC CSV set incomplete: missing {', '.join(missing)} beside it")
    alt, add, comments = (present[n] for n in names)
    return alt, add, comments


def parse(
    path: str | Path, data: bytes, *, list_id: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedList:
    primary = Path(path)
    list_id = list_id or _ofac.default_list_id(primary)
    _refuse_companion(primary, data)
    alt_path, add_path, comments_path = sibling_paths(primary)
    raw = {
        "alt": _read(alt_path, max_bytes),
        "add": _read(add_path, max_bytes),
        "comments": _read(comments_path, max_bytes),
    }

    comments: dict[str, str] = defaultdict(str)
    for _, row in _rows(comments_path, raw["comments"], "comments"):
        comments[row[0]] += row[1]
    alts: dict[str, list[list[str]]] = defaultdict(list)
    for _, row in _rows(alt_path, raw["alt"], "alt"):
        alts[row[0]].append(row)
    adds: dict[str, list[list[str]]] = defaultdict(list)
    for _, row in _rows(add_path, raw["add"], "add"):
        adds[row[0]].append(row)

    entries = [
        _entry(primary, line, list_id, row, alts.get(row[0], []), adds.get(row[0], []), comments.get(row[0], ""))
        for line, row in _rows(primary, data, "primary")
    ]
    digest = content_hash(data, raw["alt"], raw["add"], raw["comments"])
    return finish(primary, fmt=FORMAT, list_id=list_id, published=None, digest=digest, entries=entries)


def _refuse_companion(path: Path, data: bytes) -> None:
    """Refuse alt/add/comments files given in place of the primary file."""
    first_line = data.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("cp1252", "replace")
    width = len(next(csv.reader([first_line]), []))
    if width in (_WIDTH["alt"], _WIDTH["add"], _WIDTH["comments"]):
        raise ListFileError(
            str(path),
            f"an OFAC alt/add/comments file ({width} columns); load sdn.csv or cons_prim.csv, or their directory",
            where="line 1",
        )


def _read(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise ListFileError(str(path), f"file is {size} bytes, more than the limit of {max_bytes}")
    return path.read_bytes()


def _rows(path: Path, data: bytes, role: str):
    text = decode(str(path), data.rstrip(b"\x1a"), ("utf-8", "cp1252"))
    width = _WIDTH[role]
    for line, row in csv_rows(str(path), text):
        if not row or row == [""]:
            continue
        if len(row) != width:
            raise ListFileError(
                str(path), f"{role} row has {len(row)} fields, expected {width} (truncated file?)", where=f"line {line}"
            )
        row = [_value(v) for v in row]
        row[0] = row[0].strip()
        if not row[0].isdigit():
            raise ListFileError(str(path), f"ent_num {row[0]!r} is not a number", where=f"line {line}")
        yield line, row


def _value(raw: str) -> str:
    """The "-0-" null marker becomes "". Other values are kept unstripped:
    Remarks continue in the comments file mid-word, spaces included."""
    return "" if raw.strip() == "-0-" else raw


def _entry(
    path: Path,
    line: int,
    list_id: str,
    row: list[str],
    alts: list[list[str]],
    adds: list[list[str]],
    extra_remarks: str,
) -> ListEntry:
    ent_num, sdn_name, sdn_type, program, title = (clean(v) for v in row[:5])
    vess_flag, remarks = clean(row[9]), row[11] + extra_remarks
    kind = _ofac.KINDS.get(sdn_type.casefold() or "entity")
    if kind is None:
        raise ListFileError(str(path), f"entry {ent_num}: unknown SDN_Type {sdn_type!r}", where=f"line {line}")
    if not sdn_name:
        raise ListFileError(str(path), f"entry {ent_num} has no name", where=f"line {line}")
    person = kind == "person"
    name = _ofac.person_name(sdn_name) if person else clean(sdn_name)
    facts = _ofac.parse_remarks(remarks)

    aliases = AliasCollector(name)
    for alt in alts:
        aliases.add(_ofac.person_name(alt[3]) if person else alt[3], "strong")
    for weak in facts.weak_aliases:
        aliases.add(_ofac.person_name(weak) if person else weak, "weak")

    addresses = [_address(a) for a in adds]
    addresses = [a for a in addresses if a is not None]
    programs = unique(clean(p) for p in program.split("] ["))
    name_parts = None
    if person:
        last, _, first = sdn_name.partition(", ")
        name_parts = NameParts(given=(first,) if first else (), family=(last,), title=(title,) if title else ())
    return ListEntry(
        list_id=list_id,
        entry_id=ent_num,
        kind=kind,
        name=name,
        aliases=aliases.result(),
        name_parts=name_parts,
        dates_of_birth=unique(facts.dates_of_birth),
        places_of_birth=unique(facts.places_of_birth),
        nationalities=unique(facts.nationalities),
        countries=unique([*facts.countries, *(a.country for a in addresses), to_iso2(vess_flag)]),
        documents=unique_documents(facts.documents),
        crypto_addresses=unique(facts.crypto_addresses),
        addresses=unique(addresses),
        programs=programs,
        terrorism=any(p in _ofac.TERRORISM_PROGRAMS for p in programs),
        remarks=clean(remarks) or None,
        gender=facts.gender,
    )


def _address(row: list[str]) -> Address | None:
    street, city, country = clean(row[2]), clean(row[3]), clean(row[4])
    if not (street or city or country):
        return None
    return Address(
        text=", ".join(p for p in (street, city, country) if p),
        city=city or None,
        country=to_iso2(country),
    )
