"""URL reading against a local http.server on 127.0.0.1 (no network): retries, caps, timeouts,
publisher bodies, and the refusal of private addresses."""
from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from loaders.read import limits as read_limits
from loaders.read.fetch import capture_project_urls, download, fetch_capture_projects
from loaders.read.items import Item, Reject, UnreadableSource
from loaders.read.inputs import open_source


def release(i: int) -> dict:
    return {"ocid": f"ocds-abc123-{i}", "id": f"ocds-abc123-{i}.v1.contract", "tag": ["contract"]}


PROJECT_PACKAGE = {"uri": "http://h/edcapi/projectPackage/7", "version": "0.9", "publisher": {"name": "x"},
                   "projects": [{"id": "oc4ids-abc-7", "title": "Puente", "budget": {}, "contractingProcesses": []}]}

ROUTES: dict[str, tuple[int, dict, bytes]] = {
    "/package.json": (200, {}, json.dumps({"uri": "u", "releases": [release(1), release(2)]}).encode()),
    "/lines.jsonl": (200, {}, b"\n".join(json.dumps(release(i)).encode() for i in range(3))),
    "/edca/contractingprocess/2023": (200, {}, json.dumps({"arrayReleasePackage": [
        {"uri": "p1", "releases": [release(1)]}, {"uri": "p2", "releases": [release(2)]}]}).encode()),
    "/edca/recordPackages/2023": (200, {}, json.dumps({"recordPackages": [
        {"uri": "r1", "records": [{"ocid": "ocds-abc123-1", "releases": [], "compiledRelease": release(1)}]}]}).encode()),
    "/release-package/ocds-missing": (200, {}, json.dumps({"message": "No se ha encontrado el registro"}).encode()),
    "/edca/cp/99": (404, {}, json.dumps({"status": 404, "message": "No existe el proceso"}).encode()),
    "/edcapi/projectpackage": (200, {}, json.dumps([
        {"id": 1, "uri": "http://h/edcapi/projectPackage/7", "publisher": [],
         "projects": [{"id": 7, "oc4ids": None, "identifier": "7", "is_public": True}]},
        {"id": 2, "uri": "http://h/edcapi/projectPackage/8", "publisher": [],
         "projects": [{"id": 8, "oc4ids": None, "identifier": "8", "is_public": False}]}]).encode()),
    "/edcapi/projectPackage/7": (200, {}, json.dumps(PROJECT_PACKAGE).encode()),
    "/edcapi/projectPackage/8": (200, {}, json.dumps({**PROJECT_PACKAGE, "projects": [
        {**PROJECT_PACKAGE["projects"][0], "id": "oc4ids-abc-8"}]}).encode()),
    "/error.html": (200, {"Content-Type": "text/html"}, b"<html><body>Service Unavailable</body></html>"),
    "/redirect-to-package": (302, {"Location": "/package.json"}, b""),
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        state = self.server.state
        path = self.path
        state.hits[path] += 1
        state.agents.append(self.headers.get("User-Agent", ""))
        if path.startswith("/flaky/"):  # /flaky/N: fails N times with 500, then succeeds
            failures = int(path.rsplit("/", 1)[1])
            if state.hits[path] <= failures:
                return self._send(500, {}, b"Internal Server Error")
            return self._send(*ROUTES["/package.json"])
        if path == "/always-500":
            return self._send(503, {}, b"down")
        if path == "/slow":
            time.sleep(1)
            return self._send(*ROUTES["/package.json"])
        if path == "/big":
            return self._send(200, {}, b"[" + b" " * 50_000 + b"]")
        if path == "/big-chunked":  # no Content-Length: the cap applies while streaming
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(20):
                chunk = b" " * 10_000
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return None
        if path in ROUTES:
            return self._send(*ROUTES[path])
        return self._send(404, {}, b"not found")

    def _send(self, status: int, headers: dict, body: bytes) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
            pass


class State:
    def __init__(self) -> None:
        self.hits: Counter = Counter()
        self.agents: list[str] = []


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("OBRAS_ALLOW_PRIVATE_URLS", "1")
    monkeypatch.setattr(read_limits, "HTTP_BACKOFF_SECONDS", 0.01)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.state = State()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd.state
    httpd.shutdown()
    httpd.server_close()


def read_url(url: str):
    info, entries = open_source(url)
    return info, list(entries)


def test_release_package_url_is_read_with_a_browser_user_agent(server):
    base, state = server
    info, entries = read_url(f"{base}/package.json")
    assert [(e.kind, e.locator) for e in entries] == [("release", "/releases/0"), ("release", "/releases/1")]
    assert info.uri == f"{base}/package.json" and info.format == "release_package" and len(info.sha256) == 64
    assert state.agents and all(a.startswith("Mozilla/5.0") for a in state.agents)


def test_json_lines_url_keeps_its_ending_as_a_hint(server):
    base, _ = server
    info, entries = read_url(f"{base}/lines.jsonl")
    assert [e.locator for e in entries] == ["line 1", "line 2", "line 3"]


def test_redirects_are_followed(server):
    base, _ = server
    _, entries = read_url(f"{base}/redirect-to-package")
    assert len(entries) == 2


def test_server_errors_are_retried_then_succeed(server):
    base, state = server
    info, entries = read_url(f"{base}/flaky/3")
    assert len(entries) == 2
    assert state.hits["/flaky/3"] == 4  # three 500s, then the 200


def test_server_errors_after_all_retries_are_unreadable(server):
    base, state = server
    with pytest.raises(UnreadableSource, match=r"always-500: HTTP 503 .*after 4 attempts"):
        open_source(f"{base}/always-500")
    assert state.hits["/always-500"] == 4


def test_not_found_is_unreadable_with_the_publishers_message_and_no_retry(server):
    base, state = server
    with pytest.raises(UnreadableSource, match="HTTP 404.*No existe el proceso"):
        open_source(f"{base}/edca/cp/99")
    assert state.hits["/edca/cp/99"] == 1


def test_timeout_is_retried_then_unreadable(server):
    base, state = server
    with pytest.raises(UnreadableSource, match="timed out after 2 attempts"):
        download(f"{base}/slow", timeout=(2, 0.3), retries=1, backoff=0.01)
    assert state.hits["/slow"] == 2


def test_body_over_the_size_cap_is_unreadable(server, monkeypatch):
    base, _ = server
    monkeypatch.setenv("OBRAS_MAX_DOWNLOAD_BYTES", "20000")
    with pytest.raises(UnreadableSource, match="download cap"):
        open_source(f"{base}/big")
    with pytest.raises(UnreadableSource, match="download cap"):
        open_source(f"{base}/big-chunked")


def test_no_temporary_file_is_left_behind(server, tmp_path, monkeypatch):
    import tempfile
    base, _ = server
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    _, entries = open_source(f"{base}/package.json")
    assert len(list(tmp_path.iterdir())) == 1  # downloaded, not yet read
    list(entries)
    assert not list(tmp_path.iterdir())
    _, entries = open_source(f"{base}/package.json")
    del entries  # dropped unread, as the pipeline does with an unchanged source
    assert not list(tmp_path.iterdir())
    monkeypatch.setenv("OBRAS_MAX_DOWNLOAD_BYTES", "100")
    with pytest.raises(UnreadableSource):
        open_source(f"{base}/big")
    assert not list(tmp_path.iterdir())


def test_publisher_not_found_message_with_200_is_a_reject(server):
    base, _ = server
    info, entries = read_url(f"{base}/release-package/ocds-missing")
    assert len(entries) == 1 and isinstance(entries[0], Reject)
    assert "No se ha encontrado" in entries[0].reason


def test_html_with_200_is_a_reject(server):
    base, _ = server
    _, entries = read_url(f"{base}/error.html")
    assert len(entries) == 1 and "HTML" in entries[0].reason


def test_capture_platform_bodies(server):
    base, _ = server
    info, entries = read_url(f"{base}/edca/contractingprocess/2023")
    assert info.format == "capture_release_packages"
    assert [e.locator for e in entries] == ["/arrayReleasePackage/0/releases/0", "/arrayReleasePackage/1/releases/0"]
    info, entries = read_url(f"{base}/edca/recordPackages/2023")
    assert info.format == "capture_record_packages" and [e.kind for e in entries] == ["record"]


def test_raw_project_list_rows_are_rejected_with_the_url_to_fetch(server):
    base, _ = server
    info, entries = read_url(f"{base}/edcapi/projectpackage")
    assert info.format == "capture_project_list"
    assert [e.reason for e in entries] == [
        "raw capture-platform row, not OC4IDS; fetch /edcapi/projectPackage/7",
        "raw capture-platform row, not OC4IDS; fetch /edcapi/projectPackage/8"]


def test_fetch_capture_projects_lists_ids_then_reads_each_project_package(server):
    base, state = server
    assert capture_project_urls(base) == [f"{base}/edcapi/projectPackage/7", f"{base}/edcapi/projectPackage/8"]
    found = []
    for info, entries in fetch_capture_projects(base):
        found += [(e.kind, e.data["id"], e.locator) for e in entries if isinstance(e, Item)]
        assert info.format == "project_package"  # known once the stream has been read
    assert found == [("project", "oc4ids-abc-7", "/projects/0"), ("project", "oc4ids-abc-8", "/projects/0")]


def test_private_addresses_are_refused_without_the_setting(server, monkeypatch):
    base, state = server
    monkeypatch.delenv("OBRAS_ALLOW_PRIVATE_URLS")
    for url in (f"{base}/package.json", "http://localhost:9/x.json", "http://169.254.169.254/latest/meta-data",
                "http://10.0.0.1/x.json", "http://[::1]:9/x.json", "http://[::ffff:127.0.0.1]/x"):
        with pytest.raises(UnreadableSource, match="private, loopback or link-local"):
            open_source(url)
    assert not state.hits  # refused before connecting


def test_redirect_to_a_private_address_is_refused(monkeypatch):
    """A public server redirecting to a private one: the target is checked too."""
    from loaders.read import fetch

    calls = defaultdict(int)

    class Response:
        status_code, reason, is_redirect, headers = 302, "Found", True, {"location": "http://127.0.0.1/secret"}

        def close(self):
            pass

    def fake_get(self, url, **kwargs):
        calls[url] += 1
        return Response()

    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):  # no DNS in tests: the public host is made up
        if host == "public.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(fetch.socket, "getaddrinfo", resolve)
    monkeypatch.setattr("requests.Session.get", fake_get)
    with pytest.raises(UnreadableSource, match="127.0.0.1"):
        download("http://public.example/x.json")
    assert list(calls) == ["http://public.example/x.json"]


def test_only_http_and_https_are_read():
    for url in ("ftp://example.org/x.json", "file:///etc/passwd"):
        with pytest.raises(UnreadableSource, match="only http and https"):
            open_source(url)
