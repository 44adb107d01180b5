"""INTERPOL notices JSON: real list page and detail, refused 404 body, and
UN/yellow notice shapes built from the documented fields."""

from __future__ import annotations

import json

import pytest

from tests.unit.watchlists.helpers import alias_names, by_id
from watchlists.errors import ListFileError
from watchlists.loader import load_list
from watchlists.sources import interpol_json

LIST = "interpol/red_notices_list_2021-12-11.json"
DETAIL = "interpol/red_notice_detail_2019-114539.json"
NOT_FOUND = "interpol/red_notice_detail_404_error.json"


def test_list_page_counts(parsed, lists_dir):
    raw = json.loads((lists_dir / LIST).read_text(encoding="utf-8"))
    notices = raw["_embedded"]["notices"]
    page = parsed(LIST)
    assert len(page.entries) == len(notices) == 20
    assert sum(len(e.dates_of_birth) for e in page.entries) == sum(1 for n in notices if n.get("date_of_birth"))
    # the only aliases come from parenthesised alternative family names
    assert sum(len(e.aliases) for e in page.entries) == sum(1 for n in notices if "(" in n["name"])
    assert sum(len(e.documents) for e in page.entries) == 0
    assert {e.entry_id for e in page.entries} == {n["entity_id"] for n in notices}
    assert page.version.published is None  # the API has no version
    assert page.version.format == "interpol_json"
    assert all(e.kind == "person" and e.programs == ("INTERPOL Red Notice",) for e in page.entries)


def test_list_page_entries(parsed):
    entries = by_id(parsed(LIST))
    e = entries["2021/75051"]
    assert e.name == "EDGAR GONZALO PINTOS MONTERO"
    assert e.name_parts.given == ("EDGAR GONZALO",)
    assert e.name_parts.family == ("PINTOS MONTERO",)
    assert [d.value for d in e.dates_of_birth] == ["1979-01-17"]  # "1979/01/17"
    assert e.nationalities == ("UY",)
    alt = entries["2021/76557"]
    assert alt.name == "GYURDZHAN ANGELOV"  # "ANGELOV (STOYANOV)"
    assert alias_names(alt) == {"GYURDZHAN STOYANOV"}


def test_detail(parsed):
    detail = parsed(DETAIL)
    (e,) = detail.entries
    assert e.entry_id == "2019/114539"
    assert e.name == "ARSEN KURMANBAEV"
    assert [d.value for d in e.dates_of_birth] == ["1982-12-02"]
    assert e.nationalities == ("RU",)
    assert e.gender == "male"
    assert e.countries == ("RU",)  # arrest warrant issued by RU
    assert "illegal armed formation" in e.remarks
    assert e.terrorism is False  # the charge does not name terrorism


def test_404_body_refused_by_parser_and_loader(lists_dir):
    path = lists_dir / NOT_FOUND
    with pytest.raises(ListFileError, match="404") as err:
        interpol_json.parse(path, path.read_bytes())
    assert "NotFoundError" in str(err.value) and str(path) in str(err.value)
    with pytest.raises(ListFileError, match="HTTP 404 NotFoundError Not Found") as err:
        load_list(path)
    assert str(path) in str(err.value)
    with pytest.raises(ListFileError, match="404"):
        load_list(path, list_format="interpol_json")


def _write(tmp_path, name: str, doc: dict):
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_un_special_notice_person(tmp_path):
    doc = {
        "entity_id": "2011/12345",
        "un_reference": "QDi.432",
        "un_resolution": 1267,
        "name": "EXAMPLE",
        "forename": "ABU",
        "name_in_original_script": "مثال",
        "forename_in_original_script": "أبو",
        "aliases": ["Abu Ekzampel", "Example al-Test", "Abu Example"],
        "identity_documents": ["Passport no. X123456 issued 2001"],
        "date_of_birth": "1972",
        "nationalities": ["IQ"],
        "sex_id": "M",
        "_links": {"self": {"href": "https://ws-public.interpol.int/notices/v1/un/persons/2011-12345"}},
    }
    (e,) = load_list(_write(tmp_path, "un.json", doc)).entries
    assert (e.name, e.kind, e.terrorism) == ("ABU EXAMPLE", "person", True)
    assert {"Abu Ekzampel", "Example al-Test"} <= alias_names(e)
    assert "Abu Example" not in alias_names(e)  # same as the primary name but for case
    assert [(a.name, a.script) for a in e.aliases if a.original_script] == [("أبو مثال", "Arab")]
    assert [d.value for d in e.dates_of_birth] == ["1972"]
    assert [(d.number, d.type) for d in e.documents] == [("X123456", "other")]
    assert "QDi.432" in e.programs


def test_un_special_notice_entity(tmp_path):
    doc = {
        "entity_id": "2012/999",
        "un_reference": "QDe.001",
        "name": "EXAMPLE GROUP",
        "forename": None,
        "formerly_known_as": "OLD EXAMPLE GROUP",
        "legal_form": "association",
        "_links": {"self": {"href": "https://ws-public.interpol.int/notices/v1/un/entities/2012-999"}},
    }
    (e,) = load_list(_write(tmp_path, "un_entity.json", doc)).entries
    assert (e.name, e.kind, e.terrorism) == ("EXAMPLE GROUP", "organization", True)
    assert alias_names(e) == {"OLD EXAMPLE GROUP"}


def test_yellow_notice_and_terrorism_charge(tmp_path):
    yellow = {
        "entity_id": "2020/1",
        "name": "DOE",
        "forename": "-",
        "date_of_birth": "2001/05",
        "_links": {"self": {"href": "https://ws-public.interpol.int/notices/v1/yellow/2020-1"}},
    }
    (e,) = load_list(_write(tmp_path, "yellow.json", yellow)).entries
    assert (e.name, e.programs, e.terrorism) == ("DOE", ("INTERPOL Yellow Notice",), False)
    assert [d.value for d in e.dates_of_birth] == ["2001-05"]
    red = {
        "entity_id": "2020/2",
        "name": "ROE",
        "forename": "RICHARD",
        "arrest_warrants": [{"issuing_country_id": "FR", "charge": "Association de malfaiteurs terroriste"}],
    }
    (e,) = load_list(_write(tmp_path, "red.json", red)).entries
    assert e.terrorism is True


def test_truncated_json_refused(tmp_path, lists_dir):
    data = (lists_dir / LIST).read_bytes()
    path = tmp_path / "page.json"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ListFileError, match="bad JSON") as err:
        load_list(path)
    assert str(path) in str(err.value) and "line" in str(err.value)
