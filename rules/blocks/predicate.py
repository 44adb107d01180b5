"""Per-transaction predicates: the ``when`` of a rule and the ``where`` of a feature.

Written as YAML; a mapping means "all of these hold"::

    when:
      channel: [mvts, wire]                 # a list: the value is one of them
      beneficiary.type: person              # a scalar: equals
      beneficiary.country: {in: $countries} # an operator mapping
      amount_eur: {between: [$min_amount, $max_amount]}
      remittance_info: {matches: $keywords} # keyword phrases, kept as evidence
      any:                                  # one of these holds
        - terminal_country: {in: "@conflict_zones"}
        - cross_border: true
      not: {purpose_code: {in: [SALA]}}

Operators: ``eq ne in not_in gt gte lt lte between matches present same_as
differs_from``. Operands are literals, ``$parameters`` or ``@reference``
specs. A missing field value never passes a test (except ``present: false``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rules.blocks.base import Compiler
from rules.fields import FIELDS, Field, TxView
from rules.reference import KeywordSpec
from tfscreen.codec import iso_countries

Pred = Callable[[TxView], bool]
OPS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "between", "matches", "present", "same_as", "differs_from")
COMBINATORS = ("all", "any", "not")


def always(view: TxView) -> bool:
    return True


def compile_predicate(c: Compiler, node: Any, parent: Any = None, key: str | int | None = None) -> Pred:
    """Compile a predicate node; raise RuleFileError (with line) when it is malformed."""
    if isinstance(node, list):
        if not node:
            raise c.fail(parent, key, "an empty list of conditions")
        parts = [compile_predicate(c, item, node, i) for i, item in enumerate(node)]
        return _all(parts)
    if not isinstance(node, dict) or not node:
        raise c.fail(parent, key, "a condition must be a mapping of field: test (or all/any/not)")
    parts: list[Pred] = []
    for name, spec in node.items():
        if name == "all":
            parts.append(compile_predicate(c, spec, node, name))
        elif name == "any":
            if not isinstance(spec, list) or not spec:
                raise c.fail(node, name, "'any' takes a non-empty list of conditions")
            parts.append(_any([compile_predicate(c, item, spec, i) for i, item in enumerate(spec)]))
        elif name == "not":
            inner = compile_predicate(c, spec, node, name)
            parts.append(lambda v, inner=inner: not inner(v))
        else:
            parts.append(_field_test(c, node, name, spec))
    return parts[0] if len(parts) == 1 else _all(parts)


def _all(parts: list[Pred]) -> Pred:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return lambda v: a(v) and b(v)
    if len(parts) == 3:
        a, b, c = parts
        return lambda v: a(v) and b(v) and c(v)
    if len(parts) == 4:
        a, b, c, d = parts
        return lambda v: a(v) and b(v) and c(v) and d(v)
    head, rest = _all(parts[:4]), _all(parts[4:])
    return lambda v: head(v) and rest(v)


def _any(parts: list[Pred]) -> Pred:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        a, b = parts
        return lambda v: a(v) or b(v)
    if len(parts) == 3:
        a, b, c = parts
        return lambda v: a(v) or b(v) or c(v)
    head, rest = _any(parts[:3]), _any(parts[3:])
    return lambda v: head(v) or rest(v)


def _field(c: Compiler, node: Any, key: Any, path: Any) -> Field:
    if not isinstance(path, str) or path not in FIELDS:
        raise c.fail(node, key, f"unknown field {path!r}; known fields: {', '.join(FIELDS)}")
    c.used_fields.add(path)
    return FIELDS[path]


def _field_test(c: Compiler, node: dict, path: str, spec: Any) -> Pred:
    f = _field(c, node, path, path)
    if isinstance(spec, dict):
        if not spec:
            raise c.fail(node, path, f"no test given for {path}")
        tests = []
        for op, operand in spec.items():
            if op not in OPS:
                raise c.fail(spec, op, f"unknown operator {op!r} for {path} (operators: {', '.join(OPS)})")
            tests.append(_op(c, spec, op, f, operand))
        return tests[0] if len(tests) == 1 else _all(tests)
    if isinstance(spec, list) or (isinstance(spec, str) and spec.startswith(("@", "$")) and _is_set(c, spec)):
        return _op(c, node, "in", f, spec, key=path)
    return _op(c, node, "eq", f, spec, key=path)


def _is_set(c: Compiler, spec: str) -> bool:
    if spec.startswith("@"):
        return True
    p = c.params.get(spec[1:])
    return p is not None and p.kind == "set"


def _check_literal(c: Compiler, node: Any, key: Any, f: Field, value: Any) -> None:
    if f.kind == "code" and value not in f.choices:
        raise c.fail(node, key, f"{value!r} is not a valid {f.path} (one of: {', '.join(f.choices)})")
    if f.kind == "country" and value not in iso_countries():
        raise c.fail(node, key, f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    if f.kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise c.fail(node, key, f"{f.path} is a number; {value!r} is not")
    if f.kind == "bool" and not isinstance(value, bool):
        raise c.fail(node, key, f"{f.path} is true or false; {value!r} is not")


def _scalar(c: Compiler, node: Any, key: Any, f: Field, operand: Any) -> Any:
    if isinstance(operand, str) and operand.startswith("$"):
        kinds = ("number",) if f.kind == "number" else ("text", "number", "bool")
        return c.param(operand[1:], node, key, kinds).value
    if isinstance(operand, (list, dict)) or operand is None:
        raise c.fail(node, key, f"expected one value for {f.path}, got {operand!r}")
    _check_literal(c, node, key, f, operand)
    return operand


def _value_set(c: Compiler, node: Any, key: Any, f: Field, operand: Any) -> frozenset:
    if isinstance(operand, str) and operand.startswith("$"):
        return c.param(operand[1:], node, key, ("set",)).value
    items = operand if isinstance(operand, list) else [operand]
    out: set = set()
    for i, item in enumerate(items):
        if isinstance(item, str) and item.startswith("@"):
            try:
                out |= c.refs.values(item)
            except (KeyError, ValueError) as exc:
                raise c.fail(operand if isinstance(operand, list) else node, i if isinstance(operand, list) else key,
                             str(exc).strip('"')) from None
        elif isinstance(item, str) and item.startswith("$"):
            out |= c.param(item[1:], node, key, ("set",)).value
        else:
            _check_literal(c, operand if isinstance(operand, list) else node, i if isinstance(operand, list) else key, f, item)
            out.add(item)
    if not out and not (isinstance(operand, str) and operand.startswith("@")):
        raise c.fail(node, key, f"empty list for {f.path}")
    return frozenset(out)


def _keywords(c: Compiler, node: Any, key: Any, operand: Any) -> KeywordSpec:
    if isinstance(operand, str) and operand.startswith("$"):
        return c.param(operand[1:], node, key, ("keywords",)).value
    specs = operand if isinstance(operand, list) else [operand]
    if not specs or not all(isinstance(s, str) and s.startswith("@") for s in specs):
        raise c.fail(node, key, "matches takes a keyword reference (@name or @name:category) or a $parameter")
    try:
        return c.refs.keywords(specs)
    except (KeyError, ValueError) as exc:
        raise c.fail(node, key, str(exc).strip('"')) from None


def _op(c: Compiler, node: Any, op: str, f: Field, operand: Any, key: Any = None) -> Pred:
    key = op if key is None else key
    get = f.get
    is_list = f.kind == "list"
    if op in ("eq", "ne"):
        value = _scalar(c, node, key, f, operand)
        if is_list:
            return (lambda v: value in get(v)) if op == "eq" else (lambda v: value not in get(v))
        if op == "eq":
            return lambda v: get(v) == value
        return lambda v: (x := get(v)) is not None and x != value
    if op in ("in", "not_in"):
        values = _value_set(c, node, key, f, operand)
        if is_list:
            if op == "in":
                return lambda v: not values.isdisjoint(get(v))
            return lambda v: values.isdisjoint(get(v))
        if op == "in":
            return lambda v: get(v) in values
        return lambda v: (x := get(v)) is not None and x not in values
    if op in ("gt", "gte", "lt", "lte"):
        if f.kind != "number":
            raise c.fail(node, key, f"{op} needs a number field; {f.path} is {f.kind}")
        bound = c.number(operand, node, key)
        if bound < 0:
            raise c.fail(node, key, f"threshold {operand!r} must not be negative")
        if op == "gt":
            return lambda v: (x := get(v)) is not None and x > bound
        if op == "gte":
            return lambda v: (x := get(v)) is not None and x >= bound
        if op == "lt":
            return lambda v: (x := get(v)) is not None and x < bound
        return lambda v: (x := get(v)) is not None and x <= bound
    if op == "between":
        if f.kind != "number":
            raise c.fail(node, key, f"between needs a number field; {f.path} is {f.kind}")
        if not isinstance(operand, list) or len(operand) != 2:
            raise c.fail(node, key, "between takes [low, high]")
        lo, hi = c.number(operand[0], node, key), c.number(operand[1], node, key)
        if lo < 0 or lo > hi:
            raise c.fail(node, key, f"between [{lo}, {hi}]: low must be >= 0 and not above high")
        return lambda v: (x := get(v)) is not None and lo <= x <= hi
    if op == "matches":
        if f.kind not in ("text", "list"):
            raise c.fail(node, key, f"matches needs a text field; {f.path} is {f.kind}")
        spec = _keywords(c, node, key, operand)
        path = f.path
        c.keyword_uses.append((spec, path))

        def matches(v: TxView) -> bool:
            text = get(v)
            if not text:
                return False
            if is_list:
                text = " | ".join(text)
            for matcher, cats in spec:
                hits = v.keywords(matcher, path, text)
                if hits and (cats is None or any(h.category in cats for h in hits)):
                    return True
            return False

        return matches
    if op == "present":
        if not isinstance(operand, bool):
            raise c.fail(node, key, "present takes true or false")
        if operand:
            return lambda v: (x := get(v)) is not None and x != () and x != ""
        return lambda v: (x := get(v)) is None or x == () or x == ""
    # same_as / differs_from another field
    other = _field(c, node, key, operand)
    oget = other.get
    if op == "same_as":
        return lambda v: (x := get(v)) is not None and x == oget(v)
    return lambda v: (x := get(v)) is not None and (y := oget(v)) is not None and x != y
