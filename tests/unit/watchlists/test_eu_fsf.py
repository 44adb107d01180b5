"""EU Financial Sanctions Files XML 1.1 (5-entry excerpt): counts from lxml, pins."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.unit.watchlists.helpers import alias_names, by_id, name_key, totals

FILE = "eu/eu_fsf_excerpt_2026-08-05.xml"
NS = {"e": "http://eu.europa.ec/fpi/fsd/export"}


@pytest.fixture(scope="module")
def eu(parsed):
    return parsed(FILE)


@pytest.fixture(scope="module")
def root(lists_dir):
    return etree.parse(str(lists_dir / FILE)).getroot()


def _expected(root) -> dict[str, int]:
    entities = root.findall("e:sanctionEntity", NS)
    aliases = dobs = documents = 0
    for s in entities:
        names = {name_key(n.get("wholeName")) for n in s.findall("e:nameAlias", NS) if n.get("wholeName", "").strip()}
        aliases += len(names) - 1  # one of them is the primary name
        dob_keys = set()
        for b in s.findall("e:birthdate", NS):
            if b.get("birthdate"):
                dob_keys.add(b.get("birthdate"))
            elif b.get("yearRangeFrom"):
                dob_keys.add((b.get("yearRangeFrom"), b.get("yearRangeTo")))
            elif b.get("year"):
                dob_keys.add(b.get("year"))
        dobs += len(dob_keys)
        documents += len(
            {(i.get("number"), i.get("countryIso2Code")) for i in s.findall("e:identification", NS) if i.get("number")}
        )
    return {"entries": len(entities), "aliases": aliases, "dobs": dobs, "documents": documents}


def test_counts_match_the_xml(eu, root):
    assert totals(eu) == _expected(root)
    assert len(eu.entries) == 5


def test_weak_aliases_from_strong_flag_and_remarks(eu, root):
    low = {
        n.get("wholeName")
        for n in root.iterfind(".//e:nameAlias", NS)
        if n.get("strong") == "false"
        or n.findtext("e:remark", "", NS).lower().startswith(("low quality", "lo quality"))
    }
    weak = {a.name for e in eu.entries for a in e.aliases if a.quality == "weak"}
    assert weak == low == {"Abu-Salaah", "Abosslah", "Abu Saleh"}  # "low quality aliias" included


def test_version(eu, root):
    assert eu.version.published == root.get("generationDate") == "2026-08-05T16:47:04.449+02:00"
    assert eu.version.format == "eu_fsf"
    assert eu.version.list_id == "eu"


def test_primary_name_is_a_structured_strong_name(eu):
    e = by_id(eu)["191"]  # the first nameAlias is a French variant
    assert e.name == "Khalid Sheikh MOHAMMED"
    assert e.name_parts.given == ("Khalid Sheikh",)
    assert e.name_parts.family == ("MOHAMMED",)
    assert "Bin Khalid Fahd Bin Adballah" in alias_names(e)
    assert [d.value for d in e.dates_of_birth] == ["1965-04-14", "1964-03-01"]
    assert e.programs == ("TERR",)
    assert e.terrorism is True
    assert e.gender == "male"
    assert [(d.type, d.number, d.country) for d in e.documents] == [("passport", "488555", None)]  # "00" = unknown


def test_circa_year_range(eu):
    e = by_id(eu)["521"]
    assert e.name == "Haji Ahmad Jan"
    assert [(d.value, d.end, d.approximate) for d in e.dates_of_birth] == [("1953", "1958", True)]
    assert e.nationalities == ("AF",)
    assert e.terrorism is True  # AFG (Taliban)
    assert e.listed_on == "2001-01-25"
    assert e.name_parts.title == ("Maulavi",)


def test_enterprise_with_translations(eu):
    e = by_id(eu)["3822"]
    assert e.kind == "organization"
    assert e.name == "Parchin Chemical Industries (PCI)"
    persian = [a for a in e.aliases if a.name == "صنایع شیمیایی پارچین"]
    assert persian and persian[0].script == "Arab"
    assert {"Tionscail Ceimiceán Parchin", "Industrias Químicas Parchin", "PCI"} <= alias_names(e)
    assert e.terrorism is False
    assert e.countries == ("IR",)
    assert [(d.type, d.number) for d in e.documents] == [("registration", "892")]


def test_islamic_calendar_date_is_not_read_as_gregorian(eu):
    e = by_id(eu)["6177"]
    values = {d.value for d in e.dates_of_birth}
    assert values == {"1982-04-18", "1982-04-19"}  # never 1402 (the Hijri year)
    assert e.nationalities == ("SA",)
    assert e.terrorism is True  # TAQA
    passport = next(d for d in e.documents if d.type == "passport")
    assert (passport.number, passport.country) == ("F654645", "SA")
    assert "knownExpired" in passport.note


def test_person_not_terrorism(eu):
    e = by_id(eu)["6106"]
    assert e.name == "Abu Zayd Umar DORDA"
    assert "ABÚ ZAJD UMAR DÚRDA" in alias_names(e)
    assert e.terrorism is False
    assert [(d.type, d.number, d.country) for d in e.documents] == [("passport", "FK117RK0", "LY")]
    assert e.dates_of_birth[0].value == "1944-04-04"
