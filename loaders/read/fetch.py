"""Downloads over http(s), safely: only http/https, no private addresses, a size cap, retries.

- A browser-like User-Agent (INFOCDMX answers 500 and Nuevo León 403 to others).
- Connect/read timeouts; 3 retries with exponential backoff on 5xx, 429, timeouts and dropped
  connections; any other 4xx is final.
- Private, loopback, link-local and other non-global addresses are refused (also after each
  redirect, which is followed by hand) unless OBRAS_ALLOW_PRIVATE_URLS is set: the name is checked
  before connecting, and the address actually connected to is checked again before anything is sent,
  so a DNS answer that changes in between (DNS rebinding) is caught too. (Through a proxy set in the
  environment only the name is checked: the proxy connects.)
- The body goes to a temporary file, never past core.settings.max_download_bytes(), and within a total
  deadline (read_limits.HTTP_TOTAL_TIMEOUT, OBRAS_HTTP_TOTAL_TIMEOUT).
"""
from __future__ import annotations

import ipaddress
import os
import re
import socket
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import orjson
import requests
import requests.adapters
import urllib3
import urllib3.connection

from loaders.read import limits as read_limits
from loaders.read.items import Item, Reject, SourceInfo, UnreadableSource
from loaders.read.limits import HTTP_MAX_REDIRECTS, USER_AGENT
from core import settings

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})


def is_url(text: str) -> bool:
    """Anything with a scheme, http(s) or not (open_source refuses the others with a reason)."""
    return "://" in text[:16]


