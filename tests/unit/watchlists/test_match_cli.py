"""``tfscreen match`` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from streams.cli import main

LIST = """id,name,aliases,type,dob,nationality,ids,program,terrorism
X-1,Usama bin Ladin,Osama bin Laden;أسامة بن لادن,person,1957-03-10,SA,passport:A1234567:SA,test,true
X-2,George Habash,,person,1926,,,test,false
X-3,ACME Trading Corporation,,organization,,,,test,false
"""


@pytest.fixture
def list_file(tmp_path: Path) -> Path:
    path = tmp_path / "test_list.csv"
    path.write_text(LIST, encoding="utf-8")
    return path


def results(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_names_as_arguments(list_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["match", "--list", str(list_file), "Osama bin Laden", "George Bush", "اسامة بن لادن"])
    captured = capsys.readouterr()
    assert code == 0
    rows = results(captured.out)
    assert [r["query"] for r in rows] == ["Osama bin Laden", "George Bush", "اسامة بن لادن"]
    first = rows[0]["matches"][0]
    assert set(first) == {"list", "entry_id", "name", "score", "explanation"}
    assert first["entry_id"] == "X-1" and 0 <= first["score"] <= 100
    assert first["explanation"]["entry_id"] == "X-1"
    assert rows[1]["matches"] == []
    assert rows[2]["matches"][0]["entry_id"] == "X-1"
    assert "3 names, 2 with matches" in captured.err


def test_input_file_with_attribute_columns(list_file: Path, tmp_path: Path, capsys) -> None:
    names = tmp_path / "names.txt"
    names.write_text(
        "# comment\n"
        "Osama bin Laden\t1957\tSaudi Arabia\tperson\n"
        "Osama bin Laden\t1990-01-01\n"
        "\n"
        "ACME Trading Corp\t\t\torganization\n",
        encoding="utf-8",
    )
    assert main(["match", "--list", str(list_file), "--input", str(names), "--threshold", "0", "--brief"]) == 0
    rows = results(capsys.readouterr().out)
    assert len(rows) == 3
    agree, conflict, org = (r["matches"][0] for r in rows)
    assert agree["score"] > conflict["score"]
    assert "explanation" not in agree
    assert org["entry_id"] == "X-3"


def test_threshold_filters(list_file: Path, capsys) -> None:
    main(["match", "--list", str(list_file), "--threshold", "100", "Usama bin Ladin", "Usama bin Ladn"])
    rows = results(capsys.readouterr().out)
    assert len(rows[0]["matches"]) == 1 and rows[1]["matches"] == []


def test_allowlist_option(list_file: Path, tmp_path: Path, capsys) -> None:
    cleared = tmp_path / "cleared.csv"
    cleared.write_text("name,list_id,entry_id\nOsama bin Laden,custom:test_list,X-1\n", encoding="utf-8")
    main(["match", "--list", str(list_file), "--allowlist", str(cleared), "Osama bin Laden"])
    assert results(capsys.readouterr().out)[0]["matches"] == []


def test_progress_and_count_line(list_file: Path, tmp_path: Path, capsys) -> None:
    names = tmp_path / "many.txt"
    names.write_text("\n".join(f"Person Number {i}" for i in range(300)) + "\n", encoding="utf-8")
    assert main(["match", "--list", str(list_file), "--input", str(names), "--progress"]) == 0
    captured = capsys.readouterr()
    assert len(results(captured.out)) == 300
    assert "300/300" in captured.err
    assert "300 names, 0 with matches" in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give NAME arguments or --input FILE"),
        (["--threshold", "120", "x"], "between 0 and 100"),
        (["--input", "/no/such/file.txt"], "no such file"),
    ],
)
def test_usage_errors(list_file: Path, capsys, args: list[str], message: str) -> None:
    assert main(["match", "--list", str(list_file), *args]) == 1
    assert message in capsys.readouterr().err


def test_bad_list_file_is_an_error(tmp_path: Path, capsys) -> None:
    assert main(["match", "--list", str(tmp_path / "missing.xml"), "x"]) == 1
    assert "no such file" in capsys.readouterr().err


def test_help_describes_the_input_format(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["match", "--help"])
    assert "tab-separated" in capsys.readouterr().out
