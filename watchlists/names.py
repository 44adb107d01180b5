"""Read a name into the tokens the index and the scorer compare.

:func:`analyze` turns a name as written ("Mr. USAMA bin Muhammad bin Awad
BIN LADIN", "PUTIN, Vladimir", "عبد الله", "OOO Oboronnye Initsiativy") into
one or more :class:`NameForm`. Steps, in order:

1. Camel case split ("VladimirPutin"), then "Surname, Given" put in
   reading order (persons only, one comma).
2. Clean: case fold, apostrophes dropped, punctuation to spaces.
3. Titles at the start removed ("Mr", "President", "الشيخ"; data:
   honorifics.yaml); title words that lists keep inside names ("Haji",
   "Mullah") stay as particles.
4. Each word read in Latin letters (:mod:`watchlists.translit`). Hangul and
   Chinese-character words are split into syllables; the Arabic article
   "ال" is split off; Japanese kanji names get a second reading.
5. Digits typed for letters fixed ("Sech1n"), number words written as
   digits ("forty four" -> "44").
6. Compounds joined: "Abd al-Rahman" / "Abdul Rahman" / "Abdurrahman" ->
   one part, "Saif al-Din" / "Saifuddin" -> one part (data: particles.yaml).
7. Organisations: dotted initials joined ("A.B.C." -> "abc"); legal forms at
   the start or end taken out as a class ("OOO" -> llc; data:
   legal_forms.yaml).
8. Repeated parts dropped ("Sergey Sergey Shoigu").

Each :class:`Token` carries its Latin form, phonetic key, consonant
skeletons, equivalence groups and a weight.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from watchlists import tokens as words
from watchlists.equivalents import nickname_groups, variant_groups
from watchlists.frequency import is_frequent
from watchlists.normalize import clean_text, fold_latin, numbers_to_digits, split_camel_case, unleet
from watchlists.phonetic import (
    EXACT,
    LOOSE,
    NEAR,
    READING,
    phonetic_key,
    skeleton,
    sound_fold,
    spoken_readings,
    vowel_key,
)
from watchlists.translit import (
    VOWEL_POOR,
    Reading,
    han_char,
    hangul_syllable,
    japanese_reading,
    read_token,
    split_syllables,
)

# Token roles.
NORMAL = 0
PARTICLE = 1  # article, kinship marker or soft title: no weight
INITIAL = 2  # a single letter standing for a given name
COMMON = 3  # generic organisation word ("trading", "group")
NUMBER = 4  # digits

ROLE_NAMES = ("name", "particle", "initial", "common", "number")
_UIDS = itertools.count(1)
_NO_LEGAL: frozenset[str] = frozenset()
BOUND = 1000  # first word number of a word split into several tokens
# Scripts whose single letters are initials.
_ALPHABETS = frozenset({"Latn", "Cyrl", "Grek", "Armn", "Geor"})
CJK = frozenset({"Hang", "Hani", "Jpan"})


class Token:
    """One name part, read for comparison."""

    __slots__ = (
        "text", "form", "script", "alts", "phon", "phons", "skels", "groups", "nicks",
        "role", "weight", "poor", "particle", "uid", "vkey", "keys", "ikeys", "frequent",
    )

    def __init__(self, text: str, form: str, script: str, alts: tuple[str, ...], role: int, particle: str) -> None:
        self.text = text  # cleaned, in its own script
        self.form = form  # Latin, folded
        self.script = script
        self.alts = alts  # other Latin readings
        self.role = role
        self.particle = particle  # particle group ("bin" for "ibn"), or ""
        self.phon = phonetic_key(form)
        self.vkey = vowel_key(form)
        phons = {self.phon}
        phons.update(phonetic_key(a) for a in alts)
        self.phons = frozenset(phons)
        self.poor = script in VOWEL_POOR or script == "Kana"
        mode = READING if self.poor else NEAR
        skels = {skeleton(form, mode)}
        if self.poor or alts:
            skels.update(skeleton(a, mode) for a in alts)
        if not self.poor:
            # Also as a script without short vowels may write it: every letter of a
            # cluster ("Lindstedt") or none of the vowels between two alike ("Mamdouh").
            skels.add(skeleton(form, EXACT))
            skels.add(skeleton(form, LOOSE))
        if script == "Latn":
            skels.update(skeleton(r) for r in spoken_readings(form))
        if script == "Latn" and not text.isascii():
            sounded = fold_latin(sound_fold(text))
            if sounded != form:
                skels.add(skeleton(sounded))
                skels.update(skeleton(r) for r in spoken_readings(sounded))  # "ž" as "zh", then as ج
        self.skels = frozenset(s for s in skels if s)
        groups: set[str] = set()
        nicks: set[str] = set()
        for key in self.phons:
            groups.update(variant_groups(key))
            nicks.update(nickname_groups(key))
        self.groups = frozenset(groups)
        self.nicks = frozenset(nicks)
        self.weight = _weight(form, role, script)
        # A given name or surname many people share (watchlists.frequency).
        self.frequent = role == NORMAL and is_frequent(text, script, self.phon, self.groups)
        self.uid = next(_UIDS)  # identity for similarity caches
        self.keys: tuple[str, ...] | None = None  # index keys as a query token, filled on first use
        self.ikeys: tuple[str, ...] | None = None  # index keys as a listed token, filled on first use

    def __repr__(self) -> str:
        return f"Token({self.form!r}, {ROLE_NAMES[self.role]}, w={self.weight:.2f})"


def _weight(form: str, role: int, script: str) -> float:
    if role == PARTICLE:
        return 0.0
    if role == INITIAL:
        return 0.4
    if role == COMMON:
        return 0.35
    if role == NUMBER:
        return 0.2
    size = len(form)
    weight = 1.0 if size >= 4 else 0.85 if size == 3 else 0.6 if size == 2 else 0.4
    if script in CJK:
        weight = max(weight, 0.8)
    return weight


@lru_cache(maxsize=64)
def _positions(size: int) -> tuple[int, ...]:
    return tuple(range(size))


class NameForm:
    """A name read into tokens, plus what was taken out of it."""

    __slots__ = ("text", "tokens", "legal", "removed", "reordered", "script", "org", "words", "bound", "_core")

    def __init__(
        self,
        text: str,
        tokens: tuple[Token, ...],
        legal: frozenset[str],
        removed: tuple[str, ...],
        reordered: bool,
        script: str,
        org: bool,
        words: tuple[int, ...] = (),
    ) -> None:
        self.text = text
        self.tokens = tokens
        # Word number of each token: syllables split from one Hangul or
        # Chinese word share it ("建宏" -> jian, hong).
        self.words = words or _positions(len(tokens))
        # Word numbers from BOUND up are shared by the parts of one word.
        self.bound = any(w >= BOUND for w in self.words)
        self.legal = legal
        self.removed = removed
        self.reordered = reordered
        self.script = script
        self.org = org
        self._core: tuple[int, ...] | None = None

    @property
    def core_positions(self) -> tuple[int, ...]:
        """Positions of the tokens that carry weight (no particles)."""
        found = self._core
        if found is None:
            found = self._core = tuple(i for i, t in enumerate(self.tokens) if t.role != PARTICLE)
        return found

    @property
    def core(self) -> tuple[Token, ...]:
        """Tokens that carry weight (no particles)."""
        return tuple(t for t in self.tokens if t.role != PARTICLE)

    def __repr__(self) -> str:
        return f"NameForm({[t.form for t in self.tokens]}, legal={sorted(self.legal)})"


# --- word lists read as token forms ---------------------------------------


@lru_cache(maxsize=65536)
def _phrase_forms(phrase: str) -> str:
    return " ".join(read_token(w).form for w in clean_text(phrase).split())


@lru_cache(maxsize=1)
def _legal_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for phrase, cls in words.legal_forms().items():
        for form in (phrase, _phrase_forms(phrase)):
            table.setdefault(form, cls)
    return table


@lru_cache(maxsize=1)
def _spelled_legal_table() -> dict[str, str]:
    """Legal forms written in dotted letters ("L.L.C." reads "l l c"), taken off the end only."""
    table: dict[str, str] = {}
    for form, cls in _legal_table().items():
        letters = form.replace(" ", "")
        if letters.isalpha() and 2 <= len(letters) <= 5 and all(len(w) <= 3 for w in form.split()):
            table.setdefault(" ".join(letters), cls)
    return table


@lru_cache(maxsize=1)
def _legal_max_words() -> int:
    return max(len(p.split()) for p in (*_legal_table(), *_spelled_legal_table()))


@lru_cache(maxsize=1)
def _title_table() -> frozenset[str]:
    return frozenset(words.honorifics()) | frozenset(_phrase_forms(t) for t in words.honorifics())


@lru_cache(maxsize=1)
def _after_table() -> frozenset[str]:
    return frozenset(words.titles_after()) | frozenset(_phrase_forms(t) for t in words.titles_after())


@lru_cache(maxsize=1)
def _soft_table() -> frozenset[str]:
    return frozenset(words.soft_titles()) | frozenset(_phrase_forms(t) for t in words.soft_titles())


@lru_cache(maxsize=1)
def _particle_table() -> dict[str, str]:
    table = dict(words.particles())
    for text, head in words.particles().items():
        form = read_token(text).form
        if len(form) >= 2:
            table.setdefault(form, head)
    return table


@lru_cache(maxsize=1)
def _common_table() -> frozenset[str]:
    return words.common_org_words()


@lru_cache(maxsize=1)
def _articles() -> frozenset[str]:
    return frozenset(f for f, head in words.particles().items() if head in ("al", "ad"))


# --- compounds -------------------------------------------------------------

_ROMAN = re.compile(r"^(?=[ivxl])(x{0,3})(ix|iv|v?i{0,3})$")
_DIN_WORDS = frozenset({"din", "deen", "dine", "ddin", "eddine", "uddin", "addin", "eddin", "dien"})


def _abd_rest(rest: str) -> str:
    """What follows "abd" in a compound, without connector or article."""
    for connector in words.abd_connectors():
        if rest.startswith(connector) and len(rest) - len(connector) >= 3:
            rest = rest[len(connector):]
            break
    if len(rest) > 2 and rest[0] == rest[1]:
        rest = rest[1:]
    return rest


_ABD_SPELLINGS = ("abdul", "abdel", "abdal", "abdur", "abdol")


@lru_cache(maxsize=65536)
def _typo_compound(form: str) -> str | None:
    """ "Abd" compound read through a typo in its prefix ("adbullah", "badur" + ...), or None."""
    if len(form) < 7 or form.startswith("abd"):
        return None
    head = form[:5]
    for spelling in _ABD_SPELLINGS:
        if sum(a != b for a, b in zip(head, spelling)) <= 2 and sorted(head) == sorted(spelling):
            return _single_compound(spelling + form[5:])
    return None


def _single_compound(form: str) -> str:
    """Normalise a one-word compound ("abdurrahman" -> "abdrahman", "saifuddin" -> "saifdin")."""
    if form.startswith("abd") and len(form) > 4:
        for prefix in words.abd_prefixes():
            if form.startswith(prefix) and len(form) - len(prefix) >= 2:
                rest = form[len(prefix):]
                if len(rest) > 2 and rest[0] == rest[1]:
                    rest = rest[1:]
                return "abd" + rest
    if form.endswith(("din", "deen", "dine")):
        for suffix in words.din_suffixes():
            if form.endswith(suffix) and len(form) - len(suffix) >= 3:
                return form[: -len(suffix)] + "din"
    return form


_Piece = tuple[str, Reading]  # (cleaned text, reading)


def _join_compounds(pieces: list[_Piece]) -> list[_Piece]:
    articles = _articles()
    particles = _particle_table()
    out: list[_Piece] = []
    i, n = 0, len(pieces)
    while i < n:
        text, reading = pieces[i]
        form = reading.form
        # "abd" [article] X -> abdX
        if form in ("abd", "abdu", "abdul", "abdel", "abdal", "abdol", "abdoul", "abdur", "abde", "abdel"):
            j = i + 1
            if j < n and pieces[j][1].form in articles:
                j += 1
            if j < n and pieces[j][1].form not in particles and len(pieces[j][1].form) >= 2:
                nxt_text, nxt = pieces[j]
                rest = nxt.form
                for article in ("al", "el", "ul"):
                    if rest.startswith(article) and len(rest) > len(article) + 1:
                        rest = rest[len(article):]
                        break
                rest = _abd_rest(rest) if not rest.startswith(("l", "r")) else rest
                alts = tuple("abd" + _abd_rest(a) for a in nxt.alternatives)
                out.append((f"{text} {nxt_text}", Reading("abd" + rest, nxt.script, alts)))
                i = j + 1
                continue
        # X [article] din -> Xdin
        if form not in particles and i + 1 < n:
            j = i + 1
            if pieces[j][1].form in articles and j + 1 < n:
                j += 1
            if pieces[j][1].form in _DIN_WORDS:
                alts = tuple(a + "din" for a in reading.alternatives)
                out.append((f"{text} {pieces[j][0]}", Reading(form + "din", reading.script, alts)))
                i = j + 1
                continue
        joined = _single_compound(form)
        if joined != form:
            reading = Reading(joined, reading.script, tuple(_single_compound(a) for a in reading.alternatives))
        elif reading.script == "Latn":
            typo = _typo_compound(form)
            if typo:
                reading = Reading(form, reading.script, (*reading.alternatives, typo))
        out.append((text, reading))
        i += 1
    return out


# --- reading words ---------------------------------------------------------

_AL = Reading("al", "Arab")


@lru_cache(maxsize=65536)
def _read_word(word: str) -> tuple[_Piece, ...]:
    """Pieces of one cleaned word (several for Hangul, Chinese, Arabic "ال..."), cached."""
    return tuple(_read_word_uncached(word))


def _read_word_uncached(word: str) -> list[_Piece]:
    word = unleet(word)
    syllables = split_syllables(word)
    if syllables:
        return [(s, read_token(s)) for s in syllables]
    first = word[0]
    if "\u0600" <= first <= "\u06ff" and len(word) >= 4:
        if word == "الله":
            return [(word, Reading("allah", "Arab"))]
        if word.startswith("عبد") and len(word) >= 5:
            return [("عبد", read_token("عبد")), *_read_word_uncached(word[3:])]
        if word.startswith("ال") and not word.startswith("الله") and len(word) >= 5:
            return [("ال", _AL), (word[2:], read_token(word[2:]))]
    return [(word, read_token(word))]


def _strip_titles(cleaned: list[str]) -> tuple[list[str], list[str]]:
    """Remove titles at the start of a person's name (up to three words long)."""
    titles = _title_table()
    removed: list[str] = []
    # One-word titles after the name ("Putyin elnök"); "King" after a name is a surname.
    after = _after_table()
    while len(cleaned) > 1 and (cleaned[-1] in after or _phrase_forms(cleaned[-1]) in after):
        removed.append(cleaned[-1])
        cleaned = cleaned[:-1]
    changed = True
    while changed and len(cleaned) > 1:
        changed = False
        for size in (3, 2, 1):
            if len(cleaned) > size:
                head = " ".join(cleaned[:size])
                if head in titles or _phrase_forms(head) in titles:
                    removed.append(head)
                    cleaned = cleaned[size:]
                    changed = True
                    break
    return cleaned, removed


