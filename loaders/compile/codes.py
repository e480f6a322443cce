"""Codelists and the Spanish (and misspelt) labels Mexican publishers use in their place.

Labels are matched with text.key(): case-, accent- and punctuation-insensitive. The variants come from the
real files in ../shared/data (INAI, CDMX, Jalisco, Nuevo León) and the EDCA-MX capture platform's labels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.compile.text import key

METHODS = frozenset({"open", "selective", "limited", "direct"})
CATEGORIES = frozenset({"goods", "works", "services"})
TENDER_STATUSES = frozenset({"planning", "planned", "active", "cancelled", "unsuccessful", "complete", "withdrawn"})
AWARD_STATUSES = frozenset({"pending", "active", "cancelled", "unsuccessful"})
CONTRACT_STATUSES = frozenset({"pending", "active", "cancelled", "terminated"})
PROJECT_STATUSES = frozenset({
    "identification", "preparation", "implementation", "completion", "maintenance", "decommissioning",
    "decommissioned", "cancelled",
})

# Whole-label abbreviations used in Mexican procurement (LP = licitación pública, ITP/I3P = invitación a
# cuando menos tres personas, AD = adjudicación directa).
_METHOD_ABBREVIATIONS = {
    "lp": "open", "lpn": "open", "lpi": "open", "lpe": "open", "lpf": "open",
    "itp": "selective", "i3p": "selective", "ir": "selective", "ad": "direct",
}


def method_code(label: str) -> str | None:
    """OCDS procurementMethod for a Spanish label, or None when it is not one we recognise.

    "Licitación pública/Pública Nacional/Internacional/Federal/Estatal" -> open; "Invitación a cuando menos tres
    personas/proveedores", "Invitación restringida" -> selective; "Adjudicación directa (art. 42)", "Adjudicación
    Directa Estatal" -> direct. INAI's "Excepción al reglamento (art. 1)" and "Convenio de colaboración"
    (agreements between public bodies) are published with method "direct" and map there.
    """
    k = key(label)
    if not k:
        return None
    if k in _METHOD_ABBREVIATIONS:
        return _METHOD_ABBREVIATIONS[k]
    # the label's first words decide ("Adjudicación directa por licitación desierta" is a direct award)
    if k.startswith("adjudicacion"):
        return "direct"
    if k.startswith("invitacion") or k.startswith("concurso por invitacion") or k.startswith("licitacion restringida"):
        return "selective"
    if k.startswith("licitacion") or k.startswith("concurso publico"):
        return "open"
    if "adjudicacion directa" in k:
        return "direct"
    if "invitacion a cuando menos" in k or "invitacion restringida" in k:
        return "selective"
    if "licitacion publica" in k:
        return "open"
    if k.startswith("excepcion") or k.startswith("convenio"):
        return "direct"
    return None


_CATEGORY_LABELS = {
    "obra": "works", "obras": "works", "obra publica": "works", "obras publicas": "works",
    "obra publica y servicios relacionados": "works",
    "servicio": "services", "servicios": "services", "servicios relacionados con la obra publica": "services",
    "servicios relacionados con las obras publicas": "services",
    "bien": "goods", "bienes": "goods", "adquisicion": "goods", "adquisiciones": "goods",
    "arrendamiento": "goods", "arrendamientos": "goods", "adquisiciones y arrendamientos": "goods",
}


def category_code(label: str) -> str | None:
    """OCDS mainProcurementCategory for a Spanish label ("Obras públicas", "Servicios", "Adquisiciones")."""
    return _CATEGORY_LABELS.get(key(label))


_PROJECT_STATUS_LABELS = {
    "identificacion": "identification", "planeacion": "identification", "planificacion": "identification",
    "preparacion": "preparation", "en preparacion": "preparation",
    "implementacion": "implementation", "ejecucion": "implementation", "en ejecucion": "implementation",
    "en proceso": "implementation", "en construccion": "implementation", "construccion": "implementation",
    "terminado": "completion", "terminada": "completion", "concluido": "completion", "concluida": "completion",
    "finalizado": "completion", "finalizada": "completion", "completado": "completion", "completada": "completion",
    "completed": "completion", "complete": "completion", "finished": "completion", "cierre": "completion",
    "mantenimiento": "maintenance", "operacion": "maintenance", "en operacion": "maintenance",
    "cancelado": "cancelled", "cancelada": "cancelled", "canceled": "cancelled",
}


def project_status_code(label: str) -> str | None:
    """OC4IDS projectStatus for a Spanish label, or an English near-miss such as NL's "completed"."""
    return _PROJECT_STATUS_LABELS.get(key(label))


