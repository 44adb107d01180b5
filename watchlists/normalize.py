"""Small pure functions that bring names to a comparable form.

The matching engine builds on these; each returns "" for empty input.
"""

from __future__ import annotations

import re
import unicodedata

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