def _join_initials(pieces: list[_Piece]) -> list[_Piece]:
    """Join runs of single Latin letters into one token ("a b c" -> "abc")."""
    out: list[_Piece] = []
    run: list[_Piece] = []

    def flush() -> None:
        if len(run) >= 2:
            text = "".join(p[0] for p in run)
            out.append((text, Reading("".join(p[1].form for p in run), "Latn")))
        else:
            out.extend(run)
        run.clear()

    for piece in pieces:
        if len(piece[1].form) == 1 and piece[1].script == "Latn" and piece[1].form.isalpha():
            run.append(piece)
        else:
            flush()
            out.append(piece)
    flush()
    return out


def _strip_legal(pieces: list[_Piece], org: bool) -> tuple[list[_Piece], set[str]]:
    """Take legal forms off both ends of the name."""
    table = _legal_table()
    spelled = _spelled_legal_table()
    longest = _legal_max_words()
    found: set[str] = set()
    forms = [p[1].form for p in pieces]
    start, end = 0, len(forms)
    changed = True
    while changed and end - start > 1:
        changed = False
        for size in range(min(longest, end - start - 1), 0, -1):
            head = " ".join(forms[start : start + size])
            cls = table.get(head)
            if cls and org:  # a person's name does not start with a legal form ("Asa", "Sas")
                found.add(cls)
                start += size
                changed = True
                break
            tail = " ".join(forms[end - size : end])
            cls = table.get(tail) or (spelled.get(tail) if org else None)
            if cls and (org or (len(tail) >= 3 and size == 1 and cls not in ("as", "ab", "kk"))):
                found.add(cls)
                end -= size
                changed = True
                break
        if not org:
            break
    return pieces[start:end], found


