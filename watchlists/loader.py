"""Load any supported list file into a :class:`ParsedList`.

:func:`load_list` finds the format from the file's content (root element,
first bytes, header row), never from its name, then runs that format's
parser from :data:`FORMATS`. A file is taken whole or refused whole: every
problem raises :class:`ListFileError` naming the file and, where known, the
line or element. Refused are files that are too large (checked before
reading), empty, of an unknown or unexpected format, badly encoded,
truncated, malformed, or that yield no entries.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from types import ModuleType

from watchlists.errors import ListFileError
from watchlists.model import ParsedList
from watchlists.sources import (
    eu_fsf,
    generic_csv,
    interpol_json,
    ofac_csv,
    ofac_xml,
    ofsi_csv,
    opensanctions_csv,
    opensanctions_ftm,
    uk_csv,
    uk_xml,
    un_xml,
)

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
HEAD_BYTES = 64 * 1024

FORMATS: dict[str, ModuleType] = {
    "un_xml": un_xml,
    "ofac_xml": ofac_xml,
    "ofac_csv": ofac_csv,
    "eu_fsf": eu_fsf,
    "uk_xml": uk_xml,
    "uk_csv": uk_csv,
    "ofsi_csv": ofsi_csv,
    "interpol_json": interpol_json,
    "opensanctions_ftm": opensanctions_ftm,
    "opensanctions_csv": opensanctions_csv,
    "generic_csv": generic_csv,
}

# XML root element (local name) -> format
XML_ROOTS = {
    "CONSOLIDATED_LIST": "un_xml",
    "sdnList": "ofac_xml",
    "export": "eu_fsf",
    "Designations": "uk_xml",
}

_XML_NOISE = re.compile(rb"<\?.*?\?>|<!--.*?-->", re.DOTALL)
_XML_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)[\s>/]")


def load_list(
    path: str | Path,
    *,
    list_format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    list_id: str | None = None,
) -> ParsedList:
    """Read, detect and parse one list file (or an OFAC CSV directory).

    ``list_format`` names a parser in :data:`FORMATS`; the content must still
    look like that format. ``list_id`` overrides the parser's default id.
    """
    p = Path(path)
    if list_format is not None and list_format not in FORMATS:
        raise ListFileError(str(p), f"unknown list format {list_format!r}; known: {', '.join(FORMATS)}")
    if p.is_dir():
        p = ofac_csv.find_primary(p)
    if not p.is_file():
        raise ListFileError(str(p), "no such file")
    size = p.stat().st_size
    if size > max_bytes:
        raise ListFileError(str(p), f"file is {size} bytes, over the limit of {max_bytes} bytes")
    data = _read_capped(p, size, max_bytes)
    if not data[:HEAD_BYTES].strip() and not data.strip():
        raise ListFileError(str(p), "empty file", where="line 1")

    fmt = _choose_format(p, data[:HEAD_BYTES], list_format)
    module = FORMATS[fmt]
    options: dict[str, object] = {"list_id": list_id}
    if fmt == "ofac_csv":
        options["max_bytes"] = max_bytes
    try:
        parsed: ParsedList = module.parse(p, data, **options)
    except ListFileError:
        raise
    except Exception as exc:  # a parser bug or an unforeseen shape: still refuse whole
        raise ListFileError(str(p), f"{fmt} parser failed: {type(exc).__name__}: {exc}") from exc
    if not parsed.entries and not parsed.deleted:
        raise ListFileError(str(p), f"no entries found (format {fmt})")
    return parsed


def _read_capped(path: Path, size: int, max_bytes: int) -> bytes:
    """The whole file, refused once it passes ``max_bytes`` (it may have grown
    since it was measured). Reads ``size`` bytes at once, so no buffer of
    ``max_bytes`` is ever allocated for a small file."""
    with path.open("rb") as fh:
        data = fh.read(size)
        more = fh.read(1)
        if not more:
            return data
        parts, total = [data, more], len(data) + 1
        while chunk := fh.read(1 << 20):
            total += len(chunk)
            if total > max_bytes:
                break
            parts.append(chunk)
    if total > max_bytes:
        raise ListFileError(str(path), f"file is over the limit of {max_bytes} bytes")
    return b"".join(parts)


def _choose_format(path: Path, head: bytes, wanted: str | None) -> str:
    if wanted is None:
        return detect_format(path, head)
    try:
        found = detect_format(path, head)
    except ListFileError:
        return wanted  # let the parser give its own, more precise error
    if found != wanted:
        raise ListFileError(str(path), f"wrong format: content looks like {found}, not {wanted}", where="line 1")
    return wanted


def detect_format(path: str | Path, head_bytes: bytes) -> str:
    """Name of the format in :data:`FORMATS` that ``head_bytes`` (the start
    of the file) belongs to. Raises :class:`ListFileError` if none fits.

    A directory is an OFAC CSV set. XML is told apart by its root element,
    JSON by its keys, CSV by its first line.
    """
    path = str(path)
    if Path(path).is_dir():
        ofac_csv.find_primary(Path(path))
        return "ofac_csv"
    head = head_bytes
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    stripped = head.lstrip()
    if not stripped:
        raise ListFileError(path, "empty file", where="line 1")
    if stripped.startswith(b"<"):
        return _detect_xml(path, stripped)
    if stripped.startswith((b"{", b"[")):
        return _detect_json(path, stripped)
    return _detect_csv(path, stripped)


def _detect_xml(path: str, head: bytes) -> str:
    prolog = _XML_NOISE.sub(b"", head)
    if prolog.lstrip().startswith(b"<!DOCTYPE"):
        entities = b"<!ENTITY" in prolog
        detail = " declaring entities" if entities else ""
        raise ListFileError(
            path,
            f"XML with a DOCTYPE{detail} is refused (lists never carry one; it can hide entity attacks)",
            where="line 1",
        )
    m = _XML_ROOT.search(prolog)
    if not m:
        raise ListFileError(path, "XML without a root element", where="line 1")
    root = m.group(1).decode("ascii", "replace").split(":")[-1]
    if root.casefold() == "html":
        raise ListFileError(path, "an HTML page, not a list (error or login page saved in its place?)", where="line 1")
    if root in XML_ROOTS:
        return XML_ROOTS[root]
    known = ", ".join(f"<{r}>" for r in XML_ROOTS)
    raise ListFileError(path, f"unknown XML list: root <{root}> is none of {known}", where="line 1")


def _detect_json(path: str, head: bytes) -> str:
    text = head.decode("utf-8", errors="replace")
    first_line = text.split("\n", 1)[0]
    if _is_ftm_line(first_line):
        return "opensanctions_ftm"
    if '"_embedded"' in text or '"entity_id"' in text:
        return "interpol_json"
    if '"status"' in text and ('"error"' in text or '"message"' in text):
        status, detail = _error_body(text)
        raise ListFileError(
            path, f"an HTTP error body ({status} {detail}), not a list".replace("  ", " "), where="line 1"
        )
    raise ListFileError(path, "unknown JSON: neither INTERPOL notices nor OpenSanctions entities", where="line 1")


def _is_ftm_line(line: str) -> bool:
    """An FtM entity line (schema + properties) or a delta line (op + entity)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:  # longer than the head: judge by the keys seen
        return ('"schema"' in line and '"properties"' in line) or ('"op"' in line and '"entity"' in line)
    if not isinstance(obj, dict):
        return False
    return ("schema" in obj and "properties" in obj) or ("op" in obj and "entity" in obj)


