"""Codelists and the Spanish (and misspelt) labels Mexican publishers use in their place.

Labels are matched with text.key(): case-, accent- and punctuation-insensitive. The variants come from the
real files in ../shared/data (INAI, CDMX, Jalisco, Nuevo León) and the EDCA-MX capture platform's labels.
"""
from __future__ import annotations

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
