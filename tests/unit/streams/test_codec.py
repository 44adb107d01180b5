"""Decoding and validation of input messages (the DLQ's reasons)."""

from __future__ import annotations

import json

import pytest

from tests.factory import raw, tx
from tfscreen.codec import InvalidMessage, decode_transaction

REQUIRED = ["id", "timestamp", "amount", "currency", "originator", "beneficiary"]


def refused(data: bytes, **kw) -> InvalidMessage:
    with pytest.raises(InvalidMessage) as info:
        decode_transaction(data, **kw)
    return info.value


def test_valid_transaction_decodes_and_keeps_types():
    t = decode_transaction(raw(tx(amount=12.5, intermediaries=[{"name": "Hawala X"}])))
    assert t.id == "tx-1"
    assert t.timestamp.utcoffset().total_seconds() == 3600
    assert str(t.amount_decimal) == "12.5"
    assert [role for role, _ in t.parties()] == ["originator", "beneficiary", "intermediary"]


def test_unknown_fields_are_accepted():
    t = decode_transaction(raw(tx(uetr="abc", extra={"nested": [1, 2, {"x": None}]})))
    assert t.id == "tx-1"


@pytest.mark.parametrize("field", REQUIRED)
def test_each_required_field_missing_is_refused(field):
    doc = tx()
    del doc[field]
    err = refused(raw(doc))
    assert err.stage == "validate"
    assert f"`{field}`" in err.reason


def test_party_without_name_is_refused():
    err = refused(raw(tx(beneficiary={"account": "X"})))
    assert "`name`" in err.reason and "beneficiary" in err.reason


@pytest.mark.parametrize(
    "overrides, where",
    [
        ({"id": 42}, "$.id"),
        ({"amount": "12,50"}, "$.amount"),
        ({"amount": -5}, "$.amount"),
        ({"amount": True}, "$.amount"),
        ({"timestamp": "yesterday"}, "$.timestamp"),
        ({"timestamp": "2026-11-24T09:15:02"}, "$.timestamp"),  # no offset
        ({"channel": "pigeon"}, "$.channel"),
        ({"originator": "Jan"}, "$.originator"),
        ({"intermediaries": {"name": "x"}}, "$.intermediaries"),
        ({"mcc": "45"}, "$.mcc"),
    ],
)
def test_wrong_types_and_formats_are_refused(overrides, where):
    err = refused(raw(tx(**overrides)))
    assert err.stage == "validate"
    assert where in err.reason


@pytest.mark.parametrize(
    "overrides",
    [
        {"currency": "eur"},
        {"currency": "EURO"},
        {"currency": "ZZZ"},  # right shape, not an ISO 4217 code
        {"terminal_country": "QQ"},
        {"originator": {"name": "A", "country": "UK"}},  # GB is the code
        {"beneficiary": {"name": "B", "nationality": "xx"}},
    ],
)
def test_bad_currency_and_country_codes_are_refused(overrides):
    assert refused(raw(tx(**overrides))).stage == "validate"


def test_kosovo_code_is_accepted():
    assert decode_transaction(raw(tx(beneficiary={"name": "B", "country": "XK"}))).beneficiary.country == "XK"


@pytest.mark.parametrize(
    "overrides, where",
    [
        ({"id": "x" * 129}, "$.id"),
        ({"remittance_info": "x" * 1001}, "$.remittance_info"),
        ({"originator": {"name": "n" * 401}}, "$.originator.name"),
        ({"originator": {"name": "A", "id_numbers": ["1" * 65]}}, "$.originator.id_numbers"),
        ({"intermediaries": [{"name": "x"}] * 21}, "$.intermediaries"),
    ],
)
def test_oversize_strings_and_arrays_are_refused(overrides, where):
    err = refused(raw(tx(**overrides)))
    assert where in err.reason


def test_message_over_size_limit_is_refused_before_parsing():
    err = refused(raw(tx()), max_bytes=100)
    assert (err.stage, err.error_class) == ("decode", "MessageTooLarge")


def test_non_utf8_bytes_are_refused():
    data = raw(tx(remittance_info="caf\u00e9")).replace("é".encode(), b"\xe9")
    err = refused(data)
    assert (err.stage, err.error_class) == ("decode", "UnicodeDecodeError")


@pytest.mark.parametrize("data", [b"", b"not json", b"{", b'{"id": "t1",}', b"\x00\x01"])
def test_malformed_json_is_refused(data):
    assert refused(data).stage == "decode"


def test_json_that_is_not_an_object_is_refused():
    assert refused(b"[1, 2]").stage == "validate"


def test_deeply_nested_json_is_refused_cleanly():
    doc = raw(tx())[:-1] + b', "x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    err = refused(doc, max_bytes=1 << 22)
    assert (err.stage, err.error_class) == ("decode", "NestingTooDeep")


def test_null_value_is_refused():
    assert refused(None).error_class == "EmptyMessage"


def test_reason_is_readable_json_path():
    err = refused(raw(tx(originator={"name": "A", "account": ""})))
    assert "$.originator.account" in err.reason
    json.dumps({"reason": err.reason})  # serialisable for headers
