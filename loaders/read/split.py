"""Cut the elements of a document's item array (`releases`, `records`, a top-level array...) out of
the byte stream, so that each is parsed with orjson: about four times faster than building them
with ijson, with the same flat memory (one element and one chunk at a time).

Only well-formed text is handled: at the first surprise (text cut short, an element that is not
JSON, a key that never comes) SplitError is raised and the caller carries on with ijson from the
element where this stopped, which reports the problem the usual way.
"""
from __future__ import annotations

import re
from typing import BinaryIO, Iterator

import numpy as np

from loaders.read.limits import CHUNK_BYTES, MAX_ELEMENT_BYTES

_FIND_LIMIT = 16 * 1024**2  # the container key must show up within the first 16 MB
_WS = b" \t\r\n"


class SplitError(Exception):
    """The text is not as expected; fall back to ijson."""


class TrailingContent(Exception):
    """More text follows the first document (concatenated JSON, or junk)."""


def _neutral(text: bytes) -> bytes:
    """Same-length copy where escaped backslashes and escaped quotes cannot be taken for structure."""
    if b"\\" in text:
        return text.replace(b"\\\\", b"__").replace(b'\\"', b"__")
    return text


# bytes.translate with this table marks the structural bytes " , [ ] { } (faster than numpy indexing).
_STRUCTURAL = bytes(1 if b in b'",[]{}' else 0 for b in range(256))


