"""JSON text (already UTF-8) -> Items and Rejects: whole documents, streamed documents, JSON Lines,
concatenated documents, and what is left of broken ones.

Strategy (see read_limits for the measurements):
- small inputs are parsed whole with orjson; when orjson refuses, stdlib json (which accepts NaN,
  Infinity and numbers beyond a double) parses it, and those values become null with a correction;
  when that fails too, the items completed before the error are still read (ijson over the bytes
  before the error), then one Reject names the byte where the error is;
- larger inputs are streamed: ijson reads the keys before the item array (releases, records,
  projects, arrayReleasePackage...) as package metadata, then the array's elements are cut out of
  the bytes and parsed one by one with orjson (loaders.read.split), ijson taking over at the first
  surprise; on an error, inputs up to RECOVERY_MAX_BYTES are parsed whole again to recover (items
  already handed on are skipped), larger ones end with a Reject near the byte where reading stopped;
- JSON Lines are read line by line, each line like a whole document;
- several documents one after another (concatenated JSON) are read document by document.
"""
from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Callable, Iterator

import ijson
import orjson

from loaders.read import detect, limits as read_limits
from loaders.read.items import Reject
from loaders.read.limits import CHUNK_BYTES, EXCERPT_CHARS, MAX_DOCUMENT_DEPTH, MAX_LINE_BYTES
from loaders.read.split import OversizedElement, SplitError, TrailingContent, split_elements
from loaders.read.streams import CountingReader
from loaders.read.unpack import Context, Entry, NonFinite, locator, unpack_document, unpack_member

_SNIFF_EVENTS = 200_000
_WS = " \t\r\n"


