"""INTERPOL public notices API responses (JSON, HAL).

Accepted shapes (shared/research/formats.md section 5):

- a list page: ``{"total": N, "_embedded": {"notices": [...]}, ...}``;
- one notice detail: an object with ``entity_id`` (red and yellow notices:
  ``name``/``forename``; UN Special Notices: also ``un_reference`` and
  ``name_in_original_script``/``forename_in_original_script``).

An API error body such as ``{"status":404,"name":"NotFoundError",...}`` is
refused. The API has no version or date, so ``published`` is None.

Mapping: entry_id ``entity_id`` (``2021/75051``); name "FORENAME NAME".
A parenthesised alternative family name (``"ANGELOV (STOYANOV)"``) gives
the primary name without it and an alias with it. A forename of "-" means
none. ``date_of_birth`` is ``YYYY/MM/DD`` or ``YYYY``. The notice colour (from
the ``self`` link or ``list_kind``) is the program; UN entity notices are
organisations. terrorism: UN notices under 1267/1988 (un_reference
QD/TA), or a red-notice charge that mentions terrorism ("terror" in any
case, incl. the Russian "террор").
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from watchlists.countries import code_to_iso2
from watchlists.errors import ListFileError
from watchlists.model import EntryKind, IdentityDocument, ListEntry, NameParts, ParsedList
from watchlists.sources._util import (
    UN_TERRORISM_PREFIXES,
    AliasCollector,
    clean,
    content_hash,
    decode,
    dob,
    finish,
    gender,
    iso_date,
    unique,
    unique_documents,
)

FORMAT = "interpol_json"
LIST_ID = "interpol"

_TERROR = re.compile(r"terror|террор", re.IGNORECASE)
_ALT = re.compile(r"\s*\(([^()]+)\)\s*")
_DATE = re.compile(r"^(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?$")


def parse(path: str | Path, data: bytes, *, list_id: str | None = None) -> ParsedList:
    path = str(path)
    list_id = list_id or LIST_ID
    text = decode(path, data)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ListFileError(path, f"bad JSON: {exc.msg}", where=f"line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(doc, dict):
        raise ListFileError(path, "INTERPOL response is not a JSON object", where="line 1")
    _refuse_error_body(path, doc)
    if "_embedded" in doc and isinstance(doc["_embedded"], dict) and "notices" in doc["_embedded"]:
        notices = doc["_embedded"]["notices"]
        if not isinstance(notices, list):
            raise ListFileError(path, "_embedded.notices is not a list", where="_embedded.notices")
        where = "_embedded.notices[{}]"
    elif "entity_id" in doc:
        notices, where = [doc], "notice"
    else:
        raise ListFileError(path, "neither a notice list (_embedded.notices) nor a notice (entity_id)", where="line 1")
    entries = [_entry(path, list_id, n, where.format(i)) for i, n in enumerate(notices)]
    return finish(path, fmt=FORMAT, list_id=list_id, published=None, digest=content_hash(data), entries=entries)


def _refuse_error_body(path: str, doc: dict[str, Any]) -> None:
    status = doc.get("status")
    if isinstance(status, int) and status >= 400 and "entity_id" not in doc and "_embedded" not in doc:
        detail = " ".join(str(doc.get(k)) for k in ("name", "error", "message") if doc.get(k))
        raise ListFileError(
            path, f"INTERPOL API error body, not notices: HTTP {status} {detail}".strip(), where="line 1"
        )


def _str(value: Any) -> str:
    return clean(value) if isinstance(value, str) else ""


def _notice_kind(notice: dict[str, Any]) -> str:
    href = _str(((notice.get("_links") or {}).get("self") or {}).get("href"))
    for kind in ("red", "yellow", "un/persons", "un/entities"):
        if f"/notices/v1/{kind}" in href:
            return kind
    if notice.get("un_reference"):
        return "un/entities" if notice.get("legal_form") or notice.get("registration_number") else "un/persons"
    return "red"


def _entry(path: str, list_id: str, notice: Any, where: str) -> ListEntry:
    if not isinstance(notice, dict):
        raise ListFileError(path, "notice is not a JSON object", where=where)
    entity_id = _str(notice.get("entity_id"))
    if not entity_id:
        raise ListFileError(path, "notice without entity_id", where=where)
    family = _str(notice.get("name"))
    forename = _str(notice.get("forename"))
    if forename == "-":
        forename = ""
    alternative = _ALT.search(family)
    plain_family = clean(_ALT.sub(" ", family))
    name = clean(f"{forename} {plain_family}")
    if not name:
        raise ListFileError(path, f"notice {entity_id} has no name", where=where)
    notice_kind = _notice_kind(notice)
    kind: EntryKind = "organization" if notice_kind == "un/entities" else "person"

    aliases = AliasCollector(name)
    if alternative:
        aliases.add(f"{forename} {alternative.group(1)}", "strong")
    for alias in notice.get("aliases") or []:
        if isinstance(alias, dict):
            aliases.add(f"{_str(alias.get('forename'))} {_str(alias.get('name'))}", "strong")
        elif isinstance(alias, str):
            aliases.add(alias, "strong")
    original = clean(f"{_str(notice.get('forename_in_original_script'))} {_str(notice.get('name_in_original_script'))}")
    aliases.add(original, "strong", original_script=True)
    if notice.get("name_at_birth"):
        aliases.add(f"{forename} {_str(notice.get('name_at_birth'))}", "strong")
    aliases.add(_str(notice.get("formerly_known_as")), "strong")

    charges = [_str(w.get("charge")) for w in notice.get("arrest_warrants") or [] if isinstance(w, dict)]
    un_reference = _str(notice.get("un_reference"))
    countries = [_str(w.get("issuing_country_id")) for w in notice.get("arrest_warrants") or [] if isinstance(w, dict)]
    programs = {"red": "INTERPOL Red Notice", "yellow": "INTERPOL Yellow Notice"}.get(
        notice_kind, "INTERPOL-UN Security Council Special Notice"
    )
    place = ", ".join(p for p in (_str(notice.get("place_of_birth")), _str(notice.get("country_of_birth_id"))) if p)
    return ListEntry(
        list_id=list_id,
        entry_id=entity_id,
        kind=kind,
        name=name,
        aliases=aliases.result(),
        name_parts=NameParts(given=(forename,) if forename else (), family=(plain_family,) if plain_family else ())
        if kind == "person"
        else None,
        dates_of_birth=unique([dob(_date(_str(notice.get("date_of_birth"))))]),
        places_of_birth=unique([place]),
        nationalities=unique(code_to_iso2(_str(n)) for n in notice.get("nationalities") or []),
        countries=unique(code_to_iso2(c) for c in countries),
        documents=unique_documents(_documents(notice.get("identity_documents"))),
        programs=unique([programs, un_reference]),
        terrorism=un_reference.startswith(UN_TERRORISM_PREFIXES) or any(_TERROR.search(c) for c in charges),
        remarks=" | ".join(c for c in charges if c) or _str(notice.get("summary")) or None,
        gender=gender(_str(notice.get("sex_id"))),
    )


def _date(text: str) -> str | None:
    m = _DATE.match(text)
    return iso_date(*m.groups()) if m else None


def _documents(items: Any) -> list[IdentityDocument]:
    """UN notices give ``identity_documents`` as free-text strings; the
    number is the first token with a digit, the whole text is the note."""
    docs = []
    for item in items or []:
        text = _str(item)
        for token in text.replace(":", " ").split():
            token = token.strip(".,;()")
            if any(c.isdigit() for c in token):
                docs.append(IdentityDocument(type="other", number=token, note=text))
                break
    return docs
