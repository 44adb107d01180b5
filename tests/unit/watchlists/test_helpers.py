"""Country names, script detection, date forms and name-list splitting."""

from __future__ import annotations

import pytest

from watchlists.countries import code_to_iso2, to_iso2
from watchlists.scripts import detect_script
from watchlists.sources import _ofac
from watchlists.sources._util import parse_dmy, parse_iso_prefix, split_alias_list, split_enumeration


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Iran (Islamic Republic of)", "IR"),  # UN
        ("Democratic People's Republic of Korea", "KP"),
        ("Democratic People’s Republic of Korea", "KP"),  # typographic apostrophe (OFSI)
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("State of Palestine", "PS"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("China, Hong Kong Special Administrative Region", "HK"),
        ("Korea, North", "KP"),  # OFAC
        ("Burma", "MM"),
        ("Russia", "RU"),
        ("Palestinian", "PS"),
        ("Region: Gaza", "PS"),
        ("Congo, Democratic Republic of the", "CD"),
        ("Virgin Islands, British", "VG"),
        ("North Korea", "KP"),  # UK
        ("Afghan", "AF"),  # OFSI adjectives
        ("Saudi Arabian", "SA"),
        ("Germany", "DE"),  # plain pycountry names
        ("Viet Nam", "VN"),
    ],
)
def test_country_names(name, code):
    assert to_iso2(name) == code


@pytest.mark.parametrize("name", ["na", "former Soviet Union", "Atlantis", "", None, "Congolese"])
def test_unknown_or_historic_countries(name):
    assert to_iso2(name) is None


def test_country_codes():
    assert code_to_iso2("ru") == "RU"
    assert code_to_iso2("RUS") == "RU"
    assert code_to_iso2("00") is None  # EU "unknown"
    assert code_to_iso2("CS") == "RS"
    assert code_to_iso2("XK") == "XK"
    assert code_to_iso2("ZZ") is None


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Khalid Sheikh MOHAMMED", "Latn"),
        ("ABÚ ZAJD UMAR DÚRDA", "Latn"),
        ("صنایع شیمیایی پارچین", "Arab"),
        ("Умаров Доку Хаматович", "Cyrl"),
        ("Εταιρία περιορισμένης ευθύνης “Inter Tobacco”", "Grek"),
        ("金正恩", "Hani"),
        ("김정은", "Hang"),
        ("12345 -", None),
        ("", None),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script


@pytest.mark.parametrize(
    ("text", "value", "end", "approximate"),
    [
        ("10 Dec 1948", "1948-12-10", None, False),
        ("1946", "1946", None, False),
        ("circa 1951", "1951", None, True),
        ("1951 to 1953", "1951", "1953", False),
        ("01 Jan 1961 to 31 Dec 1962", "1961-01-01", "1962-12-31", False),
        ("Sep 1938", "1938-09", None, False),
        ("circa 07 Jul 1966", "1966-07-07", None, True),
        ("circa 1979-1982", "1979", "1982", True),
        ("Mar 1962 to Feb 1963", "1962-03", "1963-02", False),
    ],
)
def test_ofac_dates(text, value, end, approximate):
    d = _ofac.parse_date(text)
    assert (d.value, d.end, d.approximate) == (value, end, approximate)


@pytest.mark.parametrize("text", ["", "31 Feb 1970", "sometime in 1970", "Foo 1970"])
def test_ofac_bad_dates(text):
    assert _ofac.parse_date(text) is None


def test_other_date_forms():
    assert parse_dmy("00/00/1980") == "1980"
    assert parse_dmy("00/05/1980") == "1980-05"
    assert parse_dmy("dd/mm/1937") == "1937"
    assert parse_dmy("20/02/1934") == "1934-02-20"
    assert parse_dmy("32/01/1934") is None
    assert parse_iso_prefix("2015-04-07-04:00") == "2015-04-07"
    assert parse_iso_prefix("1953") == "1953"
    assert parse_iso_prefix("n/a") is None


def test_split_alias_list():
    assert split_alias_list("Azim Adhajani; Azim Agha-Jani") == [("Azim Adhajani", False), ("Azim Agha-Jani", False)]
    assert split_alias_list("Parchin Chemical Industries (PCI)") == [("Parchin Chemical Industries (PCI)", False)]
    assert split_alias_list("هيئة (original script); HTS") == [("هيئة", True), ("HTS", False)]


def test_split_enumeration():
    assert split_enumeration("(1) German (2) Moroccan") == ["German", "Moroccan"]
    assert split_enumeration("a) Syrian Arab Republic b) State of Palestine") == [
        "Syrian Arab Republic",
        "State of Palestine",
    ]
    assert split_enumeration("Afghan") == ["Afghan"]
    assert split_enumeration("") == []


def test_ofac_remarks():
    facts = _ofac.parse_remarks(
        "DOB 03 May 1938; alt. DOB 1940; POB Egypt; nationality Korea, North; citizen Iran; Gender Female; "
        "a.k.a. 'ABU X'; Passport L 191609 issued 28 Feb 1996 expires 27 Feb 2001; "
        "National ID No. 660000 73767 (Belgium); "
        "Digital Currency Address - XBT 1abc; Vessel Registration Identification IMO 9187629; Linked To: SOMEONE."
    )
    assert [d.value for d in facts.dates_of_birth] == ["1938-05-03", "1940"]
    assert facts.places_of_birth == ["Egypt"]
    assert facts.nationalities == ["KP", "IR"]
    assert facts.gender == "female"
    assert facts.weak_aliases == ["ABU X"]
    assert facts.crypto_addresses == ["1abc"]
    docs = [(d.type, d.number, d.country, d.note) for d in facts.documents]
    assert docs == [
        ("passport", "L 191609", None, "issued 28 Feb 1996 expires 27 Feb 2001"),
        ("national_id", "660000 73767", "BE", "National ID No."),
        ("imo", "9187629", None, "Vessel Registration Identification"),
    ]


@pytest.mark.parametrize("module_name", ["countries", "scripts", "sources._util", "sources._ofac"])
def test_docstring_examples(module_name):
    import doctest
    import importlib

    module = importlib.import_module(f"watchlists.{module_name}")
    result = doctest.testmod(module)
    assert result.failed == 0
    assert result.attempted > 0
