"""Alerts as an Atom feed (RFC 4287) for a filtered view, and a tiny read-only server for it.

    obras feed-server --port 8502 --db data/obras.duckdb
    http://localhost:8502/feed?state=14&implementer=jal-guadalajara&supplier=acme&indicator=OA-P1

No account and nothing personal: the feed is a function of the query string and the database, and the
server keeps no log of who asks (BaseHTTPRequestHandler.log_message is silenced). The XML is built with
xml.etree, which escapes every text from the data.
"""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import duckdb

from core import settings
from obras import changes

ATOM = "http://www.w3.org/2005/Atom"
FILTERS = ("state", "implementer", "supplier", "indicator")
DEFAULT_DAYS = 30  # what a feed lists when the query gives no `since`
MAX_ENTRIES = 500


def feed_address(base: str | None = None, **filters: str | None) -> str:
    """The feed's address for a view: the configured base (OBRAS_FEED_URL) plus the filters set."""
    query = {k: v for k, v in filters.items() if k in FILTERS and v}
    base = base or settings.feed_url()
    return f"{base}?{urlencode(query)}" if query else base


def profile_link(change: dict, app_url: str) -> str:
    """The dashboard page of the change's subject (the profiles take ?ocid= and ?project=)."""
    base = app_url.rstrip("/")
    if change.get("ocid"):
        return f"{base}/proceso?{urlencode({'ocid': change['ocid']})}"
    if change.get("subject_type") == "project":
        return f"{base}/proyecto?{urlencode({'project': change['subject_id']})}"
    return f"{base}/novedades?{urlencode({'implementer': change.get('implementer_id') or ''})}"


def entry_id(change: dict) -> str:
    """A stable IRI for one change (the same change always gets the same id)."""
    key = "|".join(str(change.get(k) or "") for k in ("run_id", "kind", "subject_type", "subject_id", "field"))
    return f"urn:obras-abiertas:change:{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def _iso(value: datetime) -> str:
    return value.replace(tzinfo=timezone.utc, microsecond=0).isoformat()


def build(rows: list[dict], self_url: str, app_url: str, title: str = "Obras Abiertas: novedades") -> bytes:
    """The Atom document (UTF-8 bytes) listing `rows` (obras.changes.read output)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:obras-abiertas:feed:{hashlib.sha256(self_url.encode()).hexdigest()[:32]}"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    newest = max((r["recorded_at"] for r in rows), default=datetime(2000, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _iso(newest)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Obras Abiertas"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    for row in rows:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id(row)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = changes.describe(row)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _iso(row["recorded_at"])
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=profile_link(row, app_url))
        ET.SubElement(entry, f"{{{ATOM}}}category", term=row["kind"])
        details = [f"{k}: {row[k]}" for k in ("kind", "field", "before", "after", "implementer_id", "state_code",
                                               "suppliers", "origin", "source_id") if row.get(k) is not None]
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = "\n".join(details)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def feed_for_query(con: duckdb.DuckDBPyConnection, query: str, self_url: str, app_url: str) -> bytes:
    """The feed for a query string (state, implementer, supplier, indicator, since=YYYY-MM-DD)."""
    params = {k: v[0] for k, v in parse_qs(query).items() if v}
    since = None
    if params.get("since"):
        try:
            since = datetime.fromisoformat(params["since"][:10])
        except ValueError:
            since = None
    since = since or changes.now() - timedelta(days=DEFAULT_DAYS)
    rows = changes.read(con, since=since, state=params.get("state"), implementer=params.get("implementer"),
                        supplier=params.get("supplier"), indicator=params.get("indicator"), limit=MAX_ENTRIES)
    return build(rows, self_url, app_url)


def serve(port: int, db: str | Path | None = None, host: str = "127.0.0.1", app_url: str = "http://localhost:8501",
          ready=None) -> None:
    """Serve GET /feed?... read-only from the database until interrupted."""
    path = settings.db_path(db)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            if parts.path.rstrip("/") != "/feed":
                self.send_error(404, "only /feed is served")
                return
            try:
                con = duckdb.connect(str(path), read_only=True)
            except duckdb.Error:
                self.send_error(503, "the database is not available")
                return
            try:
                body = feed_for_query(con, parts.query, feed_address(**{k: v[0] for k, v in
                                                                        parse_qs(parts.query).items()}), app_url)
            finally:
                con.close()
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # nothing about who asked is kept
            return

    httpd = ThreadingHTTPServer((host, port), Handler)
    if ready is not None:
        ready(httpd)
    try:
        httpd.serve_forever()
    finally:
        httpd.server_close()
