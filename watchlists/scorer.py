"""Score how well a query name fits a listed name, and say why.

The score (0-100) comes from aligning the tokens of the two names
(:mod:`watchlists.names`) one to one:

1. Each query token is compared with each listed token
   (:func:`token_similarity`): same spelling, spelling variant of the same
   name part (equivalence table), same phonetic key, initial, nickname,
   edit distance (rapidfuzz OSA, transpositions count once) and, across
   scripts that omit vowels, consonant skeletons.
2. Pairs are taken greedily, best first, if similar enough for their length
   (short tokens must be near exact). Leftover tokens may still match a
   neighbouring pair glued together ("VLADIMIRPUTIN", "Patr ushev").
3. Score = weighted mean of pair credits, where a token left over on *both*
   sides is a substitution ("George Bush" / "George Habash") and counts
   against the score with extra weight, and a token left over on one side
   only (a middle name, a patronymic) costs a few points.
4. Caps: one shared name part between multi-part names, or only generic
   words and initials in common, never make a strong hit.

Tokens have weights: particles none, initials and generic organisation
words little, short tokens less than long ones. Persons and organisations
use different constants (:class:`ScoringParams`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import OSA

from watchlists.arabic_model import TOP_SIMILARITY as LEARNED_TOP, learned_similarity, without_article
from watchlists.names import BOUND, COMMON, INITIAL, PARTICLE, ROLE_NAMES, NameForm, Token, analyze, make_token
from watchlists.phonetic import (
    EXACT,
    LOOSE,
    NEAR,
    READING,
    consonants_differ,
    fine_consonants,
    skeleton,
    spoken_readings,
    vowel_key,
    vowels_fit,
    vowels_fit_said,
)
from watchlists.translit import Reading

_osa = OSA.normalized_similarity

# How two tokens matched, best first.
EXACT = "exact"
VARIANT = "variant"  # same name part in another spelling or script (equivalence table)
PHONETIC = "phonetic"  # same phonetic key
INITIAL_OF = "initial"
NICKNAME = "nickname"
SKELETON = "consonants"  # consonant skeletons agree (script without short vowels)
FUZZY = "spelling"  # edit distance
JOINED = "joined"  # one token against two glued together
LEARNED = "learned spelling"  # Latin spelling of an Arabic word, by letter probabilities (arabic_model)

VOWELS = "vowels"  # same letters but for vowels ("Qaeda" / "Qaida", "On" / "Un")
TRUNCATED = "truncated"  # last query part cut short ("DR" for "DRISSI")
TRANSPOSED = "transposed"  # two neighbouring letters swapped ("Sko" / "Sok")

_FIXED = {EXACT: 1.0, VARIANT: 0.97, PHONETIC: 0.95, INITIAL_OF: 0.9, TRUNCATED: 0.9, NICKNAME: 0.88, VOWELS: 0.93, TRANSPOSED: 0.85}
# Payment messages cut names at fixed field lengths (SWIFT lines are 35
# characters); a last part cut short is only assumed in names this long.
TRUNCATION_LENGTH = 30
_NATIVE_ONLY = frozenset({"Hang", "Hani"})  # same script: compare the characters themselves


@dataclass(frozen=True)
class ScoringParams:
    """The scorer's constants. Persons and organisations have their own set."""

    conflict_weight: float = 1.5
    """A substituted name part counts this many times its weight against the score."""
    extra_query_points: float = 6.0
    """Points per unit weight of query name parts with no counterpart on the list."""
    extra_list_points: float = 4.0
    """Points per unit weight of listed name parts absent from the query."""
    extra_lead_points: float = 10.0
    """Points per unit weight of listed name parts before all matched ones (persons)."""
    max_extra_points: float = 20.0
    order_points: float = 3.0
    """Points per pair of name parts in swapped order (Latin script only)."""
    max_order_points: float = 6.0
    single_part_cap: float = 65.0
    """Highest score when multi-part names share one part only."""
    weak_evidence_cap: float = 60.0
    """Highest score when only generic words or initials match."""
    min_evidence: float = 0.8
    """Weight of ordinary matched tokens below which the weak-evidence cap applies."""
    legal_form_points: float = 6.0
    """Points off when both organisation names carry different legal forms."""
    fuzzy_slope: float = 1.0
    """Credit of a fuzzy pair: 1 - slope * (1 - similarity)."""
    frequent_partial_cap: float = 82.0
    """Highest score when one or two name parts match, each a frequent given name or
    surname (:mod:`watchlists.frequency`), and either name has parts the other lacks: below
    the default threshold, so such a hit alerts only with an agreeing birth date
    or birth year (and nationality)."""