def _reorder(name: str, org: bool) -> tuple[str, bool]:
    """Put "Surname, Given" in reading order (persons, one comma only)."""
    if org or name.count(",") != 1:
        return name, False
    left, right = name.split(",")
    if not left.strip() or not right.strip():
        return name, False
    right_words = clean_text(right).split()
    if not right_words or all(w in ("jr", "sr", "ii", "iii") for w in right_words):
        return name, False
    return f"{right} {left}", True


def _pieces(name: str, org: bool) -> tuple[list[_Piece], list[str], bool]:
    text, reordered = _reorder(split_camel_case(name), org)
    cleaned = clean_text(text).split()
    removed: list[str] = []
    if not org:
        cleaned, removed = _strip_titles(cleaned)
    pieces: list[_Piece] = []
    for word in cleaned:
        read = _read_word(word)
        if len(read) > 1 and read[0][1].script in CJK:
            # Syllables of one word: the text of each keeps the word as a suffix.
            read = tuple((f"{t}\x00{word}", r) for t, r in read)
        pieces.extend(read)
    old_forms = [p[1].form for p in pieces]
    forms = numbers_to_digits(old_forms)
    if forms != old_forms:
        if len(forms) == len(pieces):
            pieces = [p if f == p[1].form else (p[0], Reading(f, "Latn")) for p, f in zip(pieces, forms)]
        else:
            pieces = [(f, Reading(f, "Latn")) for f in forms]
    pieces = _join_compounds(pieces)
    return pieces, removed, reordered


