from streams.engines import expand_paths


def test_directories_expand_to_list_files_and_skip_companions(tmp_path):
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv", "un.xml", ".un.xml.meta.json", "NOTES.md"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    assert [p.name for p in expand_paths([str(tmp_path)])] == ["sdn.csv", "un.xml"]


def test_files_pass_through_in_order(tmp_path):
    assert [str(p) for p in expand_paths(["b.xml", "a.csv"])] == ["b.xml", "a.csv"]
