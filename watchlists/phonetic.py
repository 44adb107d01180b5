"""Phonetic keys of Latin name tokens.

Two keys, both computed on the folded Latin form of a token:

- :func:`phonetic_key` evens out spelling habits that do not change the
  sound of a name in the usual transliteration systems ("ph"/"f",
  "ou"/"u", "y"/"i", "kh"/"h", "w"/"v", doubled letters). Two tokens with
  the same key are spelling variants; the index is keyed on it.
- :func:`skeleton` keeps only the consonants, in broad classes (b/p, f/v/w,
  t/d, s/z/sh/ch, k/g/q/kh, ...), and marks a leading vowel. It is what a
  name written in a script without short vowels (Arabic, Hebrew, Thai)
  still shares with its Latin spelling: "يوسف" (ysf) and "Youssef".

Both are deterministic, total ("" for ""), and cached.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"sch", "sh"),
        (r"tch", "ch"),
        (r"dzh|dj", "\x02"),  # kept apart from "j" until the end
        (r"ph", "f"),
        (r"ck", "k"),
        (r"c(?=[eiy])", "s"),
        (r"ch", "\x01"),  # keep "ch" apart from the "c" -> "k" rule
        (r"c", "k"),
        (r"\x01", "ch"),
        (r"q", "k"),
        (r"x", "ks"),
        (r"w", "v"),
        (r"kh", "h"),
        (r"gh", "g"),
        (r"dh", "d"),
        (r"th", "t"),
        (r"zh", "\x02"),
        (r"j(?=[aeiou])|(?<=[aeiou])j$", "y"),  # Slavic, German, Dutch "j": "Jakub" / "Yakub", "Sergej"
        (r"\x02", "j"),
        (r"ou|oo", "u"),
        (r"ee|ie|ea", "i"),
        (r"y", "i"),
        (r"(?<=[aeiou])h$", ""),
        (r"(.)\1+", r"\1"),
        (r"(?<=\w{3}[^aeiou])e$", ""),
    )
)


@lru_cache(maxsize=262144)
def phonetic_key(form: str) -> str:
    """Spelling-variant key of a folded Latin token.

    >>> phonetic_key("mohammed"), phonetic_key("muhamad")
    ('mohamed', 'muhamad')
    >>> phonetic_key("youssef") == phonetic_key("yousef")
    True
    >>> phonetic_key("abdullah") == phonetic_key("abdulla")
    True
    """
    key = form
    for pattern, replacement in _PHONETIC_RULES:
        key = pattern.sub(replacement, key)
    return key


_VOWELS = frozenset("aeiouy")
# How consonants of one class join (see _consonants).
NEAR, EXACT, LOOSE, READING = "near", "exact", "loose", "reading"
# Consonant units: each digraph or letter has a broad class (the skeleton) and the letters
# it may finely be. Broad classes are what a script without short vowels still shares with
# a Latin spelling ("j" and "g" share one: Arabic writes foreign "g" with ج, Gamal / Jamal).
# Fine letters are what such a script keeps apart ("ك" k is never written j, "ش" sh never
# z), while allowing how it writes foreign sounds (German "st" as "sht", "w" as "f",
# Spanish "j" as "kh", Italian "ci" as "tshi"). Two positions agree when their sets meet.
_DIGRAPHS = (
    ("tsh", "S", "xs"), ("sch", "S", "xs"), ("tch", "S", "xs"), ("dzh", "K", "j"), ("dj", "K", "j"),
    ("sh", "S", "xs"), ("ch", "S", "xk"), ("zh", "S", "xjz"), ("kh", "K", "kj"), ("gh", "K", "g"),
    ("th", "T", "tsd"), ("dh", "S", "zd"), ("ph", "F", "f"), ("ck", "K", "k"),
    ("ce", "S", "sx"), ("ci", "S", "sx"), ("cy", "S", "sx"),
)
# The same, looked up by the next three letters, then the next two (no two-letter digraph
# starts a three-letter one at the same place, so the order of the tuple is kept).
_TRIGRAPH = {d: (cls, letters) for d, cls, letters in _DIGRAPHS if len(d) == 3}
_DIGRAPH = {d: (cls, letters) for d, cls, letters in _DIGRAPHS if len(d) == 2}
_SINGLE = {
    "b": ("B", "b"), "p": ("B", "b"), "f": ("F", "fw"), "v": ("F", "fw"), "w": ("F", "wf"),
    "t": ("T", "t"), "d": ("T", "d"), "s": ("S", "sz"), "z": ("S", "z"), "c": ("K", "k"),
    "k": ("K", "k"), "q": ("K", "kg"), "g": ("K", "gjk"), "j": ("K", "jg"), "l": ("L", "l"),
    "m": ("M", "m"), "n": ("N", "n"), "r": ("R", "r"),
}


def _consonants(form: str, mode: str = NEAR) -> tuple[str, list[tuple[str, str]]]:
    """The lead mark ("A" for a leading vowel or "y", "H" for a leading "h", else "") and the
    consonants of a folded Latin token as (broad class, fine letters), by ``mode``:

    - NEAR: neighbouring letters of one class are one consonant ("mm", "dt"), but not
      across a vowel or an "h" ("Kinana" has two n);
    - EXACT: only a letter written twice is one; how a script without short vowels writes a
      Latin cluster letter by letter ("Lindstedt", "لندستدت");
    - LOOSE: letters of one class join across vowels too ("Mamdouh" as "Mmdouh"), as that
      script leaves out the vowel between ("ممدوح");
    - READING: a reading of such a script, joined as EXACT ("wf" of "نوف" are "و" and "ف");
      its "kh" ("خ") may be a Spanish "j", while a Latin "kh" is never "ج".

    Not cached: :func:`skeleton` and :func:`fine_consonants` are."""
    lead, i, n = "", 0, len(form)
    if n and form[0] in _VOWELS:
        lead = "A"
    elif n and form[0] == "h":
        lead, i = "H", 1
    units: list[tuple[str, str]] = []
    strict, loose = mode in (EXACT, READING), mode == LOOSE
    joins = False  # whether the next consonant may join the previous one
    last = ""  # the previous consonant as written

    def add(cls: str, letters: str, text: str) -> None:
        nonlocal joins, last
        if joins and units[-1][0] == cls and (not strict or text == last):
            units[-1] = (cls, units[-1][1] + letters)
        else:
            units.append((cls, letters))
        joins, last = True, text

    while i < n:
        digraph = form[i : i + 3]
        found = _TRIGRAPH.get(digraph)
        if found is None:
            digraph = form[i : i + 2]
            found = _DIGRAPH.get(digraph)
        if found is not None:
            cls, letters = found
            # "ce", "ci", "cy": only the c is consumed.
            step = 1 if digraph[0] == "c" and digraph[1] in "eiy" else len(digraph)
            if digraph == "kh" and mode != READING:
                letters = "k"
            add(cls, letters, digraph[:step])
            i += step
        else:
            char = form[i]
            if char == "x":
                add("K", "k", "k")
                add("S", "s", "s")
            elif char in _SINGLE:
                add(*_SINGLE[char], char)
            elif not loose:
                joins = False
            i += 1
    return lead, units


_VOWEL_REDUCE = str.maketrans({"e": "i", "y": "i", "o": "u"})


@lru_cache(maxsize=262144)
def vowel_key(form: str) -> str:
    """Form with vowels reduced to three (a, i, u) and doubled letters collapsed.

    Transliterations of one name differ mostly in vowels ("Qaeda" / "Qaida",
    "Osama" / "Usama", "Mosk" / "Musk").

    >>> vowel_key("qaeda"), vowel_key("qaida"), vowel_key("schulze")
    ('qaida', 'qaida', 'schulzi')
    """
    reduced = form.translate(_VOWEL_REDUCE)
    out: list[str] = []
    for char in reduced:
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=262144)
def skeleton(form: str, mode: str = NEAR) -> str:
    """Consonant skeleton of a folded Latin token, in broad classes.

    A leading vowel (or "y") is kept as "A"; "h" counts only at the start.
    Arabic "ذ" (dh) is in the s/z class: it is said and often written z.

    >>> skeleton("youssef"), skeleton("yusf"), skeleton("mohammed"), skeleton("mhmd")
    ('ASF', 'ASF', 'MMT', 'MMT')
    >>> skeleton("naway"), skeleton("nwf", READING)
    ('NF', 'NFF')
    >>> skeleton("ahmad"), skeleton("hassan")
    ('AMT', 'HSN')
    """
    lead, units = _consonants(form, mode)
    return lead + "".join(cls for cls, _letters in units)


@lru_cache(maxsize=262144)
def fine_consonants(form: str, mode: str = NEAR) -> tuple[frozenset[str], ...]:
    """Per position of :func:`skeleton` (leading "A"/"H" excluded), the letters a consonant may be.

    >>> [sorted(x) for x in fine_consonants("shams")]
    [['s', 'x'], ['m'], ['s', 'z']]
    """
    return tuple(frozenset(letters) for _cls, letters in _consonants(form, mode)[1])


def consonants_differ(fa: tuple[frozenset[str], ...], fb: tuple[frozenset[str], ...]) -> int:
    """Positions where two :func:`fine_consonants` of one skeleton cannot be one letter."""
    if len(fa) != len(fb):
        return 0
    return sum(1 for x, y in zip(fa, fb) if x.isdisjoint(y))


# Letters European spellings write for a sound an Arabic writer spells otherwise, each as
# that writer hears it (a reading of its own, for consonant skeletons and the vowel check).
_SPOKEN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Slavic and Nordic "j" after a consonant is a glide, written ي: "Ljubomir" (ليوبومير), "Bjarne".
    (re.compile(r"(?<=[bcfghk-np-tv-z])j(?=[aeou])"), "y"),
    # Italian "cc" before "i", "e" or "h" is one consonant, تش or ك: "Bucci" (بوتشي), "Bocchi".
    (re.compile(r"cc(?=[eih])"), "c"),
    # Italian and French "gn" between vowels is "ny", written ني: "Brignoli" (برينيولي), "Vignal".
    (re.compile(r"(?<=[aeiou])gn(?=[aeiou])"), "ny"),
    # Portuguese "nho", "lho" are "nyo", "lyo", written نيو, ليو: "Marinho" (مارينيو), "Coelho".
    (re.compile(r"(?<=[aeiou])([nl])h(?=o)"), r"\1y"),
    # English "y" before a consonant and a silent final "e" is said "ai", written اي: "Tyne" (تاين),
    # "Myles" (مايلز).
    (re.compile(r"(?<=[b-df-hj-np-tv-z])y(?=[b-df-hj-np-tv-z]es?$)"), "ai"),
    # English "igh" not before a vowel, and "i" before a consonant and a silent final "e", are
    # said "ai", written اي: "Dwight" (دوايت), "Lime" (لايم); a final "ow" or "own" is "au": "Down" (داون).
    (re.compile(r"igh(?![aeiouy])"), "ai"),
    (re.compile(r"(?<=[^aeiou])i(?=[b-df-hj-np-tv-z]e$)"), "ai"),
    (re.compile(r"ow(?=n?$)"), "au"),
    # French final "t" after "e" or "o" is silent: "Bizet" (بيزيه), "Morisot" (موريسو).
    (re.compile(r"(?<=[aeiou][^aeiou][eo])t$"), ""),
    # Slavic "zh" ("ž") is written ج: "Dovzhenko" (دوفجنكو), "Dražen" (دراجن).
    (re.compile(r"zh"), "j"),
    # Polish "cz" and Hungarian "cs" are "ch", written تش: "Kaczmarek" (كاتشماريك), "Kovács" (كوفاتش).
    (re.compile(r"c[zs]"), "ch"),
    # French final "x" after "au", "eu", "ou" is silent: "Giroux" (جيرو), "Marivaux" (ماريفو);
    # a final "ault" is "o": "Renault" (رينو); a final "ois" is "wa": "François" (فرانسوا).
    (re.compile(r"(?<=[aeo]u)x$"), ""),
    (re.compile(r"ault$"), "o"),
    (re.compile(r"ois$"), "wa"),
    # French final "d" after "r" or a vowel and "n", final "t" after "r", and the "r" of a final "ier"
    # are silent: "Gérard" (جيرار), "Durand" (دوران), "Robert" (روبير), "Mercier" (ميرسييه).
    (re.compile(r"(?<=r)[dt]$|(?<=[aeiou]n)d$"), ""),
    (re.compile(r"(?<=i)er$"), "e"),
    # English "u" before a doubled consonant is said "a", written ا: "Bunny" (باني), "Hull" (هال).
    (re.compile(r"(?<=[b-df-hj-np-tv-z])u(?=bb|dd|ff|gg|ll|mm|nn|pp|rr|ss|tt)"), "a"),
    # English "ou" before a final "s" or "se" is "au", written او: "House" (هاوس).
    (re.compile(r"ou(?=se?$)"), "au"),
    # German "eu" is "oi", written وي: "Neumann" (نويمان), "Freud" (فرويد).
    (re.compile(r"eu"), "oi"),
)

_ANY_SPOKEN = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _r in _SPOKEN_RULES))  # most forms have none


@lru_cache(maxsize=262144)
def spoken_readings(form: str) -> tuple[str, ...]:
    """Other ways a Latin spelling may be said, for consonant skeletons and for the long
    vowels a script without short vowels writes (the scorer's vowel check).

    A script without short vowels writes a name as it is said: "ch" may be
    German or Hebrew kh ("Bach" / "باخ"), a final "ic" is the Slavic "ić"
    ("Tadic" / "تاديتش"), "z" may be German ts ("Zeller" / "تسيلر"); and
    see ``_SPOKEN_RULES`` (Slavic "j" and "zh", Polish "cz", Hungarian "cs", Italian "cc" and "gn",
    Portuguese "nho", English vowels, French endings).

    >>> spoken_readings("mordechai"), spoken_readings("tadic"), spoken_readings("zeller")
    (('mordekai',), ('tadich',), ('tseller',))
    >>> spoken_readings("ljubomir"), spoken_readings("bucci"), spoken_readings("morisot")
    (('lyubomir',), ('buci',), ('moriso',))
    """
    out = []
    if "ch" in form and "sch" not in form:
        out.append(form.replace("ch", "k"))  # "k", not "kh": German ch is never a Spanish j
    if form.endswith("ic") and len(form) > 3:
        out.append(form + "h")
    if "z" in form and "zh" not in form:
        out.append(form.replace("z", "ts"))
    if _ANY_SPOKEN.search(form):
        for pattern, replacement in _SPOKEN_RULES:
            other = pattern.sub(replacement, form)
            if other != form:
                out.append(other)
    return tuple(out)


_SOUNDS = str.maketrans({
    "č": "ch", "ć": "ch", "ç": "ch", "ĉ": "ch", "ċ": "ch", "š": "sh", "ś": "sh", "ş": "sh",
    "ŝ": "sh", "ș": "sh", "ž": "zh", "ź": "zh", "ż": "zh", "ñ": "ny", "đ": "dj", "ğ": "",
    "ț": "ts", "ł": "w", "ř": "rzh",
})


def sound_fold(text: str) -> str:
    """Letters with a diacritic that changes the sound, spelled out ("savić" -> "savich").

    Used for consonant skeletons only: a name written "Savić" in Latin letters
    is "سافيتش" (savitsh) in Arabic, not "savic".
    """
    return text.translate(_SOUNDS)


_VOWEL_CLASS = {"a": "A", "e": "E", "i": "I", "y": "I", "o": "U", "u": "U"}


def _vowel_classes(form: str) -> str:
    return "".join(_VOWEL_CLASS.get(c, "") for c in form)


def _fits(need: str, have: str) -> bool:
    """``need`` is a subsequence of ``have``; "e" on either side stands for a or i."""
    j = 0
    for want in need:
        while j < len(have) and not (want == have[j] or "E" in (want, have[j]) and "U" not in (want, have[j])):
            j += 1
        if j == len(have):
            return False
        j += 1
    return True


@lru_cache(maxsize=262144)
def vowels_fit(written: str, latin: str, extra_vowels: bool = False) -> bool:
    """Whether the vowels a script does write fit the vowels of a Latin spelling.

    Arabic and Hebrew write long vowels only: every vowel of ``written``
    (but a leading one, which may carry any vowel) must appear, in order, in
    ``latin``. Kana write more vowels than Latin (``extra_vowels``): then
    the Latin vowels must appear in the kana reading.

    >>> vowels_fit("zrif", "serov"), vowels_fit("mghaula", "mikhail"), vowels_fit("yusf", "youssef")
    (True, False, True)
    >>> vowels_fit("baraku", "barack", extra_vowels=True)
    True
    """
    need = _vowel_classes(written[1:] if written[:1] in _VOWEL_CLASS else written)
    have = _vowel_classes(latin[1:] if written[:1] in _VOWEL_CLASS and latin[:1] in _VOWEL_CLASS else latin)
    if extra_vowels:
        need, have = have, need
    return _fits(need, have)


@lru_cache(maxsize=262144)
def vowels_fit_said(written: str, latin: str, extra_vowels: bool = False) -> bool:
    """:func:`vowels_fit` for the Latin spelling or a way it is said (:func:`spoken_readings`):
    "مارينيو" (marinyu) fits "Marinho", said "marinyo"."""
    return vowels_fit(written, latin, extra_vowels) or any(
        vowels_fit(written, said, extra_vowels) for said in spoken_readings(latin)
    )
