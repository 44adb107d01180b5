"""Reference data for rules: versioned YAML files with a source and a date.

Each file in ``rules/reference/`` is one named list::

    name: conflict_zones        # must equal the file name without .yaml
    kind: countries             # countries | codes | keywords | addresses | rates
    version: "2025.11"
    date: "2025-11-01"          # when the content was last checked
    source: "who published it, or how it was compiled"
    description: "what it is for"
    entries: [...]

Rules refer to a list as ``@name``, or to some categories of a ``codes`` or
``keywords`` list as ``@name:cat1,cat2``. Several references in a YAML list
are joined: ``["@conflict_zones", "@tf_conduits"]``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rules.errors import RuleFileError
from rules.text import KeywordEntry, KeywordHit, KeywordMatcher
from rules.yamlfile import LineDict, LineList, load_yaml
from tfscreen.codec import iso_countries, iso_currencies

DEFAULT_DIR = Path(__file__).resolve().parent / "reference"
KeywordSpec = tuple[tuple[KeywordMatcher, frozenset[str] | None], ...]
KINDS = ("countries", "codes", "keywords", "addresses", "rates")
_TOP = {"name", "kind", "version", "date", "source", "description", "note", "entries"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[0-9A-Za-z]{1,12}$")
_RANGE = re.compile(r"^(\d{1,8})-(\d{1,8})$")


@dataclass
class Reference:
    """One loaded reference list."""

    name: str
    kind: str
    version: str
    date: str
    source: str
    description: str
    path: str
    digest: str  # sha256 of the file bytes (plus any extra values)
    values: frozenset[str] = frozenset()
    categories: dict[str, frozenset[str]] = field(default_factory=dict)
    keywords: tuple[KeywordEntry, ...] = ()
    rates: dict[str, float] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.keywords) if self.kind == "keywords" else len(self.rates or self.values)

    def label(self) -> str:
        return f"{self.name}@{self.version} ({self.date})"


class ReferenceSet:
    """All reference lists by name, with cached resolution of ``@name`` specs."""

    def __init__(self, refs: Mapping[str, Reference]) -> None:
        self.refs = dict(refs)
        self._matchers: dict[str, KeywordMatcher] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.refs

    def __getitem__(self, name: str) -> Reference:
        return self.refs[name]

    def digest(self) -> str:
        h = hashlib.sha256()
        for name in sorted(self.refs):
            h.update(f"{name}:{self.refs[name].digest}\n".encode())
        return h.hexdigest()

    def parse_spec(self, spec: str) -> tuple[Reference, tuple[str, ...]]:
        """``@name`` or ``@name:a,b`` -> (reference, categories). Raises KeyError/ValueError."""
        body = spec[1:]
        name, _, cats = body.partition(":")
        if name not in self.refs:
            raise KeyError(f"unknown reference {spec!r} (known: {', '.join(sorted(self.refs))})")
        ref = self.refs[name]
        categories = tuple(c.strip() for c in cats.split(",") if c.strip()) if cats else ()
        if categories:
            if ref.kind not in ("codes", "keywords"):
                raise ValueError(f"{spec!r}: only codes and keywords lists have categories")
            unknown = [c for c in categories if c not in ref.categories]
            if unknown:
                raise ValueError(
                    f"{spec!r}: unknown categor{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)} "
                    f"(known: {', '.join(sorted(ref.categories))})"
                )
        return ref, categories

    def values(self, spec: str) -> frozenset[str]:
        ref, cats = self.parse_spec(spec)
        if ref.kind == "rates":
            raise ValueError(f"{spec!r} is a rates table, not a list of values")
        if ref.kind == "keywords":
            raise ValueError(f"{spec!r} is a keyword list; use it with 'matches'")
        if cats:
            return frozenset().union(*(ref.categories[c] for c in cats))
        return ref.values

    def matcher(self, name: str) -> KeywordMatcher:
        """The keyword matcher of one keyword list (shared by every rule that uses it)."""
        if name not in self._matchers:
            self._matchers[name] = KeywordMatcher(self.refs[name].keywords)
        return self._matchers[name]

    def keywords(self, specs: Iterable[str]) -> KeywordSpec:
        """Keyword specs -> ((matcher, categories or None), ...), one pair per list named."""
        by_list: dict[str, set[str] | None] = {}
        for spec in specs:
            ref, cats = self.parse_spec(spec)
            if ref.kind != "keywords":
                raise ValueError(f"{spec!r} is a {ref.kind} list, not keywords")
            if not cats or (ref.name in by_list and by_list[ref.name] is None):
                by_list[ref.name] = None
            else:
                by_list.setdefault(ref.name, set()).update(cats)  # type: ignore[union-attr]
        return tuple((self.matcher(name), frozenset(cats) if cats else None) for name, cats in by_list.items())

    def rates(self, name: str = "fx_eur") -> dict[str, float]:
        ref = self.refs.get(name)
        return dict(ref.rates) if ref is not None and ref.kind == "rates" else {"EUR": 1.0}

    def extend(self, name: str, values: Iterable[str]) -> None:
        """Add values (e.g. crypto addresses taken from loaded watchlists) to a list."""
        ref = self.refs.get(name)
        if ref is None:
            raise KeyError(f"unknown reference {name!r}")
        if ref.kind not in ("countries", "addresses"):
            raise ValueError(f"reference {name!r} is {ref.kind}; only countries and addresses can be extended")
        extra = sorted({_norm_value(ref.kind, v) for v in values if v and str(v).strip()})
        if not extra:
            return
        ref.values = ref.values | frozenset(extra)
        ref.digest = hashlib.sha256((ref.digest + "\n" + "\n".join(extra)).encode()).hexdigest()
        self._matchers.clear()


def keyword_hits(spec: KeywordSpec, view_hits: Callable[[KeywordMatcher], list[KeywordHit]]) -> list[KeywordHit]:
    """Hits of a keyword spec, given a function returning a matcher's hits on the text."""
    out: list[KeywordHit] = []
    for matcher, cats in spec:
        hits = view_hits(matcher)
        out.extend(hits if cats is None else [h for h in hits if h.category in cats])
    return out


