"""Shortcuts in the token comparison change nothing that can pair.

The scorer asks for token similarities with a cutoff (pairs below it are never
made) and skips work that cannot reach it. Above the cutoff the answer must be
the one the full comparison gives. The names are picked by hand, in scripts
that write no short vowels and in Latin letters.
"""

from __future__ import annotations

import itertools

import pytest

from watchlists.arabic_model import learned_similarity, spelling_log
from watchlists.names import analyze
from watchlists.scorer import MIN_PAIR_SIMILARITY, _compute_similarity

NATIVE = ["يوسف الخطيب", "بيتر شولتز", "مارينيو", "دوايت لايم", "عبد الرحمن", "ממדוח", "יוסף כהן",
          "मोहम्मद यूसुफ", "สมชาย", "ليوبومير", "كيتش", "محمد علي"]
LATIN = ["Youssef Khatib", "Peter Schultz", "Marinho", "Dwight Lime", "Abdul Rahman", "Mamdouh",
         "Yosef Cohen", "Mohammed Yusuf", "Somchai", "Ljubomir", "Keach", "Cosey", "Mohamad Aly",
         "Yusuf", "Piter", "Shultz", "Mark Lee"]


def _tokens(names: list[str]) -> list:
    return [t for name in names for form in analyze(name) for t in form.tokens]


PAIRS = list(itertools.product(_tokens(NATIVE), _tokens(LATIN)))


def test_the_pairs_cover_both_outcomes() -> None:
    values = [_compute_similarity(q, c)[0] for q, c in PAIRS]
    assert any(v >= MIN_PAIR_SIMILARITY for v in values)
    assert any(v < MIN_PAIR_SIMILARITY for v in values)


@pytest.mark.parametrize("reverse", [False, True])
def test_cutoff_keeps_every_pair_that_can_be_made(reverse: bool) -> None:
    for q, c in PAIRS:
        if reverse:
            q, c = c, q
        full = _compute_similarity(q, c)
        cut = _compute_similarity(q, c, MIN_PAIR_SIMILARITY)
        if full[0] >= MIN_PAIR_SIMILARITY:
            assert cut == full, (q, c)
        else:
            assert cut[0] < MIN_PAIR_SIMILARITY, (q, c)


@pytest.mark.parametrize(
    ("word", "latin"),
    [("بيتر", "peter"), ("بيتر", "pitar"), ("بيتر", "butros"), ("شولتز", "schultz"), ("شولتز", "shultz"),
     ("مارينيو", "marinho"), ("يوسف", "yusuf"), ("يوسف", "joseph"), ("يوسف", "yosef")],
)
@pytest.mark.parametrize("floor", [0.3, 0.6, 0.7, 0.8, 0.9])
def test_learned_similarity_floor(word: str, latin: str, floor: float) -> None:
    full = learned_similarity(word, latin)
    bounded = learned_similarity(word, latin, floor)
    if full >= floor:
        assert bounded == full
    else:
        assert bounded in (0.0, full)


def test_spelling_log_floor_drops_only_weaker_spellings() -> None:
    found = spelling_log("بيتر", "peter")
    assert found is not None
    assert spelling_log("بيتر", "peter", found - 1e-9) == found
    assert spelling_log("بيتر", "peter", found + 1.0) is None
