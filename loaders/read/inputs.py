"""Inputs -> (SourceInfo, stream of Item | Reject): files, folders, zip/gzip archives and http(s) URLs.

    for uri in expand_inputs(["data/", "https://host/edca/contractingprocess/2023"]):
        info, entries = open_source(uri)      # info.sha256 and info.bytes are known here
        for entry in entries: ...             # info.format, encoding, corrections are final after this

Folders are read recursively in sorted order; from them (and from zips) only names ending in .json,
.jsonl, .ndjson, .zip and .gz (gzipped JSON) are read, so GeoJSON (.geojson), CSV, spreadsheets and
documents sitting next to the data are skipped; hidden files and __MACOSX are skipped. A file named
explicitly is always read, whatever its name. What a file is comes from its bytes (zip and gzip
magic numbers, then JSON sniffing), never from its name alone: a name only hints JSON Lines. A zip
is one source (format "zip"); each member is read as an input of its own, located "member a/b.json
/releases/0".

Nothing in an input's content raises: empty files, non-JSON (HTML error pages), truncated or invalid
JSON, wrong types, releases without ocid, NaN/Infinity, deep nesting and archive bombs become Rejects
with a locator, and what could be read before a break is still read. Decisions:
- NaN, Infinity and numbers beyond a double become null, each logged as a Correction with rule
  nonfinite_to_null (orjson and ijson refuse them; stdlib json reads them); lone surrogate escapes
  ("\\ud800") become U+FFFD (rule lone_surrogate_replaced); integers beyond 64 bits become doubles,
  as orjson reads them. In inputs too large to parse again (RECOVERY_MAX_BYTES) NaN ends the reading.
- Items nested deeper than MAX_ITEM_DEPTH are rejected; nesting beyond 1024 levels ends the reading.
- UTF-16 (or any NUL byte) is rejected with a reason rather than guessed at.
- A versioned release is rejected (it is a record's field history, not a release).
UnreadableSource is raised only when the input cannot be read at all.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from loaders.read import archive, fetch, limits as read_limits
from loaders.read.encoding import choose_encoding
from loaders.read.items import Item, Reject, SourceInfo, UnreadableSource
from loaders.read.leaf import Leaf, read_leaf
from loaders.read.scan import scan_stream
from loaders.read.unpack import Context


def expand_inputs(inputs: list[str]) -> Iterator[str]:
    """Paths (files; folders recursively, sorted, skipping hidden files and __MACOSX) and http(s) URLs,
    in order. Raise UnreadableSource('<path>: no such file or directory') for a missing path."""
    for text in inputs:
        if fetch.is_url(text):
            yield text
            continue
        path = Path(text)
        if not path.exists():
            raise UnreadableSource(f"{text}: no such file or directory")
        if not path.is_dir():
            yield text
            continue
        yield from _walk(path)


def _walk(folder: Path) -> Iterator[str]:
    unreadable: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=lambda exc: unreadable.append(str(exc.filename))):
        dirs[:] = sorted(d for d in dirs if not archive.is_hidden(d))
        for name in sorted(files):
            if not archive.is_hidden(name) and archive.wanted_name(name):
                yield os.path.join(root, name)
        # A folder that cannot be listed is handed on, so that open_source says why.
        while unreadable:
            yield unreadable.pop(0)


def open_source(uri: str) -> tuple[SourceInfo, Iterator[Item | Reject]]:
    """Compute sha256 and size of the raw bytes first, then return the lazy stream of items.

    URLs are downloaded to a temporary file first (loaders.read.fetch), deleted once the stream is
    finished or dropped. Raises UnreadableSource when the input cannot be read at all (missing,
    permission denied, network failure after retries, over the size cap).
    """
    temp: Path | None = None
    if fetch.is_url(uri):
        path = temp = fetch.download(uri)
    else:
        path = Path(uri)
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):
                raise UnreadableSource(f"{uri}: permission denied")
            raise UnreadableSource(f"{uri}: is a folder; expand it with expand_inputs")
    info = SourceInfo(uri=fetch.redact_url(uri))  # no credentials in sources.uri or reports
    try:
        with open(path, "rb") as handle:
            scan = scan_stream(handle, keep_up_to=read_limits.WHOLE_PARSE_MAX_BYTES)
    except FileNotFoundError:
        _remove(temp)
        raise UnreadableSource(f"{uri}: no such file or directory") from None
    except PermissionError:
        _remove(temp)
        raise UnreadableSource(f"{uri}: permission denied") from None
    except OSError as exc:
        _remove(temp)
        raise UnreadableSource(f"{uri}: {exc.strerror or exc}") from None
    info.sha256, info.bytes = scan.sha256, scan.size
    ctx = Context(info)
    if scan.head.startswith(archive.ZIP_MAGIC):
        scan.data = None  # the members are read from the file
        entries = archive.read_zip(path, ctx)
    elif scan.head.startswith(archive.GZIP_MAGIC):
        scan.data = None
        entries = archive.read_gzip(path, ctx)
    else:
        info.encoding = choose_encoding(scan)
        name = path.name  # a download keeps the URL's ending (.jsonl...) as a hint
        entries = read_leaf(Leaf(name, "", lambda: open(path, "rb")), scan, ctx)
    return info, _Entries(entries, temp)


def _remove(path: Path | None) -> None:
    if path is not None:
        path.unlink(missing_ok=True)


class _Entries:
    """The stream of entries; deletes a downloaded temporary file once finished or dropped."""

    def __init__(self, entries: Iterator[Item | Reject], temp: Path | None) -> None:
        self._entries = entries
        self._temp = temp

    def __iter__(self) -> "_Entries":
        return self

    def __next__(self) -> Item | Reject:
        try:
            return next(self._entries)
        except StopIteration:
            self.close()
            raise
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        close = getattr(self._entries, "close", None)
        if close is not None:
            close()
        _remove(self._temp)
        self._temp = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - never raise from a finaliser
            pass
