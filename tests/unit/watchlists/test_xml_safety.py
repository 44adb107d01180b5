"""Entity-expansion (billion laughs) and external-entity (XXE) files are
refused before any entity is read, without memory growth, and never read the
referenced file."""

from __future__ import annotations

import resource

import pytest

from watchlists.errors import ListFileError
from watchlists.loader import load_list
from watchlists.sources import eu_fsf, ofac_xml, uk_xml, un_xml

ROOTS = {
    un_xml: b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&x;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
    ofac_xml: b"<sdnList><sdnEntry><uid>1</uid><lastName>&x;</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>",
    eu_fsf: b'<export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity logicalId="1"><nameAlias wholeName="&x;"/></sanctionEntity></export>',
    uk_xml: b"<Designations><Designation><UniqueID>A1</UniqueID><Names><Name><Name6>&x;</Name6></Name></Names></Designation></Designations>",
}  # fmt: skip


def billion_laughs(body: bytes) -> bytes:
    """Ten levels of ten-fold entities: 10**9 "lol"s if expanded; &x; is the top one."""
    decls = [b'<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        decls.append(b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10))))
    decls.append(b'<!ENTITY x "&lol9;">')
    return b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + b"\n".join(decls) + b"\n]>\n" + body + b"\n"


def xxe(body: bytes) -> bytes:
    return b'<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + body + b"\n"


def external_dtd(body: bytes) -> bytes:
    return b'<?xml version="1.0"?>\n<!DOCTYPE foo SYSTEM "file:///etc/passwd">\n' + body.replace(b"&x;", b"X") + b"\n"


def parameter_entity(body: bytes) -> bytes:
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n'
        + body.replace(b"&x;", b"X")
        + b"\n"
    )


ATTACKS = {
    "billion_laughs": billion_laughs,
    "xxe": xxe,
    "external_dtd": external_dtd,
    "parameter_entity": parameter_entity,
}


def _max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("attack", sorted(ATTACKS))
@pytest.mark.parametrize("module", list(ROOTS), ids=lambda m: m.FORMAT)
def test_parsers_refuse_doctype(tmp_path, attack, module):
    data = ATTACKS[attack](ROOTS[module])
    path = tmp_path / "list.xml"
    path.write_bytes(data)
    rss_before = _max_rss_mib()
    with pytest.raises(ListFileError, match="DOCTYPE") as err:
        module.parse(path, data)
    assert _max_rss_mib() - rss_before < 50
    assert str(path) in str(err.value)
    assert "root:" not in str(err.value)  # nothing from /etc/passwd


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_loader_refuses_doctype(tmp_path, attack):
    path = tmp_path / "list.xml"
    path.write_bytes(ATTACKS[attack](ROOTS[un_xml]))
    with pytest.raises(ListFileError, match="DOCTYPE") as err:
        load_list(path)
    assert err.value.where.startswith("line 1")


def test_entity_declarations_named_in_the_error(tmp_path):
    path = tmp_path / "lol.xml"
    data = billion_laughs(ROOTS[un_xml])
    path.write_bytes(data)
    with pytest.raises(ListFileError, match="declaring entities"):
        un_xml.parse(path, data)
    with pytest.raises(ListFileError, match="declaring entities"):
        load_list(path)


def test_doctype_hidden_after_a_long_comment(tmp_path):
    """Past the detector's head window, the parser's prolog scan still finds it."""
    data = b"<!--" + b"x" * 200_000 + b"-->\n" + billion_laughs(ROOTS[un_xml]).split(b"\n", 1)[1]
    path = tmp_path / "hidden.xml"
    path.write_bytes(data)
    with pytest.raises(ListFileError, match="DOCTYPE"):
        load_list(path, list_format="un_xml")


def test_undeclared_entity_is_malformed(tmp_path):
    data = b'<?xml version="1.0"?>\n' + ROOTS[un_xml]
    path = tmp_path / "undeclared.xml"
    path.write_bytes(data)
    with pytest.raises(ListFileError, match="malformed XML"):
        load_list(path)


def test_doctype_after_comments_and_instructions_named_by_line(tmp_path):
    body = billion_laughs(ROOTS[un_xml]).split(b"\n", 1)[1]
    data = b'<?xml version="1.0"?>\n<!-- a -->\n<?pi x?>\n\n<!-- b\n c -->\n' + body
    path = tmp_path / "list.xml"
    path.write_bytes(data)
    with pytest.raises(ListFileError, match="DOCTYPE declaring entities lol0") as err:
        un_xml.parse(path, data)
    assert err.value.where == "line 7"


def test_doctype_in_utf16_refused(tmp_path):
    data = billion_laughs(ROOTS[un_xml]).replace(b'version="1.0"', b'version="1.0" encoding="UTF-16"')
    data = data.decode("utf-8").encode("utf-16")
    path = tmp_path / "list.xml"
    path.write_bytes(data)
    with pytest.raises(ListFileError, match="DOCTYPE"):
        un_xml.parse(path, data)


def test_doctype_text_inside_the_root_is_not_a_doctype(tmp_path):
    """The scan stops at the root element: later markup is the parser's."""
    body = ROOTS[un_xml].replace(b"&x;", b"Ann").replace(
        b"<INDIVIDUALS>", b"<!-- <!DOCTYPE x> --><INDIVIDUALS>"
    )
    body = body.replace(b"<INDIVIDUAL>", b"<INDIVIDUAL><REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER>")
    data = b'<?xml version="1.0"?>\n<!-- head -->\n' + body
    path = tmp_path / "list.xml"
    path.write_bytes(data)
    parsed = un_xml.parse(path, data)
    assert [e.entry_id for e in parsed.entries] == ["QDi.1"]