class StreamFailure(Exception):
    """ijson stopped: `message` from the parser, `offset` approximate, `trailing` when the first document
    was complete and more text followed it."""

    def __init__(self, message: str, offset: int, trailing: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.trailing = trailing


class _FinalReject(Reject):
    """The reject that ends a broken document; never skipped when recovering."""


# ---------------------------------------------------------------- tolerant stdlib parsing


def _parse_float(text: str) -> float | NonFinite:
    value = float(text)
    return value if math.isfinite(value) else NonFinite(text)


def _parse_int(text: str) -> int | float | NonFinite:
    if len(text) <= 18:
        return int(text)
    if len(text) <= 40:  # like orjson: up to 64 bits stay integers, beyond become doubles
        value = int(text)
        if -(2**63) <= value < 2**64:
            return value
    return _parse_float(text)


TOLERANT = json.JSONDecoder(parse_float=_parse_float, parse_int=_parse_int, parse_constant=NonFinite)


def tolerant_loads(text: str) -> Any:
    """stdlib json with NaN/Infinity/huge numbers as NonFinite; raises JSONDecodeError or RecursionError."""
    doc, end = TOLERANT.raw_decode(text, _skip_ws(text, 0))
    if _skip_ws(text, end) != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return doc


def _skip_ws(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in _WS:
        i += 1
    return i


# ---------------------------------------------------------------- positions and messages


@dataclass
class Where:
    """Maps positions in the UTF-8 text back to byte offsets in the input as published."""

    prefix: str = ""  # locator prefix of this input ("member x.json ")
    bom: int = 0  # bytes of BOM removed
    codec: str | None = None  # the input was transcoded from this codec
    stream_error: str | None = None  # the underlying stream broke (gzip/zip corruption)
    too_deep_at: int | None = None  # the streamed text is cut here: nesting beyond MAX_DOCUMENT_DEPTH

    def byte(self, text: str, char_pos: int) -> int:
        head = text[:char_pos]
        if self.codec:
            return self.bom + len(head.encode(self.codec, errors="replace"))
        return self.bom + len(head.encode("utf-8", errors="surrogateescape"))

    def final(self, offset: int, reason: str, excerpt: str, approximate: bool = False) -> _FinalReject:
        if self.stream_error:
            reason += f" (the compressed stream broke: {self.stream_error})"
        where = f"near byte {offset}" if approximate else f"byte {offset}"
        return _FinalReject((self.prefix + where).strip(), reason, excerpt[:EXCERPT_CHARS])


def _syntax_error(exc: json.JSONDecodeError, text: str) -> tuple[str, int]:
    """The reason and the character position of a syntax error (the end, when the text is cut short)."""
    if _skip_ws(text, exc.pos) >= len(text) or exc.msg.startswith("Unterminated string"):
        return "truncated JSON: the text ends before the JSON is complete", len(text)
    return f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", exc.pos


# ---------------------------------------------------------------- whole documents


def read_whole(data: bytes, ctx: Context, where: Where, hint_lines: bool = False) -> Iterator[Entry]:
    """Everything in a small input held in memory (UTF-8 bytes, no BOM)."""
    if hint_lines:
        ctx.set_format("releases_jsonl")
        yield from read_lines(io.BytesIO(data), ctx, where)
        return
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        if "unexpected content after document" in str(exc):
            yield from _read_several(data, ctx, where)
        else:
            yield from _read_broken(data, exc, ctx, where)
        return
    ctx.set_format(detect.document_format(doc))
    yield from unpack_document(doc, where.prefix, ctx)
    yield from _broken_stream(data, where)


def _broken_stream(data: bytes, where: Where) -> Iterator[Entry]:
    """The text parsed to its end but the compressed stream under it broke (a gzip cut at a document or
    line boundary, or in its trailer): whatever followed is missing, so say so."""
    if where.stream_error:
        yield where.final(where.bom + len(data), "the compressed stream broke after the last complete item", "",
                          approximate=True)


def _first_line_is_document(data: bytes) -> bool:
    newline = data.find(b"\n")
    if newline < 0:
        return False
    try:
        orjson.loads(data[:newline])
    except orjson.JSONDecodeError:
        return False
    return bool(data[newline:].strip())


def _read_several(data: bytes, ctx: Context, where: Where) -> Iterator[Entry]:
    """Several JSON documents in one input: JSON Lines when the first line is one, else concatenated."""
    if _first_line_is_document(data):
        yield from read_lines(io.BytesIO(data), ctx, where)
        return
    ctx.set_format("concatenated")
    text = data.decode("utf-8", errors="surrogateescape")
    i, n = _skip_ws(text, 0), 0
    while i < len(text):
        n += 1
        try:
            doc, end = TOLERANT.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            reason, pos = _syntax_error(exc, text)
            yield where.final(where.byte(text, pos), f"document {n}: {reason}", text[i: i + EXCERPT_CHARS])
            return
        except RecursionError:
            yield where.final(where.byte(text, i), f"document {n}: nested deeper than Python can parse",
                              text[i: i + EXCERPT_CHARS])
            return
        ctx.repair_nonfinite = True
        yield from unpack_document(doc, f"{where.prefix}document {n} ", ctx)
        i = _skip_ws(text, end)
    yield from _broken_stream(data, where)


def _read_broken(data: bytes, exc: orjson.JSONDecodeError, ctx: Context, where: Where) -> Iterator[Entry]:
    """orjson refused the input: try the tolerant parser, else salvage what comes before the error."""
    text = data.decode("utf-8", errors="surrogateescape")
    deep = "depth limit" in str(exc) or "recursion" in str(exc)
    if not deep:
        try:
            doc = tolerant_loads(text)
        except json.JSONDecodeError as exc2:
            reason, pos = _syntax_error(exc2, text)
        except RecursionError:
            reason, pos = f"nested deeper than {MAX_DOCUMENT_DEPTH} levels", exc.pos
        else:
            ctx.repair_nonfinite = True
            ctx.set_format(detect.document_format(doc))
            yield from unpack_document(doc, where.prefix, ctx)
            yield from _broken_stream(data, where)
            return
    else:
        reason, pos = f"nested deeper than {MAX_DOCUMENT_DEPTH} levels", exc.pos
    if not text[: min(pos, exc.pos)].strip():
        # Nothing parsed at all: say what the bytes are.
        yield where.final(where.byte(text, pos), _not_json_reason(data, reason), text[:EXCERPT_CHARS])
        return
    # Items completed before the first error are still read: stream the bytes before it.
    cut = len(text[: min(pos, exc.pos)].encode("utf-8", errors="surrogateescape"))
    try:
        yield from stream_document(lambda: io.BytesIO(data[:cut]), ctx, Where(prefix=where.prefix))
    except StreamFailure:
        pass  # the cut itself ends the stream
    yield where.final(where.byte(text, pos), reason, text[max(0, pos - 100): pos + 100])


def _not_json_reason(data: bytes, parser_reason: str) -> str:
    what = detect.describe_not_json(data[:1024])
    if what == "not JSON":
        return parser_reason if parser_reason.startswith("truncated") else f"not JSON: {parser_reason}"
    return what


# ---------------------------------------------------------------- JSON Lines


def read_lines(stream: BinaryIO, ctx: Context, where: Where) -> Iterator[Entry]:
    """One document per line; blank lines are skipped; each bad line is one Reject."""
    n = 0
    first = True
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            break
        n += 1
        loc = f"{where.prefix}line {n}"
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            yield Reject(loc, f"line longer than {MAX_LINE_BYTES // 1024**2} MB: JSON Lines hold one item per line",
                         detect.excerpt_of(line))
            rest = line
            while rest and not rest.endswith(b"\n"):
                rest = stream.readline(CHUNK_BYTES)
            continue
        body = line.strip()
        if not body:
            continue
        tolerant = False
        try:
            doc = orjson.loads(body)
        except orjson.JSONDecodeError:
            text = body.decode("utf-8", errors="surrogateescape")
            try:
                doc = tolerant_loads(text)
                tolerant = True
            except json.JSONDecodeError as exc:
                reason = _syntax_error(exc, text)[0]
                if not text.lstrip().startswith(("{", "[", '"')) and detect.describe_not_json(body) != "not JSON":
                    reason = detect.describe_not_json(body)
                yield Reject(loc, reason, text[:EXCERPT_CHARS])
                continue
            except RecursionError:
                yield Reject(loc, f"nested deeper than {MAX_DOCUMENT_DEPTH} levels", text[:EXCERPT_CHARS])
                continue
        if first:
            first = False
            ctx.set_format(_lines_format(doc))
        # Only values from the tolerant parser need the NonFinite walk.
        ctx.repair_nonfinite = tolerant
        yield from unpack_document(doc, loc + " ", ctx)
        ctx.repair_nonfinite = False
    if where.stream_error:
        yield _FinalReject(f"{where.prefix}line {n + 1}", "the compressed stream broke here "
                           f"({where.stream_error}); anything after it is missing", "")


def _lines_format(doc: Any) -> str:
    if isinstance(doc, dict):
        kind = detect.classify_object(doc)
        if kind == "release":
            return "compiled_releases_jsonl" if detect.is_compiled(doc) else "releases_jsonl"
    return "concatenated"


# ---------------------------------------------------------------- streaming


@dataclass
class Sniff:
    """The start of a document, read event by event: what it is and its package metadata."""

    top: str = "empty"  # object | array | scalar | empty | error
    container: str | None = None  # the wrapper key whose array holds the items
    meta: dict = field(default_factory=dict)  # keys before that array
    keys: list[str] = field(default_factory=list)
    first: Any = None  # an array's first element, when small enough to build
    error: str | None = None


def sniff(stream: BinaryIO, backend: Any = ijson) -> Sniff:
    """Find the top-level shape and the container array, building only the keys that come before it."""
    result = Sniff()
    events = backend.parse(stream, use_float=True, multiple_values=True)
    try:
        _, event, value = next(events)
        if event == "start_array":
            result.top = "array"
            _, event, value = next(events)
            if event in ("start_map", "start_array"):
                result.first = _build(event, value, events)
            return result
        if event != "start_map":
            result.top = "scalar"
            return result
        result.top = "object"
        budget = _SNIFF_EVENTS
        for prefix, event, value in events:
            if prefix == "" and event == "end_map":
                return result
            if prefix == "" and event == "map_key":
                key = value
                result.keys.append(key)
                _, event, value = next(events)
                if key in detect.CONTAINERS and event == "start_array" and not _is_record(result.keys):
                    result.container = key
                    return result
                result.meta[key] = _build(event, value, events, budget)
            budget -= 1
            if budget <= 0:
                return result
    except StopIteration:
        return result
    except (ijson.JSONError, ValueError, _TooBig) as exc:
        result.error = str(exc)
    return result


class _TooBig(Exception):
    pass


def _is_record(keys: list[str]) -> bool:
    return "ocid" in keys or any(k in keys for k in detect.RECORD_KEYS)


def _build(event: str, value: Any, events: Iterator, budget: int = _SNIFF_EVENTS) -> Any:
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1 if event in ("start_map", "start_array") else 0
    while depth:
        _, event, value = next(events)
        builder.event(event, value)
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
        budget -= 1
        if budget < 0:
            raise _TooBig("metadata too large to sniff")
    return builder.value


def stream_document(opener: Callable[[], BinaryIO], ctx: Context, where: Where,
                    backend: Any = ijson) -> Iterator[Entry]:
    """Stream the items of one large document; raises StreamFailure when the parser stops early.

    `backend` is ijson's default (yajl2_c), or its pure-Python backend, which also reads integers
    beyond 64 bits (about ten times slower, so only used to get past one)."""
    with opener() as head:
        shape = sniff(head, backend)
    if shape.top == "object" and shape.container:
        key = shape.container
        kind = detect.CONTAINERS[key]
        fmt = detect.document_format({**shape.meta, key: [shape.first] if shape.first else []})
        ctx.set_format(fmt if fmt != "unknown" else kind)
        path = f"{key}.item"
        meta = shape.meta
        make = (lambda el, i: unpack_member(kind, el, where.prefix, f"/{key}/{i}", ctx, 1, meta))
    elif shape.top == "array":
        first = shape.first if isinstance(shape.first, dict) else None
        ctx.set_format(detect.element_list_format(detect.classify_object(first), first) if first else "unknown")
        path = "item"
        make = (lambda el, i: unpack_member("element", el, where.prefix, f"/{i}", ctx, 0, None))
    else:
        yield from _stream_documents(opener, ctx, where, backend=backend)
        return
    done = 0  # elements handed on
    if backend is ijson:
        try:
            with opener() as raw:
                for text in split_elements(raw, shape.container):
                    if isinstance(text, OversizedElement):  # over read_limits.MAX_ELEMENT_BYTES: not kept
                        pointer = f"/{shape.container}/{done}" if shape.container else f"/{done}"
                        yield Reject(locator(where.prefix, pointer), text.reason, text.head[:EXCERPT_CHARS].decode("utf-8", "replace"))
                        done += 1
                        continue
                    try:
                        element = orjson.loads(text)
                    except orjson.JSONDecodeError:
                        raise SplitError("an element is not plain JSON") from None
                    yield from make(element, done)
                    done += 1
            return
        except TrailingContent:
            raise StreamFailure("trailing garbage after the first document", 0, trailing=True) from None
        except SplitError:
            pass  # ijson takes over from the element where the split stopped, and reports the problem
    with opener() as raw:
        counter = CountingReader(raw)
        i = 0
        try:
            for element in backend.items(counter, path, use_float=True):
                if i >= done:
                    yield from make(element, i)
                i += 1
        except (ijson.JSONError, ValueError) as exc:  # the Python backend raises ValueError subclasses
            message = str(exc)
            raise StreamFailure(message, counter.consumed, trailing="trailing garbage" in message) from None


def _stream_documents(opener: Callable[[], BinaryIO], ctx: Context, where: Where, first_number: int = 1,
                      backend: Any = ijson, offset: int = 0) -> Iterator[Entry]:
    """Documents one after another, each built whole (one document, or concatenated ones).

    `first_number` > 1 means the stream starts `offset` bytes in, after documents already read."""
    with opener() as raw:
        counter = CountingReader(raw)
        docs = backend.items(counter, "", use_float=True, multiple_values=True)
        try:
            pending = next(docs, _END)
            if pending is _END:
                return
            following = next(docs, _END)
            several = following is not _END or first_number > 1
            n = first_number
            ctx.set_format("concatenated" if several else detect.document_format(pending))
            yield from unpack_document(pending, f"{where.prefix}document {n} " if several else where.prefix, ctx)
            while following is not _END:
                n += 1
                doc, following = following, next(docs, _END)
                yield from unpack_document(doc, f"{where.prefix}document {n} ", ctx)
        except (ijson.JSONError, ValueError) as exc:  # the Python backend raises ValueError subclasses
            raise StreamFailure(str(exc), offset + counter.consumed) from None


_END = object()


def read_streamed(opener: Callable[[], BinaryIO], size: int, ctx: Context, where: Where,
                  load_whole: Callable[[], bytes],
                  rest: tuple[int, Callable[[], BinaryIO]] | None = None) -> Iterator[Entry]:
    """A large input, streamed; recover from a stream failure as well as its size allows.

    `rest` is (offset, opener) of the text after the first document (found by the scan), for inputs
    where more documents follow the first one."""
    count = [0]

    def counted(entries: Iterator[Entry]) -> Iterator[Entry]:
        for entry in entries:
            count[0] += 1
            yield entry

    try:
        yield from counted(stream_document(opener, ctx, where))
        if where.stream_error:
            yield where.final(size, "the compressed stream broke after the last complete item", "")
        return
    except StreamFailure as failure:
        error = failure
    if "integer overflow" in error.message and where.too_deep_at is None:
        # yajl stops at integers beyond 64 bits; the Python backend reads them (they become doubles later).
        skipped = 0
        try:
            ctx.repair_nonfinite = True  # integers beyond 64 bits become doubles, as orjson makes them
            for entry in stream_document(opener, ctx, where, backend=ijson.get_backend("python")):
                if skipped < count[0]:
                    skipped += 1
                    continue
                count[0] += 1
                skipped += 1
                yield entry
            return
        except StreamFailure as later:
            error = later
    if error.trailing and rest is not None:
        ctx.set_format("concatenated")
        try:
            yield from counted(_stream_documents(rest[1], ctx, where, first_number=2, offset=rest[0]))
            return
        except StreamFailure as later:
            error = later
    if size <= read_limits.RECOVERY_MAX_BYTES:
        # Parse it whole: exact positions, NaN/Infinity repaired; skip what was already handed on.
        ctx.check_depth = True
        skipped = 0
        for entry in read_whole(load_whole(), ctx, where):
            if isinstance(entry, _FinalReject):
                yield entry
            elif skipped < count[0]:
                skipped += 1
            else:
                yield entry
        return
    if where.too_deep_at is not None:
        yield where.final(where.too_deep_at, f"nested deeper than {MAX_DOCUMENT_DEPTH} levels; the rest of the "
                          "input is not read", "")
        return
    if "premature EOF" in error.message:
        yield where.final(size, _stream_reason(error.message), "")
        return
    yield where.final(error.offset, _stream_reason(error.message), "", approximate=True)


def _stream_reason(message: str) -> str:
    first = message.strip().splitlines()[0] if message.strip() else message
    if "premature EOF" in message:
        return "truncated JSON: the text ends before the JSON is complete"
    if "overflow" in message:
        return f"a number too big to read ({first}); the rest of the input is not read"
    return f"invalid JSON ({first}); the rest of the input is not read"


def final_rejects_only(entries: Iterator[Entry]) -> Iterator[Entry]:
    """Turn internal final rejects into plain Rejects for the caller."""
    for entry in entries:
        if isinstance(entry, _FinalReject):
            yield Reject(entry.locator, entry.reason, entry.excerpt)
        else:
            yield entry