PERSON = ScoringParams()
ORGANIZATION = ScoringParams(extra_query_points=10.0, extra_list_points=8.0, extra_lead_points=8.0,
                             single_part_cap=100.0, frequent_partial_cap=100.0)


# --- tokens -----------------------------------------------------------------

# Token pair (query uid, list uid) -> similarity and how; pairs that can never be made
# share one value. Cleared when full (about 40 MiB at this size).
_SIM_CACHE: dict[int, tuple[float, str]] = {}
SIM_CACHE_SIZE = 500_000
# Two tokens less similar than this are never paired.
MIN_PAIR_SIMILARITY = 0.7


def _min_similarity(q: Token, c: Token) -> float:
    size = max(len(q.form), len(c.form))
    if size <= 3:
        return 0.99
    return 0.75 if size <= 5 else 0.7


_UNLIKE = (0.0, FUZZY)


def _length_ratio(a: str, b: str) -> float:
    """Upper bound of the OSA similarity of two strings: shorter length over longer."""
    la, lb = len(a), len(b)
    return la / lb if la < lb else (lb / la if la else 1.0)


def _compute_similarity(q: Token, c: Token, cutoff: float = 0.0) -> tuple[float, str]:
    """Similarity and how; below ``cutoff`` the similarity may be given as 0."""
    if q.script == c.script and q.script in _NATIVE_ONLY:
        # One syllable each: a different character is a different name part.
        return (1.0, EXACT) if q.text == c.text else (0.0, FUZZY)
    if q.form == c.form:
        return 1.0, EXACT
    cjk = q.script in _NATIVE_ONLY or c.script in _NATIVE_ONLY
    if q.groups and not cjk and not q.groups.isdisjoint(c.groups):
        # (A Hangul or Chinese syllable knows its own romanisations, below.)
        return _FIXED[VARIANT], VARIANT
    if not q.phons.isdisjoint(c.phons) and not _korean_j_y(q, c):
        return _FIXED[PHONETIC], PHONETIC
    if q.role == INITIAL or c.role == INITIAL:
        if q.role == INITIAL and c.role == INITIAL:
            return 0.0, FUZZY
        initial, other = (q, c) if q.role == INITIAL else (c, q)
        if other.form.startswith(initial.form):
            return _FIXED[INITIAL_OF], INITIAL_OF
        return 0.0, FUZZY
    if q.nicks and not q.nicks.isdisjoint(c.nicks | c.groups) or c.nicks and not c.nicks.isdisjoint(q.groups):
        return _FIXED[NICKNAME], NICKNAME
    if cjk:
        return 0.0, FUZZY
    if q.groups and c.groups:
        # Both are known name parts, and not the same one ("Amir" / "Omar",
        # "Hassan" / "Hussein"): no spelling rule may pair them.
        return 0.0, FUZZY
    if q.vkey == c.vkey:
        return _FIXED[VOWELS], VOWELS
    if (
        cutoff
        and not q.alts
        and not c.alts
        and not ((q.poor or c.poor) and q.script != c.script)
        and _length_ratio(q.form, c.form) < cutoff
        and _length_ratio(q.phon, c.phon) * 0.97 < cutoff
        and _length_ratio(q.vkey, c.vkey) * 0.95 < cutoff
    ):
        return _UNLIKE  # too different in length for any spelling rule below
    suffix = _shared_suffix(q.form, c.form)
    if suffix and not (q.form.endswith(c.form) or c.form.endswith(q.form)):  # not "Abd Saifullah" / "Saifullah"
        # "Hamidullah" / "Waliullah", "Jonsdottir" / "Tomasdottir": the common ending says
        # nothing; the parts before it tell the names apart.
        qs, cs = q.form[: -len(suffix)], c.form[: -len(suffix)]
        best = max(_osa(qs, cs), _osa(vowel_key(qs), vowel_key(cs)) * 0.95)
        plain = 0.0
    else:
        plain = _osa(q.form, c.form)
        best = max(plain, _osa(q.phon, c.phon) * 0.97, _osa(q.vkey, c.vkey) * 0.95)
    if best < 0.85 and len(q.form) == len(c.form) and OSA.distance(q.form, c.form, score_cutoff=1) == 1:
        if sorted(q.form) == sorted(c.form):
            return _FIXED[TRANSPOSED], TRANSPOSED
    if best < ONE_EDIT and plain:
        size = max(len(q.form), len(c.form))
        if min(len(q.form), len(c.form)) >= 6 and round(plain * size) == size - 1:
            # One letter added, dropped or changed in a long name part: a typing slip.
            best = ONE_EDIT
    how = FUZZY
    for alt in q.alts:
        best = max(best, _osa(alt, c.form) * 0.97)
    for alt in c.alts:
        best = max(best, _osa(q.form, alt) * 0.97)
    if (q.poor or c.poor) and q.script != c.script:
        poor, other = (q, c) if q.poor else (c, q)
        extra = poor.script == "Kana"
        fit = vowels_fit_said if other.script == "Latn" else vowels_fit
        for reading in (poor.form, *poor.alts):
            ps = skeleton(reading, READING)
            agree = 0.0  # worked out only for a skeleton that could still win
            for skel in other.skels:
                size = min(len(ps), len(skel))
                if size < 2 or (size == 2 and ps != skel):
                    continue
                top = _osa(ps, skel) * SKELETON_FACTOR[min(size, 4)]
                if top <= best or top < cutoff:
                    continue  # the factors below only lower it
                if not agree:
                    # Vowels the script does write, in this reading, should be in the other spelling
                    # too, or in a way it is said ("Marinho" as "marinyo": مارينيو).
                    agree = 1.0 if fit(reading, other.form, extra) else VOWEL_CONFLICT
                value = top * agree
                if ps == skel and value > best:
                    value *= CONSONANT_CONFLICT ** _consonant_conflicts(q, c, ps)
                if value > best:
                    best, how = value, SKELETON
        if best < LEARNED_TOP and "Arab" in (q.script, c.script) and "Latn" in (q.script, c.script):
            arabic, latin = (q, c) if q.script == "Arab" else (c, q)
            value = learned_similarity(arabic.text, latin.form, best if best > cutoff else cutoff)
            if value > best:
                best, how = value, LEARNED
    return best, how


