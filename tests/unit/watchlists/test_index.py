"""Candidate index: finds the right names without scanning the list."""

from __future__ import annotations

from watchlists import index as index_module
from watchlists.index import NameIndex, token_keys
from watchlists.names import analyze


def build(names: list[str]) -> NameIndex:
    idx = NameIndex()
    for number, name in enumerate(names):
        for form in analyze(name):
            idx.add(form, number, 0)
    idx.freeze()
    return idx


def found(idx: NameIndex, query: str) -> list[str]:
    tokens = [t for f in analyze(query) for t in f.tokens]
    return [idx.form(n).text for n in idx.candidates(tokens)]


NAMES = ["Usama bin Laden", "George Habash", "Vladimir Vladimirovich Putin", "Saddam Hussein al-Tikriti",
         "Abdul Rahman Yasin", "Kim Jong Un", "Mohammed Ali Hassan"]


def test_token_keys() -> None:
    tok = analyze("Osama")[0].tokens[0]
    keys = token_keys(tok)
    assert "g:usama" in keys
    assert "p:osama" in keys


def test_finds_spelling_and_script_variants() -> None:
    idx = build(NAMES)
    assert "Usama bin Laden" in found(idx, "Osama bin Ladin")
    assert "Usama bin Laden" in found(idx, "أسامة بن لادن")
    assert "Vladimir Vladimirovich Putin" in found(idx, "Владимир Путин")
    assert "Kim Jong Un" in found(idx, "김정은")
    assert "Abdul Rahman Yasin" in found(idx, "Abdurrahman Yasin")
    assert "Saddam Hussein al-Tikriti" in found(idx, "TIKRITI, Sadam")


def test_finds_a_name_through_one_rare_token_despite_a_typo() -> None:
    idx = build(NAMES)
    assert "George Habash" in found(idx, "Goerge Habash")


def test_unrelated_query_finds_nothing() -> None:
    idx = build(NAMES)
    assert found(idx, "Maria Gonzalez") == []
    assert found(idx, "") == []


def test_common_tokens_use_pair_keys(monkeypatch) -> None:
    monkeypatch.setattr(index_module, "FREQUENT", 3)
    monkeypatch.setattr(index_module, "MAX_POSTINGS", 3)
    names = [f"Mohammed Ali {s}" for s in ("Khan", "Rahimi", "Saleh", "Omar", "Yusuf")] + [
        f"Mohammed {s}" for s in ("Nur", "Farouk", "Jamil", "Idris")] + ["Ali Reza"]
    idx = build(names)
    assert any(k.startswith("2:") for k in idx._postings)
    hits = found(idx, "Mohammed Ali")
    assert hits and all("Ali" in h and "Mohammed" in h for h in hits[:5])


def test_limit_is_respected() -> None:
    idx = build([f"John Smith {i}" for i in range(100)])
    tokens = analyze("John Smith")[0].tokens
    assert len(idx.candidates(tokens, limit=7)) <= 7 + index_module.MAX_PARTIAL
    one = analyze("Smith")[0].tokens
    assert len(idx.candidates(one, limit=7)) <= 4 * 7 + index_module.MAX_PARTIAL


def test_partial_candidates_are_the_names_that_read_most_like_the_query(monkeypatch) -> None:
    # Many names share the given name; only one has a surname like the query's
    # misspelt one, and no index key links the two spellings.
    monkeypatch.setattr(index_module, "PARTIAL_POOL", 64)
    names = [f"Kamel {s}" for s in ("Ahmadi", "Bensaid", "Chaouch", "Dahmani", "Ferhat", "Ghanem", "Hamdi",
                                      "Jaziri", "Khelifi", "Larbi", "Mansouri", "Nasri", "Ouali", "Rahmani")]
    names.insert(3, "Kamel Djebbar")
    idx = build(names)
    assert "Kamel Djebbar" in found(idx, "Kamel Djjebbar")


def test_tied_names_of_one_entry_rank_strong_names_first() -> None:
    idx = NameIndex()
    form = analyze("Abu Ahmad")[0]
    idx.add(form, 0, 0)
    idx.add(form, 0, 1, weak=True)
    idx.add(form, 0, 2)
    idx.freeze()
    assert sorted(range(3), key=idx.rank) == [0, 2, 1]


