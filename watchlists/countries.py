"""Map the country names and adjectives lists use to ISO 3166-1 alpha-2.

Lists name countries in their own ways: the UN uses UN names ("Iran (Islamic
Republic of)"), OFAC short names ("Korea, North", "Burma"), the old OFSI list
adjectives ("Afghan", "(1) Somali (2) Swedish"). :func:`to_iso2` first checks
the table below, then pycountry's names (name, official name, common name).
It never guesses with fuzzy matching: a name it does not know gives None.

Entries in ``_NAMES`` are the forms seen in the sample files under
``shared/data/lists`` (UN 2026-02, OFAC 2021/2025/2026, UK 2026, OFSI 2018)
that pycountry does not know. Historic states (USSR, Yugoslavia) map to None on
purpose: they have no alpha-2 code today.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

# Lower-case name -> alpha-2, or None for "known, but no country code".
_NAMES: dict[str, str | None] = {
    # UN names
    "iran (islamic republic of)": "IR",
    "state of palestine": "PS",
    "china, hong kong special administrative region": "HK",
    "china, macao special administrative region": "MO",
    "democratic republic of the congo": "CD",
    "united kingdom of great britain and northern ireland": "GB",
    "turkey": "TR",
    "former soviet union": None,
    "na": None,
    # OFAC short names
    "russia": "RU",
    "burma": "MM",
    "palestinian": "PS",
    "region: gaza": "PS",
    "region: west bank": "PS",
    "gaza": "PS",
    "west bank": "PS",
    "korea, north": "KP",
    "korea, south": "KR",
    "congo, democratic republic of the": "CD",
    "congo, republic of the": "CG",
    "virgin islands, british": "VG",
    "the gambia": "GM",
    "cape verde": "CV",
    "swaziland": "SZ",
    "cote d'ivoire": "CI",
    "ivory coast": "CI",
    "macedonia": "MK",
    "the netherlands": "NL",
    "micronesia, federated states of": "FM",
    "kosovo": "XK",  # user-assigned code, used by the EU and OFAC
    # UK and OFSI forms
    "north korea": "KP",
    "south korea": "KR",
    "dprk": "KP",
    "drc": "CD",
    "palestinian territories": "PS",
    "occupied palestinian territories": "PS",
    "libyan arab jamahiriya": "LY",
    "sultanate of oman": "OM",
    "union of the comoros": "KM",
    "united states": "US",
    "usa": "US",
    "uk": "GB",
    "afganistan": "AF",
    "trinadad and tobago": "TT",
    "ussr": None,
    "former yugoslavia": None,
    # Adjectives of nationality (OFSI ConList, UK lists)
    "afghan": "AF",
    "afgan": "AF",
    "albanian": "AL",
    "algerian": "DZ",
    "american": "US",
    "australian": "AU",
    "azerbaijani": "AZ",
    "bahraini": "BH",
    "bangladeshi": "BD",
    "belarusian": "BY",
    "belgian": "BE",
    "bosnian": "BA",
    "british": "GB",
    "burundian": "BI",
    "canadian": "CA",
    "central african": "CF",
    "chadian": "TD",
    "chinese": "CN",
    "danish": "DK",
    "dutch": "NL",
    "egyptian": "EG",
    "emirati": "AE",
    "eritrean": "ER",
    "ethiopian": "ET",
    "filipino": "PH",
    "french": "FR",
    "georgian": "GE",
    "german": "DE",
    "guinean": "GN",
    "indian": "IN",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "italian": "IT",
    "jordanian": "JO",
    "kazakh": "KZ",
    "kenyan": "KE",
    "kuwaiti": "KW",
    "kyrgyz": "KG",
    "lebanese": "LB",
    "libyan": "LY",
    "malaysian": "MY",
    "malian": "ML",
    "mauritanian": "MR",
    "moroccan": "MA",
    "nigerian": "NG",
    "nigerien": "NE",
    "north korean": "KP",
    "norwegian": "NO",
    "omani": "OM",
    "pakistani": "PK",
    "qatari": "QA",
    "qatarian": "QA",
    "russian": "RU",
    "rwandan": "RW",
    "saudi": "SA",
    "saudi arabian": "SA",
    "senegalese": "SN",
    "somali": "SO",
    "somalian": "SO",
    "south sudanese": "SS",
    "spanish": "ES",
    "sudanese": "SD",
    "swedish": "SE",
    "swiss": "CH",
    "syrian": "SY",
    "tajik": "TJ",
    "tanzanian": "TZ",
    "tunisian": "TN",
    "turkish": "TR",
    "turkmen": "TM",
    "ugandan": "UG",
    "ukrainian": "UA",
    "uzbek": "UZ",
    "venezuelan": "VE",
    "yemeni": "YE",
    "zimbabwean": "ZW",
}

_SPACES = re.compile(r"\s+")


def _key(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return _SPACES.sub(" ", text).strip(" .,;").casefold()


@lru_cache(maxsize=2048)
def to_iso2(name: str | None) -> str | None:
    """ISO alpha-2 code for a country name or adjective, or None if unknown.

    >>> to_iso2("Iran (Islamic Republic of)")
    'IR'
    >>> to_iso2("Korea, North")
    'KP'
    >>> to_iso2("Tunisian")
    'TN'
    >>> to_iso2("Atlantis") is None
    True
    """
    if not name:
        return None
    key = _key(name)
    if not key:
        return None
    if key in _NAMES:
        return _NAMES[key]
    if len(key) <= 3:
        # Two- and three-letter strings are codes, not names; see code_to_iso2.
        return None
    return _pycountry_names().get(key)


@lru_cache(maxsize=1)
def _pycountry_names() -> dict[str, str]:
    """pycountry's name, official name and common name -> alpha-2."""
    names: dict[str, str] = {}
    for field in ("common_name", "official_name", "name"):  # later fields win
        for country in pycountry.countries:
            value = getattr(country, field, None)
            if value:
                names[_key(value)] = country.alpha_2
    return names


@lru_cache(maxsize=1024)
def code_to_iso2(code: str | None) -> str | None:
    """Upper-case alpha-2 for an ISO alpha-2 or alpha-3 code, or None.

    Accepts lower case ("ru", as in OpenSanctions). The EU's "00" (unknown)
    gives None; the retired code "CS" (Serbia and Montenegro) gives "RS", as
    OpenSanctions does. "XK" (Kosovo) is kept.
    """
    if not code:
        return None
    code = code.strip().upper()
    if code == "CS":
        return "RS"
    if code == "XK":
        return "XK"
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3:
        country = pycountry.countries.get(alpha_3=code)
    else:
        return None
    return country.alpha_2 if country is not None else None
