"""UK Sanctions List XML (13-designation excerpt): counts from lxml, pins."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.unit.watchlists.helpers import alias_names, by_id, name_key, totals

FILE = "uk/UK-Sanctions-List_excerpt_2026-03-26.xml"


@pytest.fixture(scope="module")
def uk(parsed):
    return parsed(FILE)


@pytest.fixture(scope="module")
def root(lists_dir):
    return etree.parse(str(lists_dir / FILE)).getroot()


def _full(name) -> str:
    return " ".join(name.findtext(f"Name{i}", "").strip() for i in range(1, 7) if name.findtext(f"Name{i}", "").strip())


def _expected(root) -> dict[str, int]:
    designations = root.findall("Designation")
    aliases = dobs = documents = 0
    for d in designations:
        names = d.findall("Names/Name")
        primary = next(n for n in names if n.findtext("NameType").lower() == "primary name")
        keys = {name_key(_full(n)) for n in names} | {
            name_key(t) for t in d.xpath("NonLatinNames/NonLatinName/NameNonLatinScript/text()")
        }
        aliases += len(keys - {name_key(_full(primary))})
        dobs += len(set(d.xpath("IndividualDetails/Individual/DOBs/DOB/text()")))
        documents += len(
            set(d.xpath(".//PassportNumber/text() | .//IMONumber/text() | .//NationalIdentifierNumber/text()"))
        )
    return {"entries": len(designations), "aliases": aliases, "dobs": dobs, "documents": documents}


def test_counts_match_the_xml(uk, root):
    assert totals(uk) == _expected(root)


def test_kinds_and_version(uk, root):
    kinds = [e.kind for e in uk.entries]
    types = root.xpath("//IndividualEntityShip/text()")
    assert kinds.count("person") == types.count("Individual") == 7
    assert kinds.count("organization") == types.count("Entity") == 3
    assert kinds.count("vessel") == types.count("Ship") == 3
    assert uk.version.published == "26/03/2026"
    assert uk.version.format == "uk_xml"


def test_afghanistan_entity_with_non_latin_name(uk):
    e = by_id(uk)["AFG0001"]
    assert e.name == "HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE"
    assert e.kind == "organization"
    assert e.terrorism is True  # Afghanistan regime (UN 1988), UN ref TAe.010
    original = [(a.name, a.script) for a in e.aliases if a.original_script]
    assert original == [("حاجی خيرالله و حاجی ستار صرافی", "Arab")]
    assert "Haji Khairullah Money Exchange" in alias_names(e)
    assert e.listed_on == "2012-06-29"
    assert {"AF", "PK"} <= set(e.countries)


def test_partial_dates_of_birth(uk):
    e = by_id(uk)["DPR0050"]
    assert e.name == "Myong Su Ri"
    assert [d.value for d in e.dates_of_birth] == ["1934-02-20", "1937", "1938"]  # dd/mm/1937 placeholders
    assert e.nationalities == ("KP",)
    assert e.places_of_birth == ("Myonchon, North Hamgyong, North Korea",)
    assert e.terrorism is False


def test_name_type_case_and_trailing_spaces(uk):
    assert by_id(uk)["CYB0004"].name == "Chosun Expo"  # <Name6>Chosun Expo </Name6>
    e = by_id(uk)["CYB0006"]  # "Primary Name" / "Primary Name Variation"
    assert e.name == "Aleksei MORENETS"
    assert alias_names(e, "strong") == {"Aleksey Sergeyevich MORENETS"}


def test_individual_details(uk):
    e = by_id(uk)["CYB0005"]
    assert e.name == "Alexei Veleryevich MININ"
    assert e.name_parts.given == ("Alexei",)
    assert e.name_parts.middle == ("Veleryevich",)
    assert e.name_parts.family == ("MININ",)
    assert [d.value for d in e.dates_of_birth] == ["1972-05-27"]
    assert [(d.type, d.number) for d in e.documents] == [("passport", "120017582")]
    assert e.nationalities == ("RU",)
    assert e.gender == "male"
    assert e.programs == ("The Cyber (Sanctions) (EU Exit) Regulations 2020",)


def test_ship(uk):
    e = by_id(uk)["DPR0098"]
    assert (e.kind, e.name) == ("vessel", "Yu Phyong 5")
    assert [(d.type, d.number) for d in e.documents] == [("imo", "8605026")]
    assert "KP" in e.countries
    assert "Ryosho Maru" in alias_names(e)
