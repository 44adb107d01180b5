"""Format detection on every sample, and files refused whole with a clear error."""

from __future__ import annotations


import pytest

from watchlists.errors import ListFileError
from watchlists.loader import FORMATS, detect_format, load_list

# Every sample file and the format its content must be detected as.
SAMPLES = {
    "un/UN_consolidated_2026-02-27.xml": "un_xml",
    "ofac/xml/CONSOLIDATED_2026-01-08.xml": "ofac_xml",
    "ofac/sdn_csv_2021-07/sdn.csv": "ofac_csv",
    "ofac/sdn_csv_2021-07/alt.csv": "ofac_csv",
    "ofac/sdn_csv_2021-07/add.csv": "ofac_csv",
    "ofac/sdn_csv_2021-07/sdn_comments.csv": "ofac_csv",
    "ofac/non_sdn_csv_2025-12/cons_prim.csv": "ofac_csv",
    "ofac/non_sdn_csv_2025-12/cons_alt.csv": "ofac_csv",
    "ofac/non_sdn_csv_2025-12/cons_add.csv": "ofac_csv",
    "ofac/non_sdn_csv_2025-12/cons_comments.csv": "ofac_csv",
    "eu/eu_fsf_excerpt_2026-08-05.xml": "eu_fsf",
    "uk/UK-Sanctions-List_excerpt_2026-03-26.xml": "uk_xml",
    "uk/ofsi_sanctionsconlist_2018-04-13.csv": "ofsi_csv",
    "interpol/red_notices_list_2021-12-11.json": "interpol_json",
    "interpol/red_notice_detail_2019-114539.json": "interpol_json",
    "opensanctions/eu_fsf_sample.entities.ftm.json": "opensanctions_ftm",
    "opensanctions/sanctions_sample.entities.delta.json": "opensanctions_ftm",
    "opensanctions/interpol_red_notices.targets.simple.csv": "opensanctions_csv",
}
ERROR_BODIES = {"interpol/red_notice_detail_404_error.json"}
UN = "un/UN_consolidated_2026-02-27.xml"


def test_every_sample_is_listed(lists_dir):
    on_disk = {str(p.relative_to(lists_dir)) for p in lists_dir.rglob("*") if p.is_file() and p.name != "PROVENANCE.md"}
    assert on_disk == set(SAMPLES) | ERROR_BODIES


@pytest.mark.parametrize(("relative", "expected"), sorted(SAMPLES.items()))
def test_detect_format_from_content(lists_dir, relative, expected):
    path = lists_dir / relative
    assert detect_format(path, path.read_bytes()[:65536]) == expected


def test_detection_ignores_the_file_name(lists_dir, tmp_path):
    disguised = tmp_path / "sdn.csv"
    disguised.write_bytes((lists_dir / UN).read_bytes())
    assert detect_format(disguised, disguised.read_bytes()[:4096]) == "un_xml"
    assert load_list(disguised).version.format == "un_xml"


def test_directory_is_an_ofac_csv_set(lists_dir):
    assert detect_format(lists_dir / "ofac/sdn_csv_2021-07", b"") == "ofac_csv"


def test_registry_has_every_parser():
    assert set(FORMATS) == {
        "un_xml", "ofac_xml", "ofac_csv", "eu_fsf", "uk_xml", "uk_csv", "ofsi_csv",
        "interpol_json", "opensanctions_ftm", "opensanctions_csv", "generic_csv",
    }  # fmt: skip
    for name, module in FORMATS.items():
        assert name == module.FORMAT
        assert callable(module.parse)


def _refused(path, **options) -> ListFileError:
    with pytest.raises(ListFileError) as err:
        load_list(path, **options)
    assert str(path) in str(err.value)
    return err.value


