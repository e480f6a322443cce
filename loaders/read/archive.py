"""Zip and gzip inputs: each zip member and a gzip's content are read like files of their own.

Guards (thresholds in read_limits): a zip whose members declare more than MAX_UNCOMPRESSED_BYTES in
total is not read at all; a member (or gzip) that decompresses more than MAX_COMPRESSION_RATIO
times its compressed size (past RATIO_MIN_BYTES) is rejected; member names that are absolute or
climb out with ".." are rejected (nothing is ever extracted to disk, but such an archive is not
trustworthy); encrypted members and zips inside zips are rejected with a reason. Zip members are
read when their names end like the files read from folders (.json, .jsonl, .ndjson, and those
gzipped); others (and __MACOSX/, hidden files) are skipped.
"""
from __future__ import annotations

import os
import zipfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Callable, Iterator

from loaders.read import limits as read_limits
from loaders.read.encoding import choose_encoding
from loaders.read.items import Reject
from loaders.read.leaf import Leaf, read_leaf
from loaders.read.limits import MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES, RATIO_MIN_BYTES, READ_SUFFIXES
from loaders.read.scan import scan_stream
from loaders.read.streams import GuardedReader, GzipReader, SafeReader
from loaders.read.unpack import Context, Entry

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
GZIP_MAGIC = b"\x1f\x8b"


def is_hidden(name: str) -> bool:
    """Hidden files and folders, and macOS resource forks, are never read from folders or archives."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def wanted_name(name: str) -> bool:
    """Names read from folders and archives: JSON, JSON Lines, zip, and gzipped JSON."""
    lower = name.lower()
    if lower.endswith(".zip"):
        return True
    if lower.endswith(".gz"):
        inner = lower[:-3]
        return inner.endswith(READ_SUFFIXES) or "." not in os.path.basename(inner)
    return lower.endswith(READ_SUFFIXES)


def unsafe_member_name(name: str) -> bool:
    """Absolute paths, drive letters and '..' components: a path-traversal attempt."""
    normal = name.replace("\\", "/")
    if normal.startswith("/") or (len(normal) > 1 and normal[1] == ":"):
        return True
    return ".." in PurePosixPath(normal).parts


def _guarded(opener: Callable[[], BinaryIO], compressed: int) -> Callable[[], SafeReader]:
    def open_guarded() -> SafeReader:
        return SafeReader(GuardedReader(opener(), compressed, MAX_UNCOMPRESSED_BYTES,
                                        MAX_COMPRESSION_RATIO, RATIO_MIN_BYTES))
    return open_guarded


def read_gzip_leaf(opener: Callable[[], BinaryIO], compressed: int, name: str, prefix: str,
                   field: str, ctx: Context) -> Iterator[Entry]:
    """The content of a gzip stream, scanned (with the bomb guard) then read like a file."""
    def open_gzip() -> BinaryIO:
        return GzipReader(opener())

    guarded = _guarded(open_gzip, compressed)
    whole = (prefix + "byte 0").strip()
    try:
        probe = guarded()
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
        yield Reject(whole, f"cannot be read: {exc}", "")
        return
    with probe:
        scan = scan_stream(probe, keep_up_to=read_limits.WHOLE_PARSE_MAX_BYTES, hash_bytes=False)
    if probe.bomb:
        yield Reject(whole, f"not read: the gzip data {probe.bomb} (zip bomb guard)", "")
        return
    encoding = choose_encoding(scan)
    if ctx.info.format == "gzip" or encoding != "utf-8":
        ctx.info.encoding = encoding
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    yield from read_leaf(Leaf(inner_name, prefix, guarded, field), scan, ctx, stream_error=probe.error)


def read_gzip(path: Path, ctx: Context) -> Iterator[Entry]:
    """A .gz file: one member, read as the file it compresses."""
    ctx.info.format = "gzip"
    ctx.format_fixed = True
    yield from read_gzip_leaf(lambda: open(path, "rb"), path.stat().st_size, path.name, "", "(file)", ctx)


def read_zip(path: Path, ctx: Context) -> Iterator[Entry]:
    """Every wanted member of a zip, in name order, each read as an input of its own."""
    ctx.info.format = "zip"
    ctx.format_fixed = True
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield Reject("archive", f"not a readable zip archive: {exc}", "")
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        declared = sum(m.file_size for m in members)
        if declared > MAX_UNCOMPRESSED_BYTES:
            yield Reject("archive", f"not read: its members decompress to {declared:,} bytes, over the "
                         f"{MAX_UNCOMPRESSED_BYTES:,}-byte cap (zip bomb guard)", "")
            return
        read_any = False
        for member in sorted(members, key=lambda m: m.filename):
            name = member.filename
            loc = f"member {name}"
            if unsafe_member_name(name):  # before the hidden check: ".." looks hidden too
                yield Reject(loc, "unsafe member path (absolute or with '..'): not read", "")
                continue
            if is_hidden(name):
                continue
            if not wanted_name(name):
                continue
            read_any = True
            if member.flag_bits & 0x1:
                yield Reject(loc, "encrypted member: not read", "")
                continue
            if name.lower().endswith(".zip"):
                yield Reject(loc, "a zip inside a zip is not read: extract it and load it on its own", "")
                continue
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
                yield Reject(loc, f"not read: it decompresses {ratio:,.0f} times its compressed size, over "
                             f"{MAX_COMPRESSION_RATIO} (zip bomb guard)", "")
                continue
            yield from _read_member(archive, member, ctx)
        if not read_any:
            yield Reject("archive", "the zip holds no .json, .jsonl, .ndjson or .gz files", "")


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, ctx: Context) -> Iterator[Entry]:
    name = member.filename
    prefix = f"member {name} "
    field = f"member {name}"

    def opener() -> BinaryIO:
        return archive.open(member)

    if name.lower().endswith(".gz"):
        yield from read_gzip_leaf(opener, member.file_size, name, prefix, field, ctx)
        return
    guarded = _guarded(opener, member.compress_size)
    try:
        probe = guarded()
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
        yield Reject(prefix + "byte 0", f"member cannot be read: {exc}", "")
        return
    with probe:
        scan = scan_stream(probe, keep_up_to=read_limits.WHOLE_PARSE_MAX_BYTES, hash_bytes=False)
    if probe.bomb:
        yield Reject(prefix + "byte 0", f"not read: the member {probe.bomb} (zip bomb guard)", "")
        return
    encoding = choose_encoding(scan)
    if encoding != "utf-8":  # a zip's encoding is utf-8 unless a member needed another
        ctx.info.encoding = encoding
    yield from read_leaf(Leaf(name, prefix, guarded, field), scan, ctx, stream_error=probe.error)