# Similarity of two long tokens one edit apart.
ONE_EDIT = 0.9
# Factor when the long vowels a vowel-poor script writes are missing from the Latin spelling.
VOWEL_CONFLICT = 0.95
# Factor per consonant of a matching skeleton that cannot be the same letter ("sh" / "z").
CONSONANT_CONFLICT = 0.9


def _spoken(t: Token) -> tuple[str, ...]:
    return spoken_readings(t.form) if t.script == "Latn" else ()


# Skeleton modes of a token (:func:`watchlists.phonetic.skeleton`, names.py).
_POOR_MODES = (READING,)
_LATIN_MODES = (NEAR, EXACT, LOOSE)


def _fine_of(t: Token, skel: str) -> list[tuple[frozenset[str], ...]]:
    """Fine consonants of every reading of ``t`` whose skeleton is ``skel``."""
    modes = _POOR_MODES if t.poor else _LATIN_MODES
    return [fine_consonants(form, mode) for form in (t.form, *t.alts, *_spoken(t))
            for mode in modes if skeleton(form, mode) == skel]


def _consonant_conflicts(q: Token, c: Token, skel: str) -> int:
    """Fewest consonant conflicts over the readings of both tokens that have skeleton ``skel``."""
    theirs = _fine_of(c, skel)
    counts = [consonants_differ(fq, fc) for fq in _fine_of(q, skel) for fc in theirs]
    return min(counts) if counts else 0


# Endings shared by many names: theophoric compounds, patronymics, Georgian surnames.
SHARED_SUFFIXES = ("ullah", "allah", "dottir", "ovich", "evich", "ovna", "evna", "shvili")


_SUFFIX_ENDS = frozenset(suffix[-2:] for suffix in SHARED_SUFFIXES)


def _shared_suffix(a: str, b: str) -> str:
    """The common name ending of two different tokens, when both have a stem of 3 or more letters."""
    if a[-2:] not in _SUFFIX_ENDS or b[-2:] not in _SUFFIX_ENDS:
        return ""
    for suffix in SHARED_SUFFIXES:
        if a.endswith(suffix) and b.endswith(suffix):
            size = len(suffix)
            if len(a) - size >= 3 and len(b) - size >= 3:
                return suffix
            return ""
    return ""


# Similarity of an exact consonant-skeleton match, by skeleton length.
SKELETON_FACTOR = {2: 0.86, 3: 0.9, 4: 0.93}


def _korean_j_y(q: Token, c: Token) -> bool:
    """A Hangul syllable read "j"/"ch" (ㅈ, ㅊ) against a Latin "y", or the reverse.

    The phonetic key reads a leading "j" as "y" (Slavic "Jakub" / "Yakub"); in
    Korean they are different consonants ("종" jong / "용" yong).
    """
    if q.script == c.script or "Hang" not in (q.script, c.script):
        return False
    hang, other = (q, c) if q.script == "Hang" else (c, q)
    starts = {form[:1] for form in (hang.form, *hang.alts)}
    first = other.form[:1]
    return (first == "y" and "y" not in starts) or (first == "j" and starts == {"y"})


