"""Helpers shared by the list parsers: text cleaning, aliases, dates, CSV,
decoding and the final checks every parsed list goes through."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from watchlists.errors import ListFileError
from watchlists.model import Alias, DateOfBirth, IdentityDocument, ListEntry, ListVersion, ParsedList, Quality
from watchlists.scripts import detect_script

T = TypeVar("T")

_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """Collapse runs of whitespace (incl. line breaks) and strip; None -> ""."""
    if not text:
        return ""
    return _SPACES.sub(" ", text).strip()


def unique(items: Iterable[T]) -> tuple[T, ...]:
    """Items in first-seen order, without repeats and without empty values."""
    seen: dict[T, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return tuple(seen)


def unique_documents(docs: Iterable[IdentityDocument | None]) -> tuple[IdentityDocument, ...]:
    """Documents without repeats of the same (type, number, country).

    Lists repeat a document in several languages ("Passport", "Numéro de
    passeport"); the first one seen, with its note, is kept.
    """
    seen: dict[tuple[str, str, str | None], IdentityDocument] = {}
    for doc in docs:
        if doc is not None:
            seen.setdefault((doc.type, doc.number, doc.country), doc)
    return tuple(seen.values())


def name_key(name: str) -> str:
    """Key two names share when they differ only in case or spacing."""
    return clean(name).casefold()


class AliasCollector:
    """Collects an entry's aliases, dropping repeats and the primary name.

    Two names are the same when :func:`name_key` matches. A name seen both
    strong and weak stays strong; a name seen once as original script keeps
    that flag.
    """

    def __init__(self, primary: str) -> None:
        self._primary = name_key(primary)
        self._aliases: dict[str, Alias] = {}

    def add(self, name: str | None, quality: Quality = "strong", *, original_script: bool = False) -> None:
        name = clean(name)
        if not name:
            return
        key = name.casefold()
        if key == self._primary:
            return
        old = self._aliases.get(key)
        if old is not None:
            quality = "strong" if "strong" in (old.quality, quality) else "weak"
            original_script = original_script or old.original_script
            name = old.name
        self._aliases[key] = Alias(
            name=name, quality=quality, script=detect_script(name), original_script=original_script
        )

    def result(self) -> tuple[Alias, ...]:
        return tuple(self._aliases.values())


_ENUM_MARK = re.compile(r"(?:^|\s)[a-h]\)\s")
_ORIGINAL_NOTE = re.compile(r"\(\s*original script\s*\)", re.IGNORECASE)


def split_alias_list(text: str) -> list[tuple[str, bool]]:
    """Split a cell that lists several names; give (name, is_original_script).

    ";" and enumeration marks ("b) ") separate names. A balanced "(...)"
    stays part of its name ("X (PCI)"). An unbalanced "(" also separates
    names ("X (Y; Z)" gives X, Y and Z) and an unmatched ")" is dropped. A
    name followed by "(original script)" is flagged and the note removed.

    >>> split_alias_list("A; B (C; D)")
    [('A', False), ('B', False), ('C', False), ('D', False)]
    >>> split_alias_list("X (PCI)")
    [('X (PCI)', False)]
    """
    names: list[tuple[str, bool]] = []
    for part in _ENUM_MARK.sub(";", text).split(";"):
        for piece in _split_unbalanced(part):
            original = bool(_ORIGINAL_NOTE.search(piece))
            piece = clean(_ORIGINAL_NOTE.sub(" ", piece))
            if piece:
                names.append((piece, original))
    return names


def _split_unbalanced(part: str) -> list[str]:
    opened: list[int] = []
    keep: list[str] = []
    for char in part:
        if char == "(":
            opened.append(len(keep))
        elif char == ")":
            if not opened:
                continue  # unmatched ")"
            opened.pop()
        keep.append(char)
    text = "".join(keep)
    pieces, start = [], 0
    for index in opened:  # unmatched "(" split the part
        pieces.append(text[start:index])
        start = index + 1
    pieces.append(text[start:])
    return [p for p in (clean(p) for p in pieces) if p]


def split_values(cell: str | None) -> list[str]:
    """The cleaned, non-empty values of a cell that joins several with ";".

    >>> split_values(" A ;; B;")
    ['A', 'B']
    """
    return [v for v in (clean(x) for x in (cell or "").split(";")) if v]


_ENUM = re.compile(r"(?:^|\s)\(?(?:\d{1,2}|[a-h])\)\s*")


def split_enumeration(text: str | None) -> list[str]:
    """Split "(1) X (2) Y" and "a) X b) Y" enumerations into cleaned items.

    >>> split_enumeration("(1) German (2) Moroccan")
    ['German', 'Moroccan']
    >>> split_enumeration("a) French, b) Tunisian")
    ['French', 'Tunisian']
    """
    text = clean(text)
    if not text:
        return []
    items = _ENUM.split(text)
    return [p for p in (clean(i).strip(",;.") for i in items) if p]


# --- dates -----------------------------------------------------------------

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}


def iso_date(year: int | str, month: int | str | None = None, day: int | str | None = None) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` if the parts are valid, else None.

    Zero or missing month/day mean unknown and shorten the result.
    """
    try:
        y = int(year)
        m = int(month) if month not in (None, "") else 0
        d = int(day) if day not in (None, "") else 0
    except (TypeError, ValueError):
        return None
    if not 1000 <= y <= 2999 or not 0 <= m <= 12 or not 0 <= d <= 31:
        return None
    if m == 0:
        return f"{y:04d}"
    if d == 0:
        return f"{y:04d}-{m:02d}"
    if d > _days_in_month(y, m):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


_DMY = re.compile(r"^(\d{1,2}|dd|00)/(\d{1,2}|mm|00)/(\d{4})$", re.IGNORECASE)


def parse_dmy(text: str | None) -> str | None:
    """UK/OFSI ``dd/mm/yyyy``; ``00`` or the literal ``dd``/``mm`` mean unknown.

    >>> parse_dmy("00/00/1980"), parse_dmy("dd/mm/1937"), parse_dmy("20/02/1934")
    ('1980', '1937', '1934-02-20')
    """
    m = _DMY.match(clean(text))
    if not m:
        return None
    day, month, year = m.groups()
    day = "0" if not day.isdigit() else day
    month = "0" if not month.isdigit() else month
    if month == "0":
        day = "0"
    return iso_date(year, month, day)


def parse_dmy_day(text: str | None) -> str | None:
    """A ``dd/mm/yyyy`` date only when it names a full day, else None.

    >>> parse_dmy_day("25/01/2001"), parse_dmy_day("00/01/2001")
    ('2001-01-25', None)
    """
    value = parse_dmy(text)
    return value if value and len(value) == 10 else None


_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_iso_prefix(text: str | None) -> str | None:
    """The date part of an ISO 8601 string, keeping only what is given.

    >>> parse_iso_prefix("2015-04-07-04:00"), parse_iso_prefix("1953")
    ('2015-04-07', '1953')
    """
    m = _ISO_PREFIX.match(clean(text))
    if not m:
        return None
    return iso_date(*m.groups())


def dob(value: str | None, end: str | None = None, approximate: bool = False) -> DateOfBirth | None:
    if not value:
        return None
    if end == value:
        end = None
    return DateOfBirth(value=value, end=end, approximate=approximate)


# --- decoding and CSV ----------------------------------------------------------


def line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def decode(path: str, data: bytes, encodings: tuple[str, ...] = ("utf-8",)) -> str:
    """Decode with the first encoding that fits; refuse naming the bad line.

    A UTF-8 byte-order mark is dropped. Only the first encoding's error is
    reported, since it is the one the format expects.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    first_error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    raise ListFileError(
        path,
        f"not valid {first_error.encoding} text (byte 0x{data[first_error.start]:02x})",
        where=f"line {line_of(data, first_error.start)}",
    )


def csv_rows(path: str, text: str, *, skip_lines: int = 0) -> Iterator[tuple[int, list[str]]]:
    """Rows of a CSV text with the line number each starts on.

    Unterminated quotes (a truncated file) and NUL bytes are refused.
    """
    stream = io.StringIO(text, newline="")
    for _ in range(skip_lines):
        stream.readline()
    reader = csv.reader(stream, strict=True)
    line = skip_lines + 1
    try:
        for row in reader:
            yield line, row
            line = skip_lines + reader.line_num + 1
    except csv.Error as exc:
        raise ListFileError(path, f"bad CSV: {exc}", where=f"line {line}") from None


def csv_header(path: str, rows: Iterator[tuple[int, list[str]]]) -> list[str]:
    """The first row's cells as column names, stripped and case-folded.

    An empty file is refused.
    """
    first = next(rows, None)
    if first is None:
        raise ListFileError(path, "empty file", where="line 1")
    return [h.strip().casefold() for h in first[1]]


def require_columns(path: str, columns: Collection[str], required: Iterable[str], *, line: int = 1) -> None:
    """Refuse a header that lacks any of the ``required`` column names."""
    missing = [c for c in required if c not in columns]
    if missing:
        raise ListFileError(path, f"header lacks column(s) {', '.join(missing)}", where=f"line {line}")


def data_rows(
    path: str, rows: Iterator[tuple[int, list[str]]], width: int, *, truncation_hint: bool = True
) -> Iterator[tuple[int, list[str]]]:
    """The rows under a header of ``width`` columns, blank rows skipped.

    A row with another number of fields is refused; ``truncation_hint`` adds
    "(truncated file?)" to that message.
    """
    hint = " (truncated file?)" if truncation_hint else ""
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            raise ListFileError(path, f"row has {len(row)} fields, header has {width}{hint}", where=f"line {line}")
        yield line, row


# --- result ---------------------------------------------------------------------


def content_hash(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for i, part in enumerate(parts):
        if i:
            digest.update(b"\x00--next-file--\x00")
        digest.update(part)
    return digest.hexdigest()


def finish(
    path: str | Path,
    *,
    fmt: str,
    list_id: str,
    published: str | None,
    digest: str,
    entries: list[ListEntry],
    delta: bool = False,
    deleted: tuple[str, ...] = (),
) -> ParsedList:
    """Build the ParsedList; refuse duplicate entry ids."""
    seen: set[str] = set()
    for entry in entries:
        if entry.entry_id in seen:
            raise ListFileError(str(path), f"duplicate entry id {entry.entry_id!r}")
        seen.add(entry.entry_id)
    version = ListVersion(
        list_id=list_id,
        source=str(path),
        format=fmt,
        published=published,
        content_hash=digest,
        entry_count=len(entries),
    )
    return ParsedList(version=version, entries=tuple(entries), delta=delta, deleted=deleted)


# UN reference-number prefixes of the terrorism regimes: 1267 ISIL/Al-Qaida
# (QDi/QDe) and 1988 Taliban (TAi/TAe). The UK lists and INTERPOL's UN
# Special Notices quote the same references.
UN_TERRORISM_PREFIXES = ("QDi.", "QDe.", "TAi.", "TAe.")

GENDERS = {"m": "male", "male": "male", "f": "female", "female": "female"}


def gender(value: str | None) -> str | None:
    """ "male", "female" or None."""
    return GENDERS.get(clean(value).casefold())
