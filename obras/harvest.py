"""`obras harvest`: fetch what the publishers changed and load it, from cron or a systemd timer.

For each catalogue entry (data/sources.toml, obras/sources.py) the addresses to fetch are worked out
(the INAI platform's fiscal years then one /edca/contractingprocess/{year} each, its project list then
each project package, the SMPU's years, a CKAN package's resources, or one file). Each address is asked
with a conditional request (If-None-Match / If-Modified-Since from what the last answer said), through
the project's safe fetch (loaders/read/fetch.py: public addresses only, timeouts, retries, size cap).

- 304, or the same bytes as last time: unchanged, nothing loaded.
- New bytes that are data: kept as `<harvest dir>/<entry>/<name>.json` (one file per address, replaced
  by each new version, so `sources.uri` names the address's copy and the versions of one address can be
  compared: obras.changes' "unpublished" rule) and loaded with obras.update (staging, atomic swap,
  rejects, corrections, the record of changes). One load per implementer; the state of the addresses it
  loaded is written in the same staging copy, so a failed load is fetched and loaded again next time.
- A network or HTTP failure, or an answer that is not data (an HTML page, a login page, a publisher's
  message such as INAI's 200 {"message": "No se ha encontrado ..."}): reported for its entry, recorded
  in harvest_state (failures + 1, the previous ETag kept), and the other entries carry on.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote, urlsplit

import duckdb
import orjson

from core import settings
from loaders.read import fetch
from loaders.read import limits as read_limits
from loaders.read.detect import classify_object
from loaders.read.items import UnreadableSource
from obras.sources import Source, load_catalogue, select

SNIFF_BYTES = 64 * 1024  # what is read of a body to tell data from an error page
STATUSES = ("changed", "unchanged", "empty", "failed", "not_data")
_LOGIN = re.compile(rb"(?i)type=[\"']?password|iniciar sesi|log ?in\b|sign ?in\b")
_TITLE = re.compile(rb"(?is)<title[^>]*>(.*?)</title>")


@dataclass
class Document:
    """One address of an entry and what happened to it."""

    source: str
    url: str
    name: str
    status: str = "failed"
    detail: str = ""
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    path: str | None = None
    temp: Path | None = None  # the new body, before it replaces the kept copy


@dataclass
class HarvestReport:
    """What a harvest did: every document, the loads' reports, the changes recorded."""

    documents: list[Document] = field(default_factory=list)
    loads: list[Any] = field(default_factory=list)
    load_errors: dict[str, str] = field(default_factory=dict)  # implementer -> error
    run_ids: list[str] = field(default_factory=list)

    def by_source(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for d in self.documents:
            out.setdefault(d.source, {}).setdefault(d.status, 0)
            out[d.source][d.status] += 1
        return out

    @property
    def failed(self) -> bool:
        return any(d.status in ("failed", "not_data") for d in self.documents) or bool(self.load_errors)


# ---- addresses ---------------------------------------------------------------------------------------

def _years(source: Source, since: date | None, today: date) -> list[int]:
    first = max(source.first_year or today.year, since.year if since else 0)
    return list(range(first, today.year + 1))


def documents(source: Source, since: date | None, get_json: Callable[[str], Any], today: date | None = None
              ) -> list[Document]:
    """The addresses to fetch for `source`; listings (fiscal years, project ids, CKAN resources) are
    fetched with `get_json` and raise UnreadableSource when they fail."""
    today = today or date.today()
    base = source.base.rstrip("/")
    if source.kind == "inai_edca":
        listed = get_json(f"{base}/edca/fiscalYears")
        rows = listed.get("fiscalYears") if isinstance(listed, dict) else None
        if not isinstance(rows, list):
            raise UnreadableSource(f"{base}/edca/fiscalYears: no fiscalYears list in the answer")
        years = sorted({int(r["year"]) for r in rows if isinstance(r, dict) and str(r.get("year", "")).isdigit()})
        # fiscalYears is set by hand and can be empty: then every year from the entry's first one
        wanted = [y for y in years if y >= (since.year if since else 0)] if years else _years(source, since, today)
        return [Document(source.id, f"{base}/edca/contractingprocess/{y}", f"edca-{y}") for y in wanted]
    if source.kind == "inai_edcapi":
        urls = fetch.capture_project_urls(base, timeout=settings.harvest_timeouts())
        return [Document(source.id, u, f"project-{_slug(u.rsplit('/', 1)[-1])}") for u in urls]
    if source.kind == "nl_smpu":
        return [Document(source.id, f"{base}?anio={_smpu_year(y)}", f"smpu-{y}") for y in _years(source, since, today)]
    if source.kind == "ckan":
        listed = get_json(source.base)
        resources = (listed.get("result") or {}).get("resources") if isinstance(listed, dict) else None
        if not isinstance(resources, list):
            raise UnreadableSource(f"{fetch.redact_url(source.base)}: no result.resources list in the answer")
        out = []
        for r in resources:
            url = r.get("url") if isinstance(r, dict) else None
            created = str(r.get("created") or "")[:10] if isinstance(r, dict) else ""
            if isinstance(url, str) and url.startswith(("http://", "https://")) and not (
                    since and created and created < since.isoformat()):
                out.append(Document(source.id, url, f"resource-{_slug(str(r.get('id') or url))}"))
        return out
    return [Document(source.id, source.base, "document")]  # kind url


def _smpu_year(year: int) -> str:
    """The SMPU's year parameter, [{"value":"YYYY"}], URL-encoded."""
    return quote(orjson.dumps([{"value": str(year)}]).decode(), safe="")


def _slug(text: str) -> str:
    """A short, safe file name for an address's part (with a hash, so two never collide)."""
    clean = re.sub(r"[^A-Za-z0-9._-]+", "_", text)[-60:].strip("._") or "x"
    return f"{clean}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"


# ---- one request -------------------------------------------------------------------------------------

def _fetch_body(url: str, headers: dict[str, str], timeout: tuple[float, float], retries: int,
                backoff: float) -> tuple[int, dict[str, str], Path | None]:
    """GET through the project's safe fetch (its checked session, redirects, retries, body deadline and
    size cap) with extra request headers; (status, response headers, body file or None for a 304)."""
    cap = settings.max_download_bytes()
    seconds = read_limits.HTTP_TOTAL_TIMEOUT
    ends = time.monotonic() + seconds
    with fetch._session() as session:  # noqa: SLF001 - the same checked session every download uses
        session.headers.update(headers)
        response = fetch._get(session, url, timeout, retries, backoff)  # noqa: SLF001
        with response:
            got = {k.lower(): v for k, v in response.headers.items()}
            if response.status_code == 304:
                return 304, got, None
            path = fetch.save_body(url, response, ends, seconds, cap, prefix="obras-harvest-", suffix=".json")
            return response.status_code, got, path


def not_data(path: Path) -> str | None:
    """Why a body is not data (an HTML or login page, a publisher's message, not JSON), or None."""
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        return "an empty answer"
    if text[:1] == b"<":
        title = _TITLE.search(text)
        named = f" ({title.group(1).decode('utf-8', 'replace').strip()[:80]})" if title else ""
        return (f"a login page{named}" if _LOGIN.search(text) else f"an HTML page{named}")
    if text[:1] not in (b"{", b"["):
        return f"not JSON (it starts with {text[:30].decode('utf-8', 'replace')!r})"
    if text[:1] == b"{" and len(head) < SNIFF_BYTES:
        try:
            obj = orjson.loads(text)
        except orjson.JSONDecodeError:
            return None  # broken JSON is the loader's to reject, with its place
        if isinstance(obj, dict) and classify_object(obj) == "message":
            message = obj.get("message") or obj.get("error") or obj.get("msg")
            return f"a message from the publisher: {str(message)[:150]!r}"
    return None


def fetch_document(doc: Document, state: dict[str, Any] | None, since: date | None,
                   timeout: tuple[float, float], retries: int, backoff: float) -> Document:
    """Ask for one address conditionally; fill in its status (and its new body in doc.temp)."""
    state = state or {}
    headers: dict[str, str] = {}
    if state.get("etag"):
        headers["If-None-Match"] = state["etag"]
    if state.get("last_modified"):
        headers["If-Modified-Since"] = state["last_modified"]
    elif since:
        headers["If-Modified-Since"] = format_datetime(datetime(since.year, since.month, since.day,
                                                                tzinfo=timezone.utc), usegmt=True)
    doc.etag, doc.last_modified, doc.sha256 = state.get("etag"), state.get("last_modified"), state.get("sha256")
    doc.path = state.get("path")
    try:
        status, got, body = _fetch_body(doc.url, headers, timeout, retries, backoff)
    except UnreadableSource as exc:
        text = fetch.redact_text(str(exc))
        # the INAI platform answers 404 with a message for a year with nothing published
        if " HTTP 404" in text and "/edca/contractingprocess/" in doc.url:
            doc.status, doc.detail = "empty", text
        else:
            doc.status, doc.detail = "failed", text
        return doc
    if body is None:
        doc.status, doc.detail = "unchanged", "304 Not Modified"
        return doc
    why = not_data(body)
    if why:
        body.unlink(missing_ok=True)
        doc.status, doc.detail = "not_data", f"HTTP {status}: {why}"
        return doc
    sha = _sha256(body)
    modified = _parse_http_date(got.get("last-modified"))
    if sha == state.get("sha256") or (since and modified and modified.date() < since):
        body.unlink(missing_ok=True)
        doc.status = "unchanged"
        doc.detail = "same bytes as last time" if sha == state.get("sha256") else f"not modified since {since}"
        return doc
    doc.status, doc.detail, doc.temp, doc.sha256 = "changed", f"HTTP {status}", body, sha
    doc.etag, doc.last_modified = got.get("etag"), got.get("last-modified")
    return doc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024**2), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _parse_http_date(text: str | None) -> datetime | None:
    try:
        return parsedate_to_datetime(text) if text else None
    except (TypeError, ValueError):
        return None