def token_similarity(q: Token, c: Token) -> tuple[float, str]:
    """Similarity of two tokens in [0, 1] and how they matched."""
    return _compute_similarity(q, c)


def _pair_similarity(q: Token, c: Token) -> tuple[float, str]:
    """Similarity of two tokens for alignment, cached; values below
    :data:`MIN_PAIR_SIMILARITY` (never paired) may be given as 0."""
    key = (q.uid << 32) | c.uid
    found = _SIM_CACHE.get(key)
    if found is None:
        found = _compute_similarity(q, c, MIN_PAIR_SIMILARITY)
        if found[0] < MIN_PAIR_SIMILARITY:
            found = _UNLIKE
        if len(_SIM_CACHE) > SIM_CACHE_SIZE:
            _SIM_CACHE.clear()
        _SIM_CACHE[key] = found
    return found


def _credit(sim: float, how: str, params: ScoringParams) -> float:
    if how in _FIXED:
        return sim
    return max(0.0, 1.0 - params.fuzzy_slope * (1.0 - sim))


# --- names ------------------------------------------------------------------


class NameScore:
    """Result of comparing one query form with one listed form."""

    __slots__ = ("score", "query", "listed", "pairs", "unmatched_query", "unmatched_list", "notes")

    def __init__(self, query: NameForm, listed: NameForm) -> None:
        self.score = 0.0
        self.query = query
        self.listed = listed
        # (query token indexes, list token indexes, similarity, how)
        self.pairs: list[tuple[tuple[int, ...], tuple[int, ...], float, str]] = []
        self.unmatched_query: list[int] = []
        self.unmatched_list: list[int] = []
        self.notes: list[dict[str, Any]] = []

    def explain(self) -> dict[str, Any]:
        """JSON-ready account of the alignment, for analysts."""
        q, c = self.query.tokens, self.listed.tokens
        out: dict[str, Any] = {
            "query_tokens": [t.form for t in q],
            "list_tokens": [t.form for t in c],
            "alignment": [
                {
                    "query": " ".join(q[i].text for i in qi),
                    "list": " ".join(c[j].text for j in ci),
                    "query_form": " ".join(q[i].form for i in qi),
                    "list_form": " ".join(c[j].form for j in ci),
                    "how": how,
                    "similarity": round(sim, 3),
                }
                for qi, ci, sim, how in self.pairs
            ],
            "unmatched_query": [f"{q[i].text} ({ROLE_NAMES[q[i].role]})" for i in self.unmatched_query],
            "unmatched_list": [f"{c[j].text} ({ROLE_NAMES[c[j].role]})" for j in self.unmatched_list],
            "name_score": round(self.score, 1),
        }
        if self.query.script != self.listed.script:
            out["scripts"] = {"query": self.query.script, "list": self.listed.script}
        removed = {}
        if self.query.removed:
            removed["query_titles"] = list(self.query.removed)
        if self.query.legal:
            removed["query_legal_forms"] = sorted(self.query.legal)
        if self.listed.legal:
            removed["list_legal_forms"] = sorted(self.listed.legal)
        if removed:
            out["removed"] = removed
        if self.notes:
            out["score_notes"] = self.notes
        return out


def _pairs(
    qcore: tuple[int, ...], ccore: tuple[int, ...], q: tuple[Token, ...], c: tuple[Token, ...]
) -> list[tuple[float, float, int, int, str]]:
    found = []
    cache = _SIM_CACHE
    for i in qcore:
        qt = q[i]
        base = qt.uid << 32
        for j in ccore:
            ct = c[j]
            pair = cache.get(base | ct.uid)
            if pair is None:
                pair = _pair_similarity(qt, ct)
            sim = pair[0]
            if sim < MIN_PAIR_SIMILARITY:
                continue
            if sim >= 0.99 or pair[1] in _FIXED or sim >= _min_similarity(qt, ct):
                found.append((sim, qt.weight + ct.weight, i, j, pair[1]))
    if len(found) > 1:
        found.sort(reverse=True)
    return found


