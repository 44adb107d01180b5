"""OFSI ConList CSV, 2018 layout (Windows-1252): counts from the csv module, pins."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

import pytest

from tests.unit.watchlists.helpers import alias_names, by_id, name_key, totals

FILE = "uk/ofsi_sanctionsconlist_2018-04-13.csv"


@pytest.fixture(scope="module")
def ofsi(parsed):
    return parsed(FILE)


@pytest.fixture(scope="module")
def records(lists_dir) -> dict[str, list[dict[str, str]]]:
    text = (lists_dir / FILE).read_bytes().decode("cp1252")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[1]
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows[2:]:
        record = dict(zip(header, row, strict=True))
        groups[record["Group ID"]].append(record)
    return groups


def _name(r: dict[str, str]) -> str:
    return " ".join(r[c].strip() for c in ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6") if r[c].strip())


def _dob_key(text: str):
    m = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", text.strip())
    if not m:
        return None
    day, month, year = m.groups()
    if month == "00":
        return (year,)
    return (year, month) if day == "00" else (year, month, day)


def test_counts_match_the_csv(ofsi, records):
    aliases = dobs = 0
    for rows in records.values():
        primary = next((r for r in rows if r["Alias Type"] == "Prime Alias"), rows[0])
        aliases += len({name_key(_name(r)) for r in rows} - {name_key(_name(primary))})
        dobs += len({k for r in rows if (k := _dob_key(r["DOB"]))})
    got = totals(ofsi)
    assert (got["entries"], got["aliases"], got["dobs"]) == (len(records), aliases, dobs)
    assert got["entries"] == 2106


def test_groups_with_documents(ofsi, records):
    """A group has a document when a passport or NI cell holds a number."""
    expected = {
        gid
        for gid, rows in records.items()
        if any(re.search(r"\d", r["Passport Details"] + r["NI Number"]) for r in rows)
    }
    assert {e.entry_id for e in ofsi.entries if e.documents} == expected


def test_kinds_terrorism_and_version(ofsi, records):
    kinds = [e.kind for e in ofsi.entries]
    assert kinds.count("person") == sum(1 for rows in records.values() if rows[0]["Group Type"] == "Individual")
    terror_regimes = {
        "The ISIL (Da'esh) and Al-Qaida organisations",
        "Afghanistan",
        "Terrorism and Terrorist Financing",
    }
    expected = {gid for gid, rows in records.items() if rows[0]["Regime"] in terror_regimes}
    assert {e.entry_id for e in ofsi.entries if e.terrorism} == expected
    assert ofsi.version.published == "13/04/2018"
    assert ofsi.version.format == "ofsi_csv"


def test_group_with_many_rows(ofsi):
    e = by_id(ofsi)["13349"]
    assert e.name == "Nayef Salam Muhammad Ujaym AL-HABABI"
    assert {"Sheikh Farooq AL-QAHTANI", "Faruq AL-QATARI", "Imran Farouk SHAYKH"} <= alias_names(e)
    assert len(e.aliases) == 7
    assert [d.value for d in e.dates_of_birth] == ["1980", "1981"]  # 00/00/1980, 00/00/1981
    assert e.nationalities == ("SA", "QA")  # "1) Saudi Arabia 2) Qatar"
    assert [(d.type, d.number) for d in e.documents] == [("passport", "592667")]
    assert e.terrorism is True
    assert e.listed_on == "2016-04-01"


def test_windows_1252_names_decoded(ofsi):
    assert "Abdallah AL-MU’AYYAD" in alias_names(by_id(ofsi)["13190"])  # byte 0x92 in the file
    e = by_id(ofsi)["13561"]
    assert e.name == "Kim Jong SIK"
    assert alias_names(e) == {"Kim CHO’NG-SIK"}


def test_adjective_nationalities(ofsi):
    e = by_id(ofsi)["6905"]  # "Afghan"
    assert e.nationalities == ("AF",)
    assert e.terrorism is True  # Afghanistan regime
