"""Secondary attributes: birth date, nationality or country, identity documents.

Each comparison returns the points it adds to (or takes from) a name score
and a detail record for the explanation. An attribute that only one side
has changes nothing and says so. Points are named constants so the scoring
rules can be read in one place.
"""

from __future__ import annotations

from typing import Any

from watchlists.countries import code_to_iso2, to_iso2
from watchlists.model import DateOfBirth, ListEntry
from watchlists.normalize import normalize_id

# Points added or taken off the name score.
DOB_EXACT = 8.0  # same full date
DOB_YEAR = 4.0  # same year (or month), or inside a listed range
DOB_NEAR = 0.0  # one year apart: a typing or calendar difference
DOB_FAR = -12.0  # two to four years apart
DOB_VERY_FAR = -20.0  # five years or more
COUNTRY_MATCH = 3.0  # query nationality among the entry's nationalities or countries
NATIONALITY_CONFLICT = -6.0  # the entry lists nationalities and the query's is not one
RESIDENCE_MATCH = 2.0  # query country among the entry's countries or addresses
MIN_DOCUMENT_LENGTH = 5  # shorter numbers collide too often to be decisive


def _parts(value: str) -> tuple[int, int | None, int | None] | None:
    bits = value.strip()[:10].split("-")
    try:
        year = int(bits[0])
        month = int(bits[1]) if len(bits) > 1 and bits[1] not in ("", "00") else None
        day = int(bits[2]) if len(bits) > 2 and bits[2] not in ("", "00") else None
    except ValueError:
        return None
    if not 1000 <= year <= 2999:
        return None
    return year, month, day


def _dob_points(query: tuple[int, int | None, int | None], dob: DateOfBirth) -> tuple[float, str]:
    start = _parts(dob.value)
    if start is None:
        return 0.0, "unreadable"
    end = _parts(dob.end) if dob.end else None
    q_year, q_month, q_day = query
    lo = start[0]
    hi = end[0] if end else start[0]
    if lo <= q_year <= hi:
        if end is None and q_month and start[1] and q_month != start[1] and not dob.approximate:
            return DOB_NEAR, "same year, different month"
        if end is None and q_month and q_day and start[1] == q_month and start[2] == q_day:
            return DOB_EXACT, "same date"
        return DOB_YEAR, "same year" if end is None else "inside listed range"
    distance = lo - q_year if q_year < lo else q_year - hi
    if dob.approximate:
        distance -= 1
    if distance <= 1:
        return DOB_NEAR, "one year apart" if not dob.approximate else "near an approximate date"
    if distance < 5:
        return DOB_FAR, f"{distance} years apart"
    return DOB_VERY_FAR, f"{distance} years apart"


def compare_birth_date(query_dob: str | None, entry: ListEntry) -> tuple[float, dict[str, Any] | None]:
    """Best agreement between the query's birth date and any of the entry's.

    >>> from watchlists.model import DateOfBirth as D, ListEntry as E
    >>> e = E(list_id="un", entry_id="1", kind="person", name="x", dates_of_birth=(D(value="1957-03-10"),))
    >>> compare_birth_date("1957", e)[0], compare_birth_date("1990-01-01", e)[0]
    (4.0, -20.0)
    """
    if not query_dob or not entry.dates_of_birth:
        return 0.0, None
    query = _parts(query_dob)
    if query is None:
        return 0.0, None
    best: tuple[float, str] | None = None
    for dob in entry.dates_of_birth:
        points, how = _dob_points(query, dob)
        if how == "unreadable":
            continue
        if best is None or points > best[0]:
            best = (points, how)
    if best is None:
        return 0.0, None
    listed = [d.value if not d.end else f"{d.value}/{d.end}" for d in entry.dates_of_birth]
    result = "match" if best[0] > 0 else "conflict" if best[0] < 0 else "near"
    return best[0], {
        "attribute": "date_of_birth",
        "query": query_dob,
        "list": listed,
        "result": result,
        "detail": best[1],
        "points": best[0],
    }


def to_country_code(value: str | None) -> str | None:
    """ISO alpha-2 for a code ("ru", "IRQ") or a country name ("Iraq")."""
    if not value:
        return None
    return code_to_iso2(value) or to_iso2(value)


def _entry_countries(entry: ListEntry) -> set[str]:
    codes = {c.upper() for c in entry.countries if c}
    codes.update(a.country.upper() for a in entry.addresses if a.country)
    return codes


def compare_country(
    nationality: str | None, country: str | None, entry: ListEntry
) -> tuple[float, list[dict[str, Any]]]:
    """Points for the query's nationality and country against the entry's."""
    details: list[dict[str, Any]] = []
    points = 0.0
    nationalities = {n.upper() for n in entry.nationalities if n}
    others = _entry_countries(entry)
    nat = to_country_code(nationality)
    if nat and (nationalities or others):
        if nat in nationalities or nat in others:
            points += COUNTRY_MATCH
            details.append({"attribute": "nationality", "query": nat, "list": sorted(nationalities | others),
                            "result": "match", "points": COUNTRY_MATCH})
        elif nationalities:
            points += NATIONALITY_CONFLICT
            details.append({"attribute": "nationality", "query": nat, "list": sorted(nationalities),
                            "result": "conflict", "points": NATIONALITY_CONFLICT})
    home = to_country_code(country)
    if home and home != nat and (home in others or home in nationalities):
        points += RESIDENCE_MATCH
        details.append({"attribute": "country", "query": home, "list": sorted(others | nationalities),
                        "result": "match", "points": RESIDENCE_MATCH})
    return points, details


def matching_document(query_ids: tuple[str, ...], entry: ListEntry) -> dict[str, Any] | None:
    """The entry's identity document whose number equals one of the query's, if any."""
    if not query_ids or not entry.documents:
        return None
    wanted = {normalize_id(n) for n in query_ids}
    wanted.discard("")
    for doc in entry.documents:
        number = normalize_id(doc.number)
        if len(number) >= MIN_DOCUMENT_LENGTH and number in wanted:
            return {"attribute": "document", "type": doc.type, "number": doc.number,
                    "country": doc.country, "result": "match"}
    return None