def test_candidates_with_a_skipped_common_token_are_the_best_ranked(monkeypatch) -> None:
    # "Smith" is too common to walk; "Anna" and "Berg" are walked, and "Smith" is
    # looked up in their names. The candidates are the best-ranked names, as a
    # full ranking of every name would give.
    monkeypatch.setattr(index_module, "MAX_POSTINGS", 100)
    names = [f"John Smith {s}" for s in range(120)] + [f"Anna {s} Smith" for s in ("Berg", "Holm", "Lind")]
    names += [f"Anna {s}" for s in ("Berg", "Holm", "Lind", "Strand", "Wik", *(f"Nr{k}" for k in range(30)))]
    names += ["Berg Smith", "Sven Berg", "Berg"]
    idx = build(names)
    tokens = analyze("Anna Berg Smith")[0].tokens
    got = idx.candidates(tokens, limit=5)
    assert "Anna Berg Smith" in [idx.form(n).text for n in got]
    walked = [idx._token_hits(t) for t in tokens if idx._token_hits(t).size <= 100]
    assert len(walked) == 2 and len(walked[0].scores) + len(walked[1].scores) > 4 * 5
    merged: dict[int, float] = {}
    for hits in walked:
        for nid, value in hits.scores.items():
            merged[nid] = merged.get(nid, 0.0) + value
    smith = tokens[2]
    for nid in merged:  # the skipped "Smith" counts where the name has it
        if "Smith" in idx.form(nid).text:
            merged[nid] += index_module.HIT + smith.weight
    ranked = sorted(((v - index_module.SIZE_POINTS * abs(idx.core_size[nid] - 3), nid) for nid, v in merged.items()),
                    reverse=True)
    assert sorted(got) == sorted(nid for _v, nid in ranked[:5])


def test_a_skipped_common_token_is_looked_up_in_the_names_found(monkeypatch) -> None:
    # "Kevin" is too common to walk; the misspelt "Rbab" finds every "Rabb" and
    # "Barb" through its letters. The one with "Kevin" must rank first.
    monkeypatch.setattr(index_module, "MAX_POSTINGS", 30)
    names = [f"Kevin {s}" for s in ("Abbott", "Baker", "Clark", "Dunn", "Evans", "Ford", "Grant", "Hale", "Irwin",
                                     "Jones", "Kent", "Lowe", "Moss", "Nash", "Owen", "Price", "Quinn", "Reed",
                                     "Shaw", "Todd", "Upton", "Vance", "Wade", "Young", "Zane", "Ames", "Bell",
                                     "Cole", "Dale", "Eden", "Fox", "Gray")]
    names += [f"{g} Rabb" for g in ("Anna", "Bence", "Emily", "Miguel", "Aria", "Imene", "Yelena", "Kazi", "Lydia",
                                    "Mark", "Oliver", "Rose", "Sara", "Leo", "Theo", "Nora", "Ivan", "Jana")]
    for at in (0, 20, len(names)):  # wherever it is filed, ties aside
        idx = build([*names[:at], "Kevin Rabb", *names[at:]])
        tokens = analyze("Kevin Rbab")[0].tokens
        got = [idx.form(n).text for n in idx.candidates(tokens, limit=5)]
        assert got[0] == "Kevin Rabb", at


def test_latin_name_with_a_fused_arabic_article_is_found_without_it() -> None:
    assert "p:harbi" in token_keys(analyze("Alharbi")[0].tokens[0])
    assert "p:ina" not in token_keys(analyze("Alina")[0].tokens[0])  # four letters at least are left
    idx = build(["Alharbi", "Harbi"])
    assert set(found(idx, "الحربي")) == {"Alharbi", "Harbi"}


def test_grouped_top_equals_a_ranking_of_every_name() -> None:
    """_top ranks groups of equal score and size; the answer is the one a heap over
    every name gives, ties (equal adjusted scores) by name id, and with names left out."""
    import heapq
    import random
    from array import array

    rng = random.Random(3)
    values = [1000.0 + w for w in (0.5, 0.55, 0.6, 0.95, 1.0, 1.05)]
    scores = {nid: rng.choice(values) for nid in rng.sample(range(50_000), 3_000)}
    core_size = array("B", (rng.randint(1, 5) for _ in range(50_000)))
    groups = index_module._group(scores, core_size)
    assert len(groups) <= len(values) * 5
    skip = set(rng.sample(sorted(scores), 300))
    for n_query in (1, 2, 3, 6):
        for limit in (1, 15, 60, 5_000):
            for left_out in (None, skip):
                expected = heapq.nlargest(limit, (
                    (v - index_module.SIZE_POINTS * abs(core_size[nid] - n_query), nid)
                    for nid, v in scores.items() if not left_out or nid not in left_out))
                assert index_module._top(groups, n_query, limit, left_out) == expected


