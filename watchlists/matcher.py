"""Screen one name against the loaded lists.

:class:`Matcher` is the engine's single entry point: built once from parsed
lists, then :meth:`Matcher.match` per query (and :meth:`Matcher.scan_text`
for names inside free text). Per query it

1. reads the name (:func:`watchlists.names.analyze`: scripts, titles,
   particles, legal forms, compounds);
2. asks the candidate index (:mod:`watchlists.index`) for the few listed
   names that share enough tokens with it, plus any entry whose identity
   document number the query carries;
3. scores each candidate name (:mod:`watchlists.scorer`), keeps each
   entry's best name, then adjusts for birth date, nationality and country,
   documents (:mod:`watchlists.attributes`), weak aliases and person versus
   organisation;
4. drops pairs on the allowlist and returns the matches at or above the
   threshold, best first, each with its explanation.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Literal

import msgspec
from rapidfuzz import fuzz

from watchlists.allowlist import Allowlist
from watchlists.arabic_model import learned_similarity
from watchlists.attributes import compare_birth_date, compare_country, matching_document
from watchlists.index import NameIndex
from watchlists.model import ListEntry, ParsedList
from watchlists.names import COMMON, INITIAL, PARTICLE, NameForm, analyze
from watchlists.normalize import clean_text, normalize_id
from watchlists.scorer import EXACT, JOINED, PHONETIC, VARIANT, NameScore, best_score

QueryKind = Literal["person", "organization", "unknown"]

# Points off for a weak ("low quality") alias unless an attribute agrees.
WEAK_ALIAS_POINTS = -10.0
# Points off when a person is matched to an organisation, vessel or aircraft, or the reverse.
KIND_CONFLICT_POINTS = -25.0
# Most points the attributes can add; candidates further below the threshold are not adjusted.
MAX_BONUS = 13.0
# scan_text reports a name found in free text only at or above this score.
SCAN_MIN_SCORE = 92.0


class NameQuery(msgspec.Struct, frozen=True, kw_only=True):
    """A name as written in a payment, with what else the payment says."""

    name: str
    kind: QueryKind = "unknown"
    date_of_birth: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    nationality: str | None = None
    country: str | None = None
    id_numbers: tuple[str, ...] = ()


class NameMatch(msgspec.Struct, frozen=True, kw_only=True):
    list_id: str
    entry_id: str
    name: str  # the list name that matched
    score: float  # 0-100
    kind: str
    terrorism: bool
    explanation: dict[str, Any]


def spelling_closeness(result: NameScore) -> float:
    """Ranks matches of equal score: the edit similarity (0-100) of the two names' folded forms.

    An Arabic-script query word paired with a Latin one is rated by how probable that
    Latin spelling is (:func:`watchlists.arabic_model.learned_similarity`, times 100),
    the edit similarity only breaking ties: the folded Arabic form has no short vowels,
    so "لين" (lin) would be closer to "Leino" than to "Lynne".
    """
    q, c = result.query.tokens, result.listed.tokens
    ratio = fuzz.ratio(" ".join(t.form for t in q), " ".join(t.form for t in c))
    learned = [learned_similarity(q[i[0]].text, c[j[0]].form) for i, j, _sim, _how in result.pairs
               if len(i) == len(j) == 1 and q[i[0]].script == "Arab" and c[j[0]].script == "Latn"]
    if not learned:
        return ratio
    return 100.0 * sum(learned) / len(learned) + ratio / 1000


class Matcher:
    """Fuzzy, cross-script name matcher over one or more parsed lists."""

    # Alert threshold (0-100), chosen with `.venv/bin/python benchmarks/bench_match.py --curve`
    # (make bench-match). At 86: name_bench P 0.936 / R 0.831 / F1 0.880 with no STRONG-tier
    # failure; UN recall 100 % untreated, 99.7 % treated; 4.9 false alerts per 1,000 negative
    # names by name alone, 0.9 with their birth date and nationality. F1 is 0.883-0.889 at 76-84,
    # where name-only false alerts pass 5 per 1,000 (6.3 at 85 and 7.3 at 84, measured before
    # the one-edit rule of the scorer). Above 90 the STRONG tier starts to fail.
    DEFAULT_THRESHOLD = 86.0

    def __init__(
        self,
        lists: Sequence[ParsedList],
        threshold: float | None = None,
        allowlist: Allowlist | None = None,
        cache_size: int = 0,
    ) -> None:
        started = time.perf_counter()
        self.threshold = self.DEFAULT_THRESHOLD if threshold is None else float(threshold)
        self.allowlist = allowlist or Allowlist()
        # Results of recent queries (a matcher never changes once built; a list update builds a
        # new one). Payments name the same parties again and again. 0: no cache.
        self.cache_size = max(0, int(cache_size))
        self._results: OrderedDict[tuple[NameQuery, float, int], tuple[NameMatch, ...]] = OrderedDict()
        self.versions: dict[str, str] = {}
        self.entry_counts: dict[str, int] = {}
        for parsed in lists:
            list_id = parsed.version.list_id
            self.versions[list_id] = parsed.version.label
            self.entry_counts[list_id] = self.entry_counts.get(list_id, 0) + len(parsed.entries)
        self._entries: list[ListEntry] = []
        self._index = NameIndex()
        self._documents: dict[str, list[int]] = {}
        for parsed in lists:
            for entry in parsed.entries:
                self._add(entry)
        self._index.freeze()
        self.build_seconds = time.perf_counter() - started

    def _add(self, entry: ListEntry) -> None:
        number = len(self._entries)
        self._entries.append(entry)
        org = entry.kind != "person"
        for alias, (name, quality) in enumerate(entry.all_names()):
            for form in analyze(name, org):
                self._index.add(form, number, alias, quality == "weak")
        for doc in entry.documents:
            key = normalize_id(doc.number)
            if len(key) >= 5:
                self._documents.setdefault(key, []).append(number)

    def __len__(self) -> int:
        return sum(self.entry_counts.values())

    @property
    def name_count(self) -> int:
        """Number of listed name readings in the index."""
        return len(self._index)

    # --- matching ---------------------------------------------------------

    def _query_forms(self, query: NameQuery) -> tuple[tuple[NameForm, ...], tuple[NameForm, ...]]:
        person = analyze(query.name, False) if query.kind != "organization" else ()
        org = analyze(query.name, True) if query.kind != "person" else ()
        return person, org

    def match(self, query: NameQuery, threshold: float | None = None, limit: int = 10) -> list[NameMatch]:
        """Entries whose name matches ``query``, best first, at most ``limit``."""
        threshold = self.threshold if threshold is None else threshold
        if not self.cache_size:
            return self._match(query, threshold, limit)
        key = (query, threshold, limit)
        found = self._results.get(key)
        if found is None:
            found = self._results[key] = tuple(self._match(query, threshold, limit))
            if len(self._results) > self.cache_size:
                self._results.popitem(last=False)
        else:
            self._results.move_to_end(key)
        return list(found)

    def _match(self, query: NameQuery, threshold: float, limit: int) -> list[NameMatch]:
        person, org = self._query_forms(query)
        tokens = [t for form in (*person, *org) for t in form.tokens]
        index = self._index
        best: dict[int, tuple[NameScore, int, int]] = {}
        for nid in index.candidates(tokens):
            listed = index.form(nid)
            forms = (org or person) if listed.org else (person or org)
            result = best_score(forms, listed)
            if result is None or result.score <= 0:
                continue
            number = index.entry_of[nid]
            held = best.get(number)
            # Among an entry's names that score the same, a strong one, then the primary.
            if held is None or result.score > held[0].score or (
                result.score == held[0].score and index.rank(nid) < index.rank(held[2])
            ):
                best[number] = (result, index.alias_of[nid], nid)

        documents = self._document_hits(query)
        out: list[tuple[NameMatch, float]] = []  # with the closeness of the spellings
        for number, (result, alias, _nid) in best.items():
            if result.score + MAX_BONUS < threshold and number not in documents:
                continue
            found = self._finish(query, number, result, alias, documents.get(number))
            if found.score >= threshold:
                out.append((found, spelling_closeness(result)))
        for number, doc in documents.items():
            if number not in best:
                out.append((self._document_only(query, number, doc), 0.0))
        out = [(m, c) for m, c in out if not self._cleared(query.name, m)]
        # Equal scores: the closer spelling first. A comparison by consonants alone gives many
        # names one score ("كيتش": "Keach" and "Cosey"), and the list order says nothing.
        out.sort(key=lambda mc: (-mc[0].score, -mc[1], mc[0].list_id, mc[0].entry_id))
        return [m for m, _c in out[:limit]]

    def _cleared(self, name: str, found: NameMatch) -> bool:
        pair = self.allowlist.cleared(name, found.list_id, found.entry_id)
        return pair is not None

    def _document_hits(self, query: NameQuery) -> dict[int, dict[str, Any]]:
        hits: dict[int, dict[str, Any]] = {}
        for number in query.id_numbers:
            for entry_number in self._documents.get(normalize_id(number), ()):
                doc = matching_document(query.id_numbers, self._entries[entry_number])
                if doc:
                    hits[entry_number] = doc
        return hits

    def _finish(
        self,
        query: NameQuery,
        number: int,
        result: NameScore,
        alias: int,
        document: dict[str, Any] | None,
    ) -> NameMatch:
        entry = self._entries[number]
        names = entry.all_names()
        listed_name, quality = names[alias] if alias < len(names) else names[0]
        score = result.score
        adjustments: list[dict[str, Any]] = []
        attributes: list[dict[str, Any]] = []

        points, detail = compare_birth_date(query.date_of_birth, entry)
        if detail:
            attributes.append(detail)
            score += points
        support = points > 0
        points, details = compare_country(query.nationality, query.country, entry)
        attributes.extend(details)
        score += points
        support = support or points > 0

        if quality == "weak" and not support and not document:
            score += WEAK_ALIAS_POINTS
            adjustments.append({"reason": "weak alias without a supporting attribute", "points": WEAK_ALIAS_POINTS})
        if (query.kind == "person" and entry.kind != "person") or (
            query.kind == "organization" and entry.kind == "person"
        ):
            score += KIND_CONFLICT_POINTS
            adjustments.append(
                {"reason": f"query is a {query.kind}, entry is a {entry.kind}", "points": KIND_CONFLICT_POINTS}
            )
        if document:
            attributes.append(document)
            adjustments.append({"reason": "identity document number matches: decisive", "score": 100.0})
            score = 100.0
        score = round(max(0.0, min(100.0, score)), 1)
        explanation: dict[str, Any] = {
            "list": entry.list_id,
            "entry_id": entry.entry_id,
            "entry_name": entry.name,
            "matched_name": listed_name,
            "name_type": "primary" if alias == 0 else ("weak alias" if quality == "weak" else "alias"),
            "query": query.name,
            **result.explain(),
        }
        if result.listed.script != "Latn" and result.listed.script == result.query.script:
            explanation["via"] = "original-script name on the list"
        elif result.query.script != result.listed.script:
            explanation["via"] = "transliteration"
        if attributes:
            explanation["attributes"] = attributes
        if adjustments:
            explanation["adjustments"] = adjustments
        explanation["score"] = score
        return NameMatch(
            list_id=entry.list_id,
            entry_id=entry.entry_id,
            name=listed_name,
            score=score,
            kind=entry.kind,
            terrorism=entry.terrorism,
            explanation=explanation,
        )

    def _document_only(self, query: NameQuery, number: int, document: dict[str, Any]) -> NameMatch:
        entry = self._entries[number]
        return NameMatch(
            list_id=entry.list_id,
            entry_id=entry.entry_id,
            name=entry.name,
            score=100.0,
            kind=entry.kind,
            terrorism=entry.terrorism,
            explanation={
                "list": entry.list_id,
                "entry_id": entry.entry_id,
                "entry_name": entry.name,
                "matched_name": entry.name,
                "query": query.name,
                "name_score": 0.0,
                "attributes": [document],
                "adjustments": [{"reason": "identity document number matches: decisive", "score": 100.0}],
                "score": 100.0,
            },
        )

    # --- free text --------------------------------------------------------

    def scan_text(self, text: str, threshold: float | None = None, limit: int = 10) -> list[NameMatch]:
        """Listed names written inside free text (remittance information), best first.

        Precision first: a hit needs at least two name parts of the listed
        name next to each other in the text, every aligned part spelled the
        same or as a known variant (no fuzzy spelling), and a name score of
        at least ``max(threshold, 92)``. Single-word names and names whose
        only matching words are generic are never reported.
        """
        threshold = max(self.threshold if threshold is None else threshold, SCAN_MIN_SCORE)
        words = clean_text(text).split()
        if len(words) < 2:
            return []
        # Read each word once, as a one-word person name, to find candidates.
        readings: list[tuple[int, NameForm]] = []
        for position, word in enumerate(words):
            forms = analyze(word, False)
            if forms and forms[0].tokens:
                readings.append((position, forms[0]))
        hits: dict[int, set[int]] = {}
        index = self._index
        for position, form in readings:
            for tok in form.tokens:
                if tok.role in (PARTICLE, COMMON, INITIAL) or len(tok.form) < 3:
                    continue
                keys = ["p:" + tok.phon, *("g:" + g for g in tok.groups)]
                for key in keys:
                    plist = index.postings(key)
                    if len(plist) > 20000:
                        continue
                    for nid in plist:
                        hits.setdefault(nid, set()).add(position)
        best: dict[int, tuple[NameScore, int]] = {}
        for nid, positions in hits.items():
            core = index.core_size[nid]
            if len(positions) < 2 or core < 2 or len(positions) < min(core, 3):
                continue
            span_start, span_end = min(positions), max(positions)
            if span_end - span_start + 1 > core + 2:
                continue
            listed = index.form(nid)
            window = " ".join(words[span_start : span_end + 1])
            result = best_score(analyze(window, listed.org), listed)
            if result is None or result.score < threshold or len(result.pairs) < 2:
                continue
            if any(how not in (EXACT, VARIANT, PHONETIC, JOINED) for _qi, _ci, _s, how in result.pairs):
                continue
            number = index.entry_of[nid]
            held = best.get(number)
            if held is None or result.score > held[0].score:
                best[number] = (result, index.alias_of[nid])
        out = []
        for number, (result, alias) in best.items():
            found = self._finish(NameQuery(name=text), number, result, alias, None)
            if found.score >= threshold:
                found.explanation["found_in_text"] = result.query.text
                out.append(found)
        out.sort(key=lambda m: (-m.score, m.list_id, m.entry_id))
        return out[:limit]
