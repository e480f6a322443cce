"""The checks on what the "Cargar datos" page receives (ui/upload.py) and the load glue (ui/upload_run.py)."""
from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest

from ui import upload as U
from ui.upload_run import load_files

PACKAGE = b'{"uri": "x", "releases": [{"ocid": "ocds-abc123-1", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"]}]}'


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


# ---- password -----------------------------------------------------------------------------------

def test_password_comes_from_secrets_first_then_environment():
    assert U.configured_password({"upload_password": "s3"}, {"OBRAS_UPLOAD_PASSWORD": "env"}) == "s3"
    assert U.configured_password({}, {"OBRAS_UPLOAD_PASSWORD": "env"}) == "env"
    assert U.configured_password(None, {"OBRAS_UPLOAD_PASSWORD": "env"}) == "env"


def test_blank_or_missing_password_means_not_configured():
    assert U.configured_password({"upload_password": "  "}, {"OBRAS_UPLOAD_PASSWORD": ""}) is None
    assert U.configured_password({}, {}) is None


@pytest.mark.parametrize("given,expected,ok", [
    ("clave", "clave", True), ("Clave", "clave", False), ("clave ", "clave", False), ("", "clave", False),
    (None, "clave", False), ("anything", None, False), ("", "", False), ("ñandú", "ñandú", True)])
def test_password_must_match_exactly_and_a_missing_one_never_matches(given, expected, ok):
    assert U.password_ok(given, expected) is ok


# ---- files ---------------------------------------------------------------------------------------

def test_size_cap_and_empty_files():
    assert U.check_size(0, 10) == "empty"
    assert U.check_size(11, 10) == "too_large"
    assert U.check_size(10, 10) is None
    assert U.check_file("a.json", PACKAGE, cap=len(PACKAGE) - 1) == "too_large"


@pytest.mark.parametrize("name,content", [
    ("paquete.json", PACKAGE),
    ("PAQUETE.JSON", b"\xef\xbb\xbf  \n" + PACKAGE),  # BOM and blank lines first
    ("lineas.jsonl", PACKAGE + b"\n" + PACKAGE + b"\n"),
    ("lista.json", b"[" + PACKAGE + b"]"),
    ("paquete.json.gz", gzip.compress(PACKAGE)),
    ("datos.zip", _zip({"carpeta/paquete.json": PACKAGE})),
])
def test_accepted_files(name, content):
    assert U.check_file(name, content, cap=10**6) is None


@pytest.mark.parametrize("name,content,reason", [
    ("paquete.csv", PACKAGE, "extension"),
    ("paquete", PACKAGE, "extension"),
    ("script.py", b"import os", "extension"),
    ("paquete.json", b"<html><script>alert(1)</script>", "content"),
    ("paquete.json", gzip.compress(PACKAGE), "content"),  # gzip named .json
    ("paquete.json", _zip({"a.json": PACKAGE}), "content"),  # zip named .json
    ("datos.zip", PACKAGE, "content"),  # JSON named .zip
    ("datos.gz", b"\x1f\x8b not really gzip", "content"),
    ("datos.gz", gzip.compress(b"MZ\x90\x00 an executable"), "content"),
    ("datos.zip", _zip({"leeme.txt": b"hola", "__MACOSX/._a.json": b"x"}), "zip_without_json"),
    ("vacio.json", b"", "empty"),
])
def test_refused_files_by_extension_or_content(name, content, reason):
    assert U.check_file(name, content, cap=10**6) == reason


@pytest.mark.parametrize("name", ["../../etc/passwd.json", "..\\..\\win.json", "/abs/x.json", "a b?c.json", ".json"])
def test_safe_filename_stays_in_its_folder_and_keeps_the_extension(name, tmp_path):
    safe = U.safe_filename(name, 3)
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert (tmp_path / safe).resolve().parent == tmp_path.resolve()
    assert safe.startswith("003-") and safe.endswith(".json")


# ---- URLs ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url,reason", [
    ("https://datos.example.mx/edca/contractingprocess/2020", None),
    ("http://example.org:8080/a.json", None),
    ("ftp://example.org/a.json", "url_scheme"),
    ("file:///etc/passwd", "url_scheme"),
    ("javascript:alert(1)", "url_scheme"),
    ("example.org/a.json", "url_scheme"),
    ("https://", "url_invalid"),
    ("https://exa mple.org", "url_invalid"),
    ("http://example.org:99999/", "url_invalid"),
    ("", "url_invalid"),
])
def test_only_http_and_https_urls_pass(url, reason):
    assert U.check_url(url) == reason


# ---- the load glue -------------------------------------------------------------------------------

def test_uploaded_files_are_loaded_from_a_temporary_folder_that_is_removed(tmp_path):
    seen = {}

    def fake_loader(paths, db, progress):
        seen["paths"] = [Path(p) for p in paths]
        seen["contents"] = [Path(p).read_bytes() for p in paths]
        progress(paths[0], 1, 1)

        class Report:
            uri, source_id = paths[0], "abc"
        return [Report()]

    calls = []
    outcome = load_files([("../mi paquete.json", PACKAGE)], tmp_path / "db.duckdb",
                         progress=lambda name, done, items: calls.append((name, done, items)), loader=fake_loader)
    assert seen["contents"] == [PACKAGE]
    assert not seen["paths"][0].exists() and not seen["paths"][0].parent.exists()  # removed afterwards
    assert outcome.names == {str(seen["paths"][0]): "../mi paquete.json"}  # shown by the name the user gave
    assert calls == [("../mi paquete.json", 1, 1)]
    assert outcome.source_ids == ("abc",) and outcome.error is None


def test_a_failed_load_is_reported_without_temporary_paths(tmp_path):
    def failing(paths, db, progress):
        raise OSError(f"cannot read {paths[0]}")

    outcome = load_files([("datos.json", PACKAGE)], tmp_path / "db.duckdb", loader=failing)
    assert outcome.error == "OSError: cannot read datos.json"
    assert outcome.reports == []
