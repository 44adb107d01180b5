"""Name normalisation helpers: literal input/output tables."""

from __future__ import annotations

import pytest

from watchlists.normalize import (
    clean_text,
    fold_latin,
    fold_text,
    name_key,
    normalize_id,
    numbers_to_digits,
    split_camel_case,
    unleet,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ḥasan  AL-Bannā", "hasan al banna"),
        ("", ""),
        ("Владимир", "владимир"),
    ],
)
def test_fold_text(text: str, expected: str) -> None:
    assert fold_text(text) == expected


def test_name_key_ignores_order_and_punctuation() -> None:
    assert name_key("bin Laden, Usama") == name_key("Usama BIN LADEN") == "bin laden usama"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Al-Qa'ida", "al qaida"),
        ("O’Brien, J.-C.", "obrien j c"),
        ("AT&T Inc.", "at and t inc"),
        ("Йотова", "йотова"),  # the breve stays: transliteration needs it
        ("پزشک‌فر", "پزشکفر"),  # zero-width non-joiner dropped
        ("नरेन्द्र मोदी", "नरेन्द्र मोदी"),  # combining marks stay in the word
        ("", ""),
    ],
)
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("VladimirPutin", "Vladimir Putin"),
        ("SiemensAG", "Siemens AG"),
        ("McDonald", "McDonald"),
        ("LeBron James", "LeBron James"),
        ("VLADIMIRPUTIN", "VLADIMIRPUTIN"),
    ],
)
def test_split_camel_case(text: str, expected: str) -> None:
    assert split_camel_case(text) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [("erdoğan", "erdogan"), ("støre", "store"), ("straße", "strasse"), ("vučić", "vucic"), ("łukasz", "lukasz")],
)
def test_fold_latin(token: str, expected: str) -> None:
    assert fold_latin(token) == expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [("sech1n", "sechin"), ("ig0r", "igor"), ("i9or", "igor"), ("2000", "2000"), ("1st", "1st"), ("a1", "a1")],
)
def test_unleet(token: str, expected: str) -> None:
    assert unleet(token) == expected


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["brigade", "forty", "four"], ["brigade", "44"]),
        (["three", "percenters"], ["3", "percenters"]),
        (["1st", "international", "bank"], ["1", "international", "bank"]),
        (["first", "bank"], ["1", "bank"]),
        (["one"], ["one"]),  # a lone number word stays a word
    ],
)
def test_numbers_to_digits(tokens: list[str], expected: list[str]) -> None:
    assert numbers_to_digits(tokens) == expected


def test_normalize_id() -> None:
    assert normalize_id(" ab-123 456 ") == "AB123456"
    assert normalize_id("") == ""
