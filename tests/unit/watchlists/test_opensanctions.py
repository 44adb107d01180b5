"""OpenSanctions FtM JSON lines (full and delta) and targets.simple.csv."""

from __future__ import annotations

import csv
import json

import pytest

from tests.unit.watchlists.helpers import alias_names, by_id, name_key, totals
from watchlists.diff import apply_delta
from watchlists.errors import ListFileError
from watchlists.loader import load_list

FULL = "opensanctions/eu_fsf_sample.entities.ftm.json"
DELTA = "opensanctions/sanctions_sample.entities.delta.json"
SIMPLE = "opensanctions/interpol_red_notices.targets.simple.csv"

TARGET_SCHEMAS = {"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane"}
ID_PROPS = (
    "passportNumber",
    "idNumber",
    "taxNumber",
    "registrationNumber",
    "innCode",
    "ogrnCode",
    "imoNumber",
    "swiftBic",
    "leiCode",
)


def _expected_ftm(entities: list[dict]) -> dict[str, int]:
    targets = [e for e in entities if e.get("target") and e["schema"] in TARGET_SCHEMAS]
    aliases = dobs = documents = 0
    for e in targets:
        props = e["properties"]
        names = {name_key(n) for p in ("name", "alias", "previousName", "weakAlias") for n in props.get(p, [])}
        primary = e["caption"] if e["caption"] in props.get("name", []) else props["name"][0]
        aliases += len(names - {name_key(primary)})
        dobs += len(set(props.get("birthDate", [])))
        documents += len({(p, v) for p in ID_PROPS for v in props.get(p, [])})
    return {"entries": len(targets), "aliases": aliases, "dobs": dobs, "documents": documents}


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_full_export_counts(parsed, lists_dir):
    full = parsed(FULL)
    assert totals(full) == _expected_ftm(_lines(lists_dir / FULL))
    assert full.delta is False
    assert full.version.format == "opensanctions_ftm"
    assert full.version.published == "2024-06-01T10:57:03"  # latest last_seen


def test_full_export_entries(parsed):
    entries = by_id(parsed(FULL))
    e = entries["NK-2Ka3UvopqbpZmVDFjWd4LA"]
    assert e.name == "Vitaly Yurievich KUZMENKO"
    assert e.kind == "person"
    assert {"Vitalij Kuzmenko", "Виталий Юрьевич КУЗЬМЕНКО"} == alias_names(e)
    assert {a.script for a in e.aliases} == {"Latn", "Cyrl"}
    assert [d.value for d in e.dates_of_birth] == ["1971-01-22"]
    assert e.nationalities == ("RU",)
    assert [(d.type, d.number) for d in e.documents] == [("tax_id", "366510784303")]
    assert e.gender == "male"
    assert e.terrorism is False
    assert e.listed_on == "2024-02-23"
    org = entries["NK-2GdmHtZTeNXjNVrBGEXZNj"]
    assert (org.kind, org.name, org.countries) == ("organization", "RAB „Inter Tobacco“", ("BY",))
    assert len(org.aliases) == 11
    assert "NK-2MQE6AmhAk4tqhENJAMUG9" not in entries  # an Address, not a target


def test_delta_counts_and_terrorism(parsed, lists_dir):
    delta = parsed(DELTA)
    assert delta.delta is True
    assert delta.deleted == ()
    assert totals(delta) == _expected_ftm([line["entity"] for line in _lines(lists_dir / DELTA)])
    aqi = by_id(delta)["NK-2T3S8Hu29ktYnKSTgQp2wL"]
    assert aqi.name == "AL-QAIDA IN IRAQ"
    assert aqi.terrorism is True  # topics: sanction, crime.terror
    assert sum(1 for a in aqi.aliases if a.quality == "weak") > 0
    person = by_id(delta)["NK-2sJaJRaPJcWUfMbHjTtWcL"]
    assert [d.value for d in person.dates_of_birth] == ["1953", "1958"]
    assert person.terrorism is True


def test_delta_with_mod_and_del_applies_to_a_full_list(parsed, tmp_path):
    full = parsed(FULL)
    lines = [
        {"op": "DEL", "entity": {"id": "NK-2KeUB68qUJtykm3BuAcazG"}},
        {"op": "MOD", "entity": {"id": "NK-2PacmNpiLUmoz4XD2mSt7A", "schema": "Organization", "caption": "IRGC",
                                 "target": True, "properties": {"name": ["IRGC"], "topics": ["crime.terror"]}}},
        {"op": "ADD", "entity": {"id": "NK-new", "schema": "Person", "caption": "New Person", "target": True,
                                 "properties": {"name": ["New Person"]}}},
    ]  # fmt: skip
    path = tmp_path / "entities.delta.json"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    delta = load_list(path)
    assert delta.deleted == ("NK-2KeUB68qUJtykm3BuAcazG",)
    merged = apply_delta(full, delta)
    ids = [e.entry_id for e in merged.entries]
    assert "NK-2KeUB68qUJtykm3BuAcazG" not in ids
    assert ids[-1] == "NK-new"
    assert by_id(merged)["NK-2PacmNpiLUmoz4XD2mSt7A"].terrorism is True
    assert merged.version.entry_count == len(merged.entries) == 6


def test_mixed_full_and_delta_lines_refused(tmp_path):
    path = tmp_path / "mixed.json"
    entity = {"id": "a", "schema": "Person", "caption": "A", "target": True, "properties": {"name": ["A"]}}
    path.write_text(json.dumps(entity) + "\n" + json.dumps({"op": "ADD", "entity": entity}) + "\n", encoding="utf-8")
    with pytest.raises(ListFileError, match="mixes") as err:
        load_list(path)
    assert "line 2" in str(err.value)


def test_simple_csv_counts(parsed, lists_dir):
    simple = parsed(SIMPLE)
    with (lists_dir / SIMPLE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    aliases = sum(
        len({name_key(a) for a in r["aliases"].split(";") if a.strip()} - {name_key(r["name"])}) for r in rows
    )
    dobs = sum(len({d for d in r["birth_date"].split(";") if d.strip()}) for r in rows)
    documents = sum(len({i for i in r["identifiers"].split(";") if i.strip()}) for r in rows)
    assert totals(simple) == {"entries": len(rows), "aliases": aliases, "dobs": dobs, "documents": documents}
    assert len(rows) == 6561
    assert sum(e.terrorism for e in simple.entries) == sum(1 for r in rows if "terror" in r["sanctions"].lower())
    assert simple.version.published == max(r["last_seen"] for r in rows) == "2025-05-23T18:28:10"


def test_simple_csv_entries(parsed):
    entries = by_id(parsed(SIMPLE))
    e = entries["NK-224TRezPqwzhQZ37exWxtX"]
    assert e.name == "SANAVBARI NIKITENKO"
    assert [d.value for d in e.dates_of_birth] == ["1992-06-28"]
    assert e.countries == ("RU", "TJ")
    assert e.terrorism is True  # "participation in the activity of a terrorist organization"
    assert e.programs == ("INTERPOL Red Notices",)
    year_only = entries["NK-KkXLihRQSzgyAVxzVC3SKu"]
    assert [d.value for d in year_only.dates_of_birth] == ["1958"]
    assert alias_names(entries["NK-LvhvkDXzuHjjUEqyGC2SZG"]) == {"KHUSEYN AKTAMIROV"}
