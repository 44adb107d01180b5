"""Conditions over feature figures: the ``require`` lines of a rule.

One line is a comparison, e.g. ``collected.count >= $min_credits`` or
``forwarded.sum >= $min_share * collected.sum``; ``and``, ``or``, ``not`` and
parentheses combine comparisons, ``+ - * /`` combine numbers. Names are
``feature.measure`` (see each block for its measures) or ``$parameter``.
A missing figure (e.g. no inflow yet) makes its comparison false.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Env = Mapping[str, Mapping[str, Any]]
Fn = Callable[[Env], Any]

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<param>\$[A-Za-z_]\w*)|(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)"
    r"|(?P<op>>=|<=|==|!=|>|<|\+|-|\*|/|\(|\)))"
)
_CMP = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


class ExprError(ValueError):
    pass


class _Parser:
    def __init__(self, text: str, params: Mapping[str, float], measures: Mapping[str, frozenset[str]]) -> None:
        self.text = text
        self.params = params
        self.measures = measures
        self.used_params: set[str] = set()
        self.used_features: set[str] = set()
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        text = text.rstrip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise ExprError(f"cannot read {text[pos:].strip()[:20]!r} at column {pos + 1}")
            kind = m.lastgroup or ""
            self.tokens.append((kind, m.group(kind), m.start(kind) + 1))
            pos = m.end()
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None:
            raise ExprError("unexpected end of expression")
        self.i += 1
        return tok

    def parse(self) -> tuple[Fn, str]:
        fn, typ = self.or_expr()
        if self.peek() is not None:
            _, value, col = self.peek()  # type: ignore[misc]
            raise ExprError(f"unexpected {value!r} at column {col}")
        if typ != "bool":
            raise ExprError("a condition must compare something (e.g. x.count >= 3)")
        return fn, typ

    def _word(self, word: str) -> bool:
        tok = self.peek()
        return tok is not None and tok[0] == "name" and tok[1] == word

    def or_expr(self) -> tuple[Fn, str]:
        fn, typ = self.and_expr()
        while self._word("or"):
            self.take()
            right, rtyp = self.and_expr()
            self._need_bool(typ, rtyp, "or")
            fn = (lambda a, b: lambda env: bool(a(env)) or bool(b(env)))(fn, right)
        return fn, typ

    def and_expr(self) -> tuple[Fn, str]:
        fn, typ = self.not_expr()
        while self._word("and"):
            self.take()
            right, rtyp = self.not_expr()
            self._need_bool(typ, rtyp, "and")
            fn = (lambda a, b: lambda env: bool(a(env)) and bool(b(env)))(fn, right)
        return fn, typ

    def not_expr(self) -> tuple[Fn, str]:
        if self._word("not"):
            self.take()
            inner, typ = self.not_expr()
            self._need_bool(typ, "bool", "not")
            return (lambda env: not inner(env)), "bool"
        return self.comparison()

    def comparison(self) -> tuple[Fn, str]:
        left, ltyp = self.sum()
        tok = self.peek()
        if tok is not None and tok[0] == "op" and tok[1] in _CMP:
            self.take()
            right, rtyp = self.sum()
            if ltyp != "num" or rtyp != "num":
                raise ExprError(f"{tok[1]} compares numbers (column {tok[2]})")
            cmp = _CMP[tok[1]]

            def compare(env: Env, left: Fn = left, right: Fn = right, cmp: Callable = cmp) -> bool:
                a = left(env)
                if a is None:
                    return False
                b = right(env)
                return b is not None and cmp(a, b)

            return compare, "bool"
        return left, ltyp

    def sum(self) -> tuple[Fn, str]:
        fn, typ = self.term()
        while (tok := self.peek()) is not None and tok[0] == "op" and tok[1] in "+-" and len(tok[1]) == 1:
            self.take()
            right, rtyp = self.term()
            self._need_num(typ, rtyp, tok)
            fn = _arith(fn, right, tok[1])
        return fn, typ

    def term(self) -> tuple[Fn, str]:
        fn, typ = self.unary()
        while (tok := self.peek()) is not None and tok[0] == "op" and tok[1] in ("*", "/"):
            self.take()
            right, rtyp = self.unary()
            self._need_num(typ, rtyp, tok)
            fn = _arith(fn, right, tok[1])
        return fn, typ

    def unary(self) -> tuple[Fn, str]:
        tok = self.peek()
        if tok is not None and tok[0] == "op" and tok[1] == "-":
            self.take()
            inner, typ = self.unary()
            self._need_num(typ, "num", tok)
            return (lambda env: None if (x := inner(env)) is None else -x), "num"
        return self.atom()

    def atom(self) -> tuple[Fn, str]:
        kind, value, col = self.take()
        if kind == "num":
            number = float(value) if "." in value else int(value)
            return (lambda env: number), "num"
        if kind == "param":
            name = value[1:]
            if name not in self.params:
                known = ", ".join(f"${p}" for p in sorted(self.params)) or "none"
                raise ExprError(f"unknown or non-numeric parameter {value} at column {col} (numeric parameters: {known})")
            self.used_params.add(name)
            number = self.params[name]
            return (lambda env: number), "num"
        if kind == "name":
            if "." not in value:
                raise ExprError(f"{value!r} at column {col}: write feature.measure or $parameter")
            feature, measure = value.split(".", 1)
            if feature not in self.measures:
                known = ", ".join(sorted(self.measures)) or "none"
                raise ExprError(f"unknown feature {feature!r} at column {col} (features: {known})")
            if measure not in self.measures[feature]:
                raise ExprError(
                    f"feature {feature!r} has no measure {measure!r} (measures: {', '.join(sorted(self.measures[feature]))})"
                )
            self.used_features.add(feature)
            return (lambda env: env[feature].get(measure)), "num"
        if value == "(":
            fn, typ = self.or_expr()
            close = self.take()
            if close[1] != ")":
                raise ExprError(f"expected ')' at column {close[2]}")
            return fn, typ
        raise ExprError(f"unexpected {value!r} at column {col}")

    @staticmethod
    def _need_bool(a: str, b: str, word: str) -> None:
        if a != "bool" or b != "bool":
            raise ExprError(f"'{word}' joins comparisons")

    @staticmethod
    def _need_num(a: str, b: str, tok: tuple[str, str, int]) -> None:
        if a != "num" or b != "num":
            raise ExprError(f"{tok[1]} at column {tok[2]} works on numbers")


def _arith(a: Fn, b: Fn, op: str) -> Fn:
    def fn(env: Env) -> Any:
        x, y = a(env), b(env)
        if x is None or y is None:
            return None
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        return None if y == 0 else x / y

    return fn


class Expr:
    """A compiled condition with the features and parameters it reads."""

    def __init__(self, text: str, params: Mapping[str, float], measures: Mapping[str, frozenset[str]]) -> None:
        parser = _Parser(text, params, measures)
        self.fn, _ = parser.parse()
        self.text = text
        self.features = frozenset(parser.used_features)
        self.params = frozenset(parser.used_params)

    def __call__(self, env: Env) -> bool:
        return bool(self.fn(env))
