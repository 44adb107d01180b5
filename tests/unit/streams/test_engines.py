from streams.engines import expand_paths


def test_directories_expand_to_list_files_and_skip_companions(tmp_path):
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv", "un.xml", ".un.xml.meta.json", "NOTES.md"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    assert [p.name for p in expand_paths([str(tmp_path)])] == ["sdn.csv", "un.xml"]


def test_files_pass_through_in_order(tmp_path):
    assert [str(p) for p in expand_paths(["b.xml", "a.csv"])] == ["b.xml", "a.csv"]


def test_designated_crypto_addresses_from_lists_reach_rule_r16():
    from streams.engines import build_screener
    from tests.factory import raw, tx
    from tfscreen.codec import decode_transaction
    from tfscreen.config import Settings
    from watchlists.model import ListEntry, ListVersion, ParsedList

    wallet = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"
    entry = ListEntry(list_id="ofac", entry_id="1", kind="organization", name="Example Exchange Ltd",
                      crypto_addresses=(wallet,))
    lists = [ParsedList(version=ListVersion(list_id="ofac", source="t", format="t", published="2026-01-01",
                                            content_hash="0" * 64, entry_count=1), entries=(entry,))]
    screener = build_screener(Settings.from_env({}), lists)
    doc = tx(channel="crypto", currency="USD",
             beneficiary={"name": "Wallet", "account": wallet, "type": "unknown"})
    alert = screener.screen(decode_transaction(raw(doc)), raw(doc), state={}).alert
    assert alert is not None
    assert any(r.rule.startswith("R16@") for r in alert.reasons if hasattr(r, "rule"))
    other = tx(channel="crypto", currency="USD", beneficiary={"name": "Wallet", "account": "1OtherAddress"})
    result = screener.screen(decode_transaction(raw(other)), raw(other), state={})
    assert not any(getattr(r, "rule", "").startswith("R16@") for r in (result.alert.reasons if result.alert else ()))


def test_rule_watcher_swaps_valid_edits_and_keeps_rules_after_a_broken_one(tmp_path):
    import shutil

    from rules.engine import LIBRARY_DIR
    from streams.commands.worker import RuleWatcher
    from streams.engines import build_screener
    from streams.metrics import Metrics
    from tfscreen.config import Settings

    lib = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, lib)
    settings = Settings.from_env({"TFSCREEN_RULES_DIR": str(lib)})
    screener = build_screener(settings, [])
    watcher = RuleWatcher(settings, screener, Metrics(), lambda: [])
    first = screener.rules.version
    assert watcher.check() is False  # nothing changed

    r3 = lib / "R03_keywords.yaml"
    r3.write_text(r3.read_text().replace("version: 1.0.0", "version: 1.0.1", 1))
    assert watcher.check() is True
    assert screener.rules.version != first
    assert screener.rules.get("R3").version == "1.0.1"

    good = screener.rules.version
    r3.write_text(r3.read_text() + "\nunknown_field: 1\n")
    assert watcher.check() is False
    assert screener.rules.version == good  # the broken edit did not replace anything
