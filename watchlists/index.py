"""Candidate index: find the listed names a query may be, without scanning the list.

Every token of every listed name is filed under a few keys:

- ``p:`` its phonetic key, and the keys of its other readings;
- ``g:`` its equivalence groups (so "Usama" finds "Osama", "محمد" finds
  "Mohammed");
- ``n:`` its nickname groups;
- ``s:`` its consonant skeleton when at least three consonants long (so an
  Arabic-script query finds the Latin spelling, and a vowel typo still
  finds the name);
- ``2:`` for names made of very common parts only, the pair of their keys,
  so "Mohammed Ali" finds names with both parts without walking every
  "Mohammed".

A query looks up the keys of its own tokens, rarest first, and keeps the
names that share enough distinct tokens with it (two, or all of a shorter
name). Postings of very common keys are skipped once rarer tokens have
produced candidates; a skipped token still counts as "maybe present", and
the scorer checks it. When one token was skipped and the rarer ones found
few names, it is looked up in each of them (a binary search in its postings),
so that a misspelt rare part ("Kevin Rbab") still ranks the name with both
parts first. The best few dozen names by shared weight are then scored in
full.

Postings are ``array('I')`` of name ids; a name id points to its tokens
(ids into one shared vocabulary), entry and alias.
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

from watchlists.arabic_model import learned_readings, without_article
from watchlists.names import PARTICLE, NameForm, Token
from watchlists.phonetic import phonetic_key, skeleton

# A key whose postings are longer than this is walked only when no rarer
# token of the query has one.
MAX_POSTINGS = 2000
# Tokens whose main key is in more names than this also get pair keys.
FREQUENT = 1000
# Names scored in full per query: those sharing enough tokens with it, and a
# few sharing only one (rare) token.
MAX_CANDIDATES = 15
MAX_PARTIAL = 4
# Best names per query token among which the partial candidates are chosen by
# whole-name similarity.
PARTIAL_POOL = 64
RECENT_FORMS = 50_000  # rebuilt names kept for the next queries
# Query tokens whose walked postings are kept, and most name ids kept in all; over
# either limit the least recently used tokens go first.
HIT_CACHE_TOKENS = 20_000
HIT_CACHE_ITEMS = 2_000_000
# Names found by the walked tokens in which a skipped common token is looked up.
CHECK_SKIPPED = 1000
# Points a name loses per token more or fewer than the query has, when ranking candidates.
SIZE_POINTS = 0.05
HIT = 1000.0  # packs the count of shared tokens with the weight in one float
# Learned spellings of an Arabic word whose consonant skeletons are index keys.
INDEX_READINGS = 12
PHONETIC_READINGS = 3
# How much a shared key says, by kind: phonetic key, group, nickname,
# anagram, skeleton, first letters.
KEY_WEIGHT = {"p": 1.0, "g": 0.95, "n": 0.8, "a": 0.7, "s": 0.6, "f": 0.5, "2": 1.0}


def _key_order(item: tuple[str, array]) -> tuple[float, int]:
    return (-KEY_WEIGHT[item[0][0]], len(item[1]))


def _key_weight(key: str, poor: bool) -> float:
    """How much sharing ``key`` says; a skeleton says more of a token with few letters to go on."""
    return 0.9 if poor and key[0] == "s" else KEY_WEIGHT[key[0]]


def _primary(tok: Token) -> str:
    if tok.groups:
        return "g:" + min(tok.groups)
    return "p:" + tok.phon


def token_keys(tok: Token, query: bool = False) -> set[str]:
    """Index keys of one token; a query token in Latin letters skips short skeletons."""
    keys = {"p:" + p for p in tok.phons}
    keys.update("g:" + g for g in tok.groups)
    keys.update("n:" + g for g in tok.nicks)
    form = tok.form
    if len(form) >= 6 and form.startswith("abd"):
        # "Abd al-Bari" is also found from "Bari".
        keys.add("p:" + phonetic_key(form[3:]))
    shortest = 4 if query and tok.script == "Latn" else 2
    keys.update("s:" + s for s in tok.skels if len(s) >= shortest)
    if tok.script == "Latn" and len(form) >= 5 and form[0] != "l":
        # The Arabic article fused to the word ("Alharbi", "Ennaceur"): also found from "الحربي",
        # whose article is read apart. Not the Maghrebi "l" ("Lamine"): too many names start so.
        for rest in without_article(form):
            keys.add("p:" + phonetic_key(rest))
            skel = skeleton(rest)
            if len(skel) >= shortest:
                keys.add("s:" + skel)
    if tok.script == "Arab":
        # The word's most probable Latin spellings (watchlists.arabic_model): phonetic keys of
        # the best few, consonant skeletons of more.
        for rank, spelled in enumerate(learned_readings(tok.text, INDEX_READINGS)):
            if rank < PHONETIC_READINGS:
                keys.add("p:" + phonetic_key(spelled))
            skel = skeleton(spelled)
            if len(skel) >= 3:
                keys.add("s:" + skel)
    if len(form) >= 4 and tok.script == "Latn":
        # Same letters in another order: catches transposed letters ("Afiz" / "Faiz").
        keys.add("a:" + "".join(sorted(form)))
        if len(form) >= 7:
            # Same start: catches changed endings ("Vladimiras", "Lukashenka").
            keys.add("f:" + tok.phon[:5])
    return keys


class NameIndex:
    """Inverted index from token keys to listed names."""

    def __init__(self) -> None:
        # Names are kept compact: token ids into a shared vocabulary, and a few
        # small arrays; a NameForm is rebuilt only for the names a query scores.
        self.entry_of = array("I")  # name id -> entry index
        self.alias_of = array("H")  # name id -> 0 for the primary name, k for alias k-1
        self.core_size = array("B")  # name id -> number of weighted tokens
        self._texts: list[str] = []  # name id -> the name as listed (shared with the entry)
        self._starts = array("I", [0])  # name id -> first position in _tokens
        self._tokens = array("I")  # vocabulary ids, name after name
        self._flags = array("B")  # bit 0: organisation, bit 1: reordered ("SURNAME, Given"), bit 2: weak alias
        self._script = array("B")  # index into _scripts
        self._legal = array("H")  # index into _legal_sets
        self._words: dict[int, tuple[int, ...]] = {}  # only names with split words
        self._vocab: list[Token] = []
        self._vocab_ids: dict[int, int] = {}  # token uid -> vocabulary id
        self._scripts: list[str] = []
        self._legal_sets: list[frozenset[str]] = []
        self._postings: dict[str, array] = {}
        self._recent: dict[int, NameForm] = {}
        self._hits: dict[int, _Hits] = {}  # query token uid -> its postings, walked once
        self._hit_items = 0
        self._latin: dict[int, str] = {}
        self._one_token: set[int] = set()  # names of one weighted token
        self._frozen = False

    def __len__(self) -> int:
        return len(self.entry_of)

    @staticmethod
    def _intern(table: list, value: object) -> int:
        try:
            return table.index(value)
        except ValueError:
            table.append(value)
            return len(table) - 1

    def add(self, form: NameForm, entry: int, alias: int, weak: bool = False) -> None:
        """File one name (call :meth:`freeze` after the last one); ``weak``: a low-quality alias."""
        assert not self._frozen, "index is frozen"
        nid = len(self.entry_of)
        self.entry_of.append(entry)
        self.alias_of.append(min(alias, 65535))
        self._texts.append(form.text)
        vocab_ids = self._vocab_ids
        for tok in form.tokens:
            vid = vocab_ids.get(tok.uid)
            if vid is None:
                vid = vocab_ids[tok.uid] = len(self._vocab)
                self._vocab.append(tok)
            self._tokens.append(vid)
        self._starts.append(len(self._tokens))
        self._flags.append((1 if form.org else 0) | (2 if form.reordered else 0) | (4 if weak else 0))
        self._script.append(self._intern(self._scripts, form.script))
        self._legal.append(self._intern(self._legal_sets, form.legal))
        if form.bound:
            self._words[nid] = form.words
        core = [t for t in form.tokens if t.role != PARTICLE]
        self.core_size.append(min(len(core), 255))
        if len(core) == 1:
            self._one_token.add(nid)
        keys: set[str] = set()
        for tok in core:
            ikeys = tok.ikeys
            if ikeys is None:
                ikeys = tok.ikeys = tuple(token_keys(tok))
            keys.update(ikeys)
        postings = self._postings
        for key in keys:
            plist = postings.get(key)
            if plist is None:
                plist = postings[key] = array("I")
            plist.append(nid)

    def rank(self, nid: int) -> tuple[bool, int]:
        """Order among one entry's names that score the same: strong names first, then the primary name."""
        return bool(self._flags[nid] & 4), self.alias_of[nid]

    def tokens_of(self, nid: int) -> tuple[Token, ...]:
        vocab = self._vocab
        return tuple(vocab[v] for v in self._tokens[self._starts[nid] : self._starts[nid + 1]])

    def form(self, nid: int) -> NameForm:
        """The read name filed as ``nid`` (recently used ones are kept)."""
        cached = self._recent.get(nid)
        if cached is not None:
            return cached
        flags = self._flags[nid]
        form = NameForm(
            self._texts[nid], self.tokens_of(nid), self._legal_sets[self._legal[nid]], (),
            bool(flags & 2), self._scripts[self._script[nid]], bool(flags & 1), self._words.get(nid, ()),
        )
        if len(self._recent) >= RECENT_FORMS:
            self._recent.clear()
        self._recent[nid] = form
        return form

    def freeze(self) -> None:
        """Turn the build lists into compact arrays and add pair keys."""
        self._frozen = True
        postings = self._postings
        frequent = {k for k, ids in postings.items() if len(ids) > FREQUENT and k[0] in "gp"}
        if frequent:
            pairs: dict[str, array] = {}
            for nid in range(len(self)):
                mains = sorted({_primary(t) for t in self.tokens_of(nid) if t.role != PARTICLE} & frequent)
                for a in range(len(mains)):
                    for b in range(a + 1, len(mains)):
                        key = f"2:{mains[a]}|{mains[b]}"
                        plist = pairs.get(key)
                        if plist is None:
                            plist = pairs[key] = array("I")
                        plist.append(nid)
            postings.update(pairs)

    def postings(self, key: str) -> array:
        return self._postings.get(key, _EMPTY)

    def key_count(self) -> int:
        return len(self._postings)

    def _token_hits(self, tok: Token) -> _Hits:
        """What one query token contributes to candidate scores (cached per token)."""
        cache = self._hits
        hits = cache.pop(tok.uid, None)
        if hits is not None and hits.token is tok:
            cache[tok.uid] = hits  # now the most recently used
            return hits
        if hits is not None:
            self._hit_items -= len(hits.scores)
        keys = tok.keys
        if keys is None:
            keys = tok.keys = tuple(sorted(token_keys(tok, query=True)))
        postings = self._postings
        lists = sorted(((k, postings[k]) for k in keys if k in postings), key=_key_order)
        hits = _Hits(tok, sum(len(p) for _k, p in lists), lists)
        if len(cache) >= HIT_CACHE_TOKENS or self._hit_items > HIT_CACHE_ITEMS:
            self._evict_hits()
        cache[tok.uid] = hits
        return hits

    def _evict_hits(self) -> None:
        """Drop the least recently used walked tokens until the cache is a quarter below its
        limits: a common token, the costliest to walk again, is also the one queries reuse."""
        cache = self._hits
        tokens, items = HIT_CACHE_TOKENS * 3 // 4, HIT_CACHE_ITEMS * 3 // 4
        for uid in list(cache):
            if len(cache) <= tokens and self._hit_items <= items:
                break
            self._hit_items -= len(cache.pop(uid).scores)

    def _walk(self, hits: _Hits) -> dict[int, float]:
        """Walk a token's postings once: name id -> HIT plus the token's weighted share."""
        if hits.walked:
            return hits.scores
        tok = hits.token
        # The first key's postings, and those of the later keys short enough to walk.
        lists = [item for at, item in enumerate(hits.lists) if not at or len(item[1]) <= MAX_POSTINGS]
        poor = tok.poor
        if len(lists) == 1:
            # One key (often a common token's only walkable one): every name has its weight.
            key, plist = lists[0]
            specific = _key_weight(key, poor)
            scores = dict.fromkeys(plist, HIT + self._rarity(tok, len(plist)) * specific)
            hits.single = scores[plist[0]]
        else:
            # Each name counts once per token, through its most specific key.
            best: dict[int, float] = {}
            for key, plist in lists:
                specific = _key_weight(key, poor)
                if not best:
                    best = dict.fromkeys(plist, specific)
                    continue
                get = best.get
                for nid in plist:
                    held = get(nid)
                    # Each further shared key: a little closer.
                    best[nid] = specific if held is None else held + 0.05
            weight = self._rarity(tok, len(best))
            # The shares take few distinct values: map them without a Python-level loop.
            share = {specific: HIT + weight * specific for specific in set(best.values())}
            scores = dict(zip(best.keys(), map(share.__getitem__, best.values())))
        hits.scores = scores
        hits.walked = True
        self._hit_items += len(scores)
        return scores

    def _rarity(self, tok: Token, names: int) -> float:
        """A token's weight, raised the fewer of the listed names it is found in."""
        return (tok.weight or 0.1) * (1.0 + math.log((len(self.entry_of) + 1) / (names + 1)))

    def candidates(self, tokens: Iterable[Token], limit: int = MAX_CANDIDATES) -> list[int]:
        """Name ids worth scoring for a query's tokens, most promising first."""
        core = [t for t in tokens if t.role != PARTICLE]
        if not core:
            return []
        # Distinct tokens by primary key ("Mohammed Mohamed" is one token here).
        seen: dict[str, Token] = {}
        for tok in core:
            seen.setdefault(_primary(tok), tok)
        core = list(seen.values())
        if len(core) == 1:
            limit *= 4  # one-word names are cheap to score, and many share each key
        per_token = [self._token_hits(tok) for tok in core]
        per_token.sort(key=lambda h: h.size)
        n_query = len(core)

        # Per name: HIT per token that shares a key, plus the token's weight.
        walked: list[_Hits] = []
        skipped: list[Token] = []
        for hits in per_token:
            if not hits.lists:
                continue
            if hits.size > MAX_POSTINGS and walked:
                skipped.append(hits.token)
                continue
            self._walk(hits)
            walked.append(hits)
        if not walked:
            return []
        # Merge the tokens' shares; names shared by several tokens are summed.
        scores = walked[0].scores
        several: set[int] = set()
        if len(walked) > 1:
            scores = dict(scores)
            for hits in walked[1:]:
                other = hits.scores
                both = scores.keys() & other.keys()
                if both:
                    sums = {nid: scores[nid] + other[nid] for nid in both}
                    scores.update(other)
                    scores.update(sums)
                    several |= both
                else:
                    scores.update(other)
        if len(skipped) >= 2:
            if len(walked) == 1:
                scores = dict(scores)
            get = scores.get
            for a in range(len(skipped)):
                for b in range(a + 1, len(skipped)):
                    ka, kb = sorted((_primary(skipped[a]), _primary(skipped[b])))
                    weight = 2 * HIT + skipped[a].weight + skipped[b].weight
                    for nid in self.postings(f"2:{ka}|{kb}"):
                        scores[nid] = get(nid, 0.0) + weight
                        several.add(nid)
        if len(skipped) == 1 and len(scores) <= CHECK_SKIPPED:
            # A skipped common token is looked up in the few names found so far
            # ("Kevin" of "Kevin Rbab" among the names with "Rabb").
            if scores is walked[0].scores:
                scores = dict(scores)
            tok = skipped[0]
            plist = self._token_hits(tok).lists[0][1]  # its most specific key, in name id order
            size = len(plist)
            share = HIT + tok.weight
            for nid in list(scores):
                at = bisect_left(plist, nid)
                if at < size and plist[at] == nid:
                    scores[nid] += share
                    several.add(nid)
        # Enough shared tokens: two (or all of a shorter name), counting skipped
        # common tokens as maybe present. Most shared tokens first, then weight.
        need = max(1, min(2, n_query) - len(skipped))
        core_size = self.core_size
        # Among equals, names whose size is closest to the query's first.
        if need == 1:
            if len(walked) == 1 and not several and len(scores) > limit:
                enough = walked[0].best(n_query, core_size, limit)
            elif len(scores) > 4 * limit:
                # A name found by one token only has that token's own score: the best
                # ones are among each token's own best. Names found by several tokens
                # (HIT each) outrank them all.
                enough = [(scores[nid] - SIZE_POINTS * abs(core_size[nid] - n_query), nid) for nid in several]
                if len(enough) < limit:
                    for hits in walked:
                        enough.extend(hits.best(n_query, core_size, limit, several))
            else:
                enough = [(v - SIZE_POINTS * abs(core_size[nid] - n_query), nid) for nid, v in scores.items()]
        else:
            floor = need * HIT
            enough = [(scores[nid] - SIZE_POINTS * abs(core_size[nid] - n_query), nid)
                      for nid in several if scores[nid] >= floor]
            for hits in walked:
                enough.extend(item for item in hits.singles(self._one_token) if item[1] not in several)
        if len(enough) > limit:
            enough = heapq.nlargest(limit, enough)
        out = [nid for _s, nid in enough]
        # A few names that share only one (rare) token: a typo may hide the others.
        if need > 1 and len(enough) < limit and len(enough) < len(scores):
            out.extend(self._partial(core, walked, set(out) | several))
        return out

    def _partial(self, core: list[Token], walked: list[_Hits], chosen: set[int]) -> list[int]:
        """The MAX_PARTIAL names, among the best of each token's own names, whose
        whole name reads most like the query's (one rapidfuzz call)."""
        pool: list[int] = []
        texts: list[str] = []
        for hits in walked:
            for nid, text in zip(hits.pool(), hits.pool_texts(self.latin)):
                if nid not in chosen:
                    pool.append(nid)
                    texts.append(text)
        if len(pool) <= MAX_PARTIAL:
            return pool
        query = " ".join(t.form for t in core)
        best = process.extract(query, texts, scorer=fuzz.token_set_ratio, limit=MAX_PARTIAL)
        return [pool[k] for _text, _score, k in best]

    def latin(self, nid: int) -> str:
        """The name's weighted tokens in Latin letters, joined (cached)."""
        text = self._latin.get(nid)
        if text is None:
            vocab = self._vocab
            text = " ".join(vocab[v].form for v in self._tokens[self._starts[nid] : self._starts[nid + 1]]
                            if vocab[v].role != PARTICLE)
            if len(self._latin) >= RECENT_FORMS:
                self._latin.clear()
            self._latin[nid] = text
        return text


