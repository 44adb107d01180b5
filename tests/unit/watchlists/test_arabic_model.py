"""Learned Arabic-letter spellings: the table, the readings and the scorer's use of them.

The name pairs here are picked by hand (European names as written in Arabic),
not taken from any benchmark file.
"""

from __future__ import annotations

import pytest

from watchlists.arabic_model import (
    learned_readings,
    learned_similarity,
    letter_table,
    position,
    spelling_log,
    without_article,
)
from watchlists.matcher import Matcher, NameQuery
from watchlists.model import ListEntry, ListVersion, ParsedList
from watchlists.scorer import LEARNED, SKELETON, compare_names

STRONG = 86.0  # Matcher.DEFAULT_THRESHOLD


def test_table_loads_with_probabilities_per_letter() -> None:
    table = letter_table()
    assert ("ب", "Ic") in table and ("ش", "F") in table
    for groups in table.values():
        assert groups
        assert all(logp <= 0.0 for _group, logp in groups)
    assert "p" in {group for group, _logp in table[("ب", "Ic")]}  # foreign "p" is written ب


def test_position_classes() -> None:
    assert [position("بيتر", i) for i in range(4)] == ["Iv", "Mc", "Mc", "F"]
    assert position("ابن", 0) == "Ic" and position("اوس", 0) == "Iv" and position("ب", 0) == "Ic"


def test_readings_are_deterministic_and_spell_vowels() -> None:
    first = learned_readings("ماريا")
    learned_readings.cache_clear()
    assert learned_readings("ماريا") == first
    assert "maria" in first
    assert learned_readings("x" * 40) == ()


def test_unknown_letters_give_nothing() -> None:
    assert spelling_log("بيتر", "") is None
    assert learned_similarity("بيتر", "zzzz") == 0.0
    assert learned_similarity("بت", "bet") == 0.0  # too short to judge


@pytest.mark.parametrize(
    ("arabic", "latin"),
    # Foreign names as written in Arabic: neither the consonant skeleton nor the hand tables pair them.
    [("أوليفييه", "Olivier"), ("بيتر", "Peter")],
)
def test_foreign_names_in_arabic_match(arabic: str, latin: str) -> None:
    result = compare_names(arabic, latin)
    assert result is not None and result.score >= STRONG
    assert LEARNED in [pair["how"] for pair in result.explain()["alignment"]]


@pytest.mark.parametrize(("arabic", "latin"), [("جيرار", "Gerard"), ("ريشار", "Richard")])
def test_french_names_in_arabic_match_as_said(arabic: str, latin: str) -> None:
    # The final "d" is silent: the consonants agree with the name as said (watchlists.phonetic).
    result = compare_names(arabic, latin)
    assert result is not None and result.score >= STRONG
    assert [pair["how"] for pair in result.explain()["alignment"]] == [SKELETON]


def test_matcher_finds_the_latin_spelling_first() -> None:
    names = ["Gerard", "Olivier", "Richard", "Oliver", "Gerald", "Ricardo", "Walter", "Peter"]
    entries = [ListEntry(list_id="t", entry_id=str(i), kind="person", name=n) for i, n in enumerate(names)]
    version = ListVersion(list_id="t", source="test", format="generated", published=None,
                          content_hash="0" * 64, entry_count=len(entries))
    matcher = Matcher([ParsedList(version=version, entries=tuple(entries))])
    for arabic, latin in [("أوليفييه", "Olivier"), ("بيتر", "Peter")]:
        found = matcher.match(NameQuery(name=arabic))
        assert found and found[0].name == latin


def test_learned_spelling_is_named_in_the_explanation() -> None:
    result = compare_names("بيتر", "Peter")
    assert result is not None
    assert [pair["how"] for pair in result.explain()["alignment"]] == [LEARNED]


def test_better_spelling_scores_higher() -> None:
    assert learned_similarity("بيتر", "peter") > learned_similarity("بيتر", "pitar")


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [("بيتر", "Walter"), ("فيكتور", "Hector"), ("شولتز", "Zoltan"), ("شريف", "Zarif")],
)
def test_different_names_do_not_match(arabic: str, latin: str) -> None:
    result = compare_names(arabic, latin)
    assert result is None or result.score < STRONG


@pytest.mark.parametrize(
    ("latin", "arabic", "rest"),
    [("alharbi", "", ("harbi",)), ("elamine", "أمين", ("amine",)), ("lamine", "أمين", ("amine",)),
     ("ennaceur", "ناصر", ("naceur",)), ("echchaoui", "شاوي", ("chaoui",)), ("ereyahi", "رياحي", ("reyahi",)),
     ("ereyahi", "", ()), ("eddaouahiri", "ترهي", ()), ("issam", "شامي", ()), ("alan", "", ())],
)
def test_latin_word_without_a_fused_article(latin: str, arabic: str, rest: tuple[str, ...]) -> None:
    assert without_article(latin, arabic) == rest


@pytest.mark.parametrize(
    ("arabic", "latin"),
    # The article read apart in Arabic, fused in Latin; and a stem paired on its whole spelling first.
    [("الحربي", "Alharbi"), ("الأمين", "Lamine"), ("الناصر", "Ennaceur"), ("الخالدي", "Alkhaldi"),
     ("اللافي", "Ellafi"), ("محمد الحربي", "Mohammed Alharbi")],
)
def test_arabic_article_fused_in_latin_matches(arabic: str, latin: str) -> None:
    for query, listed in ((arabic, latin), (latin, arabic)):
        result = compare_names(query, listed)
        assert result is not None and result.score >= STRONG, (query, listed)


def test_fused_article_needs_the_article_in_arabic() -> None:
    result = compare_names("خالدي", "Alkhaldi")
    assert result is None or result.score < STRONG


def test_matcher_finds_a_latin_name_with_a_fused_article() -> None:
    names = ["Alharbi", "Harbi", "Albert", "Halabi", "Harib"]
    entries = [ListEntry(list_id="t", entry_id=str(i), kind="person", name=n) for i, n in enumerate(names)]
    version = ListVersion(list_id="t", source="test", format="generated", published=None,
                          content_hash="0" * 64, entry_count=len(entries))
    matcher = Matcher([ParsedList(version=version, entries=tuple(entries))])
    assert "Alharbi" in [m.name for m in matcher.match(NameQuery(name="الحربي"))]
