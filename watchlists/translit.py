"""Script detection and transliteration of name tokens into Latin letters.

Every token the matcher compares has a Latin form. Tokens already in Latin
letters are only folded (accents dropped). Other scripts are read here:

- Arabic, Persian, Urdu and Pashto letters, Hebrew and Cyrillic (Russian,
  Ukrainian, Belarusian, Serbian, Kazakh, Tajik, Uzbek, Kyrgyz, Mongolian)
  by the tables in this module, written for names: Arabic and Hebrew give
  two readings, one with the weak letters (و ي / ו י) read as vowels and
  one with them read as consonants, because the script does not say which.
- Hangul syllable by syllable, with every usual romanisation of each
  syllable ("정" reads jeong, jong, chong, chung, jung), so "김정은"
  compares with "Kim Jong Un".
- Chinese characters one per syllable: Mandarin pinyin from ``anyascii``,
  the Korean reading from ``data/cjk_readings.yaml`` (as Hangul above) and,
  for Japanese names written in kanji, whole-name readings from the same
  file.
- Every other script (Greek, Armenian, Georgian, kana, Devanagari, Bengali,
  Thai, Khmer, Ethiopic, ...) through ``anyascii`` (ISC licence).

Scripts that leave vowels unwritten (Arabic, Hebrew, Thai, the Indic
scripts) are marked *vowel-poor*: the scorer then compares consonant
skeletons as well as spellings.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import yaml
from anyascii import anyascii

from watchlists.normalize import fold_latin
from watchlists.phonetic import sound_fold

# --- script of a character -------------------------------------------------

# (first code point, last code point, script code), sorted.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, "Latn"),
    (0x0250, 0x02AF, "Latn"),
    (0x0370, 0x03FF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
    (0x0530, 0x058F, "Armn"),
    (0x0590, 0x05FF, "Hebr"),
    (0x0600, 0x06FF, "Arab"),
    (0x0700, 0x074F, "Syrc"),
    (0x0750, 0x077F, "Arab"),
    (0x0780, 0x07BF, "Thaa"),
    (0x08A0, 0x08FF, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"),
    (0x0A00, 0x0A7F, "Guru"),
    (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"),
    (0x0B80, 0x0BFF, "Taml"),
    (0x0C00, 0x0C7F, "Telu"),
    (0x0C80, 0x0CFF, "Knda"),
    (0x0D00, 0x0D7F, "Mlym"),
    (0x0D80, 0x0DFF, "Sinh"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Laoo"),
    (0x0F00, 0x0FFF, "Tibt"),
    (0x1000, 0x109F, "Mymr"),
    (0x10A0, 0x10FF, "Geor"),
    (0x1100, 0x11FF, "Hang"),
    (0x1200, 0x139F, "Ethi"),
    (0x1780, 0x17FF, "Khmr"),
    (0x1800, 0x18AF, "Mong"),
    (0x1C80, 0x1C8F, "Cyrl"),
    (0x1C90, 0x1CBF, "Geor"),
    (0x1E00, 0x1EFF, "Latn"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x2C00, 0x2C5F, "Glag"),
    (0x2C60, 0x2C7F, "Latn"),
    (0x2D00, 0x2D2F, "Geor"),
    (0x2DE0, 0x2DFF, "Cyrl"),
    (0x3040, 0x309F, "Kana"),
    (0x30A0, 0x30FF, "Kana"),
    (0x3130, 0x318F, "Hang"),
    (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"),
    (0xA640, 0xA69F, "Cyrl"),
    (0xA720, 0xA7FF, "Latn"),
    (0xAB30, 0xAB6F, "Latn"),
    (0xAC00, 0xD7AF, "Hang"),
    (0xF900, 0xFAFF, "Hani"),
    (0xFB1D, 0xFB4F, "Hebr"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"),
    (0xFF21, 0xFF5A, "Latn"),
    (0xFF66, 0xFF9F, "Kana"),
    (0x20000, 0x2FA1F, "Hani"),
)
_STARTS = [r[0] for r in _RANGES]

# Scripts that do not write every vowel.
VOWEL_POOR = frozenset(
    {"Arab", "Hebr", "Syrc", "Thaa", "Thai", "Laoo", "Khmr", "Mymr", "Tibt", "Deva", "Beng",
     "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym", "Sinh"}
)


def char_script(char: str) -> str | None:
    """ISO 15924 code of one letter's script, or None for digits and marks."""
    code = ord(char)
    if code < 0x80:
        return "Latn" if char.isalpha() else None
    lo, hi = 0, len(_RANGES) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        start, end, script = _RANGES[mid]
        if code < start:
            hi = mid - 1
        elif code > end:
            lo = mid + 1
        else:
            return script if char.isalpha() else None
    return None