def check_url(url: str) -> None:
    """Raise UnreadableSource unless `url` is http(s) to a public address (or private ones are allowed)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise UnreadableSource(f"{url}: only http and https URLs are read")
    host = parts.hostname
    if not host:
        raise UnreadableSource(f"{url}: no host in the URL")
    if settings.flag("OBRAS_ALLOW_PRIVATE_URLS"):
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise UnreadableSource(f"{url}: bad port ({exc})") from None
    try:
        infos = _resolve(host, port)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnreadableSource(f"{url}: cannot resolve {host} ({exc})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if _is_private(address):
            raise UnreadableSource(f"{url}: {host} is a private, loopback or link-local address ({address}); "
                                   "set OBRAS_ALLOW_PRIVATE_URLS=1 to allow it")


def _resolve(host: str, port: int) -> list:
    """The addresses the name resolves to now (a function of its own so that tests can stand in for DNS)."""
    return socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)


def _is_private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def _check_peer(sock: socket.socket, host: str) -> None:
    """Refuse a connection that ended at a private address, whatever the name resolved to before."""
    if settings.flag("OBRAS_ALLOW_PRIVATE_URLS"):
        return
    try:
        address = ipaddress.ip_address(sock.getpeername()[0].split("%")[0])
    except (OSError, ValueError, IndexError):
        return  # not an IP socket: nothing to compare
    if _is_private(address):
        sock.close()
        raise UnreadableSource(f"{host}: connected to a private, loopback or link-local address ({address}) "
                               "although the name resolved to a public one; set OBRAS_ALLOW_PRIVATE_URLS=1 to allow it")


class _CheckedHTTPConnection(urllib3.connection.HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock, self.host)
        return sock


class _CheckedHTTPSConnection(urllib3.connection.HTTPSConnection):
    def _new_conn(self) -> socket.socket:  # before TLS: nothing is sent to a refused address
        sock = super()._new_conn()
        _check_peer(sock, self.host)
        return sock


class _CheckedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _PublicOnlyAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter whose connections check the address they reached."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _CheckedHTTPPool, "https": _CheckedHTTPSPool}


def _session() -> requests.Session:
    session = requests.Session()
    adapter = _PublicOnlyAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json, */*;q=0.8",
                            "Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    return session


def _get(session: requests.Session, url: str, timeout: tuple[float, float], retries: int,
         backoff: float) -> requests.Response:
    """GET with safe redirects and retries; the response is open for streaming."""
    attempt = 0
    while True:
        try:
            response = _follow(session, url, timeout)
        except (requests.Timeout, requests.ConnectionError) as exc:
            if attempt >= retries:
                kind = "timed out" if isinstance(exc, requests.Timeout) else "connection failed"
                raise UnreadableSource(f"{url}: {kind} after {retries + 1} attempts ({type(exc).__name__})") from None
        except requests.RequestException as exc:
            raise UnreadableSource(f"{url}: {type(exc).__name__}: {exc}") from None
        else:
            if response.status_code < 400:
                return response
            if response.status_code not in RETRY_STATUSES or attempt >= retries:
                detail = _error_detail(response)
                response.close()
                raise UnreadableSource(f"{url}: HTTP {response.status_code} {response.reason or ''}"
                                       f"{' after ' + str(attempt + 1) + ' attempts' if attempt else ''}"
                                       f"{': ' + detail if detail else ''}".strip())
            response.close()
        attempt += 1
        time.sleep(backoff * 2 ** (attempt - 1))


def _follow(session: requests.Session, url: str, timeout: tuple[float, float]) -> requests.Response:
    for _ in range(HTTP_MAX_REDIRECTS + 1):
        check_url(url)
        response = session.get(url, stream=True, timeout=timeout, allow_redirects=False)
        if response.is_redirect and response.headers.get("location"):
            target = urljoin(url, response.headers["location"])
            response.close()
            url = target
            continue
        return response
    raise UnreadableSource(f"{url}: more than {HTTP_MAX_REDIRECTS} redirects")


def _error_detail(response: requests.Response) -> str:
    """The publisher's own error message, when short (INAI's {"status":404,"message":"..."})."""
    try:
        body = response.raw.read(4096, decode_content=True)
    except Exception:  # noqa: BLE001 - the detail is optional
        return ""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return ""
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return data["message"][:200]
    return ""


def _body(url: str, response: requests.Response, deadline: float, seconds: float) -> Iterator[bytes]:
    """The decoded body in pieces as they arrive, until `deadline` (time.monotonic()).

    read1 returns what one read from the socket gives: a server sending a byte now and then can
    never hold a piece back long enough to get past the deadline (a 1 MB read would wait for 1 MB)."""
    raw = response.raw
    while True:
        if time.monotonic() > deadline:
            raise UnreadableSource(f"{url}: the download took longer than its {seconds:g}-second deadline")
        piece = raw.read1(1024**2, decode_content=True)
        if not piece:
            return
        yield piece


_SECRET_PARAM = re.compile(r"(?i)(token|key|pass|pwd|secret|sig|auth|credential|session|cookie|bearer)")
_URL_IN_TEXT = re.compile(r"(?i)\b[a-z][a-z0-9+.\-]*://[^\s\"'<>()\[\]{}]+")
REDACTED = "REDACTED"


def redact_url(url: str) -> str:
    """`url` without credentials, to print, log or store: the `user:password@` part is removed and the
    values of query (or fragment) parameters named like a token, key, password, secret, signature or
    session become REDACTED. Text that is not a URL is returned as it is."""
    if not isinstance(url, str) or "://" not in url:
        return url
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rsplit("@", 1)[-1]
        query = _redact_params(parts.query)
        fragment = _redact_params(parts.fragment) if "=" in parts.fragment else parts.fragment
        return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))
    except ValueError:  # not parseable (a broken IPv6 host...): drop everything up to the last "@"
        scheme, _, rest = url.partition("://")
        host_end = len(rest) if "/" not in rest else rest.index("/")
        return f"{scheme}://{rest[:host_end].rsplit('@', 1)[-1]}{rest[host_end:].split('?', 1)[0]}"


def _redact_params(query: str) -> str:
    if not query:
        return query
    out = []
    for pair in query.split("&"):
        name, eq, value = pair.partition("=")
        out.append(f"{name}={REDACTED}" if eq and value and _SECRET_PARAM.search(unquote(name)) else pair)
    return "&".join(out)


def redact_text(text: str) -> str:
    """Every URL inside `text` (an error message) passed through redact_url."""
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text) if isinstance(text, str) else text


def download(url: str, *args: Any, **kwargs: Any) -> Path:
    """Download `url` to a new temporary file and return its path (see _download); the errors raised
    carry the URL without its credentials (redact_url)."""
    try:
        return _download(url, *args, **kwargs)
    except UnreadableSource as exc:
        raise UnreadableSource(redact_text(str(exc))) from None


def _download(url: str, dest_dir: str | os.PathLike | None = None, *, timeout: tuple[float, float] | None = None,
             retries: int | None = None, backoff: float | None = None, max_bytes: int | None = None,
             deadline: float | None = None) -> Path:
    """Download `url` to a new temporary file and return its path (the caller deletes it).

    `deadline` is the most seconds the whole body may take (read_limits.HTTP_TOTAL_TIMEOUT by default):
    the read timeout alone lets a server that drips bytes keep a load going for ever.

    Raises UnreadableSource (one line naming the URL and why) for a refused URL, a network failure
    after retries, an HTTP error, a body over the size cap, or a download past its deadline.
    """
    cap = settings.max_download_bytes() if max_bytes is None else max_bytes
    seconds = read_limits.HTTP_TOTAL_TIMEOUT if deadline is None else deadline
    ends = time.monotonic() + seconds
    timeout = timeout or (read_limits.HTTP_CONNECT_TIMEOUT, read_limits.HTTP_READ_TIMEOUT)
    retries = read_limits.HTTP_RETRIES if retries is None else retries
    backoff = read_limits.HTTP_BACKOFF_SECONDS if backoff is None else backoff
    with _session() as session:
        response = _get(session, url, timeout, retries, backoff)
        with response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap and "gzip" not in response.headers.get(
                    "content-encoding", ""):
                raise UnreadableSource(f"{url}: {int(declared):,} bytes, over the {cap:,}-byte download cap")
            path = save_body(url, response, ends, seconds, cap, prefix="obras-", suffix=_suffix(url),
                             dest_dir=dest_dir)
    return path


def save_body(url: str, response: requests.Response, ends: float, seconds: float, cap: int, prefix: str,
              suffix: str, dest_dir: str | os.PathLike | None = None) -> Path:
    """Write a response's body to a new temporary file, within the deadline `ends` and the size `cap`;
    return its path (the caller deletes it). On any failure the partial file is removed and an
    UnreadableSource names the URL."""
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=dest_dir)
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            total = 0
            for chunk in _body(url, response, ends, seconds):
                total += len(chunk)
                if total > cap:
                    raise UnreadableSource(f"{url}: larger than the {cap:,}-byte download cap")
                out.write(chunk)
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        path.unlink(missing_ok=True)
        raise UnreadableSource(f"{url}: the download broke off ({type(exc).__name__})") from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _suffix(url: str) -> str:
    """Keep the URL's file ending (.jsonl, .json.gz, .zip) as a format hint for the reader."""
    name = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    for ending in (".json.gz", ".jsonl.gz", ".ndjson.gz", ".jsonl", ".ndjson", ".json", ".zip", ".gz"):
        if name.endswith(ending):
            return ending
    return ".json"