def _norm_value(kind: str, value: object) -> str:
    text = str(value).strip()
    return text.lower() if kind == "addresses" else text.upper() if kind == "countries" else text


def _fail(path: str, node: Any, key: str | int | None, message: str) -> RuleFileError:
    line = None
    if isinstance(node, LineDict):
        line = node.line_of(key) if isinstance(key, str) else node.line
    elif isinstance(node, LineList):
        line = node.line_of(key) if isinstance(key, int) else node.line
    return RuleFileError(path, line, message)


def _text(path: str, doc: LineDict, key: str, required: bool = True) -> str:
    value = doc.get(key)
    if value is None:
        if required:
            raise _fail(path, doc, None, f"missing field '{key}'")
        return ""
    if isinstance(value, list):
        if not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise _fail(path, doc, key, f"'{key}' must be text or a list of text")
        return "; ".join(value)
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        raise _fail(path, doc, key, f"'{key}' must be non-empty text")
    return str(value)


def load_reference_file(path: str | Path) -> Reference:
    path = str(path)
    raw = Path(path).read_bytes()
    doc = load_yaml(path, raw.decode("utf-8", errors="strict"))
    if not isinstance(doc, LineDict):
        raise RuleFileError(path, 1, "a reference file must be a mapping")
    unknown = sorted(set(doc) - _TOP)
    if unknown:
        raise _fail(path, doc, unknown[0], f"unknown field '{unknown[0]}' (allowed: {', '.join(sorted(_TOP))})")
    name = _text(path, doc, "name")
    if name != Path(path).stem:
        raise _fail(path, doc, "name", f"name '{name}' must equal the file name '{Path(path).stem}'")
    kind = _text(path, doc, "kind")
    if kind not in KINDS:
        raise _fail(path, doc, "kind", f"kind '{kind}' is not one of {', '.join(KINDS)}")
    date = _text(path, doc, "date")
    if not _DATE.match(date):
        raise _fail(path, doc, "date", f"date '{date}' must be YYYY-MM-DD")
    ref = Reference(
        name=name,
        kind=kind,
        version=_text(path, doc, "version"),
        date=date,
        source=_text(path, doc, "source"),
        description=_text(path, doc, "description"),
        path=path,
        digest=hashlib.sha256(raw).hexdigest(),
    )
    if "entries" not in doc:
        raise _fail(path, doc, None, "missing field 'entries'")
    entries = doc["entries"]
    if entries is None:
        entries = LineList()
    _PARSERS[kind](path, doc, entries, ref)
    return ref


def _parse_countries(path: str, doc: LineDict, entries: Any, ref: Reference) -> None:
    if not isinstance(entries, list):
        raise _fail(path, doc, "entries", "entries must be a list of country codes")
    known = iso_countries()
    out = set()
    for i, item in enumerate(entries):
        code = item.get("code") if isinstance(item, dict) else item
        if isinstance(item, dict):
            extra = set(item) - {"code", "name", "note"}
            if extra:
                raise _fail(path, entries, i, f"unknown field '{sorted(extra)[0]}' in a country entry")
        if not isinstance(code, str) or code not in known:
            raise _fail(path, entries, i, f"{code!r} is not an ISO 3166-1 alpha-2 country code")
        out.add(code)
    ref.values = frozenset(out)


