"""What every building block needs while a rule file is compiled.

:class:`Compiler` carries the file path (for errors), the rule's resolved
parameters, the reference set, and records which fields and parameters the
rule really uses (so the file's ``fields`` list can be checked).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rules.errors import RuleFileError
from rules.reference import ReferenceSet
from rules.text import KeywordMatcher
from rules.yamlfile import LineDict, LineList

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
MAX_WINDOW = 400 * 86400  # no window may exceed this (state must stay bounded)


def parse_duration(text: object) -> int | None:
    """``"72h"`` -> 259200 seconds; None when not a duration.

    >>> parse_duration("7d"), parse_duration("90m"), parse_duration("x")
    (604800, 5400, None)
    """
    if not isinstance(text, str):
        return None
    m = _DURATION.match(text.strip())
    if not m:
        return None
    return int(float(m.group(1)) * _UNIT[m.group(2)])


def format_duration(seconds: int) -> str:
    """259200 -> "3d"; 5400 -> "90m"."""
    for unit in ("d", "h", "m"):
        if seconds % _UNIT[unit] == 0 and seconds >= _UNIT[unit]:
            return f"{seconds // _UNIT[unit]}{unit}"
    return f"{seconds}s"


@dataclass
class Param:
    """One resolved rule parameter."""

    name: str
    kind: str  # number | duration | text | bool | set | keywords
    value: Any  # float | int seconds | str | bool | frozenset | KeywordMatcher
    raw: Any  # as written in the file (or the override)
    line: int
    refs: tuple[str, ...] = ()  # reference specs it was built from
    description: str | None = None

    def shown(self) -> Any:
        """A plain, printable form for evidence and ``rules show``."""
        if self.kind == "set":
            if self.refs and not [r for r in _as_list(self.raw) if not str(r).startswith("@")]:
                return list(self.refs)
            return sorted(self.value) if len(self.value) <= 12 else [*self.refs, f"{len(self.value)} values"]
        if self.kind == "keywords":
            return list(self.refs)
        if self.kind == "duration":
            return self.raw if isinstance(self.raw, str) else format_duration(self.value)
        return self.value


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


@dataclass
class Compiler:
    path: str
    refs: ReferenceSet
    params: dict[str, Param]
    used_params: set[str] = field(default_factory=set)
    used_fields: set[str] = field(default_factory=set)
    keyword_uses: list[tuple[KeywordMatcher, str]] = field(default_factory=list)

    def fail(self, node: Any, key: str | int | None, message: str) -> RuleFileError:
        line = None
        if isinstance(node, LineDict):
            line = node.line_of(key) if isinstance(key, str) else node.line
        elif isinstance(node, LineList):
            line = node.line_of(key) if isinstance(key, int) else node.line
        elif isinstance(node, int):
            line = node
        return RuleFileError(self.path, line, message)

    def param(self, name: str, node: Any, key: str | int | None, kinds: Iterable[str]) -> Param:
        kinds = tuple(kinds)
        p = self.params.get(name)
        if p is None:
            known = ", ".join(sorted(self.params)) or "none"
            raise self.fail(node, key, f"unknown parameter ${name} (parameters: {known})")
        if p.kind not in kinds:
            raise self.fail(node, key, f"parameter ${name} is a {p.kind}; expected {' or '.join(kinds)}")
        self.used_params.add(name)
        return p

    def duration(self, value: Any, node: Any, key: str | int | None) -> int:
        """A window length: ``"7d"`` or ``$param`` holding a duration."""
        if isinstance(value, str) and value.startswith("$"):
            seconds = self.param(value[1:], node, key, ("duration",)).value
        else:
            seconds = parse_duration(value)
            if seconds is None:
                raise self.fail(node, key, f"bad duration {value!r}; write e.g. 30m, 72h, 7d, 2w")
        if seconds <= 0 or seconds > MAX_WINDOW:
            raise self.fail(node, key, f"duration {value!r} must be above 0 and at most 400d")
        return seconds

    def number(self, value: Any, node: Any, key: str | int | None) -> float:
        if isinstance(value, str) and value.startswith("$"):
            return self.param(value[1:], node, key, ("number",)).value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(node, key, f"expected a number or $parameter, got {value!r}")
        return value
