"""Small pure functions that bring names to a comparable form.

The matching engine builds on these; each returns "" for empty input.
``fold_text`` and ``name_key`` are the coarse forms used for display keys and
exact lookups; the matcher reads names token by token through
:func:`clean_text`, :func:`split_camel_case` and :func:`fold_latin`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold_text(text: str) -> str:
    """Case-fold, decompose and drop combining marks, keep letters of any script.

    >>> fold_text("Ḥasan  AL-Bannā")
    'hasan al banna'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped).replace("_", " ").split())


def name_key(text: str) -> str:
    """Order-insensitive key: folded tokens, sorted.

    >>> name_key("bin Laden, Usama")
    'bin laden usama'
    """
    return " ".join(sorted(fold_text(text).split()))


# Latin letters that Unicode does not decompose into a base letter plus a mark.
_LATIN_EXTRA = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "ng",
        "ĸ": "k",
        "ƒ": "f",
        "ə": "a",
        "ɨ": "i",
        "ʻ": "",
        "ʼ": "",
        "ʿ": "",
        "ʾ": "",
    }
)

# Apostrophes and quote marks inside a word are dropped ("Qa'ida" -> "qaida"),
# and so are zero-width joiners (Persian writes "پزشک‌فر" with one).
_DROPPED = frozenset("'\u2019\u2018`\u00b4\u02bc\u02bb\u02bf\u02be\u2032\u200c\u200d\u0640")
_CAMEL = re.compile(r"(?<=[a-z]{3})(?=[A-Z])")
_WORD_CHAR: dict[str, bool] = {}


def _is_word_char(char: str) -> bool:
    known = _WORD_CHAR.get(char)
    if known is None:
        known = char.isalnum() or unicodedata.category(char)[0] == "M"
        if len(_WORD_CHAR) < 100_000:
            _WORD_CHAR[char] = known
    return known


def split_camel_case(text: str) -> str:
    """Split words glued in camel case, before case folding.

    Only a run of at least three lower-case letters followed by a capital is
    split, so "McDonald" and "LeBron" stay whole.

    >>> split_camel_case("VladimirPutin SiemensAG McDonald")
    'Vladimir Putin Siemens AG McDonald'
    """
    if not text or text.isupper() or text.islower():
        return text
    return _CAMEL.sub(" ", text)


class _CleanTable(dict):
    """``str.translate`` table for :func:`clean_text`, filled one character at a time."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        if char in _DROPPED:
            value = None
        elif char == "&":
            value = " and "
        elif _is_word_char(char) and char != "_":
            value = char
        else:
            value = " "
        if len(self) < 100_000:
            self[code] = value
        return value


_CLEAN = _CleanTable()


def clean_text(text: str) -> str:
    """NFC, case fold, drop apostrophes; other punctuation becomes spaces.

    Letters keep their accents and script here: transliteration needs them
    (Cyrillic "й" is not "и"). Combining marks stay with their letter.
    "&" becomes the word "and".

    >>> clean_text("Al-Qa'ida / O’Brien, J.-C. & Co")
    'al qaida obrien j c and co'
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.translate(_CLEAN).split())


@lru_cache(maxsize=65536)
def fold_latin(token: str) -> str:
    """Strip accents and special letters from a Latin-script token.

    >>> fold_latin("erdoğan"), fold_latin("støre"), fold_latin("straße")
    ('erdogan', 'store', 'strasse')
    """
    if token.isascii():
        return token
    decomposed = unicodedata.normalize("NFKD", token.translate(_LATIN_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LATIN_EXTRA)


# Digits typed in place of look-alike letters ("Ig0r Sech1n").
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s"})


_ORDINAL = re.compile(r"^[0-9]+(st|nd|rd|th)$")


def unleet(token: str) -> str:
    """Replace digits with letters in a token that mixes both.

    Pure numbers and tokens without letters are returned unchanged.

    >>> unleet("sech1n"), unleet("i9or"), unleet("2000")
    ('sechin', 'igor', '2000')
    """
    if token.isalpha() or not any(c.isalpha() for c in token) or not any(c.isdigit() for c in token):
        return token
    if _ORDINAL.match(token):
        return token
    letters = sum(c.isalpha() for c in token)
    if letters < 2:
        return token
    return token.translate(_LEET)


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10,
}


def numbers_to_digits(tokens: list[str]) -> list[str]:
    """Write English number words and ordinals as digits.

    >>> numbers_to_digits(["brigade", "forty", "four"])
    ['brigade', '44']
    >>> numbers_to_digits(["1st", "international", "bank"])
    ['1', 'international', 'bank']
    """
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _ORDINALS:
            out.append(str(_ORDINALS[tok]))
        elif tok in _TENS:
            value = _TENS[tok]
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if nxt in _UNITS and _UNITS[nxt] < 10:
                value += _UNITS[nxt]
                i += 1
            elif nxt.isdigit() and len(nxt) == 1:
                value += int(nxt)
                i += 1
            out.append(str(value))
        elif tok in _UNITS and len(tokens) > 1:
            out.append(str(_UNITS[tok]))
        else:
            out.append(tok)
        i += 1
    return out


def normalize_id(number: str) -> str:
    """Identity document number for comparison: letters and digits, upper case.

    >>> normalize_id(" ab-123 456 ")
    'AB123456'
    """
    return "".join(c for c in unicodedata.normalize("NFKC", number or "") if c.isalnum()).upper()
