"""The transaction fields rules can read, by dotted path.

A :class:`TxView` wraps one transaction for one evaluation and caches what
several rules need (amount in EUR, event time, keyword matches). ``FIELDS``
maps each path a rule file may name to a getter and a kind:

- ``number``: ``amount``, ``amount_eur``
- ``text``: free text such as ``remittance_info`` or a party name
- ``code``: a closed set of values (``channel``, ``originator.type``, ...), checked on load
- ``country``: an ISO 3166-1 alpha-2 code
- ``list``: several values (``countries``, ``accounts``, ``intermediaries.country``);
  a positive test holds when any value passes, a negative one when all do
- ``bool``: ``cross_border``

A missing value (``None``) never satisfies a test, except ``present: false``.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any, get_args

from rules.text import KeywordHit, KeywordMatcher, fold
from tfscreen.model import Channel, CustomerType, Direction, Party, PartyType, Transaction


class TxView:
    """One transaction as the rules see it, with per-evaluation caches."""

    __slots__ = ("tx", "ts", "amount", "amount_eur", "_kw", "_countries", "_accounts", "_idh")

    def __init__(self, tx: Transaction, rates: dict[str, float]) -> None:
        self.tx = tx
        self.ts = int(tx.timestamp.timestamp())
        self.amount = float(tx.amount)
        rate = rates.get(tx.currency)
        self.amount_eur = round(self.amount * rate, 2) if rate is not None else None
        self._kw: dict[tuple[int, str], list[KeywordHit]] = {}
        self._countries: tuple[str, ...] | None = None
        self._accounts: tuple[str, ...] | None = None
        self._idh: int | None = None

    @property
    def id_hash(self) -> int:
        """CRC-32 of the transaction id: recorded with each event so a redelivery is not counted twice."""
        if self._idh is None:
            self._idh = zlib.crc32(self.tx.id.encode())
        return self._idh

    def keywords(self, matcher: KeywordMatcher, path: str, text: str | None) -> list[KeywordHit]:
        key = (id(matcher), path)
        hits = self._kw.get(key)
        if hits is None:
            hits = self._kw[key] = matcher.find(text)
        return hits

    def keyword_hits(self, matcher: KeywordMatcher, path: str) -> list[KeywordHit]:
        """Matches already found for (matcher, path) during this evaluation, if any."""
        return self._kw.get((id(matcher), path), [])

    def countries(self) -> tuple[str, ...]:
        if self._countries is None:
            tx = self.tx
            seen = [tx.originator.country, tx.beneficiary.country, tx.terminal_country]
            seen.extend(p.country for p in tx.intermediaries)
            self._countries = tuple(dict.fromkeys(c for c in seen if c))
        return self._countries

    def accounts(self) -> tuple[str, ...]:
        if self._accounts is None:
            tx = self.tx
            accts = [tx.originator.account, tx.beneficiary.account, *(p.account for p in tx.intermediaries)]
            self._accounts = tuple(a.strip().lower() for a in accts if a)
        return self._accounts


def party_id(party: Party) -> str:
    """Who a counterparty is, for distinct counts: its account, else its folded name."""
    return party.account or "name:" + fold(party.name)


class Field:
    __slots__ = ("path", "kind", "get", "choices", "doc")

    def __init__(self, path: str, kind: str, get: Callable[[TxView], Any], doc: str,
                 choices: tuple[str, ...] = ()) -> None:
        self.path, self.kind, self.get, self.doc, self.choices = path, kind, get, doc, choices


FIELDS: dict[str, Field] = {}


def _add(path: str, kind: str, get: Callable[[TxView], Any], doc: str, choices: tuple[str, ...] = ()) -> None:
    FIELDS[path] = Field(path, kind, get, doc, choices)


_add("id", "text", lambda v: v.tx.id, "transaction id")
_add("amount", "number", lambda v: v.amount, "amount in the transaction currency")
_add("amount_eur", "number", lambda v: v.amount_eur,
     "amount converted to EUR with reference fx_eur (missing for currencies not in it)")
_add("currency", "text", lambda v: v.tx.currency, "ISO 4217 currency")
_add("channel", "code", lambda v: v.tx.channel, "payment channel", get_args(Channel))
_add("direction", "code", lambda v: v.tx.direction, "seen from the bank", get_args(Direction))
_add("remittance_info", "text", lambda v: v.tx.remittance_info, "free payment text")
_add("purpose_code", "text", lambda v: v.tx.purpose_code, "ISO 20022 purpose code")
_add("mcc", "text", lambda v: v.tx.mcc, "merchant category code")
_add("terminal_country", "country", lambda v: v.tx.terminal_country, "country of the card terminal or ATM")
_add("countries", "list", lambda v: v.countries(),
     "every country on the payment: parties, intermediaries, terminal")
_add("accounts", "list", lambda v: v.accounts(), "every account or wallet on the payment, lower-cased")
_add("cross_border", "bool",
     lambda v: None if not (v.tx.originator.country and v.tx.beneficiary.country)
     else v.tx.originator.country != v.tx.beneficiary.country,
     "originator and beneficiary countries differ (missing if either is unknown)")
_add("intermediaries.country", "list", lambda v: tuple(p.country for p in v.tx.intermediaries if p.country),
     "countries of the intermediaries")
_add("intermediaries.name", "list", lambda v: tuple(p.name for p in v.tx.intermediaries),
     "names of the intermediaries")

_PARTY_FIELDS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("name", "text", "name as written", ()),
    ("type", "code", "person, organization or unknown", get_args(PartyType)),
    ("account", "text", "account, card token or wallet", ()),
    ("country", "country", "country of the account or party", ()),
    ("bank_bic", "text", "BIC of the party's bank", ()),
    ("customer_type", "code", "KYC customer type", get_args(CustomerType)),
    ("nationality", "country", "nationality", ()),
    ("address", "text", "address", ()),
]


def _party_getter(role: str, attr: str) -> Callable[[TxView], Any]:
    if role == "originator":
        return lambda v: getattr(v.tx.originator, attr)
    return lambda v: getattr(v.tx.beneficiary, attr)


for _role in ("originator", "beneficiary"):
    for _attr, _kind, _doc, _choices in _PARTY_FIELDS:
        _add(f"{_role}.{_attr}", _kind, _party_getter(_role, _attr), f"{_role} {_doc}", _choices)
