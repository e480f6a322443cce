"""Party identity: the RFC a party carries, wherever it carries one.

Party ids are only unique inside one process (INAI's "RFC-...", NL's "MX-RFC-...", CDMX's md5 hashes), so a
supplier is known across processes by its RFC (ui.queries_profiles's supplier_key). The RFC is read from,
in order: identifier.id (scheme MX-RFC/RFC, or any id that is an RFC), additionalIdentifiers[].id (same
rule), the party id when it is an RFC or ends with one. The generic RFCs of the general public and of
foreigners (core.rules.GENERIC_RFCS) name nobody in particular and never serve as identity. Placeholder ids
shared by different organisations are kept apart earlier (loaders.compile.merge gives them derived ids).
"""
from __future__ import annotations

import re
from typing import Any

from core.rules import GENERIC_RFCS, RFC_AT_END, RFC_PATTERN

_RFC = re.compile(RFC_PATTERN)
_RFC_AT_END = re.compile(RFC_AT_END)
_RFC_SCHEMES = frozenset({"MX-RFC", "RFC", "MX_RFC", "MXRFC"})
_SEPARATORS = re.compile(r"[\s\-_.]")


def _rfc_in_identifier(ident: Any) -> str | None:
    """The RFC an identifier carries: its id when that is an RFC (spaces and dashes ignored), or under an RFC
    scheme; a bare string counts as an id."""
    if isinstance(ident, str):
        ident = {"id": ident}
    if not isinstance(ident, dict) or isinstance(ident.get("id"), (dict, list, bool)) or ident.get("id") is None:
        return None
    raw = str(ident["id"]).strip().upper()
    compact = _SEPARATORS.sub("", raw)
    if _RFC.match(compact):
        return compact
    scheme = str(ident.get("scheme") or "").strip().upper()
    if scheme in _RFC_SCHEMES:  # "MX-RFC" with an id such as "RFC-ABC010101XY1"
        m = _RFC_AT_END.search(raw)
        return m.group(1) if m else None
    return None


def party_rfc(party: Any) -> str | None:
    """The RFC identifying a party (an OCDS party or a 1.0 organisation), or None; never a generic RFC."""
    if not isinstance(party, dict):
        return None
    candidates = [_rfc_in_identifier(party.get("identifier"))]
    extra = party.get("additionalIdentifiers")
    if isinstance(extra, dict):  # one identifier published in place of the list
        extra = [extra]
    if isinstance(extra, list):
        candidates += [_rfc_in_identifier(i) for i in extra if isinstance(i, dict)]
    pid = party.get("id")
    if isinstance(pid, (str, int)) and not isinstance(pid, bool):
        raw = str(pid).strip().upper()
        m = _RFC.match(_SEPARATORS.sub("", raw)) or _RFC_AT_END.search(raw)
        candidates.append(m.group(m.lastindex or 0) if m else None)
    return next((c for c in candidates if c is not None and c not in GENERIC_RFCS), None)
