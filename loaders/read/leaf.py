"""One byte stream of JSON text (a file, a gzip's content, a zip member) -> Items and Rejects.

The stream has been scanned once (loaders.read.scan) before: its encoding and nesting depth are known,
and small ones are already in memory.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterator

import orjson

from loaders.read import detect
from loaders.read.encoding import Utf8Reader, encoding_corrections, to_utf8
from loaders.read.items import Reject
from loaders.read.parse import Where, final_rejects_only, read_lines, read_streamed, read_whole
from loaders.read.limits import JSON_LINES_SUFFIXES, MAX_ITEM_DEPTH
from loaders.read.scan import BOM, Scan
from loaders.read.streams import LimitedReader, SkipReader
from loaders.read.unpack import Context, Entry

_PROBE_LINE_BYTES = 1024**2
# First character of any JSON text (NaN/Infinity are tried too: the tolerant parser accepts them).
_JSON_START = b'{["-0123456789tfnNI'


@dataclass
class Leaf:
    """A stream of JSON text that can be opened again from its start."""

    name: str  # file or member name, for the JSON Lines hint and messages
    prefix: str  # locator prefix ("" for a file, "member a/b.json " in a zip)
    opener: Callable[[], BinaryIO]  # a fresh binary stream of the raw (decompressed) bytes
    field: str = "(file)"  # Correction.field for source-level repairs of this stream


def is_json_lines_name(name: str) -> bool:
    """JSON Lines by name (.jsonl, .ndjson, also .jsonl.gz)."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return lower.endswith(JSON_LINES_SUFFIXES)


def opens_a_document(scan: Scan, opener: Callable[[], BinaryIO]) -> bool:
    """A file named as JSON Lines whose first line opens an OCDS or OC4IDS document that closes on a later
    line (pretty-printed JSON, or an array of packages one a line): its content decides, not its name.

    Publishers name such files .jsonl too (ocdskit's own test data has one): read line by line, every
    line would be rejected. A JSON Lines file whose first line is merely cut short ("{" alone, as in
    Cardinal's fixtures) never closes that bracket, and one whose lines only make up something else
    ("{" then "}") holds nothing to load either way: both are still read line by line."""
    if scan.first_end is None:
        return False
    text = scan.head.lstrip(BOM + b" \t\r\n")
    end = text.find(b"\n")
    if end < 0 or not text[:end].rstrip().endswith((b"[", b"{")):  # such a line is never a whole value
        return False
    if scan.first_end > _PROBE_LINE_BYTES:
        return True  # a megabyte-long first document is no broken line
    if scan.data is not None:
        first = scan.data[: scan.first_end]
    else:
        with opener() as raw:  # the raw bytes: first_end counts them
            first = raw.read(scan.first_end)
    text = first.decode("utf-8" if scan.utf8 else "cp1252", errors="replace").lstrip("\ufeff")
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError:
        return False
    return detect.document_format(doc) != "unknown"


def read_leaf(leaf: Leaf, scan: Scan, ctx: Context, stream_error: str | None = None) -> Iterator[Entry]:
    """Every item in one scanned stream; never raises for what the bytes contain."""
    whole = (leaf.prefix + "byte 0").strip()
    if scan.head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in scan.head[:64]:
        # JSON text never holds a raw NUL byte: UTF-16 (PowerShell's Out-File default) or binary data.
        yield Reject(whole, "UTF-16 text or binary data, not UTF-8 JSON: save it as UTF-8", detect.excerpt_of(scan.head))
        return
    ctx.info.corrections.extend(encoding_corrections(scan, leaf.field))
    if scan.blank:
        if stream_error:
            yield Reject(whole, f"unreadable compressed data: {stream_error}", "")
        elif scan.size == 0:
            yield Reject(whole, "empty file (0 bytes)", "")
        else:
            yield Reject(whole, f"the file holds only whitespace ({scan.size} bytes)", detect.excerpt_of(scan.head))
        return
    start = scan.head.lstrip(BOM + b" \t\r\n")[:1]
    if start not in _JSON_START:
        yield Reject(whole, _not_json(scan.head), detect.excerpt_of(scan.head.lstrip(BOM)))
        return
    ctx.check_depth = ctx.check_depth or scan.max_depth > MAX_ITEM_DEPTH
    where = Where(prefix=leaf.prefix, bom=len(BOM) if scan.utf8 and scan.bom else 0,
                  codec=None if scan.utf8 else ("cp1252" if scan.has_c1 else "latin-1"),
                  stream_error=stream_error, too_deep_at=scan.too_deep_at)

    def opener(cut: bool = True, skip: int = 0) -> BinaryIO:
        raw = leaf.opener()
        if skip:
            raw = SkipReader(raw, skip)
        if cut and scan.too_deep_at is not None:  # ijson must never see that depth; lines are safe
            raw = LimitedReader(raw, scan.too_deep_at - skip)
        if scan.utf8 and not scan.bom and not scan.utf8_truncated_tail:
            return raw
        return Utf8Reader(raw, scan)

    lines = is_json_lines_name(leaf.name) and not opens_a_document(scan, leaf.opener)
    if scan.data is not None:
        yield from final_rejects_only(read_whole(to_utf8(scan.data, scan), ctx, where, hint_lines=lines))
        return

    def load_whole() -> bytes:
        with leaf.opener() as raw:
            return to_utf8(b"".join(iter(lambda: raw.read(1024**2), b"")), scan)

    if lines or _first_line_is_document(lambda: opener(cut=False)):
        if lines:
            ctx.set_format("releases_jsonl")
        with io.BufferedReader(opener(cut=False), buffer_size=1024**2) as stream:  # type: ignore[arg-type]
            yield from final_rejects_only(read_lines(stream, ctx, where))
        return
    first_end = scan.first_end
    rest = None if first_end is None or first_end >= (scan.too_deep_at or scan.size) else \
        (first_end, lambda: opener(skip=first_end))
    yield from final_rejects_only(read_streamed(opener, scan.size, ctx, where, load_whole, rest))


def _first_line_is_document(opener: Callable[[], BinaryIO]) -> bool:
    """A large input whose first line is a whole JSON value, followed by more: JSON Lines.

    Only a short first line is tried: a longer one is read as concatenated JSON, which gives the same
    items (located by document instead of line) without holding a long line in memory."""
    with io.BufferedReader(opener(), buffer_size=1024**2) as stream:  # type: ignore[arg-type]
        line = stream.readline(_PROBE_LINE_BYTES)
        if not line.endswith(b"\n"):
            return False
        try:
            orjson.loads(line)
        except orjson.JSONDecodeError:
            return False
        rest = stream.read(4096)
        return bool(rest.strip())


def _not_json(head: bytes) -> str:
    what = detect.describe_not_json(head)
    return what if what != "not JSON" else "not JSON: the text does not start like JSON"