def token_script(token: str) -> str | None:
    """Script of most letters in ``token`` ("Latn", "Arab", ...), or None."""
    if token.isascii():
        return "Latn" if any(c.isalpha() for c in token) else None
    counts: dict[str, int] = {}
    for char in token:
        script = char_script(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    return max(counts, key=counts.__getitem__)


# --- Arabic script ---------------------------------------------------------

_ARABIC: dict[str, str] = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i",
    "ب": "b", "ت": "t", "ة": "a", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "ى": "a",
    # Persian, Urdu, Pashto, Kurdish, Sindhi
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ی": "i", "ۀ": "a", "ە": "a",
    "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n", "ھ": "h", "ہ": "h", "ۂ": "h", "ے": "e", "ۓ": "e",
    "ټ": "t", "ډ": "d", "ړ": "r", "ږ": "zh", "ښ": "sh", "ځ": "z", "څ": "s", "ګ": "g",
    "ڼ": "n", "ې": "e", "ۍ": "ai", "ڤ": "v", "ڵ": "l", "ۆ": "o", "ێ": "e", "ڕ": "r",
    "ڨ": "g", "ڭ": "ng", "ۇ": "u", "ۈ": "u", "ۋ": "v", "ۉ": "u",
    # short vowel marks, when written
    "\u064e": "a", "\u0650": "i", "\u064f": "u", "\u064b": "an", "\u064d": "in",
    "\u064c": "un", "\u0652": "", "\u0670": "a", "\u0640": "",
}
_ARABIC_W = frozenset("وۄ")
_ARABIC_Y = frozenset("يیۍېے")
_ARABIC_LONG = frozenset("اأإآٱى")
_SHADDA = "\u0651"


def _arabic(token: str, vowels: bool) -> str:
    """One reading of an Arabic-script token.

    ``vowels`` reads و and ي inside a word as the vowels u and i; otherwise
    they are the consonants w and y. At the start of a word they are always
    consonants, and ع before a long vowel is silent.
    """
    out: list[str] = []
    n = len(token)
    for i, char in enumerate(token):
        nxt = token[i + 1] if i + 1 < n else ""
        if vowels and i == 0 and char in "اأإآ" and (nxt in _ARABIC_W or nxt in _ARABIC_Y):
            continue  # "ايزادورا": the alef only carries the vowel written next
        if char in _ARABIC_W:
            out.append("w" if i == 0 or not vowels else "u")
        elif char in _ARABIC_Y:
            if char == "ے" or char == "ې":
                out.append("e")
            elif char == "ۍ":
                out.append("ai")
            else:
                out.append("y" if i == 0 or not vowels else "i")
        elif char == "ع":
            out.append("" if nxt in _ARABIC_LONG or nxt in _ARABIC_W or nxt in _ARABIC_Y else "a")
        elif char == _SHADDA:
            if out and out[-1]:
                out.append(out[-1][-1])
        elif char in _ARABIC:
            out.append(_ARABIC[char])
        elif char.isdigit():
            out.append(str(int(char)) if char.isdecimal() else char)
        elif char.isascii():
            out.append(char)
        else:
            out.append(anyascii(char).lower())
    return "".join(out)


# --- Hebrew ----------------------------------------------------------------

