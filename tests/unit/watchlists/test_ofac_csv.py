"""OFAC legacy CSV sets: counts from the csv module, pinned entries, and the
non-SDN CSV set checked against the XML of the same list."""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections import defaultdict

import pytest

from tests.unit.watchlists.helpers import alias_names, by_id, name_key
from watchlists.diff import diff_lists
from watchlists.errors import ListFileError
from watchlists.loader import load_list

SDN_DIR = "ofac/sdn_csv_2021-07"
CONS_DIR = "ofac/non_sdn_csv_2025-12"


def _rows(path) -> list[list[str]]:
    text = path.read_bytes().rstrip(b"\x1a").decode("ascii")
    return [r for r in csv.reader(io.StringIO(text, newline="")) if r]


def _null(value: str) -> str:
    return "" if value.strip() == "-0-" else value


def _items(remarks: str) -> list[str]:
    """Remark items with any "alt. " prefix removed."""
    items = []
    for item in remarks.strip().rstrip(".").split("; "):
        item = item.strip().rstrip(".")
        items.append(item[5:] if item.startswith("alt. ") else item)
    return items


def _person(name: str) -> str:
    """OFAC "LAST, First" -> "First LAST" (the order the parser gives people)."""
    last, sep, first = name.partition(", ")
    return f"{first} {last}" if sep else name


def _expected(directory, primary: str, alt: str, comments: str) -> dict[str, int]:
    rows = _rows(directory / primary)
    extra = defaultdict(str)
    for ent, text in _rows(directory / comments):
        extra[ent] += _null(text)
    people = {r[0] for r in rows if r[2] == "individual"}
    alts = defaultdict(set)
    for ent, _num, _type, name, _rem in _rows(directory / alt):
        alts[ent].add(name_key(_person(name) if ent in people else name))
    counts = {"entries": len(rows), "aliases": 0, "dobs": 0, "passports": 0, "national_ids": 0, "crypto": 0, "imo": 0}
    for row in rows:
        ent, remarks = row[0], _null(row[11]) + extra[row[0]]
        items = _items(remarks)
        weak = {m.group(1) for i in items if (m := re.fullmatch(r"[afn]\.k\.a\.,? '(.*)'", i))}
        weak = {name_key(_person(w) if ent in people else w) for w in weak}
        primary = name_key(_person(row[1]) if ent in people else row[1])
        counts["aliases"] += len((alts[ent] | weak) - {primary})
        counts["dobs"] += len({i for i in items if i.startswith("DOB ")})
        counts["passports"] += len(
            {i for i in items if i.startswith("Passport ") and not i.startswith("Passport Booklet")}
        )
        counts["national_ids"] += len({i for i in items if i.startswith("National ID No. ")})
        counts["crypto"] += len({i.split()[-1] for i in items if i.startswith("Digital Currency Address - ")})
        counts["imo"] += len({i for i in items if i.startswith("Vessel Registration Identification ")})
    return counts


def _got(parsed_list) -> dict[str, int]:
    entries = parsed_list.entries
    docs = [d for e in entries for d in e.documents]
    return {
        "entries": len(entries),
        "aliases": sum(len(e.aliases) for e in entries),
        "dobs": sum(len(e.dates_of_birth) for e in entries),
        # plain "Passport" items: no Diplomatic/Booklet label in the note
        "passports": sum(
            1
            for d in docs
            if d.type == "passport" and not (d.note or "").startswith(("Diplomatic", "Passport Booklet"))
        ),
        "national_ids": sum(1 for d in docs if d.note and d.note.startswith("National ID No.")),
        "crypto": sum(len(e.crypto_addresses) for e in entries),
        "imo": sum(
            1 for d in docs if d.type == "imo" and d.note and d.note.startswith("Vessel Registration Identification")
        ),
    }


@pytest.fixture(scope="module")
def sdn(parsed):
    return parsed(f"{SDN_DIR}/sdn.csv")


@pytest.fixture(scope="module")
def cons(parsed):
    return parsed(f"{CONS_DIR}/cons_prim.csv")


def test_sdn_counts_match_the_csv(sdn, lists_dir):
    expected = _expected(lists_dir / SDN_DIR, "sdn.csv", "alt.csv", "sdn_comments.csv")
    assert _got(sdn) == expected
    assert expected["entries"] == 8976


def test_cons_counts_match_the_csv(cons, lists_dir):
    assert _got(cons) == _expected(lists_dir / CONS_DIR, "cons_prim.csv", "cons_alt.csv", "cons_comments.csv")


def test_sdn_kinds_and_version(sdn, lists_dir):
    types = [r[2] for r in _rows(lists_dir / SDN_DIR / "sdn.csv")]
    kinds = [e.kind for e in sdn.entries]
    assert kinds.count("person") == types.count("individual") == 4620
    assert kinds.count("organization") == types.count("-0- ") == 3673
    assert kinds.count("vessel") == types.count("vessel") == 406
    assert kinds.count("aircraft") == types.count("aircraft") == 277
    assert sdn.version.published is None  # the CSV set carries no date
    assert sdn.version.format == "ofac_csv"


