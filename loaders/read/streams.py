"""Small binary stream wrappers the readers stack on each other (count, limit, guard, swallow errors)."""
from __future__ import annotations

import io
import zlib
from typing import BinaryIO


class _Wrapper(io.RawIOBase):
    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self.raw.close()
        finally:
            super().close()


class CountingReader(_Wrapper):
    """Counts the bytes taken so far (parsers read ahead, so offsets from it are approximate)."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__(raw)
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.consumed += len(data)
        return data


class LimitedReader(_Wrapper):
    """Ends the stream after `limit` bytes (the reader stops before nesting it must not parse)."""

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        super().__init__(raw)
        self.left = limit

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        want = self.left if size is None or size < 0 else min(size, self.left)
        data = self.raw.read(want)
        self.left -= len(data)
        return data


class SkipReader(_Wrapper):
    """Starts the stream `skip` bytes in (read and dropped: zip and gzip streams cannot seek)."""

    def __init__(self, raw: BinaryIO, skip: int) -> None:
        super().__init__(raw)
        self.skip = skip

    def read(self, size: int = -1) -> bytes:
        while self.skip > 0:
            dropped = self.raw.read(min(self.skip, 1024**2))
            if not dropped:
                break
            self.skip -= len(dropped)
        return self.raw.read(size)


class BombError(Exception):
    """Decompressed data grew past the size cap or the compression-ratio cap."""


class GuardedReader(_Wrapper):
    """Raises BombError once the decompressed bytes exceed `cap`, or `ratio` times the compressed size
    (checked from `ratio_min` bytes on)."""

    def __init__(self, raw: BinaryIO, compressed: int, cap: int, ratio: int, ratio_min: int) -> None:
        super().__init__(raw)
        self.total = 0
        self.limit = min(cap, max(ratio_min, ratio * max(compressed, 1)))
        self.cap, self.ratio = cap, ratio

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.total += len(data)
        if self.total > self.limit:
            if self.total > self.cap:
                raise BombError(f"decompresses to more than {self.cap:,} bytes, the cap")
            raise BombError(f"decompresses more than {self.ratio} times its compressed size")
        return data


class SafeReader(_Wrapper):
    """Turns a decompression error into the end of the stream and remembers it: what came before it
    is still read, and the reader reports the break."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__(raw)
        self.error: str | None = None
        self.bomb: str | None = None

    def read(self, size: int = -1) -> bytes:
        if self.error:
            return b""
        try:
            return self.raw.read(size)
        except BombError as exc:
            self.error = self.bomb = str(exc)
        except Exception as exc:  # gzip.BadGzipFile, EOFError, zlib.error, zipfile.BadZipFile (CRC)
            self.error = f"{type(exc).__name__}: {exc}"
        return b""


class GzipReader(_Wrapper):
    """Decompresses gzip (several members too) and, unlike gzip.GzipFile, hands over everything
    decompressed before a truncation or corruption; the error is raised on the next read."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__(raw)
        self.decompressor = zlib.decompressobj(wbits=31)
        self.pending = b""  # compressed bytes not yet fed
        self.error: Exception | None = None
        self.finished = False
        self.started = False

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(1024**2), b""))
        want = size
        out: list[bytes] = []
        have = 0
        while have < want and not self.finished:
            if self.error is not None:
                if out:
                    break
                raise self.error
            if not self.pending:
                self.pending = self.decompressor.unconsumed_tail or self.raw.read(65536)
                if not self.pending:
                    if not self.decompressor.eof or not self.started:
                        self.error = EOFError("the gzip data ends before its end-of-stream marker")
                        continue
                    self.finished = True
                    break
            try:
                data = self.decompressor.decompress(self.pending, want - have)
            except zlib.error as exc:
                self.error, self.pending = exc, b""
                continue
            self.started = True
            self.pending = self.decompressor.unconsumed_tail
            if data:
                out.append(data)
                have += len(data)
            if self.decompressor.eof:
                rest = self.decompressor.unused_data + self.pending
                self.pending = b""
                if rest.strip(b"\x00"):  # another gzip member follows
                    self.decompressor = zlib.decompressobj(wbits=31)
                    self.pending = rest
                else:
                    tail = self.raw.read(65536)
                    if tail.strip(b"\x00"):
                        self.decompressor = zlib.decompressobj(wbits=31)
                        self.pending = tail
                    else:
                        self.finished = True
        return b"".join(out)
