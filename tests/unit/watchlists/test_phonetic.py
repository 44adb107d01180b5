"""Phonetic keys, consonant skeletons and the vowel check."""

from __future__ import annotations

import pytest

from watchlists.phonetic import phonetic_key, skeleton, sound_fold, vowel_key, vowels_fit


@pytest.mark.parametrize(
    ("a", "b"),
    [("youssef", "yousef"), ("abdullah", "abdulla"), ("philip", "filip"), ("sergei", "sergey"),
     ("mohammed", "mohamed"), ("stripe", "strip"), ("friedrich", "fridrich")],
)
def test_phonetic_key_merges_spelling_variants(a: str, b: str) -> None:
    assert phonetic_key(a) == phonetic_key(b)


@pytest.mark.parametrize(("a", "b"), [("bush", "habash"), ("hassan", "hussein"), ("tom", "tim")])
def test_phonetic_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert phonetic_key(a) != phonetic_key(b)


@pytest.mark.parametrize(
    ("form", "expected"),
    [("youssef", "ASF"), ("yusf", "ASF"), ("mohammed", "MT"), ("mhmd", "MT"), ("ahmad", "AMT"),
     ("hassan", "HSN"), ("palance", "BLNS"), ("balans", "BLNS"), ("savich", "SFS")],
)
def test_skeleton(form: str, expected: str) -> None:
    assert skeleton(form) == expected


def test_vowel_key() -> None:
    assert vowel_key("qaeda") == vowel_key("qaida")
    assert vowel_key("osama") == vowel_key("usama")
    assert vowel_key("tom") != vowel_key("tim")


def test_vowels_fit() -> None:
    assert vowels_fit("yusf", "youssef")
    assert not vowels_fit("mghaula", "mikhail")
    assert vowels_fit("baraku", "barack", extra_vowels=True)


def test_sound_fold() -> None:
    assert sound_fold("savić") == "savich"
    assert sound_fold("šćekić") == "shchekich"