_HEBREW: dict[str, str] = {
    "א": "", "ב": "b", "ג": "g", "ד": "d", "ה": "h", "ז": "z", "ח": "kh", "ט": "t",
    "כ": "k", "ך": "kh", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s",
    "ע": "", "פ": "p", "ף": "f", "צ": "ts", "ץ": "ts", "ק": "k", "ר": "r", "ש": "sh",
    "ת": "t", "\u05b7": "a", "\u05b8": "a", "\u05b4": "i", "\u05b5": "e", "\u05b6": "e",
    "\u05b9": "o", "\u05bb": "u", "\u05b0": "e",
}


# A letter with a geresh writes a foreign sound: "ג'ון" John, "צ'רצ'יל" Churchill.
_GERESH = {"ג": "j", "צ": "ch", "ץ": "ch", "ז": "zh", "ת": "th", "ד": "dh"}
_GERESH_MARKS = "'׳"


def _hebrew(token: str, vowels: bool) -> str:
    """Latin letters of a Hebrew word: with the vowels that ו and י may write, or consonants only."""
    out: list[str] = []
    n = len(token)
    for i, char in enumerate(token):
        nxt = token[i + 1] if i + 1 < n else ""
        if char in _GERESH_MARKS:
            continue
        if char in _GERESH and nxt and nxt in _GERESH_MARKS:
            out.append(_GERESH[char])
        elif char == "ו":
            if nxt == "ו":
                continue
            out.append("v" if i == 0 or not vowels else "o")
        elif char == "י":
            out.append("y" if i == 0 or not vowels else "i")
        elif char == "ה" and i == n - 1 and i > 0:
            out.append("e" if vowels else "h")
        elif char == "א" and i == 0:
            # A silent first letter: the vowel is the ו or י after it ("אולגה" Olga), or an a.
            out.append("" if vowels and nxt and nxt in "וי" else "a")
        elif char in _HEBREW:
            out.append(_HEBREW[char])
        elif char.isascii():
            out.append(char)
    return "".join(out)


# --- Cyrillic --------------------------------------------------------------

_CYRILLIC: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Ukrainian, Belarusian
    "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "w",
    # Serbian, Macedonian
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
    # Kazakh, Kyrgyz, Tajik, Uzbek, Mongolian, Tatar, Bashkir, Azerbaijani (old)
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "ӣ": "i", "ӯ": "u", "ҳ": "h", "ҷ": "j", "ҫ": "s", "ҙ": "z", "ӊ": "n", "ӑ": "a",
    "ӗ": "e", "ӳ": "u", "ҝ": "g", "ҹ": "ch", "ҕ": "gh", "ҡ": "q", "ӏ": "",
}
_CYR_VOWELS = frozenset("аеёиоуыэюяєіїәөұүӣӯ")


# The popular reading: "ё" as "yo" (the standard reading writes "e"), "ю" after a
# consonant as "u" ("тюнк" / "Tunc"), and "дж" as "j".
_POPULAR = {"ё": "yo", "ю": "u"}


def _cyrillic(token: str, popular: bool = False) -> str:
    out: list[str] = []
    prev = ""
    skip = False
    for i, char in enumerate(token):
        if skip:
            skip = False
        elif popular and char == "д" and token[i + 1 : i + 2] == "ж":
            out.append("j")
            skip = True
        elif popular and char in _POPULAR and (char == "ё" or (prev and prev not in _CYR_VOWELS and prev not in "ъь")):
            out.append(_POPULAR[char])
        elif char == "е" and (i == 0 or prev in _CYR_VOWELS or prev in "ъь"):
            out.append("ye")
        elif char in _CYRILLIC:
            out.append(_CYRILLIC[char])
        elif char.isascii():
            out.append(char)
        else:
            out.append(fold_latin(anyascii(char)).lower())
        prev = char
    return "".join(out)


# --- Greek -----------------------------------------------------------------

_GREEK_PAIRS = {
    "ου": "u", "αι": "e", "ει": "i", "οι": "i", "υι": "i", "αυ": "av", "ευ": "ev", "ηυ": "iv",
    "μπ": "b", "ντ": "d", "γκ": "g", "γγ": "ng", "γχ": "nch", "τσ": "ts", "τζ": "tz",
}
_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}