def fetch_json(url: str, **kwargs: Any) -> Any:
    """Download a (small) JSON document and parse it; UnreadableSource when it is not JSON."""
    path = download(url, **kwargs)
    try:
        return orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise UnreadableSource(f"{redact_url(url)}: not JSON ({exc})") from None
    finally:
        path.unlink(missing_ok=True)


def capture_project_urls(base_url: str, **kwargs: Any) -> list[str]:
    """The /edcapi/projectPackage/{id} URLs of a capture platform, listed from /edcapi/projectpackage.

    That listing is raw database rows, not OC4IDS: [{"id", "uri", "projects": [{"id": 7, ...}]}]; the
    project ids are `projects[].id` (a row without projects falls back to its own id).
    """
    base = base_url.rstrip("/")
    rows = fetch_json(f"{base}/edcapi/projectpackage", **kwargs)
    if isinstance(rows, dict):
        rows = rows.get("data") or rows.get("projects") or [rows]
    ids: list[str] = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        projects = row.get("projects")
        found = [p.get("id") for p in projects if isinstance(p, dict)] if isinstance(projects, list) else []
        for pid in found or [row.get("id")]:
            if pid is not None and str(pid) not in ids:
                ids.append(str(pid))
    return [f"{base}/edcapi/projectPackage/{pid}" for pid in ids]


def fetch_capture_projects(base_url: str, **kwargs: Any) -> Iterator[tuple[SourceInfo, Iterator[Item | Reject]]]:
    """Each OC4IDS project package of a capture platform, opened as a source of its own."""
    from loaders.read.inputs import open_source  # read imports fetch

    for url in capture_project_urls(base_url, **kwargs):
        yield open_source(url)