class _Hits:
    """One query token's postings and, once walked, its share of each name's score."""

    __slots__ = ("token", "size", "lists", "walked", "scores", "single", "_singles", "_best", "_groups", "_pool",
                 "_pool_texts")

    def __init__(self, token: Token, size: int, lists: list[tuple[str, array]]) -> None:
        self.token = token
        self.size = size
        self.lists = lists
        self.walked = False
        self.scores: dict[int, float] = {}  # filled by NameIndex._walk
        # The one score of all names when the walk took one key (scores are then in name id order).
        self.single: float | None = None
        self._singles: list[tuple[float, int]] | None = None
        self._best: dict[int, list[tuple[float, int]]] = {}
        self._groups: list[tuple[float, int, list[int]]] | None = None
        self._pool: list[int] | None = None
        self._pool_texts: list[str] | None = None

    def best(self, n_query: int, core_size: array, limit: int, skip: set[int] | None = None) -> list[tuple[float, int]]:
        """The ``limit`` best names by score, those with about as many tokens as the
        query first, leaving out the names in ``skip`` (the best are kept for the next
        query with this token)."""
        if skip:
            return self._ranked(n_query, core_size, limit, skip)
        found = self._best.get(n_query)
        if found is None or len(found) < limit < len(self.scores):
            found = self._best[n_query] = self._ranked(n_query, core_size, limit, None)
        return found[:limit]

    def _ranked(self, n_query: int, core_size: array, limit: int, skip: set[int] | None) -> list[tuple[float, int]]:
        if self.single is not None:
            return _closest(self.scores, self.single, core_size, n_query, limit, skip)
        if self._groups is None:
            self._groups = _group(self.scores, core_size)
        return _top(self._groups, n_query, limit, skip)

    def singles(self, one_token: set[int]) -> list[tuple[float, int]]:
        """(score, name id) of this token's names that have one token (``one_token``), listed
        when a query first needs them."""
        if self._singles is None:
            scores = self.scores
            self._singles = [(scores[nid], nid) for nid in scores.keys() & one_token]  # walks the smaller side
        return self._singles

    def pool(self) -> list[int]:
        """This token's best-scoring names, to pick the partial candidates from."""
        if self._pool is None:
            scores = self.scores
            self._pool = sorted(scores, key=scores.__getitem__, reverse=True)[:PARTIAL_POOL]
        return self._pool

    def pool_texts(self, latin: Callable[[int], str]) -> list[str]:
        """The Latin text of each name of :meth:`pool` (``latin``: name id -> text)."""
        if self._pool_texts is None:
            self._pool_texts = [latin(nid) for nid in self.pool()]
        return self._pool_texts


