"""Checks on data handed to the "Cargar datos" page: password, size, file type (by name AND content), URL.

Pure functions (no Streamlit), so every rule is tested on its own. Each check returns None when the
input passes, else a reason code; the page turns codes into labels (ui/labels/profiles.py,
"upload_reason_<code>").
"""
from __future__ import annotations

import gzip
import hmac
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import urlsplit

# extension -> the kind of content it must hold
EXTENSIONS = {".json": "json", ".jsonl": "json", ".ndjson": "json", ".zip": "zip", ".gz": "gzip"}
UPLOAD_TYPES = ("json", "jsonl", "ndjson", "zip", "gz")  # for st.file_uploader(type=...)
SNIFF_BYTES = 64 * 1024
_BOMS = (b"\xef\xbb\xbf",)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def configured_password(secrets: Mapping[str, Any] | None, environ: Mapping[str, str]) -> str | None:
    """The upload password: st.secrets["upload_password"], else OBRAS_UPLOAD_PASSWORD; None when neither
    is set to a non-blank value (then uploads are refused)."""
    for value in ((secrets or {}).get("upload_password"), environ.get("OBRAS_UPLOAD_PASSWORD")):
        if isinstance(value, str) and value.strip():
            return value
    return None


def password_ok(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; always False when no password is configured or none was given."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def check_size(size: int, cap: int) -> str | None:
    """"empty" for 0 bytes, "too_large" above `cap` bytes, else None."""
    if size <= 0:
        return "empty"
    if size > cap:
        return "too_large"
    return None


def extension_kind(filename: str) -> str | None:
    """"json", "zip" or "gzip" from the file name's last extension, else None."""
    suffix = PurePosixPath(filename.lower()).suffix
    return EXTENSIONS.get(suffix)


def _looks_like_json(head: bytes) -> bool:
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
    stripped = head.lstrip(b" \t\r\n")
    return stripped[:1] in (b"{", b"[")


def sniff(content: bytes) -> str | None:
    """What the bytes are: "zip", "gzip" (of JSON), "json" (JSON or JSON Lines), or None."""
    if content.startswith(b"PK\x03\x04") or content.startswith(b"PK\x05\x06"):
        return "zip"
    if content.startswith(b"\x1f\x8b"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(content)) as gz:
                head = gz.read(SNIFF_BYTES)
        except (OSError, EOFError, gzip.BadGzipFile):
            return None
        return "gzip" if _looks_like_json(head) else None
    return "json" if _looks_like_json(content[:SNIFF_BYTES]) else None


def _zip_has_data(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            return any(extension_kind(n) in ("json", "gzip") and not n.endswith("/")
                       for n in zf.namelist() if "__MACOSX" not in n)
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def check_file(filename: str, content: bytes, cap: int) -> str | None:
    """None when an uploaded file may be loaded; else "empty", "too_large", "extension" (not
    .json/.jsonl/.ndjson/.zip/.gz), "content" (bytes are not what the name says) or "zip_without_json"."""
    reason = check_size(len(content), cap)
    if reason:
        return reason
    expected = extension_kind(filename)
    if expected is None:
        return "extension"
    if sniff(content) != expected:
        return "content"
    if expected == "zip" and not _zip_has_data(content):
        return "zip_without_json"
    return None


def safe_filename(filename: str, index: int = 0) -> str:
    """A name safe to write in a temp folder: the base name only, odd characters replaced, the
    extension kept (the loader detects .gz/.zip by it); prefixed by `index` so names never collide."""
    base = PureWindowsPath(PurePosixPath(filename).name).name  # strips both / and \ folders
    base = _SAFE_NAME.sub("_", base) or "upload"
    if base.startswith("."):  # no hidden files, no "..": keep the extension after a plain stem
        base = "upload" + (base if base.strip(".") else "")
    return f"{index:03d}-{base[-120:]}"


def check_url(url: str) -> str | None:
    """None for an absolute http(s) URL with a host; else "url_scheme" or "url_invalid". (Private
    addresses are refused by the loader's fetch, which resolves the name; see OBRAS_ALLOW_PRIVATE_URLS.)"""
    url = (url or "").strip()
    if not url or any(c.isspace() for c in url):
        return "url_invalid"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        return "url_invalid"
    if parts.scheme.lower() not in ("http", "https"):
        return "url_scheme"
    if not parts.hostname:
        return "url_invalid"
    return None


# --- password guessing ---------------------------------------------------------------------------------
# After FREE_FAILURES wrong passwords a key (a session, a client address) waits a delay that doubles with
# each further failure (1 s, 2 s, 4 s ... up to MAX_DELAY_SECONDS); after LOCKOUT_FAILURES it is locked
# out for LOCKOUT_SECONDS. While a key waits, no password is even compared (the right one is refused
# too). Failures are forgotten FORGET_SECONDS after the last one.
FREE_FAILURES = 3
BASE_DELAY_SECONDS = 1.0
MAX_DELAY_SECONDS = 300.0
LOCKOUT_FAILURES = 20
LOCKOUT_SECONDS = 900.0
FORGET_SECONDS = 3600.0
MAX_KEYS = 100_000  # the table never grows past this (oldest keys dropped)


class Throttle:
    """Failed attempts per key with a growing delay and a lockout; thread-safe, clock injectable."""

    def __init__(self, clock: Any = None) -> None:
        import threading
        import time

        self._clock = clock or time.monotonic
        self._lock = threading.Lock()
        self._keys: dict[str, tuple[int, float]] = {}  # key -> (failures, time of the last failure)

    @staticmethod
    def delay(failures: int) -> float:
        """Seconds a key with `failures` failures waits after its last one."""
        if failures >= LOCKOUT_FAILURES:
            return LOCKOUT_SECONDS
        if failures < FREE_FAILURES:
            return 0.0
        return min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES))

    def _state(self, key: str, now: float) -> tuple[int, float]:
        failures, last = self._keys.get(key, (0, 0.0))
        if failures and now - last > max(FORGET_SECONDS, self.delay(failures)):
            self._keys.pop(key, None)
            return 0, 0.0
        return failures, last

    def wait(self, *keys: str) -> float:
        """Seconds before any of `keys` may try again (0 when all may)."""
        now = self._clock()
        with self._lock:
            waits = []
            for key in keys:
                failures, last = self._state(key, now)
                waits.append(max(0.0, last + self.delay(failures) - now) if failures else 0.0)
        return max(waits, default=0.0)

    def failure(self, *keys: str) -> int:
        """Record a failed attempt for every key; the largest failure count among them."""
        now = self._clock()
        most = 0
        with self._lock:
            for key in keys:
                failures, _ = self._state(key, now)
                self._keys.pop(key, None)
                self._keys[key] = (failures + 1, now)
                most = max(most, failures + 1)
            while len(self._keys) > MAX_KEYS:
                self._keys.pop(next(iter(self._keys)))
        return most

    def success(self, *keys: str) -> None:
        """Forget the failures of `keys` (the session that got the password right)."""
        with self._lock:
            for key in keys:
                self._keys.pop(key, None)

    def failures(self, key: str) -> int:
        with self._lock:
            return self._state(key, self._clock())[0]


