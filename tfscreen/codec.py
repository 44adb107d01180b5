"""Bytes to :class:`Transaction` and records back to bytes.

Every way a message can be refused raises :class:`InvalidMessage` with the
stage (``decode`` for bytes that are not a JSON object we can read,
``validate`` for a JSON object that breaks the contract) and a readable reason.
"""

from __future__ import annotations

from functools import lru_cache

import msgspec
import pycountry

from tfscreen.errors import TfscreenError
from tfscreen.model import Transaction

# Codes in use on payments and lists but outside ISO 3166-1: Kosovo.
_EXTRA_COUNTRIES = frozenset({"XK"})


class InvalidMessage(TfscreenError):
    def __init__(self, stage: str, error_class: str, reason: str) -> None:
        self.stage = stage
        self.error_class = error_class
        self.reason = reason
        super().__init__(f"{stage}: {error_class}: {reason}")


@lru_cache(maxsize=1)
def iso_countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries) | _EXTRA_COUNTRIES


@lru_cache(maxsize=1)
def iso_currencies() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


_decoder = msgspec.json.Decoder(Transaction)
encoder = msgspec.json.Encoder(decimal_format="string")


def _check_codes(tx: Transaction) -> None:
    countries = iso_countries()
    if tx.currency not in iso_currencies():
        raise InvalidMessage("validate", "ValidationError", f"unknown ISO 4217 currency - at `$.currency`: {tx.currency!r}")
    if tx.terminal_country is not None and tx.terminal_country not in countries:
        raise InvalidMessage("validate", "ValidationError", f"unknown ISO 3166 country - at `$.terminal_country`: {tx.terminal_country!r}")
    for role, party in tx.parties():
        for field in ("country", "nationality"):
            code = getattr(party, field)
            if code is not None and code not in countries:
                raise InvalidMessage(
                    "validate", "ValidationError", f"unknown ISO 3166 country - at `$.{role}.{field}`: {code!r}"
                )


def decode_transaction(raw: bytes | None, max_bytes: int = 1 << 20) -> Transaction:
    """Decode and validate one message value; raise InvalidMessage if refused."""
    if raw is None:
        raise InvalidMessage("decode", "EmptyMessage", "message has no value")
    if len(raw) > max_bytes:
        raise InvalidMessage("decode", "MessageTooLarge", f"{len(raw)} bytes > limit {max_bytes}")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidMessage("decode", "UnicodeDecodeError", f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    try:
        tx = _decoder.decode(raw)
    except msgspec.ValidationError as exc:
        raise InvalidMessage("validate", "ValidationError", str(exc)) from None
    except msgspec.DecodeError as exc:
        raise InvalidMessage("decode", "DecodeError", str(exc)) from None
    except RecursionError:
        raise InvalidMessage("decode", "NestingTooDeep", "JSON nested too deeply") from None
    _check_codes(tx)
    return tx