def _greek(token: str) -> str:
    """Greek as names are usually romanised ("Πούτιν" -> "putin", "Βλαντίμιρ" -> "vladimir")."""
    text = fold_latin(token)  # drops the accents, keeps the letters
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _GREEK_PAIRS:
            out.append(_GREEK_PAIRS[pair])
            i += 2
            continue
        out.append(_GREEK.get(text[i], text[i] if text[i].isascii() else ""))
        i += 1
    return "".join(out)


# --- Hangul ----------------------------------------------------------------

# Each jamo with its usual romanisations (Revised Romanisation first, then
# McCune-Reischauer without marks, then common popular spellings).
_INITIALS = (
    ("g", "k"), ("kk", "gg", "k"), ("n",), ("d", "t"), ("tt", "dd"), ("r", "l"), ("m",),
    ("b", "p"), ("pp", "bb"), ("s", "sh"), ("ss", "s"), ("",), ("j", "ch"), ("jj", "tch"),
    ("ch",), ("k", "kh"), ("t", "th"), ("p", "ph"), ("h",),
)
_VOWELS = (
    ("a",), ("ae", "e"), ("ya",), ("yae",), ("eo", "o"), ("e",), ("yeo", "yo"),
    ("ye",), ("o",), ("wa",), ("wae",), ("oe", "oi", "we"), ("yo",), ("u", "oo"), ("wo",),
    ("we",), ("wi",), ("yu",), ("eu", "u"), ("ui", "eui"), ("i", "ee"),
)
_FINALS = (
    ("",), ("k", "g"), ("k",), ("k",), ("n",), ("n",), ("n",), ("t", "d"), ("l",), ("k",),
    ("m",), ("l",), ("l",), ("l",), ("p",), ("l",), ("m",), ("p", "b"), ("p",), ("t",),
    ("t",), ("ng",), ("t",), ("t",), ("k",), ("t",), ("p",), ("t",),
)
# Whole-syllable spellings that the jamo tables do not produce.
_SYLLABLE_EXTRA = {
    "이": ("lee", "yi", "ri", "rhee"), "리": ("lee", "ri"), "박": ("park", "bahk"),
    "최": ("choi", "choe"), "정": ("jung", "chung"), "성": ("sung",), "은": ("un",),
    "윤": ("yoon",), "조": ("cho", "jo"), "강": ("kang",), "김": ("kim",), "노": ("roh", "noh"),
    "류": ("yoo", "ryu", "yu", "ryoo"), "유": ("yoo", "you"), "임": ("lim", "im"),
    "신": ("shin",), "서": ("suh", "seo"), "오": ("oh",), "한": ("han",), "권": ("kwon",),
    "곽": ("kwak",), "현": ("hyun", "hyon"), "영": ("young", "yong"), "용": ("yong",),
}


@lru_cache(maxsize=4096)
def hangul_syllable(char: str) -> tuple[str, ...]:
    """Romanisations of one Hangul syllable, the Revised Romanisation first.

    >>> hangul_syllable("정")[:3]
    ('jeong', 'jong', 'cheong')
    """
    code = ord(char) - 0xAC00
    if not 0 <= code < 11172:
        return (anyascii(char).lower(),)
    lead, vowel, tail = code // 588, (code % 588) // 28, code % 28
    forms: list[str] = []
    for a in _INITIALS[lead]:
        for b in _VOWELS[vowel]:
            for c in _FINALS[tail]:
                form = a + b + c
                if form not in forms:
                    forms.append(form)
    for form in _SYLLABLE_EXTRA.get(char, ()):
        if form not in forms:
            forms.append(form)
    return tuple(forms)


# --- Chinese characters ----------------------------------------------------