def _try_joins(
    result: NameScore, free_q: list[int], free_c: list[int], q: tuple[Token, ...], c: tuple[Token, ...]
) -> None:
    """Match one leftover token against two or three neighbouring tokens glued together.

    Particles may be inside the glued run ("vanderbilt" / "van der bilt").
    """
    for side in (0, 1):
        singles, multi = (free_q, free_c) if side == 0 else (free_c, free_q)
        one, two = (q, c) if side == 0 else (c, q)
        lengths = [len(t.form) for t in two]
        for s in list(singles):
            size_one = len(one[s].form)
            if size_one < 5:
                continue
            first = one[s].form[0]
            compound = one[s].form.startswith("abd")
            best: tuple[float, tuple[int, ...], list[int]] | None = None
            for start in range(len(two)):
                if two[start].form[0] != first and not compound:
                    continue
                for size in (2, 3):
                    end = start + size
                    if end > len(two):
                        break
                    glued_size = sum(lengths[start:end])
                    if not 0.75 * size_one <= glued_size <= 1.35 * size_one and not compound:
                        continue
                    window = range(start, end)
                    core = [k for k in window if two[k].role != PARTICLE]
                    if not core or any(k not in multi for k in core):
                        continue
                    glued = "".join(two[k].form for k in window)
                    sim = _osa(glued, one[s].form)
                    if one[s].form.startswith("abd") and len(core) >= 2 and _abd_like(two[core[0]].form):
                        # "Adbul Bari" against the compound "abdbari".
                        rest = "".join(two[k].form for k in window[window.index(core[0]) + 1 :])
                        sim = max(sim, _osa("abd" + rest, one[s].form) * 0.95)
                    if sim >= 0.85 and (best is None or sim > best[0]):
                        best = (sim, tuple(window), core)
            if best:
                sim, glued_at, core = best
                singles.remove(s)
                for k in core:
                    multi.remove(k)
                if side == 0:
                    result.pairs.append(((s,), glued_at, sim, JOINED))
                else:
                    result.pairs.append((glued_at, (s,), sim, JOINED))


ARTICLE = "ال"


def _has_article(tokens: tuple[Token, ...]) -> bool:
    return any(t.text == ARTICLE for t in tokens)


def _article_similarity(arabic: Token, latin: Token, org: bool, arabic_first: bool) -> tuple[float, str] | None:
    """Best similarity of an Arabic word with a Latin word less a fused article, if they may pair."""
    best = None
    for rest in without_article(latin.form, arabic.text):
        stem = make_token(rest, Reading(rest, "Latn"), org)
        sim, how = _pair_similarity(arabic, stem) if arabic_first else _pair_similarity(stem, arabic)
        if sim >= MIN_PAIR_SIMILARITY and (sim >= 0.99 or how in _FIXED or sim >= _min_similarity(arabic, stem)):
            if best is None or sim > best[0]:
                best = (sim, how)
    return best


def _try_article(
    result: NameScore, free_q: list[int], free_c: list[int], q: tuple[Token, ...], c: tuple[Token, ...]
) -> None:
    """An Arabic word after the article "ال" against a Latin word that writes the article
    fused to it ("الحربي" / "Alharbi", "الناصر" / "Ennaceur", "الأمين" / "Lamine"): the
    word is compared with the Latin word less the article, whether the Latin word is left
    over or was paired with it on its whole spelling."""
    org = result.query.org or result.listed.org
    pairs = result.pairs
    for side in (0, 1):
        arab_free, latin_free = (free_q, free_c) if side == 0 else (free_c, free_q)
        arab, latin = (q, c) if side == 0 else (c, q)
        for a in range(1, len(arab)):
            if arab[a - 1].text != ARTICLE or arab[a].script != "Arab":
                continue
            if a in arab_free:
                best = None
                for j in latin_free:
                    if latin[j].script == "Latn":
                        found = _article_similarity(arab[a], latin[j], org, side == 0)
                        if found and (best is None or found[0] > best[0]):
                            best = (found[0], j, found[1])
                if best:
                    sim, j, how = best
                    arab_free.remove(a)
                    latin_free.remove(j)
                    pairs.append(((a,), (j,), sim, how) if side == 0 else ((j,), (a,), sim, how))
                continue
            for k, pair in enumerate(pairs):
                if pair[side] == (a,) and len(pair[1 - side]) == 1:
                    j = pair[1 - side][0]
                    if latin[j].script == "Latn":
                        found = _article_similarity(arab[a], latin[j], org, side == 0)
                        if found and found[0] > pair[2]:
                            pairs[k] = (pair[0], pair[1], found[0], found[1])
                    break


def _drop_stray_initials(
    result: NameScore, free_q: list[int], free_c: list[int], q: tuple[Token, ...], c: tuple[Token, ...]
) -> None:
    """An initial may stand for a name part only when every full part has found its match.

    "Mary E. Miller" is not "Mary Eze": the E would take "Eze" while "Miller"
    is left over.
    """
    if not any(q[i].role != INITIAL for i in free_q) and not any(c[j].role != INITIAL for j in free_c):
        return
    kept = []
    for pair in result.pairs:
        if pair[3] == INITIAL_OF:
            free_q.extend(pair[0])
            free_c.extend(pair[1])
        else:
            kept.append(pair)
    result.pairs[:] = kept
    free_q.sort()
    free_c.sort()