def single_token_key(spelling: str) -> str | None:
    """Phonetic key of a one-part spelling read as the matcher reads names.

    Used to build the equivalence tables; None when the spelling reads as
    several parts.
    """
    pieces, _removed, _reordered = _pieces(spelling, org=False)
    particles = _particle_table()
    core = [p for p in pieces if p[1].form not in particles]
    if len(core) != 1:
        return None
    return phonetic_key(core[0][1].form)


# --- tokens ----------------------------------------------------------------


@lru_cache(maxsize=200_000)
def make_token(text: str, reading: Reading, org: bool) -> Token:
    """The :class:`Token` for one piece of a name, cached.

    A word read the same way in a person's and an organisation's name is one
    shared token, so caches keyed on tokens serve both readings.
    """
    form = reading.form
    if reading.script in CJK:
        return _token(text, reading, NORMAL, "")
    particle = _particle_table().get(form) or _particle_table().get(text) or ""
    role = NORMAL
    if particle or form in _soft_table() or text in _soft_table():
        role = PARTICLE
        particle = particle or form
    elif form.isdigit() or (org and _ROMAN.match(form)):
        role = NUMBER
    elif len(form) == 1 and reading.script in _ALPHABETS:
        role = INITIAL
    elif org and form in _common_table():
        role = COMMON
    return _token(text, reading, role, particle)


