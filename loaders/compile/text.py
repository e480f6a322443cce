"""Text helpers shared by the normalisation rules: folding, placeholders, mojibake repair.

All functions are pure and cheap; they run on every string field the rules visit.
"""
from __future__ import annotations

import re

# Accent folding by translate() is several times faster than unicodedata.normalize on short strings.
_FOLD = str.maketrans({
    "á": "a", "à": "a", "ä": "a", "â": "a", "ã": "a", "é": "e", "è": "e", "ë": "e", "ê": "e",
    "í": "i", "ì": "i", "ï": "i", "î": "i", "ó": "o", "ò": "o", "ö": "o", "ô": "o", "õ": "o",
    "ú": "u", "ù": "u", "ü": "u", "û": "u", "ñ": "n", "ç": "c",
})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(s: str) -> str:
    """Lower-case, accent-free, whitespace-collapsed form of `s` for case/accent-insensitive matching."""
    return " ".join(s.lower().translate(_FOLD).split())


def key(s: str) -> str:
    """`fold(s)` with every run of punctuation or spaces turned into one space ("Edo. de México" -> "edo de mexico")."""
    return _NON_ALNUM.sub(" ", s.lower().translate(_FOLD)).strip()


# Values that stand for "no data" in Mexican publications (compared after fold() and stripping trailing dots).
PLACEHOLDERS = frozenset({
    "", "-", "--", "---", ".", "?", "??", "n/a", "na", "n.a", "n/d", "nd", "n.d", "s/d", "sd", "s/n",
    "#n/a", "#n/d", "null", "none", "nan", "sin dato", "sin datos", "sin informacion", "no disponible",
    "no aplica", "no especificado", "por definir", "x", "xx", "xxx",
    # Mexico City's 2015-2016 capture system wrote this in empty contact fields
    "no capturado", "no capturada", "sin capturar",
})


_placeholder_cache: dict[str, bool] = {}


def is_placeholder(s: str) -> bool:
    """True when the string is empty, whitespace or a "no data" marker such as "N/A", "S/D" or "SIN DATO"."""
    if len(s) > 20:  # every placeholder is short: skip folding long texts
        return False
    found = _placeholder_cache.get(s)
    if found is None:  # short values repeat (codes, names, "N/A"): remember the answer
        f = fold(s)
        found = f in PLACEHOLDERS or f.rstrip(".") in PLACEHOLDERS
        if len(_placeholder_cache) > 100_000:
            _placeholder_cache.clear()
        _placeholder_cache[s] = found
    return found


# --- double-encoded UTF-8 ("LicitaciÃ³n") --------------------------------------------------------
# Publishers decoded UTF-8 bytes as Windows-1252 and re-encoded them. Bytes 0x80-0x9F come back either as
# the cp1252 character ("Ã“" for "Ó") or, where cp1252 has no character (0x81, 0x8D, 0x8F, 0x90, 0x9D),
# as the C1 control character ("Ã\x81" for "Á"). Map both back to the original byte.
_CP1252_TO_BYTE = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252_TO_BYTE[ord(bytes([_b]).decode("cp1252"))] = chr(_b)
    except UnicodeDecodeError:
        pass
_BYTE_CHARS = str.maketrans(_CP1252_TO_BYTE)
# one UTF-8 multi-byte sequence, written as byte-valued characters: a lead byte and 1-3 continuation bytes
_SEQUENCE = re.compile("[\xc2-\xf4][\x80-\xbf]{1,3}")
_MARKERS = ("Ã", "Â", "â€")


def mojibake_markers(s: str) -> int:
    """How many tell-tale mojibake characters `s` holds."""
    return sum(s.count(m) for m in _MARKERS)


def repair_mojibake(s: str) -> str | None:
    """Return `s` with double-encoded UTF-8 sequences decoded, or None when there is nothing to repair.

    Repairs sequence by sequence, so a string mixing correct accents and mojibake is fixed too; the result is
    kept only when it has fewer mojibake markers than the input.
    """
    if "Ã" not in s and "Â" not in s and "â" not in s:
        return None
    as_bytes = s.translate(_BYTE_CHARS)  # same length as s: positions line up

    def decode(m: re.Match) -> str:
        seq = m.group()
        try:
            return seq.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return s[m.start():m.end()]  # not a UTF-8 sequence: keep the original characters

    # characters outside the sequences stay the original ones (translate changed cp1252 punctuation)
    out, last = [], 0
    for m in _SEQUENCE.finditer(as_bytes):
        out.append(s[last:m.start()])
        out.append(decode(m))
        last = m.end()
    out.append(s[last:])
    result = "".join(out)
    if result == s or mojibake_markers(result) >= mojibake_markers(s):
        return None
    return result