def _abd_like(form: str) -> bool:
    return max(_osa(form, spelling) for spelling in ("abd", "abdul", "abdel", "abdur", "abdal", "abdu")) >= 0.6


def _try_glue_all(result: NameScore, free_q: list[int], free_c: list[int], q: tuple[Token, ...], c: tuple[Token, ...]) -> None:
    """All leftovers on each side glued in order, for words split in another place
    ("MYONGC HIN" / "MYONG CHIN")."""
    if not (_contiguous(free_q, q) and _contiguous(free_c, c)):
        return
    glued_q = "".join(q[i].form for i in free_q)
    glued_c = "".join(c[j].form for j in free_c)
    if min(len(glued_q), len(glued_c)) < 6 or len(free_q) + len(free_c) < 3:
        return
    sim = _osa(glued_q, glued_c)
    if sim >= 0.85:
        result.pairs.append((tuple(free_q), tuple(free_c), sim, JOINED))
        free_q.clear()
        free_c.clear()


def _contiguous(free: list[int], tokens: tuple[Token, ...]) -> bool:
    """The leftover tokens are next to each other (particles between them aside)."""
    if free[-1] - free[0] + 1 == len(free):
        return True
    return all(tokens[k].role == PARTICLE for k in range(free[0], free[-1] + 1) if k not in free)


def _try_truncated(result: NameScore, free_q: list[int], free_c: list[int], q: tuple[Token, ...], c: tuple[Token, ...]) -> None:
    """The query's last part cut short by a payment field ("... BELKASSEM DR")."""
    if len(result.query.text.strip()) < TRUNCATION_LENGTH:
        return
    last = max((i for i, t in enumerate(q) if t.role != PARTICLE), default=-1)
    if last not in free_q or len(q[last].form) < 2 or q[last].script != "Latn":
        return
    prefix = q[last].form
    for j in free_c:
        if len(c[j].form) > len(prefix) and c[j].form.startswith(prefix):
            free_q.remove(last)
            free_c.remove(j)
            result.pairs.append(((last,), (j,), _FIXED[TRUNCATED], TRUNCATED))
            return


def _join_possible(singles: list[int], one: tuple[Token, ...], free: list[int], two: tuple[Token, ...]) -> bool:
    """Whether :func:`_try_joins` could glue anything: a free token of five letters or
    more on one side, and two neighbouring tokens on the other that are free or particles
    (at least one of them free)."""
    for s in singles:
        if len(one[s].form) >= 5:
            break
    else:
        return False
    for k in range(len(two) - 1):
        a, b = k in free, k + 1 in free
        if (a or b) and (a or two[k].role == PARTICLE) and (b or two[k + 1].role == PARTICLE):
            return True
    return False


