"""The single pass over an input's bytes (loaders.read.scan) and the decoding it decides (loaders.read.encoding)."""
from __future__ import annotations

import hashlib
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.read.encoding import Utf8Reader, choose_encoding, to_utf8
from loaders.read.scan import scan_stream

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\aé,: \n'),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(alphabet='[]{}"\\a'), children,
                                                                          max_size=4),
    max_leaves=30,
)


def depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


@settings(max_examples=300, deadline=None)
@given(json_values, st.sampled_from([1, 2, 3, 7, 64, 1 << 20]), st.booleans())
def test_depth_ignores_brackets_and_escapes_inside_strings_across_chunk_boundaries(value, chunk, ascii_only):
    data = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert scan_stream(io.BytesIO(data), chunk_bytes=chunk).max_depth == depth(value)


def test_offset_where_nesting_first_exceeds_the_limit():
    data = b'{"a":"[[[[",' + b"[" * 2000
    scan = scan_stream(io.BytesIO(data), chunk_bytes=100)
    assert scan.max_depth == 2001
    assert data[: scan.too_deep_at + 1].count(b"[") - 4 + 1 == 1025  # 1 for the "{", 4 inside the string


def test_hash_size_and_kept_bytes():
    data = b'{"releases": []}' * 1000
    scan = scan_stream(io.BytesIO(data), keep_up_to=len(data), chunk_bytes=1000)
    assert scan.sha256 == hashlib.sha256(data).hexdigest() and scan.size == len(data) and scan.data == data
    assert scan_stream(io.BytesIO(data), keep_up_to=len(data) - 1).data is None


def test_encodings_are_told_apart():
    text = '{"t":"Licitación – “obra”"}'
    assert choose_encoding(scan_stream(io.BytesIO(text.encode()))) == "utf-8"
    assert choose_encoding(scan_stream(io.BytesIO(b"\xef\xbb\xbf" + text.encode()))) == "utf-8-sig"
    assert choose_encoding(scan_stream(io.BytesIO(text.encode("cp1252")))) == "cp1252"
    latin = '{"t":"Licitación pública"}'.encode("latin-1")
    scan = scan_stream(io.BytesIO(latin))
    assert choose_encoding(scan) == "iso-8859-1" and scan.bad_byte_at == latin.index(b"\xf3")


def test_an_invalid_byte_far_into_the_file_still_makes_it_latin1():
    data = b'{"a":"' + b"x" * 3_000_000 + '", "b":"Peña"}'.encode("latin-1")
    scan = scan_stream(io.BytesIO(data))
    assert not scan.utf8 and scan.bad_byte_at == data.index(b"\xf1")
    assert json.loads(to_utf8(data, scan))["b"] == "Peña"


def test_streamed_decoding_equals_whole_decoding():
    for raw in ('{"t":"“Peña” € ü"}'.encode("cp1252"), b"\xef\xbb\xbf" + '{"t":"ñ"}'.encode(),
                '{"t":"ñ"}'.encode("latin-1") * 50_000):
        scan = scan_stream(io.BytesIO(raw))
        reader = Utf8Reader(io.BytesIO(raw), scan)
        pieces = []
        while chunk := reader.read(777):
            pieces.append(chunk)
        assert b"".join(pieces) == to_utf8(raw, scan)


def test_undefined_cp1252_bytes_keep_their_latin1_meaning():
    raw = '{"t":"“x”"}'.encode("cp1252").replace(b"x", b"\x81")
    scan = scan_stream(io.BytesIO(raw))
    assert json.loads(to_utf8(raw, scan))["t"] == "“\x81”"