# ---- state -------------------------------------------------------------------------------------------

def read_state(db: str | Path | None) -> dict[str, dict[str, Any]]:
    """harvest_state by address ({} for a new database or one made before harvests existed)."""
    path = settings.db_path(db)
    if not path.exists():
        return {}
    con = duckdb.connect(str(path), read_only=True)
    try:
        if not con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = 'harvest_state'").fetchall():
            return {}
        cur = con.execute("SELECT * FROM harvest_state")
        names = [d[0] for d in cur.description]
        return {row[0]: dict(zip(names, row)) for row in cur.fetchall()}
    finally:
        con.close()


def write_state(con: duckdb.DuckDBPyConnection, docs: list[Document], state: dict[str, dict[str, Any]]) -> None:
    """Record the documents' outcome in harvest_state (inside a staging connection)."""
    at = datetime.now(timezone.utc).replace(tzinfo=None)
    for d in docs:
        old = state.get(d.url, {})
        failed = d.status in ("failed", "not_data")
        con.execute("DELETE FROM harvest_state WHERE url = ?", [d.url])
        con.execute(
            "INSERT INTO harvest_state VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [d.url, d.source, old.get("etag") if failed else d.etag,
             old.get("last_modified") if failed else d.last_modified,
             old.get("sha256") if failed else d.sha256, d.path or old.get("path"), d.status, d.detail or None, at,
             at if d.status == "changed" else old.get("changed_at"),
             (old.get("failures") or 0) + 1 if failed else 0])