@lru_cache(maxsize=200_000)
def _token(text: str, reading: Reading, role: int, particle: str) -> Token:
    return Token(text, reading.form, reading.script, reading.alternatives, role, particle)


def _dominant_script(pieces: list[_Piece]) -> str:
    counts: dict[str, int] = {}
    for _text, reading in pieces:
        counts[reading.script] = counts.get(reading.script, 0) + len(reading.form)
    return max(counts, key=counts.__getitem__) if counts else "Latn"


def _build(name: str, pieces: list[_Piece], removed: list[str], reordered: bool, org: bool) -> NameForm | None:
    pieces, legal = _strip_legal(pieces, org)
    if org:
        pieces = _join_initials(pieces)
        if not legal:
            pieces, legal = _strip_legal(pieces, org)
    toks: list[Token] = []
    word_numbers: list[int] = []
    words_seen: dict[str, int] = {}
    only_legal = len(pieces) == 1 and pieces[0][1].form in _legal_table()
    for text, reading in pieces:
        if not reading.form:
            continue
        word = ""
        if "\x00" in text:
            text, word = text.split("\x00", 1)
        number = words_seen.setdefault(word, len(word_numbers) + BOUND) if word else len(word_numbers)
        tok = make_token(text, reading, org)
        if only_legal and tok.role == NORMAL:
            # A name that is only a legal form ("CORP") says nothing.
            tok = Token(tok.text, tok.form, tok.script, tok.alts, COMMON, "")
        if tok.role == NUMBER and not org:
            continue
        toks.append(tok)
        word_numbers.append(number)
    if not toks:
        return None
    if all(t.role == PARTICLE for t in toks):
        # Particles alone are the name; the Arabic article before another word stays one ("القاضي").
        toks = [t if t.text == "ال" and len(toks) > 1 else Token(t.text, t.form, t.script, t.alts, NORMAL, "")
                for t in toks]
    words = tuple(word_numbers)
    if words == _positions(len(words)):
        words = ()  # the shared default
    return NameForm(name, tuple(toks), frozenset(legal) if legal else _NO_LEGAL, tuple(removed), reordered,
                    _dominant_script(pieces), org, words)


