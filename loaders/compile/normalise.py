"""Normalisation rules for compiled releases (EDCA-MX) and OC4IDS projects (EDCAPI).

Both entry points mutate the object in place and return the corrections they made; an object that needs
nothing returns []. They walk only the fields the rules concern (no deep copy, no generic walk), because
the pipeline calls normalise_release for every contracting process.

What each rule does is in RULES (Spanish and English, for the dashboard). Choices worth knowing:
- Placeholders ("N/A", "S/D", "SIN DATO", "?", whitespace...) are removed (the key is deleted) from text that
  people read or join on: titles, descriptions, names, legal names, addresses, contact points, method
  details and rationales, tender.id, planning.budget.projectID, identifier.id. Reference ids (party ids,
  award ids, contracts' awardID) are never touched: they hold the data together.
- An amount of 0 means "unknown" in tender.value, awards[].value, contracts[].value, planning.budget.amount,
  and, in projects, budget.amount, completion.finalValue and the process summaries' costEstimate,
  contractValue and finalValue: a public work does not cost nothing. Elsewhere (transactions, bids,
  minValue, budget breakdowns, items, modifications) 0 is kept. Runs of nines (99,999,999 and longer) are
  "unknown" in all of the former plus tender.minValue and budget breakdowns.
- Dates already in ISO 8601 are left as published. Others become "YYYY-MM-DDTHH:MM:SS[.mmm]Z" (UTC; a string
  without an offset is taken as UTC). Dates that cannot be read, or outside 1950-2100 (default dates such as
  .NET's "0001-01-01" or "1899-12-31"), are removed.
- procurementMethod: a Spanish label is replaced by its code (the label moves to procurementMethodDetails
  when that is empty); a missing or invalid method is derived from a Spanish procurementMethodDetails. Then
  the Mexican method named in procurementMethodDetails, else in procurementMethodRationale (licitación
  pública -> open, invitación a cuando menos tres personas -> selective, adjudicación directa -> direct;
  codes.method_from_texts) replaces a code that says otherwise: publishers code invitations `limited` and
  direct awards `limited` or `open`. The code as published stays in processes.method_published.
- Amounts are taken with tax, as EDCA-MX publishes value.amount (netAmount is the amount before tax): where
  an award or contract has no value.amount but publishes valueWithTax (the federal CompraNet files), that
  becomes its value.
- Project points given as [lat, lon] are swapped when only the swapped order falls inside Mexico.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from loaders.compile.amounts import is_unknown_amount, parse_amount
from loaders.compile.codes import (
    AWARD_STATUSES, CATEGORIES, CONTRACT_STATUSES, METHODS, PROJECT_STATUSES, TENDER_STATUSES, category_code,
    code_case, currency_code, method_code, method_from_texts, project_status_code, status_code,
)
from loaders.compile.dates import DMY, DOTNET, excel_serial_date, iso_string, parse_date, parse_date_kind
from loaders.compile.geo import in_mexico
from loaders.read.items import Correction
from loaders.compile.text import is_placeholder, repair_mojibake

__all__ = ["RULES", "normalise_release", "normalise_project", "parse_date", "parse_amount"]

RULES: dict[str, dict[str, str]] = {
    "method_es": {
        "es": "Método de contratación en español convertido al código OCDS (Licitación pública → open, Invitación a "
              "cuando menos tres personas → selective, Adjudicación directa → direct), o deducido de "
              "procurementMethodDetails cuando faltaba o no era válido.",
        "en": "Spanish procurement method turned into its OCDS code (Licitación pública → open, Invitación a cuando "
              "menos tres personas → selective, Adjudicación directa → direct), or derived from "
              "procurementMethodDetails when missing or invalid.",
    },
    "method_from_details": {
        "es": "Método de contratación tomado del nombre del procedimiento en procurementMethodDetails, que "
              "contradice el código publicado (p. ej. \"Adjudicación directa (art. 42)\" publicado como open → "
              "direct; \"Invitación a cuando menos tres proveedores\" publicado como limited → selective).",
        "en": "Procurement method taken from the procedure named in procurementMethodDetails, which contradicts "
              "the published code (e.g. \"Adjudicación directa (art. 42)\" published as open → direct; "
              "\"Invitación a cuando menos tres proveedores\" published as limited → selective).",
    },
    "method_from_rationale": {
        "es": "Método de contratación tomado del procedimiento nombrado en procurementMethodRationale (cuando "
              "procurementMethodDetails no nombra ninguno), que contradice el código publicado (p. ej. "
              "\"Arrendamiento de bienes inmuebles por adjudicación directa.\" publicado como limited → direct).",
        "en": "Procurement method taken from the procedure named in procurementMethodRationale (when "
              "procurementMethodDetails names none), which contradicts the published code (e.g. \"Arrendamiento "
              "de bienes inmuebles por adjudicación directa.\" published as limited → direct).",
    },
    "amount_from_value_with_tax": {
        "es": "Monto con impuestos (valueWithTax) tomado como valor de una adjudicación o contrato que no publica "
              "value: los montos se suman con impuestos, como EDCA-MX publica value.amount.",
        "en": "Amount with tax (valueWithTax) taken as the value of an award or contract that publishes no "
              "value: amounts are summed with tax, as EDCA-MX publishes value.amount.",
    },
    "category_es": {
        "es": "Categoría de contratación en español convertida al código OCDS (Obra pública → works, Servicios → "
              "services, Adquisiciones → goods).",
        "en": "Spanish procurement category turned into its OCDS code (Obra pública → works, Servicios → services, "
              "Adquisiciones → goods).",
    },
    "status_es": {
        "es": "Estado en español convertido a su código: del proyecto (o variante como \"completed\") al de "
              "OC4IDS; de la licitación, adjudicación o contrato (\"completa\", \"activo\", \"desierta\") "
              "al de OCDS.",
        "en": "Status in Spanish turned into its code: a project's (or a variant such as \"completed\") into "
              "OC4IDS's; a tender's, award's or contract's (\"completa\", \"activo\", \"desierta\") into "
              "OCDS's.",
    },
    "code_case": {
        "es": "Código de una lista de códigos escrito con mayúsculas o espacios (\"Pending\" → \"pending\").",
        "en": "Codelist code written with capitals or spaces (\"Pending\" → \"pending\").",
    },
    "currency_typo": {
        "es": "Moneda mal escrita corregida al código ISO 4217 (MNX, M.N., pesos, MXP → MXN).",
        "en": "Misspelt currency corrected to its ISO 4217 code (MNX, M.N., pesos, MXP → MXN).",
    },
    "amount_format": {
        "es": "Monto escrito como texto convertido a número (\"1,234.50\", \"$1 234\", \"1234.5 MXN\").",
        "en": "Amount written as text turned into a number (\"1,234.50\", \"$1 234\", \"1234.5 MXN\").",
    },
    "amount_invalid": {
        "es": "Monto ilegible (texto que no es un número) eliminado.",
        "en": "Unreadable amount (text that is not a number) removed.",
    },
    "date_dotnet": {
        "es": "Fecha en formato .NET (\"/Date(1570227981053)/\") convertida a ISO 8601 (UTC).",
        "en": ".NET JSON date (\"/Date(1570227981053)/\") converted to ISO 8601 (UTC).",
    },
    "date_dmy": {
        "es": "Fecha dd/mm/aaaa convertida a ISO 8601 (sin zona horaria publicada: se toma como UTC).",
        "en": "dd/mm/yyyy date converted to ISO 8601 (no published offset: taken as UTC).",
    },
    "date_format": {
        "es": "Fecha en otro formato legible (\"2019-01-02 10:11:12\", \"2019/05/03\", número de día de hoja de "
              "cálculo como 42908) convertida a ISO 8601.",
        "en": "Date in another readable format (\"2019-01-02 10:11:12\", \"2019/05/03\", a spreadsheet day number "
              "such as 42908) converted to ISO 8601.",
    },
    "date_invalid": {
        "es": "Fecha ilegible o fuera de rango (antes de 1900 o después de 2100) eliminada.",
        "en": "Unreadable or out-of-range date (before 1900 or after 2100) removed.",
    },
    "placeholder": {
        "es": "Valor de relleno eliminado: textos como \"N/A\", \"S/D\", \"SIN DATO\", \"-\" o vacíos, y montos que "
              "significan desconocido (0 en valores de licitación, adjudicación, contrato o presupuesto; 99999999).",
        "en": "Placeholder removed: text such as \"N/A\", \"S/D\", \"SIN DATO\", \"-\" or blank, and amounts that mean "
              "unknown (0 in tender, award, contract or budget values; 99999999).",
    },
    "encoding_double_utf8": {
        "es": "Texto con doble codificación UTF-8 reparado (\"LicitaciÃ³n\" → \"Licitación\").",
        "en": "Double-encoded UTF-8 text repaired (\"LicitaciÃ³n\" → \"Licitación\").",
    },
    "swap_latlon": {
        "es": "Coordenadas publicadas como [latitud, longitud] invertidas a [longitud, latitud] (GeoJSON).",
        "en": "Coordinates published as [latitude, longitude] swapped to [longitude, latitude] (GeoJSON).",
    },
    "geometry_format": {
        "es": "Geometría con el tipo en minúsculas (\"point\" → \"Point\") o coordenadas escritas como texto.",
        "en": "Geometry with a lower-case type (\"point\" → \"Point\") or coordinates written as text.",
    },
    "geometry_invalid": {
        "es": "Geometría vacía o ilegible (sin tipo, sin coordenadas, [0, 0]) eliminada.",
        "en": "Empty or unreadable geometry (no type, no coordinates, [0, 0]) removed.",
    },
}

_TEXT_KEYS = ("title", "description")
_ADDRESS_KEYS = ("streetAddress", "locality", "region", "postalCode", "countryName")
_CONTACT_KEYS = ("name", "email", "telephone", "faxNumber", "url")
_PERIOD_KEYS = ("startDate", "endDate", "maxExtentDate")
_DOC_DATES = ("datePublished", "dateModified")
_MILESTONE_DATES = ("dueDate", "dateMet", "dateModified")
_GEOMETRY_TYPES = {t.lower(): t for t in (
    "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")}
_DATE_FAST_MIN, _DATE_FAST_MAX = "1950", "2100"
_fromisoformat = datetime.fromisoformat


class _Log:
    """Collects corrections for one process or project."""

    __slots__ = ("out", "ocid", "project_id")

    def __init__(self, ocid: str | None = None, project_id: str | None = None):
        self.out: list[Correction] = []
        self.ocid, self.project_id = ocid, project_id

    def add(self, field: str, old: Any, new: Any, rule: str) -> None:
        self.out.append(Correction(field=field.lstrip("/"), old_value=old, new_value=new, rule=rule,
                                   ocid=self.ocid, project_id=self.project_id))


# --- field rules -----------------------------------------------------------------------------------------
def _text(obj: dict, k: str, path: str, log: _Log) -> None:
    """Repair mojibake in obj[k], then remove it when it is a placeholder."""
    v = obj.get(k)
    if v.__class__ is not str:
        return
    if "Ã" in v or "Â" in v or "â" in v:
        fixed = repair_mojibake(v)
        if fixed is not None:
            obj[k] = fixed
            log.add(f"{path}/{k}", v, fixed, "encoding_double_utf8")
            v = fixed
    if len(v) <= 20 and is_placeholder(v):
        del obj[k]
        log.add(f"{path}/{k}", v, None, "placeholder")


def _texts(obj: Any, keys: tuple[str, ...], path: str, log: _Log) -> None:
    if obj.__class__ is dict:
        for k in keys:
            if k in obj:
                _text(obj, k, path, log)


def _date(obj: dict, k: str, path: str, log: _Log) -> None:
    v = obj.get(k)
    if v is None:
        return
    if v.__class__ is str:
        # fast path: ISO 8601 as OCDS expects, year in range, readable
        if len(v) >= 10 and v[4] == "-" and v[7] == "-" and (len(v) == 10 or v[10] == "T") \
                and _DATE_FAST_MIN <= v[:4] <= _DATE_FAST_MAX:
            try:
                _fromisoformat(v)
                return
            except ValueError:
                pass
        dt, kind = parse_date_kind(v)
        if dt is not None:
            new = iso_string(dt)
            obj[k] = new
            log.add(f"{path}/{k}", v, new, kind if kind in (DOTNET, DMY) else "date_format")
            return
        # default dates (0001-01-01, 1899-12-31, 1900-01-01) stand for "no date"
        rule = "placeholder" if is_placeholder(v) or (v[:4].isdigit() and v[:4] < "1950") else "date_invalid"
    elif v.__class__ is list or v.__class__ is dict:
        return  # not a compiled value (e.g. a versioned release): leave it
    else:
        dt = excel_serial_date(v)
        if dt is not None:  # INAI's files have spreadsheet day numbers (42908) in date fields
            new = iso_string(dt)
            obj[k] = new
            log.add(f"{path}/{k}", v, new, "date_format")
            return
        rule = "date_invalid"
    del obj[k]
    log.add(f"{path}/{k}", v, None, rule)


def _dates(obj: Any, keys: tuple[str, ...], path: str, log: _Log) -> None:
    if obj.__class__ is dict:
        for k in keys:
            if k in obj:
                _date(obj, k, path, log)


def _period(obj: dict, k: str, path: str, log: _Log) -> None:
    p = obj.get(k)
    if p.__class__ is dict:
        _dates(p, _PERIOD_KEYS, f"{path}/{k}", log)


_currency_cache: dict[str, str | None] = {}


def _currency(v: dict, path: str, log: _Log) -> None:
    cur = v.get("currency")
    if cur.__class__ is not str or cur == "MXN":
        return
    if cur in _currency_cache:
        code = _currency_cache[cur]
    else:
        code = currency_code(cur)
        if len(_currency_cache) < 10_000:
            _currency_cache[cur] = code
    if code is not None:
        v["currency"] = code
        log.add(f"{path}/currency", cur, code, "currency_typo")
    elif len(cur) <= 20 and is_placeholder(cur):
        del v["currency"]
        log.add(f"{path}/currency", cur, None, "placeholder")


def _value(obj: dict, k: str, path: str, log: _Log, zero_unknown: bool = False, nines: bool = False,
           amount_key: str = "amount") -> None:
    """Currency typos, amounts written as text, and amounts standing for "unknown" in obj[k]."""
    v = obj.get(k)
    if v.__class__ is not dict:
        return
    path = f"{path}/{k}"
    _currency(v, path, log)
    amount = v.get(amount_key)
    if amount is None:
        return
    if amount.__class__ is not float and amount.__class__ is not int:
        parsed = parse_amount(amount)
        if parsed is None:
            del v[amount_key]
            junk = amount.__class__ is str and len(amount) <= 20 and is_placeholder(amount)
            log.add(f"{path}/{amount_key}", amount, None, "placeholder" if junk else "amount_invalid")
            return
        v[amount_key] = parsed
        log.add(f"{path}/{amount_key}", amount, parsed, "amount_format")
        amount = parsed
    if (zero_unknown or nines) and is_unknown_amount(amount, zero_unknown):
        del v[amount_key]
        log.add(f"{path}/{amount_key}", amount, None, "placeholder")


def _value_with_tax(obj: dict, path: str, log: _Log) -> None:
    """The one amount basis: with tax. EDCA-MX's value.amount includes tax (netAmount, when published, is the
    amount before tax); federal CompraNet contracts publish only valueWithTax, which then becomes the value."""
    vwt = obj.get("valueWithTax")
    if vwt.__class__ is not dict or vwt.get("amount") is None:
        return
    v = obj.get("value")
    if v.__class__ is dict and v.get("amount") is not None:
        return
    new = {**(v if v.__class__ is dict else {}), "amount": vwt["amount"]}
    if new.get("currency") is None and vwt.get("currency") is not None:
        new["currency"] = vwt["currency"]
    obj["value"] = new
    log.add(f"{path}/value", v, new, "amount_from_value_with_tax")


def _code(obj: dict, k: str, codes: frozenset[str], path: str, log: _Log, spanish=None, spanish_rule: str = "") -> None:
    """A codelist field: case variants, Spanish labels (via `spanish`) and placeholders."""
    v = obj.get(k)
    if v.__class__ is not str or v in codes:
        return
    new, rule = code_case(v, codes), "code_case"
    if new is None and spanish is not None:
        new, rule = spanish(v), spanish_rule
    if new is not None:
        obj[k] = new
        log.add(f"{path}/{k}", v, new, rule)
    elif len(v) <= 20 and is_placeholder(v):
        del obj[k]
        log.add(f"{path}/{k}", v, None, "placeholder")


def _method(tender: dict, path: str, log: _Log) -> None:
    """tender.procurementMethod from Spanish labels; derived from procurementMethodDetails when missing/invalid."""
    _text(tender, "procurementMethodDetails", path, log)
    _text(tender, "procurementMethodRationale", path, log)
    pm = tender.get("procurementMethod")
    details = tender.get("procurementMethodDetails")
    if pm.__class__ is str:
        if pm in METHODS:
            return
        new = code_case(pm, METHODS)
        if new is not None:
            tender["procurementMethod"] = new
            log.add(f"{path}/procurementMethod", pm, new, "code_case")
            return
        new = method_code(pm)
        if new is not None:
            tender["procurementMethod"] = new
            log.add(f"{path}/procurementMethod", pm, new, "method_es")
            if details.__class__ is not str or not details.strip():  # keep the publisher's label
                tender["procurementMethodDetails"] = pm
                log.add(f"{path}/procurementMethodDetails", details, pm, "method_es")
            return
    elif pm is not None:  # a list or object: not a compiled value, leave it
        return
    if details.__class__ is str:
        new = method_code(details)
        if new is not None:
            tender["procurementMethod"] = new
            log.add(f"{path}/procurementMethod", pm, new, "method_es")
            return
    if pm.__class__ is str and len(pm) <= 20 and is_placeholder(pm):
        del tender["procurementMethod"]
        log.add(f"{path}/procurementMethod", pm, None, "placeholder")


def _method_named(tender: dict, path: str, log: _Log) -> None:
    """The Mexican method named in the details (else the rationale) replaces a code that says otherwise."""
    details = tender.get("procurementMethodDetails")
    rationale = tender.get("procurementMethodRationale")
    if details.__class__ is not str and rationale.__class__ is not str:
        return
    pm = tender.get("procurementMethod")
    if pm is not None and pm.__class__ is not str:
        return  # a list or object: not a compiled value
    reading = method_from_texts(details if details.__class__ is str else None,
                                rationale if rationale.__class__ is str else None)
    if reading.named is not None and reading.named.code != pm:
        tender["procurementMethod"] = reading.named.code
        log.add(f"{path}/procurementMethod", pm, reading.named.code, f"method_from_{reading.source}")


def _org(obj: Any, k: str, path: str, log: _Log) -> None:
    """An organization reference {id, name}: the name only (the id is a reference)."""
    ref = obj.get(k) if obj.__class__ is dict else None
    if ref.__class__ is dict and "name" in ref:
        _text(ref, "name", f"{path}/{k}", log)


def _orgs(obj: dict, k: str, path: str, log: _Log) -> None:
    refs = obj.get(k)
    if refs.__class__ is list:
        for i, ref in enumerate(refs):
            if ref.__class__ is dict and "name" in ref:
                _text(ref, "name", f"{path}/{k}/{i}", log)


def _each(obj: dict, k: str):
    """(index, item) for the dict items of the list obj[k]."""
    items = obj.get(k)
    if items.__class__ is list:
        for i, item in enumerate(items):
            if item.__class__ is dict:
                yield i, item


def _documents(obj: dict, path: str, log: _Log) -> None:
    for i, d in _each(obj, "documents"):
        p = f"{path}/documents/{i}"
        _texts(d, _TEXT_KEYS, p, log)
        _dates(d, _DOC_DATES, p, log)


def _milestones(obj: dict, path: str, log: _Log) -> None:
    for i, m in _each(obj, "milestones"):
        p = f"{path}/milestones/{i}"
        _texts(m, _TEXT_KEYS, p, log)
        _dates(m, _MILESTONE_DATES, p, log)


def _amendments(obj: dict, path: str, log: _Log) -> None:
    for i, a in _each(obj, "amendments"):
        p = f"{path}/amendments/{i}"
        _texts(a, ("rationale", "description"), p, log)
        _date(a, "date", p, log)


def _items(obj: dict, path: str, log: _Log) -> None:
    for i, it in _each(obj, "items"):
        p = f"{path}/items/{i}"
        _text(it, "description", p, log)
        unit = it.get("unit")
        if unit.__class__ is dict:
            _value(unit, "value", f"{p}/unit", log)


def _party(party: dict, path: str, log: _Log) -> None:
    _text(party, "name", path, log)
    ident = party.get("identifier")
    if ident.__class__ is dict:
        _texts(ident, ("legalName", "id"), f"{path}/identifier", log)
    _texts(party.get("address"), _ADDRESS_KEYS, f"{path}/address", log)
    _texts(party.get("contactPoint"), _CONTACT_KEYS, f"{path}/contactPoint", log)


def _transactions(obj: dict, path: str, log: _Log) -> None:
    for i, t in _each(obj, "transactions"):
        p = f"{path}/transactions/{i}"
        _date(t, "date", p, log)
        _value(t, "value", p, log)
        if t.get("amount").__class__ is dict:  # OCDS 1.0 shape
            _value(t, "amount", p, log)
        _org(t, "payer", p, log)
        _org(t, "payee", p, log)


def _tender_status(label: str) -> str | None:
    return status_code(label, "tender")


def _award_status(label: str) -> str | None:
    return status_code(label, "award")


def _contract_status(label: str) -> str | None:
    return status_code(label, "contract")


# --- releases ---------------------------------------------------------------------------------------------
def normalise_release(release: dict) -> list[Correction]:
    """Apply every rule to a compiled release in place; return the corrections made (ocid set on each)."""
    if release.__class__ is not dict:
        return []
    ocid = release.get("ocid")
    log = _Log(ocid=ocid if isinstance(ocid, str) else None)
    _date(release, "date", "", log)

    for i, party in _each(release, "parties"):
        _party(party, f"parties/{i}", log)
    _org(release, "buyer", "", log)

    planning = release.get("planning")
    if planning.__class__ is dict:
        _text(planning, "rationale", "planning", log)
        budget = planning.get("budget")
        if budget.__class__ is dict:
            _texts(budget, ("description", "project", "projectID"), "planning/budget", log)
            _value(budget, "amount", "planning/budget", log, zero_unknown=True, nines=True)
            _period(budget, "period", "planning/budget", log)
            for i, b in _each(budget, "budgetBreakdown"):
                p = f"planning/budget/budgetBreakdown/{i}"
                _text(b, "description", p, log)
                _value(b, "amount", p, log, nines=True)
                _period(b, "period", p, log)
        _documents(planning, "planning", log)
        _milestones(planning, "planning", log)

    tender = release.get("tender")
    if tender.__class__ is dict:
        t = "tender"
        _texts(tender, ("id", "title", "description", "awardCriteriaDetails", "submissionMethodDetails"), t, log)
        _method(tender, t, log)
        _method_named(tender, t, log)
        _code(tender, "mainProcurementCategory", CATEGORIES, t, log, category_code, "category_es")
        _code(tender, "status", TENDER_STATUSES, t, log, _tender_status, "status_es")
        _value_with_tax(tender, t, log)
        _value(tender, "value", t, log, zero_unknown=True, nines=True)
        _value(tender, "minValue", t, log, nines=True)
        for k in ("tenderPeriod", "enquiryPeriod", "awardPeriod", "contractPeriod"):
            _period(tender, k, t, log)
        _org(tender, "procuringEntity", t, log)
        _orgs(tender, "tenderers", t, log)
        _items(tender, t, log)
        _documents(tender, t, log)
        _milestones(tender, t, log)
        _amendments(tender, t, log)
        for i, meeting in _each(tender, "clarificationMeetings"):  # EDCA-MX extension
            _date(meeting, "date", f"tender/clarificationMeetings/{i}", log)

    for i, award in _each(release, "awards"):
        p = f"awards/{i}"
        _texts(award, _TEXT_KEYS, p, log)
        _code(award, "status", AWARD_STATUSES, p, log, _award_status, "status_es")
        _date(award, "date", p, log)
        _value_with_tax(award, p, log)
        _value(award, "value", p, log, zero_unknown=True, nines=True)
        _orgs(award, "suppliers", p, log)
        _period(award, "contractPeriod", p, log)
        _items(award, p, log)
        _documents(award, p, log)
        _amendments(award, p, log)

    for i, contract in _each(release, "contracts"):
        p = f"contracts/{i}"
        _texts(contract, _TEXT_KEYS, p, log)
        _code(contract, "status", CONTRACT_STATUSES, p, log, _contract_status, "status_es")
        _date(contract, "dateSigned", p, log)
        _period(contract, "period", p, log)
        _value_with_tax(contract, p, log)
        _value(contract, "value", p, log, zero_unknown=True, nines=True)
        _items(contract, p, log)
        _documents(contract, p, log)
        _milestones(contract, p, log)
        _amendments(contract, p, log)
        impl = contract.get("implementation")
        if impl.__class__ is dict:
            _transactions(impl, f"{p}/implementation", log)
            _milestones(impl, f"{p}/implementation", log)
            _documents(impl, f"{p}/implementation", log)

    bids = release.get("bids")
    if bids.__class__ is dict:
        for i, bid in _each(bids, "details"):
            p = f"bids/details/{i}"
            _date(bid, "date", p, log)
            _value(bid, "value", p, log)
            _orgs(bid, "tenderers", p, log)
    return log.out


# --- projects ---------------------------------------------------------------------------------------------
def _coords_numbers(c: Any) -> tuple[Any, bool]:
    """Coordinates with numeric strings turned into floats; (None, _) when not a nest of numbers."""
    if c.__class__ is list:
        if c and all(x.__class__ is not list for x in c):  # a position
            out, changed = [], False
            for x in c:
                if x.__class__ is float or x.__class__ is int:
                    out.append(x)
                elif x.__class__ is str and parse_amount(x) is not None:
                    out.append(parse_amount(x))
                    changed = True
                else:
                    return None, False
            return (out if changed else c), changed
        if not c:
            return None, False
        parts, changed = [], False
        for x in c:
            part, ch = _coords_numbers(x)
            if part is None:
                return None, False
            parts.append(part)
            changed = changed or ch
        return (parts if changed else c), changed
    return None, False


def _first_position(c: list) -> list:
    while c and c[0].__class__ is list:
        c = c[0]
    return c


def _swapped(c: list) -> list:
    if c and c[0].__class__ is list:
        return [_swapped(x) for x in c]
    return [c[1], c[0], *c[2:]]


def _geometry(loc: dict, path: str, log: _Log) -> None:
    if "geometry" not in loc:
        return
    g = loc["geometry"]
    if g is None:
        return
    p = f"{path}/geometry"
    gtype = g.get("type") if g.__class__ is dict else None
    coords, changed = _coords_numbers(g.get("coordinates")) if g.__class__ is dict else (None, False)
    canonical = _GEOMETRY_TYPES.get(gtype.lower()) if gtype.__class__ is str else None
    if canonical is None or coords is None or (canonical == "Point" and len(coords) < 2):
        loc["geometry"] = None
        log.add(p, g, None, "geometry_invalid")
        return
    if canonical != gtype:
        g["type"] = canonical
        log.add(f"{p}/type", gtype, canonical, "geometry_format")
    if changed:
        log.add(f"{p}/coordinates", g["coordinates"], coords, "geometry_format")
        g["coordinates"] = coords
    first = _first_position(coords)
    a, b = first[0], first[1]
    if a == 0 and b == 0:
        loc["geometry"] = None
        log.add(p, g, None, "geometry_invalid")
        return
    if not in_mexico(a, b) and in_mexico(b, a):
        new = _swapped(coords)
        g["coordinates"] = new
        log.add(f"{p}/coordinates", coords, new, "swap_latlon")


def _summary_tender(tender: dict, path: str, log: _Log) -> None:
    _texts(tender, ("id", "title", "description"), path, log)
    _method(tender, path, log)
    _method_named(tender, path, log)
    _value(tender, "costEstimate", path, log, zero_unknown=True, nines=True)
    _value(tender, "value", path, log, zero_unknown=True, nines=True)
    _period(tender, "tenderPeriod", path, log)
    _org(tender, "procuringEntity", path, log)
    _org(tender, "administrativeEntity", path, log)
    _orgs(tender, "tenderers", path, log)


def normalise_project(project: dict) -> list[Correction]:
    """Apply every rule to an OC4IDS project in place; return the corrections made (project_id set on each)."""
    if project.__class__ is not dict:
        return []
    pid = project.get("id")
    log = _Log(project_id=str(pid) if isinstance(pid, (str, int)) and not isinstance(pid, bool) else None)
    _texts(project, ("title", "description", "purpose"), "", log)
    _code(project, "status", PROJECT_STATUSES, "", log, project_status_code, "status_es")
    _date(project, "updated", "", log)
    for k in ("period", "identificationPeriod", "preparationPeriod", "implementationPeriod"):
        _period(project, k, "", log)

    budget = project.get("budget")
    if budget.__class__ is dict:
        _text(budget, "description", "budget", log)
        _value(budget, "amount", "budget", log, zero_unknown=True, nines=True)
        _date(budget, "approvalDate", "budget", log)
        for i, b in _each(budget, "budgetBreakdown"):
            _budget_line(b, f"budget/budgetBreakdown/{i}", log)
        for j, group in _each(budget, "budgetBreakdowns"):
            for i, b in _each(group, "budgetBreakdown"):
                _budget_line(b, f"budget/budgetBreakdowns/{j}/budgetBreakdown/{i}", log)

    completion = project.get("completion")
    if completion.__class__ is dict:
        _date(completion, "endDate", "completion", log)
        _value(completion, "finalValue", "completion", log, zero_unknown=True, nines=True)
        _texts(completion, ("finalScope", "endDateDetails", "finalValueDetails", "finalScopeDetails"), "completion", log)

    for i, loc in _each(project, "locations"):
        p = f"locations/{i}"
        _text(loc, "description", p, log)
        _texts(loc.get("address"), _ADDRESS_KEYS, f"{p}/address", log)
        _geometry(loc, p, log)

    for i, party in _each(project, "parties"):
        _party(party, f"parties/{i}", log)
    _org(project, "publicAuthority", "", log)
    _documents(project, "", log)

    for i, cp in _each(project, "contractingProcesses"):
        p = f"contractingProcesses/{i}"
        summary = cp.get("summary")
        if summary.__class__ is dict:
            s = f"{p}/summary"
            _texts(summary, _TEXT_KEYS, s, log)
            tender = summary.get("tender")
            if tender.__class__ is dict:
                _summary_tender(tender, f"{s}/tender", log)
            _orgs(summary, "suppliers", s, log)
            _value(summary, "contractValue", s, log, zero_unknown=True, nines=True)
            _value(summary, "finalValue", s, log, zero_unknown=True, nines=True)
            _period(summary, "contractPeriod", s, log)
            _documents(summary, s, log)
            _milestones(summary, s, log)
            _transactions(summary, s, log)
            for j, m in _each(summary, "modifications"):
                mp = f"{s}/modifications/{j}"
                _texts(m, ("description", "rationale"), mp, log)
                _date(m, "date", mp, log)
                _value(m, "oldContractValue", mp, log)
                _value(m, "newContractValue", mp, log)
                _period(m, "oldContractPeriod", mp, log)
                _period(m, "newContractPeriod", mp, log)
        for j, r in _each(cp, "releases"):
            _date(r, "date", f"{p}/releases/{j}", log)
    return log.out


def _budget_line(b: dict, path: str, log: _Log) -> None:
    _text(b, "description", path, log)
    _value(b, "amount", path, log, nines=True)
    _period(b, "period", path, log)
    _org(b, "sourceParty", path, log)