def score_forms(query: NameForm, listed: NameForm, params: ScoringParams | None = None) -> NameScore:
    """Align two read names and score them 0-100 (name only, no attributes)."""
    params = params or (ORGANIZATION if (query.org or listed.org) else PERSON)
    result = NameScore(query, listed)
    q, c = query.tokens, listed.tokens
    qcore = query.core_positions
    ccore = listed.core_positions
    pairs = result.pairs
    used_q: set[int] = set()
    used_c: set[int] = set()
    initials = False  # an INITIAL_OF pair (the steps after the greedy pass add none)
    for sim, _w, i, j, how in _pairs(qcore, ccore, q, c):
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append(((i,), (j,), sim, how))
        initials = initials or how == INITIAL_OF
    free_q = [i for i in qcore if i not in used_q] if used_q else list(qcore)
    free_c = [j for j in ccore if j not in used_c] if used_c else list(ccore)
    if query.script != listed.script and (_has_article(q) or _has_article(c)):
        _try_article(result, free_q, free_c, q, c)
    if free_q and free_c:
        # Each step below changes nothing unless its cheap precondition holds.
        if _join_possible(free_q, q, free_c, c) or _join_possible(free_c, c, free_q, q):
            _try_joins(result, free_q, free_c, q, c)
        if free_q and free_c and len(free_q) + len(free_c) >= 3:
            _try_glue_all(result, free_q, free_c, q, c)
        if free_q and free_c and len(query.text) >= TRUNCATION_LENGTH:
            _try_truncated(result, free_q, free_c, q, c)
    if initials and (free_q or free_c):
        _drop_stray_initials(result, free_q, free_c, q, c)
    result.unmatched_query = free_q
    result.unmatched_list = free_c

    if not pairs:
        return result

    matched_weight = 0.0
    credit = 0.0
    evidence = 0.0
    covered_q = covered_c = 0
    fixed = _FIXED
    slope = params.fuzzy_slope
    weak_roles = (COMMON, INITIAL)
    for qi, ci, sim, how in pairs:
        if len(qi) == 1 and len(ci) == 1:
            qt, ct = q[qi[0]], c[ci[0]]
            wq, wc = qt.weight, ct.weight
            strong = qt.role not in weak_roles and ct.role not in weak_roles
            covered_q += 1
            covered_c += 1
        else:
            wq = wc = 0.0
            strong = True
            for i in qi:
                role = q[i].role
                wq += q[i].weight
                strong = strong and role not in weak_roles
                covered_q += role != PARTICLE
            for j in ci:
                role = c[j].role
                wc += c[j].weight
                strong = strong and role not in weak_roles
                covered_c += role != PARTICLE
        weight = (wq if wq < wc else wc) if how == INITIAL_OF else (wq if wq > wc else wc)
        matched_weight += weight
        credit += (sim if how in fixed else max(0.0, 1.0 - slope * (1.0 - sim))) * weight
        if strong:
            evidence += weight
    left_q = 0.0
    for i in free_q:
        left_q += q[i].weight
    left_c = 0.0
    for j in free_c:
        left_c += c[j].weight
    conflict = min(left_q, left_c)
    # A syllable left over from a Hangul or Chinese word whose other syllables
    # matched is a different given name, not a missing one ("建宏" / "Jian").
    bound = 0.0
    if query.bound or listed.bound:
        bound_q = _bound_leftovers(query, free_q, pairs, 0)
        bound_c = _bound_leftovers(listed, free_c, pairs, 1)
        bound = bound_q + bound_c
        if bound:
            left_q -= bound_q
            left_c -= bound_c
            conflict = min(left_q, left_c) + bound
    score = 100.0 * credit / (matched_weight + params.conflict_weight * conflict)
    if conflict:
        result.notes.append({"reason": "name parts that differ", "weight": round(conflict, 2)})

    shared = conflict - bound
    extra = params.extra_query_points * (left_q - shared) + params.extra_list_points * (left_c - shared)
    if left_c > shared and params.extra_lead_points > params.extra_list_points:
        # Listed given names before everything the query matched: the query
        # may name a relative ("Saddam Hussein" / "Qusay Saddam Hussein").
        first = min(j for pair in pairs for j in pair[1])
        lead = 0.0
        for j in free_c:
            if j < first:
                lead += c[j].weight
        extra += (params.extra_lead_points - params.extra_list_points) * min(lead, left_c - shared)
    extra = min(extra, params.max_extra_points)
    if extra > 0:
        score -= extra
        result.notes.append({"reason": "name parts on one side only", "points": round(-extra, 1)})

    if len(pairs) > 1 and query.script == "Latn" and listed.script == "Latn":
        order = _inversions(pairs)
        if order:
            points = min(params.max_order_points, params.order_points * order)
            score -= points
            result.notes.append({"reason": "name parts in another order", "points": -points})

    if query.legal and listed.legal and query.legal.isdisjoint(listed.legal):
        from watchlists.tokens import generic_legal_classes

        generic = generic_legal_classes()
        if query.legal.isdisjoint(generic) and listed.legal.isdisjoint(generic):
            score -= params.legal_form_points
            result.notes.append({"reason": "different legal forms", "points": -params.legal_form_points})

    # Every part matched: generic words alone may still name the organisation, but initials
    # alone never name a person ("N. N." is not "Nursultan Nazarbayev").
    complete = not free_q and not free_c and len(pairs) >= 2 and any(p[3] != INITIAL_OF for p in pairs)
    if evidence < params.min_evidence and score > params.weak_evidence_cap and not complete:
        score = params.weak_evidence_cap
        result.notes.append({"reason": "only generic words, initials or very short parts match",
                             "cap": params.weak_evidence_cap})
    if (
        score > params.frequent_partial_cap
        and (left_q > 0 or left_c > 0)
        and _only_frequent(pairs, q, c)
        and min(_matched_words(query, pairs, 0), _matched_words(listed, pairs, 1)) <= 2
    ):
        score = params.frequent_partial_cap
        result.notes.append({
            "reason": "only one or two frequent given names or surnames match, and one name has more parts",
            "cap": params.frequent_partial_cap,
        })
    if not (query.org or listed.org) and score > GENERATION_CAP and _other_generation(q, c, pairs):
        score = GENERATION_CAP
        result.notes.append({"reason": "a name on the other side of bin/ibn: the father or the son",
                             "cap": GENERATION_CAP})
    if (
        max(covered_q, covered_c) < 2
        and max(len(qcore), len(ccore)) >= 2
        and score > params.single_part_cap
    ):
        score = params.single_part_cap
        result.notes.append({"reason": "only one name part in common", "cap": params.single_part_cap})
    result.score = max(0.0, min(100.0, score))
    return result


