"""Frequent given names and surnames, and how the scorer treats a partial match of them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from watchlists.matcher import Matcher, NameQuery
from watchlists.model import DateOfBirth, ListEntry, ListVersion, ParsedList
from watchlists.names import analyze
from watchlists.scorer import ONE_EDIT, PERSON, compare_names, token_similarity

ROOT = Path(__file__).resolve().parents[3]
CAP = PERSON.frequent_partial_cap


def frequent(name: str) -> list[bool]:
    return [t.frequent for t in analyze(name)[0].tokens]


@pytest.mark.parametrize(
    ("name", "flags"),
    [
        ("Juan Hipolito Garcia", [True, False, True]),  # census and Wikipedia lists
        ("Mokhammed Restrepo", [True, False]),  # a variant spelling of a frequent name
        ("Usama bin Laden", [False, False, False]),  # particles never count
        ("王 晨", [True, False]),  # a frequent Chinese surname, in its own script
        ("محمد", [True]),
    ],
)
def test_frequent_parts(name: str, flags: list[bool]) -> None:
    assert frequent(name) == flags


def notes(a: str, b: str) -> list[str]:
    result = compare_names(a, b)
    assert result is not None
    return [n["reason"] for n in result.notes]


def test_partial_match_of_frequent_names_is_capped() -> None:
    result = compare_names("Juan Garcia", "Juan Hipolito Garcia")
    assert result is not None and result.score == CAP
    assert any("frequent" in reason for reason in notes("Juan Garcia", "Juan Hipolito Garcia"))
    # The query with a middle name the list lacks: capped too.
    assert compare_names("Mark Albert Taylor", "Mark Taylor").score == CAP


def test_frequent_names_complete_or_rare_are_not_capped() -> None:
    assert compare_names("Juan Garcia", "Juan Garcia").score == 100.0  # nothing left over
    assert compare_names("Usama Laden", "Usama bin Laden").score > CAP  # rare name parts
    assert compare_names("Juan Restrepo", "Juan Hipolito Restrepo").score > CAP  # one rare part
    # Three frequent parts together are rare enough.
    assert compare_names("Noor Mohammad Saqib", "Noor Mohammad Haqqani Saqib").score > CAP


def test_two_syllable_korean_given_name_counts_as_one_word() -> None:
    # 종수 is one given name read as two syllables: two words match, not three.
    result = compare_names("수민 종수 이", "Jong-su RI")
    assert result is not None and result.score <= CAP


def version(list_id: str, count: int) -> ListVersion:
    return ListVersion(list_id=list_id, source="test", format="test", published="2026-01-01",
                       content_hash="0" * 64, entry_count=count)


def test_capped_name_alerts_with_an_agreeing_birth_date() -> None:
    listed = ListEntry(list_id="t", entry_id="1", kind="person", name="Juan Hipolito Garcia",
                       dates_of_birth=(DateOfBirth(value="1970-05-01"),))
    matcher = Matcher([ParsedList(version=version("t", 1), entries=(listed,))])
    assert matcher.match(NameQuery(name="Juan Garcia", kind="person")) == []
    found = matcher.match(NameQuery(name="Juan Garcia", kind="person", date_of_birth="1970-05-01"))
    assert [m.entry_id for m in found] == ["1"]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("chevon", "chevron", ONE_EDIT),  # a letter dropped
        ("invidia", "nvidia", ONE_EDIT),  # a letter added
        ("merkel", "merkal", ONE_EDIT),  # a letter changed
    ],
)
def test_one_edit_in_a_long_part(a: str, b: str, expected: float) -> None:
    sim, _how = token_similarity(analyze(a)[0].tokens[0], analyze(b)[0].tokens[0])
    assert sim >= expected


def test_one_edit_in_a_short_part_is_not_a_slip() -> None:
    sim, _how = token_similarity(analyze("maria")[0].tokens[0], analyze("marta")[0].tokens[0])
    assert sim < ONE_EDIT


def load_builder():
    spec = importlib.util.spec_from_file_location("build_frequent_names", ROOT / "scripts" / "build_frequent_names.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_frequent_names"] = module
    spec.loader.exec_module(module)
    return module


def test_builder_keeps_names_above_the_cutoffs(tmp_path: Path) -> None:
    census = tmp_path / "census"
    census.mkdir()
    (census / "dist.all.last").write_text("SMITH 1.006 1.006 1\nRAREONE 0.001 90.0 80000\n")
    (census / "dist.male.first").write_text("JAMES 3.318 3.318 1\nELDRIDGE 0.005 90.0 900\n")
    (census / "dist.female.first").write_text("MARY 2.629 2.629 1\n")
    popular = tmp_path / "popular"
    popular.mkdir()
    (popular / "common-forenames-by-country.csv").write_text(
        "\ufeffCountry,Localized Name,Romanized Name\nRU,Владимир,Vladimir\n", encoding="utf-8")
    (popular / "common-surnames-by-country.csv").write_text(
        "\ufeffCountry,Rank,Localized Name,Romanized Name\nKR,1,김,Kim\n", encoding="utf-8")
    out = tmp_path / "frequent.txt"
    assert load_builder().main([str(census), str(popular), "-o", str(out)]) == 0
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines == sorted(["smith", "james", "mary", "владимир", "vladimir", "김", "kim"])
    assert "US Census" in out.read_text(encoding="utf-8")


def test_shipped_data_names_its_sources() -> None:
    header = (ROOT / "watchlists" / "data" / "frequent_names.txt").read_text(encoding="utf-8")[:2000]
    assert "US Census" in header and "sigpwned/popular-names-by-country-dataset" in header