def _parse_codes(path: str, doc: LineDict, entries: Any, ref: Reference) -> None:
    if not isinstance(entries, list):
        raise _fail(path, doc, "entries", "entries must be a list of {code|range, category, name}")
    cats: dict[str, set[str]] = {}
    for i, item in enumerate(entries):
        if not isinstance(item, dict):
            raise _fail(path, entries, i, "each entry must be a mapping with code or range, and category")
        extra = set(item) - {"code", "range", "category", "name", "note"}
        if extra:
            raise _fail(path, item, sorted(extra)[0], f"unknown field '{sorted(extra)[0]}' in a code entry")
        category = item.get("category")
        if not isinstance(category, str) or not category:
            raise _fail(path, entries, i, "missing field 'category'")
        codes: list[str] = []
        if "code" in item and "range" in item:
            raise _fail(path, entries, i, "give code or range, not both")
        if "code" in item:
            code = str(item["code"])
            if not _CODE.match(code):
                raise _fail(path, item, "code", f"bad code {code!r}")
            codes = [code]
        elif "range" in item:
            m = _RANGE.match(str(item["range"]))
            if not m or int(m.group(1)) > int(m.group(2)):
                raise _fail(path, item, "range", f"bad range {item['range']!r}; write LOW-HIGH, e.g. 3000-3299")
            width = len(m.group(1))
            codes = [str(n).zfill(width) for n in range(int(m.group(1)), int(m.group(2)) + 1)]
        else:
            raise _fail(path, entries, i, "each entry needs code or range")
        cats.setdefault(category, set()).update(codes)
    ref.categories = {k: frozenset(v) for k, v in cats.items()}
    ref.values = frozenset().union(*ref.categories.values()) if cats else frozenset()


def _parse_keywords(path: str, doc: LineDict, entries: Any, ref: Reference) -> None:
    if not isinstance(entries, list):
        raise _fail(path, doc, "entries", "entries must be a list of {term, category, variants}")
    out: list[KeywordEntry] = []
    seen: set[str] = set()
    cats: dict[str, set[str]] = {}
    for i, item in enumerate(entries):
        if not isinstance(item, dict):
            raise _fail(path, entries, i, "each keyword entry must be a mapping with term and category")
        extra = set(item) - {"term", "category", "variants", "note"}
        if extra:
            raise _fail(path, item, sorted(extra)[0], f"unknown field '{sorted(extra)[0]}' in a keyword entry")
        term, category = item.get("term"), item.get("category")
        if not isinstance(term, str) or not term.strip():
            raise _fail(path, entries, i, "missing field 'term'")
        if not isinstance(category, str) or not category.strip():
            raise _fail(path, entries, i, "missing field 'category'")
        variants = item.get("variants") or []
        if not isinstance(variants, list) or not all(isinstance(v, (str, int)) for v in variants):
            raise _fail(path, item, "variants", "variants must be a list of text")
        if term in seen:
            raise _fail(path, entries, i, f"duplicate term {term!r}")
        seen.add(term)
        out.append(KeywordEntry(term=term, category=category, variants=tuple(str(v) for v in variants),
                                note=item.get("note")))
        cats.setdefault(category, set()).add(term)
    ref.keywords = tuple(out)
    ref.categories = {k: frozenset(v) for k, v in cats.items()}
    ref.values = frozenset(seen)


def _parse_addresses(path: str, doc: LineDict, entries: Any, ref: Reference) -> None:
    if not isinstance(entries, list):
        raise _fail(path, doc, "entries", "entries must be a list of addresses")
    out = set()
    for i, item in enumerate(entries):
        addr = item.get("address") if isinstance(item, dict) else item
        if isinstance(item, dict):
            extra = set(item) - {"address", "chain", "note", "source"}
            if extra:
                raise _fail(path, entries, i, f"unknown field '{sorted(extra)[0]}' in an address entry")
        if not isinstance(addr, str) or not addr.strip() or " " in addr.strip():
            raise _fail(path, entries, i, f"bad address {addr!r}")
        out.add(_norm_value("addresses", addr))
    ref.values = frozenset(out)


def _parse_rates(path: str, doc: LineDict, entries: Any, ref: Reference) -> None:
    if not isinstance(entries, dict):
        raise _fail(path, doc, "entries", "entries must map currency code to its value in EUR")
    known = iso_currencies()
    rates: dict[str, float] = {}
    for code, rate in entries.items():
        if code not in known:
            raise _fail(path, entries, code, f"{code!r} is not an ISO 4217 currency code")
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or rate <= 0:
            raise _fail(path, entries, code, f"rate for {code} must be a positive number")
        rates[code] = float(rate)
    ref.rates = rates
    ref.values = frozenset(rates)


_PARSERS = {
    "countries": _parse_countries,
    "codes": _parse_codes,
    "keywords": _parse_keywords,
    "addresses": _parse_addresses,
    "rates": _parse_rates,
}


def load_reference(directory: str | Path | None = None) -> ReferenceSet:
    """Every ``*.yaml`` reference file in ``directory`` (default: the shipped set)."""
    directory = Path(directory) if directory is not None else DEFAULT_DIR
    if not directory.is_dir():
        raise RuleFileError(str(directory), None, "reference directory not found")
    refs: dict[str, Reference] = {}
    for path in sorted(directory.glob("*.yaml")):
        ref = load_reference_file(path)
        refs[ref.name] = ref
    return ReferenceSet(refs)