@lru_cache(maxsize=1)
def _cjk_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    text = resources.files("watchlists.data").joinpath("cjk_readings.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    korean = {str(k): str(v) for k, v in data["korean"].items()}
    family = {str(k): str(v) for k, v in data["japanese_family"].items()}
    given = {str(k): str(v) for k, v in data["japanese_given"].items()}
    return korean, family, given


@lru_cache(maxsize=16384)
def han_char(char: str) -> tuple[str, str | None]:
    """Pinyin of one Chinese character and its Korean reading (a Hangul syllable).

    >>> han_char("金")
    ('jin', '김')
    """
    korean = _cjk_tables()[0].get(char)
    return anyascii(char).lower(), korean


def japanese_reading(token: str) -> list[str] | None:
    """Family and given name of a kanji name, read as Japanese, or None.

    The longest known family name at the start is taken; the rest must be a
    known given name (or empty). Kana in the token are read by ``anyascii``.

    >>> japanese_reading("山田太郎")
    ['yamada', 'taro']
    """
    _korean, family, given = _cjk_tables()
    for size in (3, 2, 1):
        head = token[:size]
        if len(token) >= size and head in family:
            rest = token[size:]
            if not rest:
                return [family[head]]
            if rest in given:
                return [family[head], given[rest]]
            if all(token_script(c) == "Kana" for c in rest):
                return [family[head], anyascii(rest).lower()]
            return None
    if token in given:
        return [given[token]]
    return None


# --- public entry point ----------------------------------------------------


class Reading(NamedTuple):
    """How one token reads in Latin letters."""

    form: str  # main Latin form, folded
    script: str  # ISO 15924 code of the token's script
    alternatives: tuple[str, ...] = ()  # other plausible Latin forms


def _other(token: str) -> str:
    return "".join(c for c in fold_latin(anyascii(token)).lower() if c.isalnum())


@lru_cache(maxsize=131072)
def read_token(token: str) -> Reading:
    """Latin reading of one cleaned token (see :func:`watchlists.normalize.clean_text`).

    >>> read_token("владимир").form
    'vladimir'
    >>> read_token("محمد").form
    'mhmd'
    >>> read_token("šošić")
    Reading(form='sosic', script='Latn', alternatives=('shoshich',))

    Latin letters whose mark changes the sound are also spelled out ("š" as
    "sh"): Cyrillic and Arabic write the sound. Cyrillic also gets the popular
    English-style reading ("джон" as "jon", "семёнов" as "semyonov").
    """
    script = token_script(token) or "Latn"
    if script == "Latn":
        form = fold_latin(token)
        sounded = fold_latin(sound_fold(token))
        return Reading(form, script, (sounded,) if sounded != form else ())
    if script == "Arab":
        vowel = fold_latin(_arabic(token, vowels=True))
        consonant = fold_latin(_arabic(token, vowels=False))
        return Reading(vowel, script, (consonant,) if consonant != vowel else ())
    if script == "Hebr":
        vowel = _hebrew(token, vowels=True)
        consonant = _hebrew(token, vowels=False)
        return Reading(vowel, script, (consonant,) if consonant != vowel else ())
    if script == "Cyrl":
        form = fold_latin(_cyrillic(token))
        popular = fold_latin(_cyrillic(token, popular=True))
        return Reading(form, script, (popular,) if popular != form else ())
    if script == "Grek":
        return Reading(_greek(token), script)
    if script == "Armn":
        # anyascii writes the Armenian vowel "ու" as "ow".
        return Reading(_other(token).replace("ow", "u"), script)
    if script == "Hang" and len(token) == 1:
        forms = hangul_syllable(token)
        return Reading(forms[0], script, forms[1:])
    if script == "Hani" and len(token) == 1:
        return Reading(han_char(token)[0], script)
    return Reading(_other(token), script)


def split_syllables(token: str) -> list[str] | None:
    """Split a Hangul or Chinese-character token into one token per syllable.

    Korean and Chinese personal names are written without spaces; each
    syllable is one name part in Latin spelling ("Kim Jong Un", "Xi Jin
    Ping"). Returns None for other tokens.
    """
    script = token_script(token)
    if script not in ("Hang", "Hani") or len(token) < 2:
        return None
    return [c for c in token if token_script(c) in ("Hang", "Hani")] or None


def reset_caches() -> None:
    for func in (read_token, han_char, hangul_syllable, _cjk_tables):
        func.cache_clear()
