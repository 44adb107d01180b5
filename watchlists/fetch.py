"""Download official list files with conditional requests (urllib only).

:func:`fetch_list` downloads every file of one list into a directory. Beside
each file it keeps a hidden ``.<file>.meta.json`` with the URL, ETag, Last-Modified,
size and sha256; the next call sends ``If-None-Match`` / ``If-Modified-Since``
and a 304 answer leaves the file alone.

A download goes to a hidden ``.<file>.part`` first and replaces the old file only when
it is complete, within ``max_bytes`` and (with ``validate``) recognised by
:func:`watchlists.loader.detect_format`: an error page saved in place of a
list (as the EU endpoint's HTTP 500 JSON body has been) never replaces a
good copy. Server errors (5xx, 429), timeouts and connection errors are
retried with exponential backoff; other HTTP errors are not.

This module is the only one in ``watchlists`` that does network I/O.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path

import msgspec

from watchlists.errors import FetchError, ListFileError

# name -> {file name -> URL}. Sources: shared/research/formats.md section 0.
OFFICIAL_URLS: dict[str, dict[str, str]] = {
    "un": {
        "UN_consolidated.xml": "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
    },
    "ofac": {
        "SDN.XML": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML",
        "CONSOLIDATED.XML": "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONSOLIDATED.XML",
    },
    "eu": {
        # The token is a fixed public one (base64 of "token-2017").
        "eu_fsf.xml": "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
        "?token=dG9rZW4tMjAxNw",
    },
    "uk": {
        "UK-Sanctions-List.xml": "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
    },
    "interpol": {
        # First page only: the API caps a query at 160 results and has no bulk
        # download, and its CDN often refuses non-browser clients.
        "interpol_red_notices.json": "https://ws-public.interpol.int/notices/v1/red?resultPerPage=160&page=1",
    },
    "opensanctions": {
        # Licence CC BY-NC 4.0: commercial use needs an OpenSanctions licence.
        "sanctions.entities.ftm.json": "https://data.opensanctions.org/datasets/latest/sanctions/entities.ftm.json",
    },
}

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_CHUNK = 1024 * 1024
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchResult(msgspec.Struct, frozen=True, kw_only=True):
    name: str  # list name, e.g. "ofac"
    url: str
    path: str  # local file
    status: str  # "downloaded" or "not_modified"
    etag: str | None = None
    last_modified: str | None = None
    size: int = 0
    sha256: str | None = None
    attempts: int = 1


def meta_path(path: Path) -> Path:
    """``.<file>.meta.json`` beside the file (hidden, so directory scans skip it)."""
    return path.with_name(f".{path.name}.meta.json")


def fetch_list(
    name: str,
    dest_dir: str | Path,
    *,
    urls: Mapping[str, Mapping[str, str]] = OFFICIAL_URLS,
    timeout: float = 120.0,
    retries: int = 3,
    backoff: float = 2.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    validate: bool = True,
    user_agent: str = "tfscreen-watchlists/0.1",
    proxies: Mapping[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FetchResult]:
    """Download (or revalidate) every file of list ``name`` into ``dest_dir``.

    ``retries`` is the number of extra attempts after the first one; the
    wait before retry n is ``backoff * 2**(n-1)`` seconds. ``proxies`` is
    passed to urllib's ProxyHandler: None uses the environment, ``{}`` none.
    Raises :class:`FetchError` when a file cannot be fetched; files already
    fetched in this call stay fetched.
    """
    if name not in urls:
        raise FetchError(name, f"unknown list {name!r}; known: {', '.join(urls)}")
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler(proxies)]
    opener = urllib.request.build_opener(*handlers)
    results = []
    for file_name, url in urls[name].items():
        if not url.startswith(("https://", "http://")):
            raise FetchError(url, "only http and https URLs are fetched")
        results.append(
            _fetch_one(
                opener,
                name,
                url,
                dest / file_name,
                timeout=timeout,
                retries=retries,
                backoff=backoff,
                max_bytes=max_bytes,
                validate=validate,
                user_agent=user_agent,
                sleep=sleep,
            )
        )
    return results


def _fetch_one(
    opener: urllib.request.OpenerDirector,
    name: str,
    url: str,
    path: Path,
    *,
    timeout: float,
    retries: int,
    backoff: float,
    max_bytes: int,
    validate: bool,
    user_agent: str,
    sleep: Callable[[float], None],
) -> FetchResult:
    meta = _read_meta(path, url)
    headers = {"User-Agent": user_agent, "Accept": "*/*"}
    if meta and path.exists():
        if meta.get("etag"):
            headers["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = meta["last_modified"]
    last_error = "no attempt made"
    attempts = 1 + max(0, retries)
    for attempt in range(1, attempts + 1):
        if attempt > 1:
            sleep(backoff * 2 ** (attempt - 2))
        try:
            return _attempt(opener, name, url, path, headers, timeout, max_bytes, validate, meta, attempt)
        except urllib.error.HTTPError as exc:
            if exc.code not in _RETRY_STATUSES:
                raise FetchError(url, f"HTTP {exc.code} {exc.reason}") from None
            last_error = f"HTTP {exc.code} {exc.reason}"
        except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as exc:
            last_error = _describe(exc, timeout)
    raise FetchError(url, f"failed after {attempts} attempt(s): {last_error}")


def _describe(exc: BaseException, timeout: float) -> str:
    reason = getattr(exc, "reason", None)
    if isinstance(exc, TimeoutError) or isinstance(reason, TimeoutError) or "timed out" in str(exc):
        return f"timed out after {timeout:g} s"
    return f"{type(exc).__name__}: {reason or exc}"


def _attempt(
    opener: urllib.request.OpenerDirector,
    name: str,
    url: str,
    path: Path,
    headers: dict[str, str],
    timeout: float,
    max_bytes: int,
    validate: bool,
    meta: dict[str, str] | None,
    attempt: int,
) -> FetchResult:
    request = urllib.request.Request(url, headers=headers)
    part = path.with_name(f".{path.name}.part")
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(url, f"Content-Length {length} is over the limit of {max_bytes} bytes")
            digest = hashlib.sha256()
            size = 0
            with part.open("wb") as out:
                while chunk := response.read(_CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(url, f"body is over the limit of {max_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
            etag = response.headers.get("ETag")
            last_modified = response.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        part.unlink(missing_ok=True)
        if exc.code == 304 and meta is not None:
            return FetchResult(
                name=name,
                url=url,
                path=str(path),
                status="not_modified",
                etag=meta.get("etag"),
                last_modified=meta.get("last_modified"),
                size=path.stat().st_size,
                sha256=meta.get("sha256"),
                attempts=attempt,
            )
        raise
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    if size == 0:
        part.unlink(missing_ok=True)
        raise FetchError(url, "empty response body")
    if validate:
        _validate(url, part)
    os.replace(part, path)
    record = {
        "url": url,
        "etag": etag,
        "last_modified": last_modified,
        "size": size,
        "sha256": digest.hexdigest(),
        "fetched_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    _write_meta(path, record)
    return FetchResult(
        name=name,
        url=url,
        path=str(path),
        status="downloaded",
        etag=etag,
        last_modified=last_modified,
        size=size,
        sha256=digest.hexdigest(),
        attempts=attempt,
    )


def _validate(url: str, part: Path) -> None:
    from watchlists.loader import HEAD_BYTES, detect_format  # late: keeps fetch importable alone

    with part.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    try:
        detect_format(part, head)
    except ListFileError as exc:
        part.unlink(missing_ok=True)
        raise FetchError(url, f"downloaded body is not a known list, old copy kept: {exc.reason}") from None


def _read_meta(path: Path, url: str) -> dict[str, str] | None:
    try:
        meta = json.loads(meta_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("url") != url:
        return None
    return meta


def _write_meta(path: Path, record: dict[str, object]) -> None:
    target = meta_path(path)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(record, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, target)