PASSWORD_THROTTLE = Throttle()  # one per server process, shared by every session


def throttle_keys(session_id: str | None, address: str | None) -> tuple[str, str]:
    """The keys an attempt counts against: its session and its client address (None = localhost)."""
    return f"session:{session_id or '?'}", f"address:{address or 'local'}"


def attempt_digest(given: str) -> str:
    """A digest of an attempted password, to tell a new attempt from a rerun (never logged)."""
    import hashlib

    return hashlib.sha256(given.encode("utf-8", "surrogatepass")).hexdigest()


def check_password_attempt(given: str | None, expected: str | None, keys: tuple[str, ...],
                           throttle: Throttle, seen: dict, log: Any = None) -> tuple[str, float]:
    """("ok" | "wrong" | "wait" | "none", seconds to wait) for one run of the page.

    `seen` is the session's own memory (st.session_state): a rerun with the same attempt is not a new
    attempt (neither counted again nor delayed once accepted). Failed attempts are logged with the
    session, the address and the count, never the password."""
    if not given:
        return "none", 0.0
    digest = attempt_digest(given)
    if seen.get("upl_ok") == digest:
        return "ok", 0.0
    if seen.get("upl_failed") == digest:
        return "wrong", throttle.wait(*keys)
    wait = throttle.wait(*keys)
    if wait > 0:
        if log is not None:
            log.warning("upload password attempt refused while throttled (%s, %.0f s to wait)",
                        ", ".join(keys), wait)
        return "wait", wait
    if password_ok(given, expected):
        throttle.success(keys[0])
        seen["upl_ok"] = digest
        seen.pop("upl_failed", None)
        return "ok", 0.0
    count = throttle.failure(*keys)
    seen["upl_failed"] = digest
    seen.pop("upl_ok", None)
    if log is not None:
        log.warning("wrong upload password (%s, failure %d)", ", ".join(keys), count)
    return "wrong", throttle.wait(*keys)