_EMPTY = array("I")


def _group(scores: dict[int, float], core_size: array) -> list[tuple[float, int, list[int]]]:
    """Names by (score, number of weighted tokens), each group's name ids highest first.

    Scores take few values and names few sizes, so a token's thousands of names fall in a
    few dozen groups, and :func:`_top` ranks groups rather than names.
    """
    groups: dict[tuple[float, int], list[int]] = {}
    for nid, value in scores.items():
        found = groups.get((value, core_size[nid]))
        if found is None:
            groups[(value, core_size[nid])] = [nid]
        else:
            found.append(nid)
    return [(value, size, sorted(nids, reverse=True)) for (value, size), nids in groups.items()]


def _closest(scores: dict[int, float], value: float, core_size: array, n_query: int, limit: int,
             skip: set[int] | None = None) -> list[tuple[float, int]]:
    """What :func:`_top` gives for names that all score ``value``, with ``scores`` in name id
    order: the names whose size is closest to the query's, highest name id first. Reading from
    the highest id, it stops at ``limit`` names of the query's own size, usually after a few
    dozen names, instead of grouping all of them."""
    exact: list[int] = []
    others: dict[int, list[int]] = {}
    for nid in reversed(scores):
        if skip and nid in skip:
            continue
        off = abs(core_size[nid] - n_query)
        if not off:
            exact.append(nid)
            if len(exact) == limit:
                break
        else:
            found = others.get(off)
            if found is None:
                others[off] = [nid]
            else:
                found.append(nid)
    top = value - SIZE_POINTS * 0  # _top's expression, so that the floats are the same
    out = [(top, nid) for nid in exact]
    for off in sorted(others):
        if len(out) >= limit:
            break
        adjusted = value - SIZE_POINTS * off
        out.extend((adjusted, nid) for nid in others[off][: limit - len(out)])
    return out


def _top(groups: list[tuple[float, int, list[int]]], n_query: int, limit: int,
         skip: set[int] | None = None) -> list[tuple[float, int]]:
    """The ``limit`` best (score - SIZE_POINTS * size difference, name id) of the grouped
    names (:func:`_group`), highest first, leaving out the names in ``skip``: what
    ``heapq.nlargest`` gives over every name, without a step per name."""
    ranked: dict[float, list[list[int]]] = {}
    for value, size, nids in groups:
        ranked.setdefault(value - SIZE_POINTS * abs(size - n_query), []).append(nids)
    out: list[tuple[float, int]] = []
    for adjusted in sorted(ranked, reverse=True):
        runs = ranked[adjusted]
        for nid in runs[0] if len(runs) == 1 else heapq.merge(*runs, reverse=True):
            if skip and nid in skip:
                continue
            out.append((adjusted, nid))
            if len(out) == limit:
                return out
    return out
