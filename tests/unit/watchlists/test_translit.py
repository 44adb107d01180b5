"""Script detection and transliteration of single tokens."""

from __future__ import annotations

import pytest

from watchlists.translit import (
    hangul_syllable,
    han_char,
    japanese_reading,
    read_token,
    split_syllables,
    token_script,
)


@pytest.mark.parametrize(
    ("token", "script"),
    [("vladimir", "Latn"), ("владимир", "Cyrl"), ("محمد", "Arab"), ("משה", "Hebr"), ("김정은", "Hang"),
     ("习近平", "Hani"), ("バラク", "Kana"), ("αλέξανδρος", "Grek"), ("สมชาย", "Thai"), ("123", None)],
)
def test_token_script(token: str, script: str | None) -> None:
    assert token_script(token) == script


@pytest.mark.parametrize(
    ("token", "form"),
    [
        ("владимир", "vladimir"),
        ("путин", "putin"),
        ("евгений", "yevgeniy"),
        ("йотова", "yotova"),
        ("зеленський", "zelenskiy"),  # Russian values for и, й
        ("erdoğan", "erdogan"),
        ("محمد", "mhmd"),
        ("علي", "ali"),
        ("يوسف", "yusf"),
        ("خالد", "khald"),
        ("پزشکفر", "pzshkfr"),
        ("πούτιν", "putin"),
        ("βλαντίμιρ", "vladimir"),
        ("αλέξανδρος", "alexandros"),
    ],
)
def test_read_token_main_form(token: str, form: str) -> None:
    assert read_token(token).form == form


def test_arabic_gives_a_consonant_reading_too() -> None:
    reading = read_token("يوسف")
    assert reading.script == "Arab"
    assert "ywsf" in reading.alternatives


def test_hebrew_vav_read_both_ways() -> None:
    reading = read_token("דוד")
    assert {reading.form, *reading.alternatives} >= {"dod", "dvd"}


@pytest.mark.parametrize(
    ("token", "alternative"),
    [("šošić", "shoshich"), ("žanetić", "zhanetich"), ("muñoz", "munyoz"), ("łukasz", "wukasz")],
)
def test_latin_letters_with_a_sound_mark_also_spelled_out(token: str, alternative: str) -> None:
    # "Šošić" is "Шошич" (shoshich) in Cyrillic, not "sosic".
    reading = read_token(token)
    assert reading.form != alternative
    assert alternative in reading.alternatives


def test_plain_latin_has_no_alternative() -> None:
    assert read_token("dragan").alternatives == ()


@pytest.mark.parametrize(
    ("token", "alternative"),
    [("джон", "jon"), ("семёнов", "semyonov"), ("тюрин", "turin"), ("ёлкин", "yolkin")],
)
def test_cyrillic_has_a_popular_reading(token: str, alternative: str) -> None:
    # English-style spellings: "дж" as "j", "ё" as "yo", "ю" after a consonant as "u".
    reading = read_token(token)
    assert reading.form != alternative
    assert alternative in reading.alternatives


def test_cyrillic_without_those_letters_has_one_reading() -> None:
    assert read_token("владимир").alternatives == ()
    assert read_token("юрий").alternatives == ()  # a leading "ю" stays "yu"


@pytest.mark.parametrize(("token", "form"), [("ג'ון", "jon"), ("צ׳רצ׳יל", "chrchil"), ("ז'אן", "zhn")])
def test_hebrew_letter_with_a_geresh_is_the_foreign_sound(token: str, form: str) -> None:
    assert read_token(token).form == form


def test_hebrew_silent_first_letter_before_a_vowel_letter() -> None:
    assert read_token("אולגה").form == "olge"  # Olga, not "aolge"
    assert read_token("אבי").form == "abi"
    assert read_token("א").form == "a"


def test_hangul_syllable_romanisations() -> None:
    assert hangul_syllable("김")[0] == "gim"
    assert "kim" in hangul_syllable("김")
    assert {"jeong", "jong", "chung", "jung"} <= set(hangul_syllable("정"))
    assert {"eun", "un"} <= set(hangul_syllable("은"))
    assert "park" in hangul_syllable("박")


def test_chinese_character_has_pinyin_and_korean_reading() -> None:
    assert han_char("金") == ("jin", "김")
    assert han_char("习")[0] == "xi"


def test_split_syllables() -> None:
    assert split_syllables("김정은") == ["김", "정", "은"]
    assert split_syllables("习近平") == ["习", "近", "平"]
    assert split_syllables("vladimir") is None
    assert split_syllables("김") is None


@pytest.mark.parametrize(
    ("token", "reading"),
    [("山田太郎", ["yamada", "taro"]), ("田中花子", ["tanaka", "hanako"]), ("鈴木", ["suzuki"]), ("习近平", None)],
)
def test_japanese_reading(token: str, reading: list[str] | None) -> None:
    assert japanese_reading(token) == reading