# Spanish statuses of tenders, awards and contracts, seen in Mexico City's 2015 files ("completa", "activo").
_ACTIVE = ("activo", "activa", "vigente")
_CANCELLED = ("cancelado", "cancelada")
_STATUS_LABELS: dict[str, dict[str, str]] = {
    "tender": {
        **dict.fromkeys(_ACTIVE + ("en proceso", "abierta", "abierto", "publicada", "publicado"), "active"),
        **dict.fromkeys(_CANCELLED, "cancelled"),
        **dict.fromkeys(("desierta", "desierto", "sin exito", "infructuosa", "infructuoso"), "unsuccessful"),
        **dict.fromkeys(("completa", "completo", "concluida", "concluido", "terminada", "terminado",
                         "finalizada", "finalizado", "cerrada", "cerrado", "adjudicada", "adjudicado"), "complete"),
        **dict.fromkeys(("planeacion", "en planeacion", "planificacion"), "planning"),
        **dict.fromkeys(("retirada", "retirado"), "withdrawn"),
    },
    "award": {
        **dict.fromkeys(_ACTIVE + ("adjudicada", "adjudicado"), "active"),
        **dict.fromkeys(("pendiente",), "pending"),
        **dict.fromkeys(_CANCELLED, "cancelled"),
        **dict.fromkeys(("desierta", "desierto", "sin exito", "no adjudicada", "no adjudicado"), "unsuccessful"),
    },
    "contract": {
        **dict.fromkeys(_ACTIVE + ("en ejecucion",), "active"),
        **dict.fromkeys(("pendiente",), "pending"),
        **dict.fromkeys(_CANCELLED, "cancelled"),
        # OCDS: "terminated" is a signed contract come to a close, completed or ended early (rescinded)
        **dict.fromkeys(("terminado", "terminada", "concluido", "concluida", "finalizado", "finalizada",
                         "cerrado", "cerrada", "rescindido", "rescindida"), "terminated"),
    },
}


def status_code(label: str, kind: str) -> str | None:
    """OCDS status code of a tender, award or contract (`kind`) for a Spanish label ("completa", "activo")."""
    return _STATUS_LABELS[kind].get(key(label))


_CURRENCY_LABELS = {
    # Mexican pesos (MXP is the pre-1993 code, still typed for pesos)
    "mxn": "MXN", "mnx": "MXN", "mxp": "MXN", "mn": "MXN", "m n": "MXN", "mx": "MXN", "mex": "MXN", "mxn mn": "MXN",
    "peso": "MXN", "pesos": "MXN", "peso mexicano": "MXN", "pesos mexicanos": "MXN", "moneda nacional": "MXN",
    "pesos mn": "MXN", "pesos m n": "MXN", "mxn pesos": "MXN", "nxm": "MXN", "mxm": "MXN",
    # US dollars
    "us": "USD", "usd": "USD", "dls": "USD", "dlls": "USD", "dolar": "USD", "dolares": "USD",
    "dolares americanos": "USD", "dolares estadounidenses": "USD", "us dollar": "USD", "us dollars": "USD",
    "euro": "EUR", "euros": "EUR",
}


def currency_code(label: str) -> str | None:
    """ISO 4217 code for a misspelt or spelled-out currency ("MNX", "M.N.", "pesos", "usd"); None when unknown
    or already a correct upper-case code."""
    s = label.strip()
    if s == "$":  # in Mexican documents "$" is the peso sign
        return "MXN"
    code = _CURRENCY_LABELS.get(key(s))
    if code is None and len(s) == 3 and s.isalpha() and not s.isupper():
        code = s.upper()  # "mxn" -> "MXN"
    return code if code != s else None


def code_case(value: str, codes: frozenset[str]) -> str | None:
    """The codelist code that `value` is a case/space variant of ("Pending", " open "), else None."""
    k = value.strip().lower()
    return k if k in codes and k != value else None


# --- the Mexican method named in free text (procurementMethodDetails, procurementMethodRationale) ---------
# LOPSRM art. 27 and LAASSP art. 26 name three procedures: licitación pública, invitación a cuando menos tres
# personas and adjudicación directa. Publishers code invitations as `limited` and direct awards as `limited`
# or even `open` while their texts name the real one; the text wins (loaders.compile.normalise._method).
MX_METHOD_CODES = {"licitacion_publica": "open", "invitacion_tres": "selective", "adjudicacion_directa": "direct"}