def _error_body(text: str) -> tuple[str, str]:
    try:
        body = json.loads(text)
    except json.JSONDecodeError:
        return "status", ""
    if not isinstance(body, dict):
        return "status", ""
    detail = " ".join(str(body[k]) for k in ("name", "error", "message") if body.get(k))
    return f"HTTP {body.get('status')}", detail


def _detect_csv(path: str, head: bytes) -> str:
    text = head.decode("utf-8", errors="replace")
    first_line = text.splitlines()[0] if text else ""
    lowered = first_line.strip().casefold()
    if lowered.startswith("last updated,"):
        return "ofsi_csv"
    if lowered.startswith("report date"):
        return "uk_csv"
    try:
        cells = [c.strip().casefold() for c in next(csv.reader([first_line]))]
    except (csv.Error, StopIteration):
        cells = []
    if set(generic_csv.REQUIRED) <= set(cells):
        return "generic_csv"
    if cells[:3] == ["id", "schema", "name"]:
        return "opensanctions_csv"
    if cells and cells[0].isdigit() and len(cells) in (2, 5, 6, 12):
        return "ofac_csv"  # the primary file (12 columns) or one of its companions
    if b"\x00" in head:
        raise ListFileError(path, "binary data or UTF-16/32 text, not a list", where="line 1")
    raise ListFileError(path, "unknown format: no known XML root, JSON shape or CSV header", where="line 1")
