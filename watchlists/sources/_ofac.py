"""What OFAC's XML and legacy CSV files share: program codes, the free-text
date forms, the identifier types, the remarks mini-language and name order.

OFAC builds the CSV ``Remarks`` column and the XML ``idList`` from the same
records, so the identifier labels below ("Passport", "Cedula No.", "NIT #",
...) are the XML ``idType`` values and also the prefixes of CSV remark items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from watchlists.countries import to_iso2
from watchlists.model import DateOfBirth, EntryKind, IdentityDocument
from watchlists.sources._util import MONTHS, clean, dob, iso_date

# OFAC programs that mean terrorism: Specially Designated Global Terrorists,
# Specially Designated Terrorists (the older Middle East peace program),
# Foreign Terrorist Organizations, the Hizballah financing act (HIFPAA) and the
# non-SDN Palestinian Legislative Council list (NS-PLC, part of OFAC's counter
# terrorism program: members elected on the Hamas list).
TERRORISM_PROGRAMS = frozenset({"SDGT", "SDT", "FTO", "HIFPAA", "NS-PLC"})

def default_list_id(path: str | Path) -> str:
    """"ofac" for the SDN list, "ofac-cons" for the non-SDN consolidated list.

    The two lists share one schema and no content marker tells them apart, so
    the file name decides: CONSOLIDATED.XML and cons_prim.csv (any case) are
    the consolidated list. Distinct ids let both be loaded side by side.
    """
    return "ofac-cons" if Path(path).name.casefold().startswith("cons") else "ofac"


KINDS: dict[str, EntryKind] = {
    "individual": "person",
    "entity": "organization",
    "vessel": "vessel",
    "aircraft": "aircraft",
}

# Identifier label -> normalised document type. Anything not listed here is
# not an identity document (directives, dates, websites, ticker symbols...).
ID_TYPES: dict[str, str] = {
    "Passport": "passport",
    "Diplomatic Passport": "passport",
    "Passport Booklet:": "passport",
    "Passport Booklet": "passport",
    "Travel Document Number": "travel_document",
    "National ID No.": "national_id",
    "Cedula No.": "national_id",
    "Identification Number": "national_id",
    "Personal ID Card": "national_id",
    "Kenyan ID No.": "national_id",
    "Tazkira National ID Card": "national_id",
    "Turkish Identification Number": "national_id",
    "Numero de Identidad": "national_id",
    "Citizen's Card Number": "national_id",
    "National Foreign ID Number": "national_id",
    "D.N.I.": "national_id",
    "C.U.R.P.": "national_id",
    "C.U.R.P. #": "national_id",
    "C.U.I.P.": "national_id",
    "C.U.I.": "national_id",
    "I.F.E.": "national_id",
    "Credencial electoral": "national_id",
    "Electoral Registry No.": "national_id",
    "Residency Number": "residence_permit",
    "Birth Certificate Number": "birth_certificate",
    "Driver's License No.": "driving_licence",
    "VisaNumberID": "visa",
    "Cartilla de Servicio Militar Nacional": "military_id",
    "SSN": "ssn",
    "Tax ID No.": "tax_id",
    "NIT #": "tax_id",
    "RUC #": "tax_id",
    "R.F.C.": "tax_id",
    "R.F.C. #": "tax_id",
    "RFC": "tax_id",
    "C.U.I.T.": "tax_id",
    "US FEIN": "tax_id",
    "Italian Fiscal Code": "tax_id",
    "V.A.T. Number": "tax_id",
    "RIF #": "tax_id",
    "RTN": "tax_id",
    "Registration ID": "registration",
    "Registration Number": "registration",
    "Company Number": "registration",
    "UK Company Number": "registration",
    "Government Gazette Number": "registration",
    "Commercial Registry Number": "registration",
    "Matricula Mercantil No": "registration",
    "Folio Mercantil No.": "registration",
    "Business Registration Document #": "registration",
    "Business Registration Number": "registration",
    "Business Number": "registration",
    "C.R. No.": "registration",
    "Trade License No.": "registration",
    "License": "registration",
    "Public Registration Number": "registration",
    "Chamber of Commerce Number": "registration",
    "Dubai Chamber of Commerce Membership No.": "registration",
    "Certificate of Incorporation Number": "registration",
    "Enterprise Number": "registration",
    "Branch Unit Number": "registration",
    "Registered Charity No.": "registration",
    "File Number": "registration",
    "LE Number": "registration",
    "D-U-N-S Number": "registration",
    "Legal Entity Number": "lei",
    "Unified Social Credit Code (USCC)": "registration",
    "United Social Credit Code Certificate (USCCC)": "registration",
    "SWIFT/BIC": "swift_bic",
    "BIK (RU)": "bik",
    "Vessel Registration Identification": "imo",
    "MMSI": "mmsi",
    "Aircraft Manufacturer's Serial Number (MSN)": "aircraft_msn",
    "Aircraft Tail Number": "aircraft_tail_number",
    "Aircraft Construction Number (also called L/N or S/N or F/N)": "aircraft_construction_number",
}
# Longest label first, so "Passport Booklet:" wins over "Passport".
_ID_LABELS = sorted(ID_TYPES, key=len, reverse=True)

_CRYPTO = re.compile(r"^Digital Currency Address - ([A-Za-z0-9]+)\s+(\S+)$")


def is_crypto_type(id_type: str) -> bool:
    return id_type.startswith("Digital Currency Address")


def document(label: str, raw: str, country: str | None = None) -> IdentityDocument | None:
    """An IdentityDocument from an identifier label and its value text.

    ``raw`` may carry a trailing "(Country)" and "issued ..."/"expires ..."
    notes, as CSV remarks do. "IMO 1234567" values become type "imo".
    """
    doc_type = ID_TYPES.get(label)
    if doc_type is None:
        return None
    raw = clean(raw)
    note_parts: list[str] = []
    m = re.search(r"\s+((?:issued|expires)\b.*)$", raw)
    if m:
        note_parts.append(m.group(1))
        raw = raw[: m.start()]
    m = re.search(r"\s*\(([^()]+)\)$", raw)
    if m and country is None:
        country = m.group(1)
        raw = raw[: m.start()]
    number = raw.strip(" ,;.")
    if number.upper().startswith("IMO "):
        doc_type, number = "imo", number[4:].strip()
    if not number:
        return None
    if label.casefold() != doc_type:
        note_parts.insert(0, label)
    return IdentityDocument(
        type=doc_type,
        number=number,
        country=to_iso2(country) if country else None,
        note="; ".join(note_parts) or None,
    )


# --- dates ---------------------------------------------------------------------

_DAY_MONTH_YEAR = re.compile(r"^(?:(\d{1,2}) )?(?:([A-Za-z]{3,9})\.? )?(\d{4})$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")


def _one_date(text: str) -> str | None:
    m = _DAY_MONTH_YEAR.match(text)
    if not m:
        return None
    day, month_name, year = m.groups()
    if day and not month_name:
        return None
    month = MONTHS.get(month_name.casefold()) if month_name else None
    if month_name and month is None:
        return None
    return iso_date(year, month, day)


def parse_date(text: str | None) -> DateOfBirth | None:
    """OFAC's free-text dates of birth.

    >>> parse_date("10 Dec 1948").value, parse_date("Sep 1938").value
    ('1948-12-10', '1938-09')
    >>> d = parse_date("circa 1979-1982"); (d.value, d.end, d.approximate)
    ('1979', '1982', True)
    >>> d = parse_date("01 Jan 1961 to 31 Dec 1962"); (d.value, d.end)
    ('1961-01-01', '1962-12-31')
    """
    text = clean(text)
    approximate = False
    if text.casefold().startswith("circa"):
        approximate = True
        text = text[5:].strip()
    m = _YEAR_RANGE.match(text)
    if m:
        return dob(iso_date(m.group(1)), iso_date(m.group(2)), approximate)
    if " to " in text:
        start_text, end_text = text.split(" to ", 1)
        start, end = _one_date(start_text.strip()), _one_date(end_text.strip())
        if start and end:
            return dob(start, end, approximate)
        return None
    return dob(_one_date(text), approximate=approximate)


# --- names ---------------------------------------------------------------------


def person_name(name: str) -> str:
    """OFAC writes people as "LAST, First"; return "First LAST".

    >>> person_name("HANIYA, Ismail Abdul Salah")
    'Ismail Abdul Salah HANIYA'
    >>> person_name("ABU ZUBAYDAH")
    'ABU ZUBAYDAH'
    """
    name = clean(name)
    if ", " not in name:
        return name
    last, first = name.split(", ", 1)
    return clean(f"{first} {last}")


# --- CSV remarks -----------------------------------------------------------------


@dataclass
class RemarkFacts:
    """Structured facts found in an OFAC remarks text."""

    dates_of_birth: list[DateOfBirth] = field(default_factory=list)
    places_of_birth: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    gender: str | None = None
    weak_aliases: list[str] = field(default_factory=list)
    documents: list[IdentityDocument] = field(default_factory=list)
    crypto_addresses: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


_ALIAS_ITEM = re.compile(r"^[afn]\.k\.a\.,?\s+'(.+)'$")
_ITEM_SPLIT = re.compile(r";\s+")


def parse_remarks(text: str | None) -> RemarkFacts:
    """Read the ``key value; key value; ...`` items of a CSV ``Remarks`` text.

    Handled: DOB, POB, nationality, citizen, Gender, a.k.a./f.k.a./n.k.a.
    (weak aliases: the strong ones are in alt.csv), Digital Currency Address,
    identity documents (the ``ID_TYPES`` labels), Nationality of
    Registration. Items may start with "alt." (an alternative value). Other
    items are left in the remarks text only.
    """
    facts = RemarkFacts()
    text = clean(text)
    if not text:
        return facts
    for item in _ITEM_SPLIT.split(text.rstrip(".")):
        item = item.strip().rstrip(".")
        if item.startswith("alt. "):
            item = item[5:].strip()
        _remark_item(item, facts)
    return facts


def _remark_item(item: str, facts: RemarkFacts) -> None:
    head, _, rest = item.partition(" ")
    rest = rest.strip()
    if head == "DOB":
        date = parse_date(rest)
        if date is not None:
            facts.dates_of_birth.append(date)
        return
    if head == "POB":
        if rest:
            facts.places_of_birth.append(rest)
        return
    if head in ("nationality", "citizen"):
        code = to_iso2(rest)
        if code:
            facts.nationalities.append(code)
        return
    if head == "Gender":
        facts.gender = {"male": "male", "female": "female"}.get(rest.casefold())
        return
    m = _ALIAS_ITEM.match(item)
    if m:
        facts.weak_aliases.append(m.group(1))
        return
    m = _CRYPTO.match(item)
    if m:
        facts.crypto_addresses.append(m.group(2))
        return
    if item.startswith("Nationality of Registration "):
        code = to_iso2(item[len("Nationality of Registration ") :])
        if code:
            facts.countries.append(code)
        return
    for label in _ID_LABELS:
        if item.startswith(label + " "):
            doc = document(label, item[len(label) + 1 :])
            if doc is not None:
                facts.documents.append(doc)
            return