def _matched_words(form: NameForm, pairs: list, side: int) -> int:
    """Words of ``form`` with a matched token (a Hangul or Chinese given name of two
    syllables is one word)."""
    words = form.words
    return len({words[k] for pair in pairs for k in pair[side]})


def _only_frequent(pairs: list, q: tuple[Token, ...], c: tuple[Token, ...]) -> bool:
    """Every pair is one name part against one, and a frequent name on either side."""
    for qi, ci, _sim, _how in pairs:
        if len(qi) != 1 or len(ci) != 1 or not (q[qi[0]].frequent or c[ci[0]].frequent):
            return False
    return True


# Kinship particles that put the father's name after the person's: "Omar bin Abdullah".
KINSHIP = frozenset({"bin", "bint", "ould"})
# Highest score when two matched name parts are in the other order and "bin" stands between
# them on both sides: "Abdullah bin Omar" is the son of "Omar bin Abdullah", not the same person.
GENERATION_CAP = 70.0


def _kinship_between(tokens: tuple[Token, ...], a: int, b: int) -> bool:
    lo, hi = (a, b) if a < b else (b, a)
    return any(tokens[k].particle in KINSHIP for k in range(lo + 1, hi))


def _only_the_elder(one: tuple[Token, ...], other: tuple[Token, ...], in_one: list[int], in_other: list[int]) -> bool:
    """``one`` starts where ``other`` has a name part, then "bin", before everything matched:
    "Hassan bin Ahmed" is the father of "Ali bin Hassan bin Ahmed"."""
    first_one, first_other = min(in_one), min(in_other)
    if any(t.role != PARTICLE for t in one[:first_one]):
        return False
    lead = [k for k in range(first_other) if other[k].role != PARTICLE]
    return bool(lead) and _kinship_between(other, lead[-1], first_other)


def _other_generation(q: tuple[Token, ...], c: tuple[Token, ...], pairs: list) -> bool:
    if not any(t.particle in KINSHIP for t in q) or not any(t.particle in KINSHIP for t in c):
        return False
    firsts = [(qi[0], ci[0]) for qi, ci, _sim, _how in pairs]
    if _only_the_elder(q, c, [i for i, _ in firsts], [j for _, j in firsts]) or _only_the_elder(
        c, q, [j for _, j in firsts], [i for i, _ in firsts]
    ):
        return True
    for n, (i1, j1) in enumerate(firsts):
        for i2, j2 in firsts[n + 1:]:
            if (i1 < i2) != (j1 < j2) and _kinship_between(q, i1, i2) and _kinship_between(c, j1, j2):
                return True
    return False


def _bound_leftovers(form: NameForm, free: list[int], pairs: list, side: int) -> float:
    """Weight of leftover tokens whose Hangul or Chinese word has another
    syllable that matched."""
    if not free or not form.bound:
        return 0.0
    words = form.words
    matched_words = {words[k] for pair in pairs for k in pair[side]}
    return sum(form.tokens[k].weight for k in free if words[k] >= BOUND and words[k] in matched_words)


def _inversions(pairs: list[tuple[tuple[int, ...], tuple[int, ...], float, str]]) -> int:
    order = sorted((qi[0], ci[0]) for qi, ci, _s, _h in pairs)
    count = 0
    for a in range(len(order)):
        for b in range(a + 1, len(order)):
            if order[a][1] > order[b][1]:
                count += 1
    return count


def best_score(queries: tuple[NameForm, ...], listed: NameForm) -> NameScore | None:
    """Best of several readings of the query against one listed form."""
    if len(queries) == 1:
        return score_forms(queries[0], listed)
    best: NameScore | None = None
    for form in queries:
        result = score_forms(form, listed)
        if best is None or result.score > best.score:
            best = result
    return best


def compare_names(query: str, listed: str, kind: str = "person") -> NameScore | None:
    """Score two names as written, e.g. ``compare_names("Usama bin Ladin", "Osama bin Laden")``.

    ``kind`` is "person" or anything else for an organisation, vessel or
    other entity. None if either name has no readable token.
    """
    org = kind != "person"
    q_forms = analyze(query, org)
    c_forms = analyze(listed, org)
    best: NameScore | None = None
    for c_form in c_forms:
        result = best_score(q_forms, c_form)
        if result is not None and (best is None or result.score > best.score):
            best = result
    return best


def reset_caches() -> None:
    _SIM_CACHE.clear()
