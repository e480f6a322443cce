"""One pass over an input's bytes: size, sha256, encoding facts and JSON nesting depth.

Done before any parsing so that the source's identity (sha256) is known up front, the text can be
decoded correctly from the first byte (a file is either UTF-8 or not, decided on all of it), and the
streaming parser is never handed nesting deep enough to exhaust memory (ijson keeps a prefix string
per level, so its memory grows with the square of the depth).
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

from loaders.read.limits import CHUNK_BYTES, MAX_DOCUMENT_DEPTH

BOM = codecs.BOM_UTF8
_C1 = re.compile(rb"[\x80-\x9f]")
_WS = b" \t\r\n"
_NOT_STRUCTURAL = bytes(b for b in range(256) if b not in b'[]{}"')
HEAD_BYTES = 4096


@dataclass
class Scan:
    """What one pass over the bytes found."""

    size: int = 0
    sha256: str = ""
    head: bytes = b""  # first bytes, for format sniffing and messages
    bom: bool = False
    utf8: bool = True
    bad_byte_at: int | None = None  # first byte that is not UTF-8
    utf8_truncated_tail: bool = False  # only the very end is an incomplete UTF-8 sequence
    has_c1: bool = False  # bytes 0x80-0x9f: cp1252 punctuation rather than ISO-8859-1 letters
    blank: bool = True  # nothing but whitespace (or nothing at all)
    max_depth: int = 0
    too_deep_at: int | None = None  # offset where nesting first exceeds MAX_DOCUMENT_DEPTH
    first_end: int | None = None  # offset just after the first top-level object or array ends
    stream_error: str | None = None  # the stream broke after `size` bytes
    data: bytes | None = None  # the whole input, when kept for whole-document parsing


class _Depth:
    """JSON nesting depth over successive chunks, ignoring brackets inside strings (vectorised)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.depth = 0
        self.in_string = False
        self.carry = b""  # a trailing run of backslashes waits for the next chunk
        self.offset = 0  # offset of the next chunk's first byte (carry excluded)
        self.max_depth = 0
        self.too_deep_at: int | None = None
        self.first_end: int | None = None  # offset just after the first top-level array/object

    def feed(self, chunk: bytes) -> None:
        data = self.carry + chunk
        start = self.offset - len(self.carry)
        self.offset += len(chunk)
        stripped = data.rstrip(b"\\")
        self.carry = data[len(stripped):]
        if not stripped:
            return
        if b"\\" in stripped:
            # Same-length replacements keep offsets: escaped backslashes, then escaped quotes, become "__".
            stripped = stripped.replace(b"\\\\", b"__").replace(b'\\"', b"__")
        # Only quotes and brackets matter: dropping every other byte first makes the vector work small.
        structural = stripped.translate(None, _NOT_STRUCTURAL)
        if not structural:
            return
        a = np.frombuffer(structural, dtype=np.uint8)
        parity = np.cumsum(a == 34, dtype=np.uint8) & 1  # wraps at 256; only the parity matters
        outside = parity == (1 if self.in_string else 0)
        depth = self._depths(a, outside)
        if depth.size:
            top = int(depth.max())
            if top > self.max_depth:
                self.max_depth = top
            too_deep = top > self.limit and self.too_deep_at is None
            first_ends = self.first_end is None and (self.depth > 0 or top > 0) and bool((depth == 0).any())
            if too_deep or first_ends:
                # Rare: redo on all bytes of the chunk to find offsets.
                exact = self._exact(stripped)
                if too_deep:
                    self.too_deep_at = start + int(np.argmax(exact > self.limit))
                if first_ends:
                    opened = np.logical_or.accumulate(exact > 0) | (self.depth > 0)
                    self.first_end = start + int(np.argmax((exact == 0) & opened)) + 1
            self.depth = int(depth[-1])
        self.in_string = self.in_string != bool(parity[-1])

    def _exact(self, text: bytes) -> np.ndarray:
        """Depth after every byte of a chunk (escapes already neutralised)."""
        full = np.frombuffer(text, dtype=np.uint8)
        parity = np.cumsum(full == 34, dtype=np.uint8) & 1
        outside = parity == (1 if self.in_string else 0)
        return np.cumsum(self._delta(full) * outside, dtype=np.int64) + self.depth

    @staticmethod
    def _delta(a: np.ndarray) -> np.ndarray:
        delta = ((a == 91) | (a == 123)).astype(np.int8)
        delta -= ((a == 93) | (a == 125))
        return delta

    def _depths(self, a: np.ndarray, outside: np.ndarray) -> np.ndarray:
        """Depth after each bracket outside strings."""
        brackets = a[outside & (a != 34)]
        return np.cumsum(self._delta(brackets), dtype=np.int64) + self.depth


def scan_stream(stream: BinaryIO, *, keep_up_to: int = 0, hash_bytes: bool = True,
                chunk_bytes: int = CHUNK_BYTES) -> Scan:
    """Read `stream` to its end once; keep the bytes when there are at most `keep_up_to` of them.

    A decompression error (corrupt gzip, bad CRC) ends the scan and is recorded in `stream_error`:
    what was read before it is still usable.
    """
    result = Scan()
    sha = hashlib.sha256() if hash_bytes else None
    decoder = codecs.getincrementaldecoder("utf-8")()
    depth = _Depth(MAX_DOCUMENT_DEPTH)
    kept: list[bytes] | None = [] if keep_up_to else None
    head = bytearray()
    offset = 0
    while True:
        try:
            chunk = stream.read(chunk_bytes)
        except Exception as exc:  # gzip.BadGzipFile, EOFError, zlib.error, zipfile.BadZipFile (CRC)
            result.stream_error = f"{type(exc).__name__}: {exc}"
            break
        if not chunk:
            break
        if sha is not None:
            sha.update(chunk)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        if kept is not None:
            if offset + len(chunk) <= keep_up_to:
                kept.append(chunk)
            else:
                kept = None
        body = chunk[3:] if offset == 0 and chunk.startswith(BOM) else chunk
        if result.blank and body.strip(_WS):
            result.blank = False
        if result.utf8:
            if not (body.isascii() and not decoder.getstate()[0]):
                pending = len(decoder.getstate()[0])
                try:
                    decoder.decode(body)
                except UnicodeDecodeError as exc:
                    result.utf8 = False
                    result.bad_byte_at = offset + (len(chunk) - len(body)) - pending + exc.start
        if not result.has_c1 and _C1.search(chunk):
            result.has_c1 = True
        depth.feed(chunk)
        offset += len(chunk)
    if result.utf8 and decoder.getstate()[0]:
        # An incomplete sequence at the very end: a file cut mid-character, not another encoding.
        result.utf8_truncated_tail = True
    result.size = offset
    result.sha256 = sha.hexdigest() if sha is not None else ""
    result.head = bytes(head)
    result.bom = result.head.startswith(BOM)
    result.max_depth = depth.max_depth
    result.too_deep_at = depth.too_deep_at
    result.first_end = depth.first_end
    if kept is not None:
        result.data = b"".join(kept)
    return result
