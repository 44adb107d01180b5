"""UK Sanctions List CSV: no real sample exists, so the test writes a file in
the layout documented in shared/research/formats.md section 4.3."""

from __future__ import annotations

import csv
import io

import pytest

from tests.unit.watchlists.helpers import alias_names, by_id
from watchlists.errors import ListFileError
from watchlists.loader import detect_format, load_list

HEADER = [
    "Last Updated", "Unique ID", "OFSI Group ID", "UN Reference Number", "Name 6", "Name 1", "Name 2", "Name 3",
    "Name 4", "Name 5", "Name type", "Alias strength", "Title", "Name non-latin script", "Non-latin script type",
    "Non-latin script language", "Regime Name", "Designation Type", "Designation source", "Sanctions Imposed",
    "Other Information", "UK Statement of Reasons", "Address Line 1", "Address Line 2", "Address Line 3",
    "Address Line 4", "Address Line 5", "Address Line 6", "Address Postal Code", "Address Country", "Phone number",
    "Website", "Email address", "Date Designated", "D.O.B", "Nationality(/ies)", "National Identifier number",
    "National Identifier additional information", "Passport number", "Passport additional information", "Position",
    "Gender", "Town of birth", "Country of birth", "Type of entity", "Subsidiaries", "Parent company",
    "Business registration number (s)", "IMO number", "Current owner/operator (s)", "Previous owner/operator (s)",
    "Current believed flag of ship", "Previous flags", "Type of ship", "Tonnage of ship", "Length of ship",
    "Year Built", "Hull identification number (HIN)",
]  # fmt: skip

ISIL = "The ISIL (Da'esh) and Al-Qaida (United Nations Sanctions) (EU Exit) Regulations 2019"
DPRK = "The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019"


def _row(**cells: str) -> list[str]:
    columns = {
        "uid": "Unique ID", "n1": "Name 1", "n2": "Name 2", "n6": "Name 6", "type": "Name type",
        "strength": "Alias strength", "nonlatin": "Name non-latin script", "regime": "Regime Name",
        "kind": "Designation Type", "un": "UN Reference Number", "dob": "D.O.B", "nat": "Nationality(/ies)",
        "passport": "Passport number", "imo": "IMO number", "flag": "Current believed flag of ship",
        "designated": "Date Designated", "gender": "Gender", "country": "Address Country", "town": "Address Line 5",
    }  # fmt: skip
    row = [""] * len(HEADER)
    for key, value in cells.items():
        row[HEADER.index(columns[key])] = value
    return row


def _write(path, rows: list[list[str]], first_line: str = "Report Date: 13-Feb-2026") -> None:
    out = io.StringIO()
    out.write(first_line + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


PERSON = dict(uid="ISI0001", regime=ISIL, kind="Individual", un="QDi.001", designated="25/01/2001", gender="Male")
SHIP = dict(uid="DPR0098", regime=DPRK, kind="Ship", imo="8605026", flag="North Korea", designated="30/03/2018")


@pytest.fixture
def uk_csv(tmp_path):
    path = tmp_path / "UK-Sanctions-List.csv"
    _write(
        path,
        [
            _row(**PERSON, n1="Sayf", n2="al", n6="ADL", type="Primary name", dob="dd/mm/1960", nat="Egypt",
                 passport="A1234567", nonlatin="سيف العدل", country="Iran", town="Tehran"),
            _row(**PERSON, n1="Saif", n2="al-", n6="Adil", type="Alias", strength="Low quality a.k.a",
                 dob="11/04/1963", nat="(1) Egypt (2) Iran"),
            _row(**PERSON, n1="Muhamad Ibrahim", n6="MAKKAWI", type="Primary name variation"),
            _row(**SHIP, n6="Yu Phyong 5", type="Primary name"),
            _row(**SHIP, n6="Ryosho Maru", type="Alias"),
        ],
    )  # fmt: skip
    return path


def test_detected_and_grouped(uk_csv):
    assert detect_format(uk_csv, uk_csv.read_bytes()) == "uk_csv"
    parsed = load_list(uk_csv)
    assert parsed.version.published == "13-Feb-2026"
    assert parsed.version.format == "uk_csv"
    assert [e.entry_id for e in parsed.entries] == ["ISI0001", "DPR0098"]


def test_person(uk_csv):
    e = by_id(load_list(uk_csv))["ISI0001"]
    assert e.name == "Sayf al ADL"
    assert e.kind == "person"
    assert alias_names(e, "weak") == {"Saif al- Adil"}
    assert "Muhamad Ibrahim MAKKAWI" in alias_names(e, "strong")
    original = [(a.name, a.script) for a in e.aliases if a.original_script]
    assert original == [("سيف العدل", "Arab")]
    assert [d.value for d in e.dates_of_birth] == ["1960", "1963-04-11"]
    assert e.nationalities == ("EG", "IR")
    assert [(d.type, d.number) for d in e.documents] == [("passport", "A1234567")]
    assert e.terrorism is True
    assert e.listed_on == "2001-01-25"
    assert e.gender == "male"
    assert e.countries == ("IR",)


def test_ship(uk_csv):
    e = by_id(load_list(uk_csv))["DPR0098"]
    assert (e.kind, e.name, e.terrorism) == ("vessel", "Yu Phyong 5", False)
    assert [(d.type, d.number) for d in e.documents] == [("imo", "8605026")]
    assert e.countries == ("KP",)
    assert alias_names(e) == {"Ryosho Maru"}


def test_truncated_row_refused(uk_csv):
    text = uk_csv.read_text(encoding="utf-8")
    uk_csv.write_text(text[: text.rindex(",Ryosho")], encoding="utf-8")
    with pytest.raises(ListFileError, match="truncated") as err:
        load_list(uk_csv)
    assert str(uk_csv) in str(err.value)
    assert "line 7" in str(err.value)


def test_missing_required_column_refused(tmp_path):
    path = tmp_path / "uk.csv"
    path.write_text("Report Date: 13-Feb-2026\nLast Updated,Name 6\n01/01/2026,X\n", encoding="utf-8")
    with pytest.raises(ListFileError, match="unique id") as err:
        load_list(path)
    assert "line 2" in str(err.value)
