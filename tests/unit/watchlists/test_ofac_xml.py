"""OFAC sdnList XML (CONSOLIDATED.XML sample): counts from lxml, pinned entries."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.unit.watchlists.helpers import alias_names, by_id, name_key, totals
from watchlists.errors import ListFileError
from watchlists.loader import load_list

FILE = "ofac/xml/CONSOLIDATED_2026-01-08.xml"

# idType values in this file that are not identity documents (checked by reading the file).
NOT_DOCUMENTS = {
    "Secondary sanctions risk:",
    "Executive Order 13662 Directive Determination -",
    "Website",
    "ISIN",
    "Email Address",
    "Target Type",
    "Issuer Name",
    "Equity Ticker",
    "Effective Date (CMIC)",
    "Purchase/Sales For Divestment Date (CMIC)",
    "Listing Date (CMIC)",
    "Organization Established Date",
    "Executive Order 14024 Directive Information -",
    "Executive Order 14024 Directive Information",
    "Listing Date (EO 14024 Directive 2):",
    "Effective Date (EO 14024 Directive 2):",
    "Nationality of Registration",
    "Listing Date (EO 14024 Directive 3):",
    "Effective Date (EO 14024 Directive 3):",
    "Organization Type:",
    "CAATSA Section 235 Information:",
    "Listing Date (EO 14024 Directive 1a):",
    "Effective Date (EO 14024 Directive 1a):",
    "Executive Order 14059 information:",
    "Gender",
    "Executive Order 14014 Directive Information:",
    "Listing Date (EO 14014 Directive 1):",
    "Effective Date (EO 14014 Directive 1):",
}


@pytest.fixture(scope="module")
def ofac(parsed):
    return parsed(FILE)


@pytest.fixture(scope="module")
def root(lists_dir):
    return etree.parse(str(lists_dir / FILE)).getroot()


def _x(elem, path: str):
    """XPath on local names, so the namespace does not matter."""
    steps = "/".join(f"*[local-name()='{p}']" for p in path.split("/"))
    return elem.xpath(steps)


def _t(elem, path: str) -> str:
    found = _x(elem, path)
    return " ".join((found[0].text or "").split()) if found else ""


def _expected(root) -> dict[str, int]:
    entries = _x(root, "sdnEntry")
    aliases = dobs = documents = 0
    for e in entries:
        primary = (_t(e, "firstName"), _t(e, "lastName"))
        akas = {(_t(a, "firstName"), _t(a, "lastName")) for a in _x(e, "akaList/aka")}
        aliases += len(
            {(name_key(f), name_key(last)) for f, last in akas} - {(name_key(primary[0]), name_key(primary[1]))}
        )
        dobs += len({_t(d, "dateOfBirth") for d in _x(e, "dateOfBirthList/dateOfBirthItem")})
        documents += len(
            {
                (_t(i, "idType"), _t(i, "idNumber"), _t(i, "idCountry"))
                for i in _x(e, "idList/id")
                if _t(i, "idType") not in NOT_DOCUMENTS and not _t(i, "idType").startswith("Digital Currency")
            }
        )
    return {"entries": len(entries), "aliases": aliases, "dobs": dobs, "documents": documents}


def test_counts_match_the_xml(ofac, root):
    assert totals(ofac) == _expected(root)
    assert len(ofac.entries) == int(_t(root, "publshInformation/Record_Count")) == 442


def test_kinds_quality_and_version(ofac, root):
    types = [_t(e, "sdnType") for e in _x(root, "sdnEntry")]
    kinds = [e.kind for e in ofac.entries]
    assert kinds.count("person") == types.count("Individual") == 79
    assert kinds.count("organization") == types.count("Entity") == 363
    weak = sum(1 for e in ofac.entries for a in e.aliases if a.quality == "weak")
    assert weak == len(root.xpath("//*[local-name()='aka'][*[local-name()='category']='weak']")) == 72
    assert ofac.version.published == "01/08/2026"
    assert ofac.version.format == "ofac_xml"


def test_terrorism_follows_programs(ofac, root):
    expected = {
        _t(e, "uid")
        for e in _x(root, "sdnEntry")
        if {p.text for p in _x(e, "programList/program")} & {"SDGT", "FTO", "NS-PLC"}
    }
    assert {e.entry_id for e in ofac.entries if e.terrorism} == expected
    assert len(expected) == 78


def test_hamas_legislator(ofac):
    e = by_id(ofac)["9647"]
    assert e.name == "Mahmoud Khaled ZAHHAR"
    assert e.name_parts.given == ("Mahmoud Khaled",)
    assert e.name_parts.family == ("ZAHHAR",)
    assert set(e.programs) == {"NS-PLC", "SDGT"}
    assert e.terrorism is True
    assert "Mahmoud Khaled AL ZAHAR" in alias_names(e, "strong")
    # weak akas put "LAST, First" in lastName; they are reordered like the primary name
    assert alias_names(e, "weak") == {"Mahmoud ZAHAR", "Mahmoud AL-ZAHAR"}
    assert [d.value for d in e.dates_of_birth] == ["1945"]
    assert e.nationalities == ("PS",)  # "Palestinian"
    assert e.gender == "male"


def test_person_with_identity_documents(ofac):
    e = by_id(ofac)["50476"]
    assert e.name == "Michel Joseph MARTELLY"
    assert [d.value for d in e.dates_of_birth] == ["1961-02-12"]
    assert e.nationalities == ("HT",)
    docs = {(d.type, d.number, d.country) for d in e.documents}
    assert docs == {("national_id", "0032768386", "HT"), ("driving_licence", "M634550610520", "US")}
    assert alias_names(e, "weak") == {"Sweet Micky"}
    assert e.terrorism is False


def test_entity_identifiers_exclude_non_identities(ofac):
    e = by_id(ofac)["17013"]  # VTB Bank
    assert e.kind == "organization"
    docs = {(d.type, d.number) for d in e.documents}
    assert ("swift_bic", "VTBRRUMM") in docs
    assert ("tax_id", "7702070139") in docs
    assert ("lei", "253400V1H6ART1UQ0N98") in docs
    assert all(d.type != "other" for d in e.documents)


SDN_XML = b"""<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="http://tempuri.org/sdnList.xsd">
  <publshInformation><Publish_Date>06/22/2026</Publish_Date><Record_Count>2</Record_Count></publshInformation>
  <sdnEntry>
    <uid>100</uid><firstName>Ivan</firstName><lastName>EXAMPLEV</lastName><sdnType>Individual</sdnType>
    <programList><program>CYBER2</program><program>SDGT</program></programList>
    <idList>
      <id><uid>1</uid><idType>Digital Currency Address - XBT</idType><idNumber>1BoatSLRHtKNngkdXEeobR76b53LETtpyT</idNumber></id>
      <id><uid>2</uid><idType>Digital Currency Address - ETH</idType><idNumber>0x0000000000000000000000000000000000000001</idNumber></id>
      <id><uid>3</uid><idType>Passport</idType><idNumber>AB123456</idNumber><idCountry>Russia</idCountry>
          <expirationDate>01 Jan 2030</expirationDate></id>
      <id><uid>4</uid><idType>Gender</idType><idNumber>Male</idNumber></id>
      <id><uid>5</uid><idType>Email Address</idType><idNumber>x@example.org</idNumber></id>
    </idList>
    <dateOfBirthList><dateOfBirthItem><uid>6</uid><dateOfBirth>circa 1979-1982</dateOfBirth><mainEntry>true</mainEntry>
    </dateOfBirthItem></dateOfBirthList>
    <citizenshipList><citizenship><uid>7</uid><country>Russia</country><mainEntry>true</mainEntry></citizenship></citizenshipList>
  </sdnEntry>
  <sdnEntry>
    <uid>200</uid><lastName>EXAMPLE STAR</lastName><sdnType>Vessel</sdnType>
    <programList><program>IRAN</program></programList>
    <idList><id><uid>8</uid><idType>Vessel Registration Identification</idType><idNumber>IMO 9187629</idNumber></id></idList>
    <vesselInfo><callSign>9HXX</callSign><vesselFlag>Malta</vesselFlag></vesselInfo>
  </sdnEntry>