def test_truncated_xml(lists_dir, tmp_path):
    data = (lists_dir / UN).read_bytes()
    path = tmp_path / "un_half.xml"
    path.write_bytes(data[: len(data) // 2])
    err = _refused(path)
    assert "malformed XML" in err.reason
    last_line = data[: len(data) // 2].count(b"\n") + 1
    assert err.where.startswith(f"line {last_line}")


def test_truncated_ofac_xml_record_count(lists_dir, tmp_path):
    """Well-formed but cut: the file says 442 records and has fewer."""
    data = (lists_dir / "ofac/xml/CONSOLIDATED_2026-01-08.xml").read_bytes()
    cut = data.index(b"<sdnEntry>", len(data) // 2)
    path = tmp_path / "cons.xml"
    path.write_bytes(data[:cut] + b"</sdnList>\n")
    err = _refused(path)
    assert "Record_Count says 442" in err.reason
    assert err.where == "publshInformation"


def test_truncated_csv(lists_dir, tmp_path):
    data = (lists_dir / "uk/ofsi_sanctionsconlist_2018-04-13.csv").read_bytes()
    path = tmp_path / "conlist.csv"
    path.write_bytes(data[: len(data) // 2])
    err = _refused(path)
    assert err.where.startswith("line ")
    assert "truncated" in err.reason or "bad CSV" in err.reason


def test_truncated_json_lines(lists_dir, tmp_path):
    data = (lists_dir / "opensanctions/eu_fsf_sample.entities.ftm.json").read_bytes()
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(data[: len(data) - 200])
    err = _refused(path)
    assert err.where.startswith("line 7")


def test_wrong_format_asked(lists_dir):
    err = _refused(lists_dir / UN, list_format="ofac_xml")
    assert "wrong format" in err.reason and "un_xml" in err.reason


def test_unknown_format_name(lists_dir):
    err = _refused(lists_dir / UN, list_format="swift_mt")
    assert "unknown list format" in err.reason


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<?xml version='1.0'?>\n<Catalog><Book/></Catalog>\n", "unknown XML list: root <Catalog>"),
        (b"<!DOCTYPE html>\n<html><body>Maintenance</body></html>\n", "DOCTYPE"),
        (b"<html><body>Service unavailable</body></html>\n", "HTML page"),
        (b'{"timestamp":"2025-11-01T10:00:00","status":500,"error":"Internal Server Error","path":"/fsd"}', "HTTP 500"),
        (b"just some text\nnothing to see\n", "unknown format"),
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
    ],
)
def test_not_a_list(tmp_path, content, message):
    path = tmp_path / "download.bin"
    path.write_bytes(content)
    err = _refused(path)
    assert message in str(err)


def test_wrong_encoding_xml(lists_dir, tmp_path):
    data = (lists_dir / UN).read_bytes()
    index = data.index("é".encode())
    path = tmp_path / "un_latin1.xml"
    path.write_bytes(data[:index] + b"\xe9" + data[index + 2 :])
    err = _refused(path)
    assert "malformed XML" in err.reason
    line = data[:index].count(b"\n") + 1
    assert err.where.startswith(f"line {line}")


def test_wrong_encoding_utf16_csv(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("id,name,aliases,type,dob,nationality,ids,program\nX,A,,person,,,,\n".encode("utf-16"))
    err = _refused(path, list_format="generic_csv")
    assert "utf-8" in err.reason
    assert err.where == "line 1"


def test_oversize_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.xml"
    with path.open("wb") as fh:  # sparse: 3 GiB on paper, nothing on disk
        fh.truncate(3 * 1024**3)
    opened = []
    real_open = type(path).open
    monkeypatch.setattr(type(path), "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    err = _refused(path)
    assert "over the limit" in err.reason
    assert opened == []  # refused from the file size alone


def test_oversize_with_small_limit(lists_dir):
    err = _refused(lists_dir / UN, max_bytes=1024)
    assert "2030620 bytes" in err.reason


def test_empty_result(tmp_path):
    path = tmp_path / "un_empty.xml"
    path.write_bytes(
        b'<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>\n'
    )
    err = _refused(path)
    assert "no entries" in err.reason


def test_missing_file_and_empty_directory(tmp_path):
    assert "no such file" in _refused(tmp_path / "nope.xml").reason
    assert "no sdn.csv or cons_prim.csv" in _refused(tmp_path).reason


def test_parser_crash_is_wrapped(lists_dir, monkeypatch):
    from watchlists.sources import un_xml

    def boom(path, data, **options):
        raise KeyError("surprise")

    monkeypatch.setattr(un_xml, "parse", boom)
    err = _refused(lists_dir / UN)
    assert "un_xml parser failed: KeyError" in err.reason
    assert isinstance(err.__cause__, KeyError)
