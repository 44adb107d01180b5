"""Generic header-based CSV for national, internal and allow lists."""

from __future__ import annotations

import pytest

from tests.unit.watchlists.helpers import alias_names, by_id
from watchlists.errors import ListFileError
from watchlists.loader import detect_format, load_list

HEADER = "id,name,aliases,type,dob,nationality,ids,program,weak_aliases,terrorism,remarks\n"
ROWS = (
    'X-1,John Example,"Johnny Example;J. Example",person,1970-01-31;~1971;1960..1965,GB;FRA,'
    "passport:123456789:GB;crypto:bc1qexample;778899,internal,Jo,true,seen twice\n"
    "X-2,Example Trading LLC,,organization,,United Arab Emirates,registration:CN-1234,,,,\n"
)


def _write(tmp_path, text: str, name: str = "national_list.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_full_row(tmp_path):
    path = _write(tmp_path, HEADER + ROWS)
    assert detect_format(path, path.read_bytes()) == "generic_csv"
    parsed = load_list(path)
    assert parsed.version.list_id == "custom:national_list"
    assert parsed.version.format == "generic_csv"
    assert parsed.version.published is None
    e = by_id(parsed)["X-1"]
    assert e.key == "custom:national_list/X-1"
    assert (e.name, e.kind, e.terrorism, e.remarks) == ("John Example", "person", True, "seen twice")
    assert alias_names(e, "strong") == {"Johnny Example", "J. Example"}
    assert alias_names(e, "weak") == {"Jo"}
    assert [(d.value, d.end, d.approximate) for d in e.dates_of_birth] == [
        ("1970-01-31", None, False),
        ("1971", None, True),
        ("1960", "1965", False),
    ]
    assert e.nationalities == ("GB", "FR")
    assert [(d.type, d.number, d.country) for d in e.documents] == [
        ("passport", "123456789", "GB"),
        ("other", "778899", None),
    ]
    assert e.crypto_addresses == ("bc1qexample",)
    assert e.programs == ("internal",)
    org = by_id(parsed)["X-2"]
    assert (org.kind, org.nationalities, org.terrorism) == ("organization", ("AE",), False)


def test_list_id_override_and_allowlist_use(tmp_path):
    path = _write(
        tmp_path,
        "id,name,aliases,type,dob,nationality,ids,program\nA1,Jane Customer,,person,1980,GB,,allow\n",
        "allow.csv",
    )
    parsed = load_list(path, list_id="allow:customers")
    assert parsed.entries[0].key == "allow:customers/A1"


def test_column_order_is_free(tmp_path):
    path = _write(tmp_path, "program,ids,nationality,dob,type,aliases,name,id\nP,,,,person,,Jane Roe,Z9\n")
    assert by_id(load_list(path))["Z9"].name == "Jane Roe"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X-3,Bad Date,,person,1970-13-01,,,", "bad date"),
        ("X-3,Bad Type,,dragon,,,,", "type 'dragon'"),
        ("X-3,Bad Country,,person,,Atlantis,,", "unknown nationality 'Atlantis'"),
        ("X-3,Bad Id,,person,,,a:b:c:d,", "bad id"),
        ("X-3,,,person,,,,", "empty name"),
        ("X-3,Short Row,person", "row has 3 fields"),
    ],
)
def test_bad_rows_refused_with_line(tmp_path, row, message):
    path = _write(tmp_path, "id,name,aliases,type,dob,nationality,ids,program\nX-1,Good Row,,person,,,,\n" + row + "\n")
    with pytest.raises(ListFileError, match=message) as err:
        load_list(path)
    assert err.value.where == "line 3"
    assert str(path) in str(err.value)


def test_duplicate_id_refused(tmp_path):
    path = _write(tmp_path, "id,name,aliases,type,dob,nationality,ids,program\nX,A,,person,,,,\nX,B,,person,,,,\n")
    with pytest.raises(ListFileError, match="duplicate entry id 'X'"):
        load_list(path)


def test_misspelt_header_refused(tmp_path):
    path = _write(tmp_path, "id,name,aliases,type,dob,nationality,ids,program,programme\nX,A,,person,,,,,\n")
    with pytest.raises(ListFileError, match="unknown column") as err:
        load_list(path, list_format="generic_csv")
    assert err.value.where == "line 1"


def test_latin1_file_refused_naming_the_line(tmp_path):
    path = _write(
        tmp_path,
        "id,name,aliases,type,dob,nationality,ids,program\nX,Jose,,person,,,,\nY,José,,person,,,,\n",
        encoding="latin-1",
    )
    with pytest.raises(ListFileError, match="not valid utf-8") as err:
        load_list(path)
    assert err.value.where == "line 3"
    assert str(path) in str(err.value)


def test_utf8_bom_accepted(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "id,name,aliases,type,dob,nationality,ids,program\nX,Zoë,,person,,,,\n".encode())
    assert load_list(path).entries[0].name == "Zoë"
