"""Text encoding: UTF-8 with or without BOM, else ISO-8859-1 / Windows-1252, always handed on as UTF-8.

The decision is made once per input, from a full scan (loaders.read.scan): an input is UTF-8 when all of
it decodes as UTF-8 (an incomplete character at the very end is a truncated file, not another
encoding). Otherwise it is read as Windows-1252 when it has bytes 0x80-0x9f (curly quotes, dashes,
the euro sign) and as ISO-8859-1 when it does not; the five bytes cp1252 leaves undefined keep their
ISO-8859-1 meaning. Double-encoded UTF-8 inside strings ("LicitaciÃ³n") is left alone here: the
normaliser repairs it per field.
"""
from __future__ import annotations

import codecs
import io
from typing import BinaryIO

from loaders.read.items import Correction
from loaders.read.limits import CHUNK_BYTES
from loaders.read.scan import BOM, Scan


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Bytes cp1252 does not define (0x81, 0x8d, 0x8f, 0x90, 0x9d) decode as in ISO-8859-1."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("latin-1"), exc.end


codecs.register_error("obras_latin1", _latin1_fallback)


def choose_encoding(scan: Scan) -> str:
    """The encoding label stored in sources.encoding: utf-8, utf-8-sig, cp1252 or iso-8859-1."""
    if scan.utf8:
        return "utf-8-sig" if scan.bom else "utf-8"
    return "cp1252" if scan.has_c1 else "iso-8859-1"


def encoding_corrections(scan: Scan, where: str = "(file)") -> list[Correction]:
    """One Correction per source-level repair: a removed BOM, a non-UTF-8 encoding decoded."""
    fixes = []
    if scan.utf8 and scan.bom:
        fixes.append(Correction(field=where, old_value="UTF-8 byte order mark (EF BB BF)", new_value="",
                                rule="bom_removed"))
    if not scan.utf8:
        encoding = choose_encoding(scan)
        fixes.append(Correction(
            field=where, old_value=f"not UTF-8 (first invalid byte at offset {scan.bad_byte_at})",
            new_value=f"decoded as {'Windows-1252' if encoding == 'cp1252' else 'ISO-8859-1'}",
            rule="encoding_latin1"))
    return fixes


def _codec(scan: Scan) -> str | None:
    """The codec to transcode from, or None when the bytes are UTF-8 already."""
    if scan.utf8:
        return None
    return "cp1252" if scan.has_c1 else "latin-1"


def to_utf8(data: bytes, scan: Scan) -> bytes:
    """The input's bytes as UTF-8 without BOM (a truncated last character is dropped)."""
    codec = _codec(scan)
    if codec is None:
        if data.startswith(BOM):
            data = data[len(BOM):]
        if scan.utf8_truncated_tail:
            data = data.decode("utf-8", errors="ignore").encode("utf-8")
        return data
    return data.decode(codec, errors="obras_latin1").encode("utf-8")


class Utf8Reader(io.RawIOBase):
    """A binary stream that reads `raw` and returns UTF-8 bytes: BOM skipped, other encodings transcoded."""

    def __init__(self, raw: BinaryIO, scan: Scan) -> None:
        self.raw = raw
        codec = _codec(scan)
        self.decoder = codecs.getincrementaldecoder(codec or "utf-8")(
            errors="obras_latin1" if codec else "ignore")
        self.transcode = codec is not None or scan.utf8_truncated_tail
        self.skip_bom = scan.utf8 and scan.bom
        self.buffer = b""
        self.raw_consumed = 0  # bytes taken from `raw` so far (for approximate error offsets)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(CHUNK_BYTES), b""))
        want = size
        while len(self.buffer) < want:
            chunk = self.raw.read(max(want, 65536))
            if self.skip_bom:
                self.skip_bom = False
                if chunk.startswith(BOM):
                    chunk = chunk[len(BOM):]
                    self.raw_consumed += len(BOM)
            if not chunk:
                if self.transcode:
                    self.buffer += self.decoder.decode(b"", final=True).encode("utf-8")
                break
            self.raw_consumed += len(chunk)
            self.buffer += self.decoder.decode(chunk).encode("utf-8") if self.transcode else chunk
        out, self.buffer = self.buffer[:want], self.buffer[want:]
        return out

    def readinto(self, b) -> int:  # type: ignore[override]
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self.raw.close()
        finally:
            super().close()