# ---- the run -----------------------------------------------------------------------------------------

class ProgressBar:
    """A plain progress bar on stderr: redrawn in place on a terminal, one line per step otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 28):
        self.total, self.done, self.width = max(total, 1), 0, width
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        filled = int(self.width * self.done / self.total)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} {label}"
        self.stream.write(("\r" + line[:120].ljust(120)) if self.tty else line + "\n")
        if self.tty and self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def harvest(ids: list[str] | None = None, since: date | None = None, db: str | Path | None = None,
            catalogue: Path | None = None, timeout: tuple[float, float] | None = None,
            retries: int | None = None, backoff: float | None = None, refresh: bool = True,
            stream: TextIO | None = None, today: date | None = None,
            progress: Callable[[str, str, int, int], None] | None = None) -> HarvestReport:
    """Fetch what changed for the catalogue's entries `ids` (default: the enabled ones) and load it.

    `progress(source_id, status, done, total)` is called after each address is asked (the upload page
    shows one bar per source with it), beside the terminal bar written to `stream`.

    A failure of one entry or address never stops the others; it is in the report and in harvest_state.
    Raises only for a wrong catalogue or an unknown id (obras.sources.CatalogueError)."""
    from obras.update import update  # update imports the whole refresh

    sources = select(load_catalogue(catalogue), ids)
    timeout = timeout or settings.harvest_timeouts()
    retries = read_limits.HTTP_RETRIES if retries is None else retries
    backoff = read_limits.HTTP_BACKOFF_SECONDS if backoff is None else backoff
    state = read_state(db)
    report = HarvestReport()

    def get_json(url: str) -> Any:
        return fetch.fetch_json(url, timeout=timeout, retries=retries, backoff=backoff)

    planned: list[tuple[Source, list[Document]]] = []
    for source in sources:
        try:
            planned.append((source, documents(source, since, get_json, today)))
        except UnreadableSource as exc:  # the listing failed: the entry is reported, the others go on
            planned.append((source, [Document(source.id, source.base, "listing", "failed",
                                              fetch.redact_text(str(exc)))]))
    bar = ProgressBar(sum(len(docs) for _, docs in planned), stream)
    for source, docs in planned:
        for doc in docs:
            if doc.status == "failed" and doc.name == "listing":
                bar.step(f"{source.id}: listing failed")
            else:
                fetch_document(doc, state.get(doc.url), since, timeout, retries, backoff)
                bar.step(f"{source.id} {doc.name}: {doc.status}")
            report.documents.append(doc)
            if progress is not None:
                progress(source.id, doc.status, bar.done, bar.total)

    keep = settings.harvest_dir(db)
    implementer_of = {s.id: s.implementer for s in sources}
    groups: dict[str | None, list[Document]] = {}
    for doc in report.documents:
        if doc.status == "changed":
            folder = keep / doc.source
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{doc.name}.json"
            shutil.move(str(doc.temp), target)
            doc.path, doc.temp = str(target), None
            groups.setdefault(implementer_of[doc.source], []).append(doc)
    pending = [d for d in report.documents if d.status != "changed"]
    state_written = False
    for n, (implementer, docs) in enumerate(groups.items()):
        last = n == len(groups) - 1
        # the other documents' state goes with the last load: one staging copy for everything
        ds = docs + (pending if last else [])
        try:
            report.loads += update([d.path for d in docs], db=db, implementer=implementer, refresh=refresh,
                                   origins={d.path: d.source for d in docs},
                                   also=lambda con, ds=ds: write_state(con, ds, state))
            state_written = last
        except Exception as exc:  # noqa: BLE001 - one implementer's failed load never stops the others
            message = fetch.redact_text(f"{type(exc).__name__}: {exc}".splitlines()[0])
            report.load_errors[implementer or "-"] = message
            for d in docs:
                d.status, d.detail = "failed", f"load failed: {message}"
            pending += docs
    if pending and not state_written and _worth_writing(pending, state):
        from core.database import staging

        with staging(settings.db_path(db)) as con:
            write_state(con, pending, state)
    return report


def _worth_writing(docs: list[Document], state: dict[str, dict[str, Any]]) -> bool:
    """A database copy just to note "asked again, still unchanged" is not worth it; failures and new
    addresses are."""
    return any(d.status in ("failed", "not_data") or d.url not in state or state[d.url].get("status") != d.status
               for d in docs)


def print_report(report: HarvestReport, out: TextIO | None = None) -> None:
    """The harvest's outcome, per entry and per address, for the terminal."""
    out = out or sys.stdout
    for source, counts in report.by_source().items():
        print(f"{source}: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())), file=out)
        for d in report.documents:
            if d.source == source and d.status in ("failed", "not_data", "changed"):
                print(f"  {d.status:9} {fetch.redact_url(d.url)}  {d.detail}", file=out)
    for implementer, message in report.load_errors.items():
        print(f"load failed for implementer {implementer}: {message}", file=out)
