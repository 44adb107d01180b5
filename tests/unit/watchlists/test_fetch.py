"""fetch_list against local HTTP servers on 127.0.0.1 serving the sample files.

No other address is contacted: every URL points at the local server and
proxies are switched off.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from watchlists.errors import FetchError
from watchlists.fetch import OFFICIAL_URLS, fetch_list, meta_path
from watchlists.loader import load_list

UN = "un/UN_consolidated_2026-02-27.xml"
OFAC = "ofac/xml/CONSOLIDATED_2026-01-08.xml"


class Server:
    """Serves ``files`` (URL path -> local file). ``mode`` picks the behaviour:
    "normal" (ETag + Last-Modified, 304 on a matching If-None-Match),
    "no304" (ignores conditional headers), "flaky" (500 first, then normal),
    "slow" (answers after ``delay`` seconds), "html" (an error page with 200),
    "missing" (404)."""

    def __init__(self, files: dict[str, Path], mode: str = "normal", delay: float = 2.0) -> None:
        self.files, self.mode, self.delay = files, mode, delay
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                server.requests.append((self.path, dict(self.headers)))
                server.handle(self)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        if self.mode == "missing":
            return self._send(h, 404, b"not found")
        if self.mode == "flaky" and len(self.requests) == 1:
            return self._send(h, 500, b'{"status":500,"error":"Internal Server Error"}')
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode == "html":
            return self._send(h, 200, b"<html><body>Please enable JavaScript</body></html>")
        body = self.files[h.path].read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.mode != "no304" and h.headers.get("If-None-Match") == etag:
            return self._send(h, 304, b"", {"ETag": etag})
        self._send(h, 200, body, {"ETag": etag, "Last-Modified": formatdate(0, usegmt=True)})

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            h.send_response(status)
            for key, value in (headers or {}).items():
                h.send_header(key, value)
            if status != 304:
                h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            if status != 304:
                h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def urls(self, name: str, paths: dict[str, str]) -> dict[str, dict[str, str]]:
        return {name: {file_name: self.base + url_path for file_name, url_path in paths.items()}}


@contextmanager
def serve(files: dict[str, Path], mode: str = "normal", delay: float = 2.0) -> Iterator[Server]:
    server = Server(files, mode, delay)
    thread = threading.Thread(target=server.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def _fetch(server: Server, name: str, paths: dict[str, str], dest: Path, **options):
    options.setdefault("proxies", {})
    options.setdefault("sleep", lambda s: None)
    return fetch_list(name, dest, urls=server.urls(name, paths), **options)


def test_download_then_not_modified(lists_dir, tmp_path):
    with serve({"/un.xml": lists_dir / UN}) as server:
        (first,) = _fetch(server, "un", {"UN_consolidated.xml": "/un.xml"}, tmp_path)
        assert first.status == "downloaded"
        path = Path(first.path)
        assert path.read_bytes() == (lists_dir / UN).read_bytes()
        assert first.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        meta = json.loads(meta_path(path).read_text())
        assert meta["etag"] == first.etag and meta["url"].endswith("/un.xml")
        assert len(load_list(path).entries) == 1003

        (second,) = _fetch(server, "un", {"UN_consolidated.xml": "/un.xml"}, tmp_path)
        assert second.status == "not_modified"
        assert server.requests[1][1].get("If-None-Match") == first.etag
        assert "If-Modified-Since" in server.requests[1][1]
        assert path.read_bytes() == (lists_dir / UN).read_bytes()


def test_several_files_of_one_list(lists_dir, tmp_path):
    with serve({"/cons.xml": lists_dir / OFAC, "/un.xml": lists_dir / UN}, mode="no304") as server:
        results = _fetch(server, "ofac", {"CONSOLIDATED.XML": "/cons.xml", "OTHER.XML": "/un.xml"}, tmp_path)
        assert [r.status for r in results] == ["downloaded", "downloaded"]
        names = sorted(p.name for p in tmp_path.iterdir())
        assert names == [".CONSOLIDATED.XML.meta.json", ".OTHER.XML.meta.json", "CONSOLIDATED.XML", "OTHER.XML"]
        again = _fetch(server, "ofac", {"CONSOLIDATED.XML": "/cons.xml", "OTHER.XML": "/un.xml"}, tmp_path)
        assert [r.status for r in again] == ["downloaded", "downloaded"]  # server ignores If-None-Match


def test_retry_after_server_error(lists_dir, tmp_path):
    waits: list[float] = []
    with serve({"/un.xml": lists_dir / UN}, mode="flaky") as server:
        (result,) = _fetch(server, "un", {"un.xml": "/un.xml"}, tmp_path, retries=2, backoff=0.5, sleep=waits.append)
    assert result.status == "downloaded"
    assert result.attempts == 2
    assert waits == [0.5]
    assert len(server.requests) == 2


def test_server_errors_exhaust_retries(lists_dir, tmp_path):
    with serve({}, mode="missing") as server, pytest.raises(FetchError, match="HTTP 404") as err:
        _fetch(server, "un", {"un.xml": "/un.xml"}, tmp_path, retries=3)
    assert len(server.requests) == 1  # a 404 is not retried
    assert err.value.url.startswith("http://127.0.0.1:")


def test_timeout_gives_a_clear_error(lists_dir, tmp_path):
    with serve({"/un.xml": lists_dir / UN}, mode="slow", delay=2.0) as server:
        with pytest.raises(FetchError, match=r"failed after 2 attempt\(s\): timed out after 0.2 s"):
            _fetch(server, "un", {"un.xml": "/un.xml"}, tmp_path, timeout=0.2, retries=1)
    assert not list(tmp_path.iterdir())  # no partial file left


def test_error_page_does_not_replace_a_good_copy(lists_dir, tmp_path):
    with serve({"/un.xml": lists_dir / UN}) as server:
        _fetch(server, "un", {"un.xml": "/un.xml"}, tmp_path)
    good = (tmp_path / "un.xml").read_bytes()
    meta = meta_path(tmp_path / "un.xml").read_text()
    with serve({"/un.xml": lists_dir / UN}, mode="html") as server:
        with pytest.raises(FetchError, match="not a known list, old copy kept"):
            _fetch(server, "un", {"un.xml": "/un.xml"}, tmp_path)
    assert (tmp_path / "un.xml").read_bytes() == good
    assert meta_path(tmp_path / "un.xml").read_text() == meta
    assert sorted(p.name for p in tmp_path.iterdir()) == [".un.xml.meta.json", "un.xml"]


def test_size_limit(lists_dir, tmp_path):
    with serve({"/un.xml": lists_dir / UN}) as server, pytest.raises(FetchError, match="over the limit"):
        _fetch(server, "un", {"un.xml": "/un.xml"}, tmp_path, max_bytes=1000)
    assert not list(tmp_path.iterdir())


def test_unknown_list_and_bad_scheme(tmp_path):
    with pytest.raises(FetchError, match="unknown list"):
        fetch_list("nope", tmp_path, urls={})
    with pytest.raises(FetchError, match="only http and https"):
        fetch_list("x", tmp_path, urls={"x": {"f": "file:///etc/passwd"}})


def test_official_urls_cover_every_list():
    assert set(OFFICIAL_URLS) == {"un", "ofac", "eu", "uk", "interpol", "opensanctions"}
    assert set(OFFICIAL_URLS["ofac"]) == {"SDN.XML", "CONSOLIDATED.XML"}
    assert all(url.startswith("https://") for files in OFFICIAL_URLS.values() for url in files.values())