# Mentions, on text.key() forms (lower case, no accents, punctuation as single spaces). Only names count:
# article numbers are never read (art. 41 of one law is not art. 41 of another, and art. 27 LOPSRM lists
# all three methods).
_MX_MENTIONS = (
    ("adjudicacion_directa", re.compile(r"\badjudicacion(?:es)? directas?\b")),
    ("invitacion_tres", re.compile(
        r"\b(?:invitacion(?:es)? (?:restringida|a cuando menos (?:tres|3))|concurso por invitacion"
        r"|licitacion(?:es)? restringidas?)\b")),
    ("licitacion_publica", re.compile(
        r"\b(?:licitacion(?:es)? publicas?|licitacion(?:es)? (?:estatal|federal|nacional|internacional)(?:es)?)\b")),
)
# whole-label abbreviations (LP/LPN/LPI, ITP/I3P/IR, AD) and their scope where they carry one
_MX_ABBREVIATIONS = {
    "lp": ("licitacion_publica", None), "lpe": ("licitacion_publica", None), "lpf": ("licitacion_publica", None),
    "lpn": ("licitacion_publica", "nacional"), "lpi": ("licitacion_publica", "internacional"),
    "itp": ("invitacion_tres", None), "i3p": ("invitacion_tres", None), "ir": ("invitacion_tres", None),
    "ad": ("adjudicacion_directa", None),
}
# a mention is not a claim when these words come just before it ("excepción a la licitación pública", "sin
# sujetarse al procedimiento de licitación pública", "en lugar de") or "desierta" just after it (a failed
# tender that led to another method)
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|sin|ni|excepcion(?:es)?|excepto|salvo|lugar|vez|distint[oa]s?|diferentes?|desiert[oa]s?)\b")
_NEGATION_AFTER = re.compile(r"^ (?:(?:fue |fueron |se )?declarad[oa]s? )?desiert[oa]s?\b")
_SCOPE_AFTER = re.compile(r"^ (?:(?:personas|proveedores|contratistas|participantes) )?"
                          r"(?:(?:de|con) (?:caracter|tipo|cobertura) )?(nacional|internacional)\b")
_WINDOW_WORDS = 5


@dataclass(frozen=True)
class NamedMethod:
    """A Mexican procurement method named in a text: `method` (a MX_METHOD_CODES key) and `scope`
    ("nacional", "internacional" or None when the text does not say)."""

    method: str
    scope: str | None

    @property
    def code(self) -> str:
        """The OCDS procurementMethod code of the method."""
        return MX_METHOD_CODES[self.method]


def _negated(k: str, start: int, end: int) -> bool:
    before = k[:start].split()[-_WINDOW_WORDS:]
    return bool(_NEGATION_BEFORE.search(" ".join(before)) or _NEGATION_AFTER.search(k[end:]))


@lru_cache(maxsize=1 << 14)
def named_method(text: str | None) -> NamedMethod | None:
    """The Mexican method a free text names, or None when it names none, only negates one, or names several.

    Case-, accent- and punctuation-insensitive. "Adjudicación directa (art. 42)" and "Arrendamiento de bienes
    inmuebles por adjudicación directa." -> adjudicacion_directa; "Invitación a cuando menos tres proveedores"
    -> invitacion_tres; "Licitación Pública Nacional" -> licitacion_publica, nacional. "Excepción por monto",
    "Excepción a la licitación pública", "de conformidad con el artículo 41" and a text naming two methods
    ("invitación a cuando menos tres personas o adjudicación directa") -> None.
    """
    if not isinstance(text, str):
        return None
    k = key(text)
    if not k:
        return None
    compact = k.replace(" ", "")  # "A.D." -> "ad", "L.P.N." -> "lpn"
    if compact in _MX_ABBREVIATIONS:
        return NamedMethod(*_MX_ABBREVIATIONS[compact])
    found: dict[str, str | None] = {}
    for method, pattern in _MX_MENTIONS:
        for m in pattern.finditer(k):
            if _negated(k, m.start(), m.end()):
                continue
            scope = None
            mention = m.group(0)
            if mention.endswith(("nacional", "internacional", "nacionales", "internacionales")):
                scope = "internacional" if "internacional" in mention else "nacional"
            else:
                s = _SCOPE_AFTER.match(k[m.end():])
                scope = s.group(1) if s else None
            found[method] = found.get(method) or scope
    if len(found) != 1:
        return None
    method, scope = next(iter(found.items()))
    return NamedMethod(method, scope)


@dataclass(frozen=True)
class MethodReading:
    """What a process's texts say about its method: the method named (details first, the field meant for
    it, else the rationale), which text named it (`source`: "details" or "rationale") and whether the two
    texts name different methods (`conflict`)."""

    named: NamedMethod | None
    source: str | None
    conflict: bool


@lru_cache(maxsize=1 << 14)
def method_from_texts(details: str | None, rationale: str | None) -> MethodReading:
    """Read procurementMethodDetails and procurementMethodRationale (see named_method)."""
    d, r = named_method(details), named_method(rationale)
    if d is not None:
        return MethodReading(d, "details", r is not None and r.method != d.method)
    if r is not None:
        return MethodReading(r, "rationale", False)
    return MethodReading(None, None, False)