class _Structure:
    """Quotes, commas and brackets of successive segments, with the depth after each and whether each
    is outside strings (only those bytes are looked at: a fifth of the text, or less)."""

    def __init__(self, depth: int = 0) -> None:
        self.depth = depth
        self.in_string = False

    def analyse(self, text: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(positions, bytes, depth after, outside strings, inside a string after) of the structural bytes."""
        neutral = _neutral(text)
        a = np.frombuffer(neutral, dtype=np.uint8)
        pos = np.flatnonzero(np.frombuffer(neutral.translate(_STRUCTURAL), dtype=np.bool_))
        b = a[pos]
        quotes = b == 34
        parity = np.cumsum(quotes, dtype=np.uint8) & 1  # wraps at 256; only the parity matters
        inside_after = parity == (0 if self.in_string else 1)
        outside = ~inside_after & ~quotes
        delta = ((b == 91) | (b == 123)).astype(np.int8)
        delta -= ((b == 93) | (b == 125))
        depth = np.cumsum(delta * outside, dtype=np.int32) + self.depth
        if b.size:
            self.depth = int(depth[-1])
            self.in_string = bool(inside_after[-1])
        return pos, b, depth, outside, inside_after


def split_elements(stream: BinaryIO, key: str | None, chunk_bytes: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The raw bytes of each element of the array at top-level `key` (or of the top-level array).

    Raises SplitError when the text is not well formed, TrailingContent when more follows the document.
    """
    buf = b""
    while True:  # find where the array starts
        chunk = stream.read(chunk_bytes)
        if not chunk:
            raise SplitError("the item array was not found")
        buf += chunk
        head = buf.rstrip(b"\\")
        start = _array_start(head, _Structure().analyse(head), key)
        if start is not None:
            break
        if len(buf) > _FIND_LIMIT:
            raise SplitError("the item array was not found near the start")
    level = 2 if key else 1  # depth inside the item array
    # Restart the analysis from the array's first element, with the state there. The text is analysed a
    # chunk at a time; the current element is kept as a list of pieces joined once when it ends (linear
    # time), runs of whitespace outside strings are squeezed to one space as they are read (padding holds
    # no memory), and an element beyond MAX_ELEMENT_BYTES is not kept at all: it is read to its end and
    # handed on as an OversizedElement, which the caller rejects.
    structure = _Structure(level)
    element = _Element()
    index = 0
    consumed = start  # bytes of the stream before `data`
    data = buf[start:]
    del buf
    closed: bytes | None = None  # the text after the array's "]" in the last chunk read
    while True:
        # A run of backslashes at the end waits for what it escapes: an even number of them is complete
        # (escaped backslashes), an odd one keeps its last backslash for the next chunk.
        run = len(data) - len(data.rstrip(b"\\"))
        ready = len(data) - (run & 1)
        text, data = data[:ready], data[ready:]
        if text:
            was_in_string = structure.in_string
            pos, b, depth, outside, inside_after = structure.analyse(text)
            commas = pos[(b == 44) & outside & (depth == level)]
            closes = pos[(b == 93) & outside & (depth == level - 1)]
            end = int(closes[0]) if closes.size else None
            piece_start = 0
            for comma in commas:
                comma = int(comma)
                if end is not None and comma > end:
                    break
                element.add(text, piece_start, comma, pos, inside_after, was_in_string)
                yield element.finish(index, consumed + comma)
                index += 1
                piece_start = comma + 1
            if end is not None:
                element.add(text, piece_start, end, pos, inside_after, was_in_string)
                if element.empty():
                    if index > 0:
                        raise SplitError("empty array element")
                else:
                    yield element.finish(index, consumed + end)
                closed = text[end + 1:] + data
                break
            element.add(text, piece_start, len(text), pos, inside_after, was_in_string)
            consumed += len(text)
        chunk = stream.read(chunk_bytes)
        if not chunk:
            raise SplitError("the text ends inside the item array")
        data = data + chunk if data else chunk
    after_array = _Structure(level - 1)  # the state just after the array's "]"
    _check_document_end(stream, closed, after_array, chunk_bytes)


class OversizedElement:
    """An element longer than MAX_ELEMENT_BYTES (whitespace outside strings not counted): read to its end
    but not kept. `index` is its position in the array, `offset` the byte where it ends, `size` its
    bytes (at least MAX_ELEMENT_BYTES), `head` its first bytes (for the reject's excerpt)."""

    def __init__(self, index: int, offset: int, size: int, head: bytes) -> None:
        self.index, self.offset, self.size, self.head = index, offset, size, head

    @property
    def reason(self) -> str:
        return (f"array element {self.index} is larger than {MAX_ELEMENT_BYTES // 1024**2} MB "
                f"(at least {self.size:,} bytes, ending near byte {self.offset}); not read "
                f"(the cap is OBRAS_MAX_ELEMENT_BYTES)")


_LONG_WS = re.compile(rb"[ \t\r\n]{128,}")  # indentation is shorter; padding longer runs is squeezed


class _Element:
    """The pieces of the element being read, whitespace runs outside strings squeezed."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_ELEMENT_BYTES if limit is None else limit
        self.pieces: list[bytes] = []
        self.size = 0
        self.head = b""
        self.oversized = False

    def add(self, text: bytes, lo: int, hi: int, pos: np.ndarray, inside_after: np.ndarray,
            was_in_string: bool) -> None:
        """Add text[lo:hi]; `pos`/`inside_after` are the structural analysis of `text`, `was_in_string`
        the state before it."""
        if hi <= lo:
            return
        out: list[bytes] = []
        cut = lo
        # Without a newline, tab, carriage return or two spaces in a row, no whitespace run is longer
        # than one byte: four memchr-speed finds spare most texts the regex scan, which was three
        # quarters of the splitting time on compact (one-line) files.
        squeeze = (text.find(b"\n", lo, hi) >= 0 or text.find(b"  ", lo, hi) >= 0
                   or text.find(b"\t", lo, hi) >= 0 or text.find(b"\r", lo, hi) >= 0)
        for match in (_LONG_WS.finditer(text, lo, hi) if squeeze else ()):
            k = int(np.searchsorted(pos, match.start())) - 1
            in_string = bool(inside_after[k]) if k >= 0 else was_in_string
            if not in_string:
                out.append(text[cut:match.start()])
                out.append(b" ")
                cut = match.end()
        out.append(text[cut:hi])
        for piece in out:
            if not piece:
                continue
            if not self.head and piece.strip(_WS):
                self.head = piece.lstrip(_WS)[:200]
            self.size += len(piece)
            if self.oversized:
                continue
            self.pieces.append(piece)
            if self.size > self.limit:
                self.oversized = True
                self.pieces = []

    def empty(self) -> bool:
        return not self.head

    def finish(self, index: int, offset: int) -> bytes | OversizedElement:
        """The element's bytes (or an OversizedElement), and start the next one."""
        oversized, size, head = self.oversized, self.size, self.head
        text = b"".join(self.pieces).strip(_WS)
        self.pieces, self.size, self.head, self.oversized = [], 0, b"", False
        if oversized:
            return OversizedElement(index, offset, size, head)
        if not text:
            raise SplitError("empty array element")
        return text


def _array_start(head: bytes, analysis: tuple, key: str | None) -> int | None:
    """Index just after the '[' that opens the item array, or None if not seen yet."""
    pos, b, depth, outside, inside_after = analysis
    if key is None:
        if not pos.size:
            return None
        first = int(pos[0])
        if b[0] != 91 or head[:first].strip(_WS):
            raise SplitError("the document is not an array")
        return first + 1
    pattern = re.compile(b'"' + re.escape(key.encode()) + rb'"[ \t\r\n]*:[ \t\r\n]*\[')
    for match in pattern.finditer(_neutral(head)):
        k = int(np.searchsorted(pos, match.start()))
        # A key of the top-level object: its quote opens a string at depth 1, after "{" or ",".
        if depth[k] == 1 and inside_after[k] and k > 0 and outside[k - 1] and b[k - 1] in (123, 44):
            return match.end()
    return None


def _check_document_end(stream: BinaryIO, rest: bytes, structure: _Structure, chunk_bytes: int) -> None:
    """Read to the end of the top-level document (its keys after the array are not needed), then make
    sure nothing but whitespace follows it."""
    while structure.depth > 0:
        ready = rest.rstrip(b"\\")
        if ready:
            pos, _, depth, _, _ = structure.analyse(ready)
            ends = pos[depth == 0]
            if ends.size:
                rest = rest[int(ends[0]) + 1:]
                break
            rest = rest[len(ready):]
        chunk = stream.read(chunk_bytes)
        if not chunk:
            raise SplitError("the text ends inside the document")
        rest += chunk
    while True:
        if rest.strip(_WS):
            raise TrailingContent()
        rest = stream.read(chunk_bytes)
        if not rest:
            return