</sdnList>
"""


def test_sdn_xml_old_namespace_crypto_and_vessel(tmp_path):
    path = tmp_path / "SDN.XML"
    path.write_bytes(SDN_XML)
    parsed = load_list(path)
    assert (parsed.version.format, parsed.version.list_id, parsed.version.published) == (
        "ofac_xml",
        "ofac",
        "06/22/2026",
    )
    person, vessel = parsed.entries
    assert person.crypto_addresses == (
        "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
        "0x0000000000000000000000000000000000000001",
    )
    assert [(d.type, d.number, d.country, d.note) for d in person.documents] == [
        ("passport", "AB123456", "RU", "expires 01 Jan 2030")
    ]
    assert (person.gender, person.nationalities, person.terrorism) == ("male", ("RU",), True)
    assert [(d.value, d.end, d.approximate) for d in person.dates_of_birth] == [("1979", "1982", True)]
    assert (vessel.kind, vessel.name, vessel.countries) == ("vessel", "EXAMPLE STAR", ("MT",))
    assert [(d.type, d.number) for d in vessel.documents] == [("imo", "9187629")]


def test_record_count_mismatch_refused(tmp_path):
    path = tmp_path / "SDN.XML"
    path.write_bytes(SDN_XML.replace(b"<Record_Count>2<", b"<Record_Count>3<"))
    with pytest.raises(ListFileError, match="Record_Count says 3 entries but the file has 2"):
        load_list(path)