@lru_cache(maxsize=65536)
def analyze(name: str, org: bool = False) -> tuple[NameForm, ...]:
    """Read a name into one or more :class:`NameForm` (usually one).

    ``org`` reads it as an organisation name (legal forms, generic words,
    acronyms) rather than a person's. A Japanese name in kanji gives a second
    form with its Japanese reading.

    >>> [t.form for t in analyze("Mr. USAMA bin LADIN")[0].tokens]
    ['usama', 'bin', 'ladin']
    >>> [t.form for t in analyze("PUTIN, Vladimir")[0].tokens]
    ['vladimir', 'putin']
    >>> [t.form for t in analyze("Abd al-Rahman")[0].tokens]
    ['abdrahman']
    >>> f = analyze("OOO Oboronnye Initsiativy", org=True)[0]
    >>> [t.form for t in f.tokens], sorted(f.legal)
    (['oboronnye', 'initsiativy'], ['llc'])
    """
    if not name or not name.strip():
        return ()
    pieces, removed, reordered = _pieces(name, org)
    forms: list[NameForm] = []
    main = _build(name, pieces, removed, reordered, org)
    if main is not None:
        forms.append(main)
    if "/" in name:
        # "Al-Qa'ida/Islamic Army": each side of a slash is also a name.
        for part in name.split("/"):
            if part.strip() and part.strip() != name.strip():
                forms.extend(f for f in analyze(part, org) if f.tokens)
    if not org and any(r.script == "Hani" for _t, r in pieces):
        for extra in (_japanese_form(name, removed), _korean_form(name, pieces, removed)):
            if extra is not None:
                forms.append(extra)
    return tuple(forms)


def _korean_form(name: str, pieces: list[_Piece], removed: list[str]) -> NameForm | None:
    """Chinese characters read as Korean Hanja, when every character has a reading."""
    korean: list[_Piece] = []
    for text, reading in pieces:
        if reading.script != "Hani":
            korean.append((text, reading))
            continue
        char, _sep, word = text.partition("\x00")
        syllable = han_char(char)[1]
        if syllable is None:
            return None
        forms = hangul_syllable(syllable)
        korean.append((f"{syllable}\x00{word}" if word else syllable, Reading(forms[0], "Hang", forms[1:])))
    return _build(name, korean, removed, False, False)


def _japanese_form(name: str, removed: list[str]) -> NameForm | None:
    pieces: list[_Piece] = []
    for word in clean_text(name).split():
        reading = japanese_reading(word)
        if reading is None:
            return None
        pieces.extend((word, Reading(r, "Jpan")) for r in reading)
    return _build(name, pieces, removed, False, False)


def reset_caches() -> None:
    for func in (
        _legal_table, _spelled_legal_table, _legal_max_words, _title_table, _soft_table, _particle_table,
        _common_table, _articles, make_token, _token, analyze, _phrase_forms, _typo_compound, _read_word,
    ):
        func.cache_clear()