def test_walked_tokens_cache_drops_the_least_recently_used(monkeypatch) -> None:
    """Over its limit the cache of walked query tokens drops the tokens used longest ago,
    keeps one that every query reuses, and counts the names it holds."""
    monkeypatch.setattr(index_module, "HIT_CACHE_TOKENS", 4)
    idx = build(NAMES)
    common = analyze("Mohammed")[0].tokens[0]
    kept = idx._token_hits(common)
    idx._walk(kept)
    others = [analyze(name)[0].tokens[0] for name in ("Usama", "George", "Vladimir", "Saddam", "Kim", "Abdul")]
    for tok in others:
        idx._walk(idx._token_hits(tok))
        assert idx._token_hits(common) is kept  # used by every query: never the oldest
    assert len(idx._hits) <= 4
    assert others[0].uid not in idx._hits and others[-1].uid in idx._hits
    assert idx._hit_items == sum(len(h.scores) for h in idx._hits.values())


def test_walk_scores_equal_a_step_per_name(monkeypatch) -> None:
    """_walk, with its shortcut for a token with one walkable key, gives each name HIT plus
    the token's weight times its most specific key's, plus 0.05 per further key."""
    import math

    monkeypatch.setattr(index_module, "MAX_POSTINGS", 2)  # long postings are skipped after the first
    idx = build(NAMES + ["Mohammed Hassan", "Muhammad Hasan Ali", "Mohamad Ali", "Usama Hassan", "Ali Hussein"])

    def stepwise(hits):
        best: dict[int, float] = {}
        for key, plist in hits.lists:
            if len(plist) > index_module.MAX_POSTINGS and best:
                continue
            specific = index_module.KEY_WEIGHT[key[0]] if not (hits.token.poor and key[0] == "s") else 0.9
            for nid in plist:
                held = best.get(nid)
                best[nid] = specific if held is None else held + 0.05
        tok = hits.token
        weight = (tok.weight or 0.1) * (1.0 + math.log((len(idx.entry_of) + 1) / (len(best) + 1)))
        return {nid: index_module.HIT + weight * v for nid, v in best.items()}

    shapes = set()
    for query in ("Mohammed Ali", "Hassan", "Osama Hasan", "Muhamad Hussain", "George Habash"):
        for tok in analyze(query)[0].tokens:
            hits = idx._token_hits(tok)
            if not hits.lists:
                continue
            walkable = [p for at, (_k, p) in enumerate(hits.lists) if not at or len(p) <= 2]
            shapes.add(len(walkable) == 1)
            expected = stepwise(hits)
            got = idx._walk(hits)
            assert got == expected and list(got) == list(expected)
    assert shapes == {True, False}  # both ways through _walk were taken


def test_closest_equals_the_grouped_top_for_names_of_one_score() -> None:
    """_closest, which stops early, ranks names of one score as _top over _group does."""
    import random
    from array import array

    rng = random.Random(7)
    core_size = array("B", (rng.choice((1, 2, 2, 3, 3, 4, 6)) for _ in range(20_000)))
    for count in (1, 20, 400, 5_000):
        value = 1000.0 + rng.random()
        scores = dict.fromkeys(sorted(rng.sample(range(20_000), count)), value)
        groups = index_module._group(scores, core_size)
        skip = set(rng.sample(sorted(scores), count // 3))
        for n_query in (1, 2, 3, 5, 9):
            for limit in (1, 15, 60, 10_000):
                for left_out in (None, skip):
                    assert index_module._closest(scores, value, core_size, n_query, limit, left_out) == \
                        index_module._top(groups, n_query, limit, left_out)


def test_a_token_walked_through_one_key_has_its_names_in_id_order(monkeypatch) -> None:
    """_closest relies on it: the one-key walk keeps the postings' (ascending) order."""
    monkeypatch.setattr(index_module, "MAX_POSTINGS", 2)  # keys after the first are skipped
    idx = build(NAMES + ["Mohammed Hassan", "Muhammad Hasan Ali", "Mohamad Ali", "Ali Hussein", "Ali Hassan"])
    seen = 0
    for query in ("Ali", "Hassan", "Mohammed", "Kim"):
        hits = idx._token_hits(analyze(query)[0].tokens[0])
        idx._walk(hits)
        if hits.single is not None:
            assert list(hits.scores) == sorted(hits.scores)
            assert set(hits.scores.values()) == {hits.single}
            seen += len(hits.scores) > 2
    assert seen


def test_a_name_of_one_token_is_a_candidate_of_a_longer_query(monkeypatch) -> None:
    """Two shared tokens are needed, or all of a shorter name: a listed name of one token
    counts when the query has it, however many other names share that token."""
    monkeypatch.setattr(index_module, "MAX_PARTIAL", 0)  # no partial candidates to hide it
    words = ["Brigade", "Front", "Council", "Union", "Army", "Wing", "Office", "Fund", "Bureau", "Group"]
    idx = build(["Hamas"] + [f"Hamas {w} {v}" for w in words for v in ("North", "South", "East")])
    assert "Hamas" in found(idx, "Hamas Movement")
    assert "Hamas" in found(idx, "Hamas Movement")  # again, from the cached walk
