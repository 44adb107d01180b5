"""UN Consolidated List XML: counts checked against lxml XPath, plus pinned entries."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from tests.unit.watchlists.helpers import alias_names, by_id, name_key, totals

FILE = "un/UN_consolidated_2026-02-27.xml"


@pytest.fixture(scope="module")
def un(parsed):
    return parsed(FILE)


@pytest.fixture(scope="module")
def root(lists_dir):
    return etree.parse(str(lists_dir / FILE)).getroot()


def _text(elem, path: str) -> str:
    return " ".join((elem.findtext(path) or "").split())


# Entries whose alias cells mix ";" with parentheses or "b)" enumerations. They
# are left out of the counted totals and pinned one by one below.
MESSY = {"QDi.299", "QDe.137", "IRi.034", "QDi.306", "TAi.154"}


def _is_messy(raw: str) -> bool:
    return ";" in raw and ("(" in raw or ")" in raw)


def _expected_counts(root) -> dict[str, int]:
    """Counted straight from the XML, by rules written here, not by the parser."""
    entries = root.xpath("/CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL | /CONSOLIDATED_LIST/ENTITIES/ENTITY")
    aliases = dobs = documents = 0
    messy = set()
    for e in entries:
        ref = e.findtext("REFERENCE_NUMBER").strip()
        parts = (_text(e, p) for p in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"))
        primary = name_key(" ".join(t for t in parts if t))
        names = set()
        raws = e.xpath(
            "INDIVIDUAL_ALIAS/ALIAS_NAME/text() | ENTITY_ALIAS/ALIAS_NAME/text() | NAME_ORIGINAL_SCRIPT/text()"
        )
        if any(_is_messy(raw) for raw in raws):
            messy.add(ref)
        else:
            names = {name_key(part) for raw in raws for part in raw.split(";") if part.strip()}
            aliases += len(names - {primary})
        dob_keys = set()
        for d in e.xpath("INDIVIDUAL_DATE_OF_BIRTH"):
            value = d.findtext("DATE") or d.findtext("YEAR") or d.findtext("FROM_YEAR")
            if value and value.strip():
                dob_keys.add((d.findtext("TYPE_OF_DATE"), value.strip(), d.findtext("TO_YEAR")))
        dobs += len(dob_keys)
        # One document per number and issuing country (lists repeat a passport per language).
        doc_keys = {
            (_text(d, "NUMBER"), _text(d, "ISSUING_COUNTRY") or _text(d, "COUNTRY_OF_ISSUE"))
            for d in e.xpath("INDIVIDUAL_DOCUMENT")
            if _text(d, "NUMBER")
        }
        documents += len(doc_keys)
    assert messy == MESSY
    return {"entries": len(entries), "aliases": aliases, "dobs": dobs, "documents": documents}


def test_counts_match_the_xml(un, root):
    got = totals(un)
    got["aliases"] -= sum(len(e.aliases) for e in un.entries if e.entry_id in MESSY)
    assert got == _expected_counts(root)


def test_entry_kinds_and_version(un, root):
    kinds = [e.kind for e in un.entries]
    assert kinds.count("person") == len(root.xpath("//INDIVIDUALS/INDIVIDUAL")) == 730
    assert kinds.count("organization") == len(root.xpath("//ENTITIES/ENTITY")) == 273
    assert un.version.published == root.get("dateGenerated") == "2026-02-27T00:00:09.554Z"
    assert un.version.format == "un_xml"
    assert un.version.list_id == "un"
    assert un.version.entry_count == 1003


def test_terrorism_flag_follows_1267_and_1988_references(un, root):
    refs = root.xpath("//REFERENCE_NUMBER/text()")
    expected = {r.strip() for r in refs if r.strip().startswith(("QDi.", "QDe.", "TAi.", "TAe."))}
    assert {e.entry_id for e in un.entries if e.terrorism} == expected


def test_weak_aliases_are_the_low_quality_ones(un, root):
    low = {name_key(n) for n in root.xpath("//INDIVIDUAL_ALIAS[QUALITY='Low']/ALIAS_NAME/text()") if ";" not in n}
    weak = {name_key(a.name) for e in un.entries for a in e.aliases if a.quality == "weak"}
    assert low <= weak


def test_al_qaida_individual(un):
    e = by_id(un)["QDi.001"]
    assert e.name == "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"
    assert e.kind == "person"
    assert e.name_parts.given == ("MOHAMMED",)
    assert e.name_parts.family == ("ZIDANE",)
    assert e.name_parts.middle == ("SALAHALDIN", "ABD EL HALIM")
    assert {"Sayf-Al Adl", "Muhamad Ibrahim Makkawi"} <= alias_names(e, "strong")
    assert {"Ibrahim al-Madani", "Seif al Adel"} <= alias_names(e, "weak")
    original = [a for a in e.aliases if a.original_script]
    assert [(a.name, a.script) for a in original] == [("محمد صلاح الدين عبدالحليم زيدان", "Arab")]
    assert [d.value for d in e.dates_of_birth] == ["1963-04-11", "1960-04-11"]
    assert e.nationalities == ("EG",)
    assert e.terrorism is True
    assert e.programs == ("Al-Qaida",)
    assert e.listed_on == "2001-01-25"


def test_taliban_individual_with_approximate_dob(un):
    e = by_id(un)["TAi.004"]
    assert e.terrorism is True
    assert e.name_parts.title == ("Mullah",)
    first = e.dates_of_birth[0]
    assert (first.value, first.approximate) == ("1966", True)
    assert e.nationalities == ("AF",)


def test_between_dates_and_weak_call_signs(un):
    e = by_id(un)["CDi.030"]  # BOSCO TAGANDA
    assert e.name == "BOSCO TAGANDA"
    assert [(d.value, d.end) for d in e.dates_of_birth] == [("1973", "1974")]
    assert {"Terminator", "Tango Romeo", "Romeo", "Major", "Lydia"} <= alias_names(e, "weak")
    assert "Bosco Ntaganda" in alias_names(e, "strong")
    assert e.terrorism is False


def test_document_with_issuing_country_name(un):
    e = by_id(un)["CDi.021"]
    assert e.name == "FLORIBERT NGABU NJABU"
    passports = [d for d in e.documents if d.number == "OB 0243318"]
    assert len(passports) == 1
    assert passports[0].type == "passport"
    assert passports[0].country == "CD"


def test_same_passport_in_three_languages_is_one_document(un):
    e = by_id(un)["KPi.008"]  # Passport / Numéro de passeport / Número de pasaporte 645120196
    assert [(d.type, d.number, d.country) for d in e.documents] == [("passport", "645120196", "KP")]


def test_listed_on_drops_timezone_suffix(un):
    assert by_id(un)["QDi.352"].listed_on == "2015-04-07"  # file: 2015-04-07-04:00


def test_cyrillic_original_script(un):
    e = by_id(un)["QDi.290"]
    assert e.name == "DOKU KHAMATOVICH UMAROV"
    original = [a for a in e.aliases if a.original_script]
    assert [(a.name, a.script) for a in original] == [("Умаров Доку Хаматович", "Cyrl")]


def test_alias_cell_listing_names_in_parentheses(un):
    e = by_id(un)["QDi.299"]
    # "أبو بكر البغدادي الحسيني القريشي (Abu Bakr al-Baghdadi al-Husayni al-Quraishi; Abu Bakr al-Baghdadi)"
    assert {
        "أبو بكر البغدادي الحسيني القريشي",
        "Abu Bakr al-Baghdadi al-Husayni al-Quraishi",
        "Abu Bakr al-Baghdadi",
    } <= alias_names(e, "weak")
    assert "أبو دعاء" in alias_names(e, "weak")


def test_alias_cell_with_nested_original_script_note(un):
    e = by_id(un)["QDe.137"]
    original = {(a.name, a.script) for a in e.aliases if a.original_script}
    assert ("هيئة تحرير الشام", "Arab") in original
    names = alias_names(e)
    assert {"Hay’at Tahrir al-Sham (HTS)", "Assembly for the Liberation of Syria", "Tahrir al-Sham Hay’at"} <= names
    assert not any("(original script)" in n or n.endswith(")") and "(" not in n for n in names)


def test_alias_cell_with_transliterations_in_parentheses(un):
    e = by_id(un)["TAi.154"]
    # "حاجى مالك نورزى (Hajji Malik Noorzai; Hajji Malak Noorzai; Haji Malek Noorzai)"
    expected = {"حاجى مالك نورزى", "Hajji Malik Noorzai", "Hajji Malak Noorzai", "Haji Malek Noorzai"}
    assert expected <= alias_names(e, "strong")
    assert {"Haji Maluk", "Haji Aminullah"} <= alias_names(e, "weak")


def test_alias_cell_with_lettered_enumeration(un):
    e = by_id(un)["IRi.034"]
    assert {"Mohammed Sabet", "Mohammad Sabet", "M. Javad Kareemi Sabet"} <= alias_names(e)
    assert not any("b)" in n for n in alias_names(e))


def test_entity(un):
    e = by_id(un)["QDe.001"]
    assert (e.name, e.kind, e.terrorism) == ("ABU SAYYAF GROUP", "organization", True)
    assert e.name_parts is None
    assert e.countries == ("PH",)


def test_odd_un_country_names_map(un):
    nationalities = {n for e in un.entries for n in e.nationalities}
    # Iran (Islamic Republic of), State of Palestine, Türkiye, United Kingdom of ..., DPRK
    assert {"IR", "PS", "TR", "GB", "KP", "CD", "TZ", "SY"} <= nationalities
    assert all(re.fullmatch(r"[A-Z]{2}", n) for n in nationalities)