def test_terrorism_follows_programs(sdn, lists_dir):
    expected = {
        r[0]
        for r in _rows(lists_dir / SDN_DIR / "sdn.csv")
        if {p.strip() for p in r[3].split("] [")} & {"SDGT", "SDT", "FTO", "HIFPAA", "NS-PLC"}
    }
    assert {e.entry_id for e in sdn.entries if e.terrorism} == expected


def test_directory_and_primary_file_give_the_same_list(sdn, lists_dir):
    assert load_list(lists_dir / SDN_DIR).entries == sdn.entries


def test_weak_alias_only_in_remarks(sdn):
    e = by_id(sdn)["306"]
    assert e.name == "BANCO NACIONAL DE CUBA"
    assert alias_names(e, "strong") == {"NATIONAL BANK OF CUBA"}
    assert alias_names(e, "weak") == {"BNC"}
    assert e.programs == ("CUBA",)
    assert e.countries == ("CH", "ES", "JP", "PA")


def test_remarks_continued_in_comments_file(sdn):
    e = by_id(sdn)["28264"]  # remarks overflow into sdn_comments.csv
    assert e.name == "Jiadong LI"
    assert alias_names(e, "weak") == {"blackjack1987", "khaleesi"}
    assert [d.value for d in e.dates_of_birth] == ["1987-01-10"]
    assert e.nationalities == ("CN",)
    assert e.gender == "male"
    assert ("national_id", "210302198701102136", "CN") in {(d.type, d.number, d.country) for d in e.documents}
    assert "1EfMVkxQQuZfBdocpJu6RUsCJvenQWbQyE" in e.crypto_addresses
    assert len(e.crypto_addresses) == 12
    assert set(e.programs) == {"DPRK3", "CYBER2"}


def test_crypto_addresses_of_several_currencies(sdn):
    e = by_id(sdn)["29703"]
    assert e.name == "Anton Nikolaeyvich ANDREYEV"
    assert "0x8576acc5c05d6ce88f4e49bf65bdf0c62f91353c" in e.crypto_addresses  # ETH
    assert "LWnbjLYUfqeokfbWM4FcU7uk2FP2DSxuWS" in e.crypto_addresses  # LTC
    assert [(d.type, d.number, d.country) for d in e.documents] == [("passport", "4005504207", "RU")]


def test_ranges_and_circa_dates(sdn):
    all_dobs = [d for e in sdn.entries for d in e.dates_of_birth]
    assert any(d.approximate for d in all_dobs)
    assert any(d.end for d in all_dobs)
    assert all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d.value) for d in all_dobs)


def test_list_ids(sdn, cons, parsed):
    assert sdn.version.list_id == "ofac"
    assert cons.version.list_id == "ofac-cons"  # by file name: the two lists share one schema
    assert parsed("ofac/xml/CONSOLIDATED_2026-01-08.xml").version.list_id == "ofac-cons"


def test_individual_name_reordered(cons):
    e = by_id(cons)["9639"]  # "HANIYA, Ismail Abdul Salah"
    assert e.name == "Ismail Abdul Salah HANIYA"
    assert e.name_parts.family == ("HANIYA",)
    assert alias_names(e) == {"Ismail HANIYA", "Ismaeel HANIYYA"}
    assert [d.value for d in e.dates_of_birth] == ["1962"]
    assert e.places_of_birth == ("Shati",)
    assert e.terrorism is True  # NS-PLC


def test_non_sdn_csv_agrees_with_the_xml_of_the_same_list(cons, parsed):
    """CONS_PRIM.CSV (2025-12) and CONSOLIDATED.XML (2026-01-08) hold the same 442 records."""
    xml = parsed("ofac/xml/CONSOLIDATED_2026-01-08.xml")
    diff = diff_lists(cons, xml)
    assert not diff.added and not diff.removed
    # Remarks differ by design (the CSV packs DOB, ids... into them); the CSV
    # joins city, state and postal code into one address column.
    other = {(c.key, f) for c in diff.changed for f in c.fields if f not in ("remarks", "addresses")}
    # One alias is quoted differently in the two files ('DRUZHBA'' vs "...'DRUZHBA'").
    assert other == {("ofac-cons/22391", "aliases")}


def test_companion_file_is_refused(lists_dir):
    with pytest.raises(ListFileError, match="alt/add/comments") as err:
        load_list(lists_dir / SDN_DIR / "alt.csv")
    assert "alt.csv" in str(err.value)


def test_missing_sibling_is_refused(lists_dir, tmp_path):
    for name in ("sdn.csv", "add.csv", "sdn_comments.csv"):
        shutil.copy(lists_dir / SDN_DIR / name, tmp_path / name)
    with pytest.raises(ListFileError, match="missing alt.csv") as err:
        load_list(tmp_path / "sdn.csv")
    assert str(tmp_path / "sdn.csv") in str(err.value)


def test_upper_case_file_names(lists_dir, tmp_path):
    for name in ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"):
        shutil.copy(lists_dir / CONS_DIR / name, tmp_path / name.upper())
    assert len(load_list(tmp_path).entries) == 442
