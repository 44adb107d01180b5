"""Detect the dominant writing system of a name.

Returns ISO 15924 codes ("Latn", "Arab", "Cyrl", ...). The script of each
letter comes from its Unicode character name, whose first word names the
script ("ARABIC LETTER ALEF", "CYRILLIC CAPITAL LETTER A"). Digits,
punctuation and marks are ignored.

>>> detect_script("Умаров Доку Хаматович")
'Cyrl'
>>> detect_script("صدام حسين التكريتي")
'Arab'
>>> detect_script("ABÚ ZAJD") is not None
True
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

# First word(s) of a Unicode character name -> ISO 15924 code.
_PREFIXES: dict[str, str] = {
    "LATIN": "Latn",
    "ARABIC": "Arab",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "HEBREW": "Hebr",
    "CJK": "Hani",
    "HIRAGANA": "Hira",
    "KATAKANA": "Kana",
    "HANGUL": "Hang",
    "DEVANAGARI": "Deva",
    "BENGALI": "Beng",
    "GURMUKHI": "Guru",
    "GUJARATI": "Gujr",
    "TAMIL": "Taml",
    "TELUGU": "Telu",
    "KANNADA": "Knda",
    "MALAYALAM": "Mlym",
    "SINHALA": "Sinh",
    "THAI": "Thai",
    "LAO": "Laoo",
    "MYANMAR": "Mymr",
    "KHMER": "Khmr",
    "TIBETAN": "Tibt",
    "GEORGIAN": "Geor",
    "ARMENIAN": "Armn",
    "ETHIOPIC": "Ethi",
    "SYRIAC": "Syrc",
    "THAANA": "Thaa",
    "MONGOLIAN": "Mong",
}


@lru_cache(maxsize=4096)
def _char_script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    return _PREFIXES.get(first)


def detect_script(text: str | None) -> str | None:
    """ISO 15924 code of the script most letters of ``text`` use, or None."""
    if not text:
        return None
    if text.isascii():
        return "Latn" if any(c.isalpha() for c in text) else None
    counts: Counter[str] = Counter()
    for char in text:
        script = _char_script(char)
        if script is not None:
            counts[script] += 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]
