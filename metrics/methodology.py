"""The methodology page, generated from the indicators' metadata (never written twice).

    methodology_markdown("es", settings)   # docs/METODOLOGIA.md (make docs), python -m metrics.methodology
    methodology_sections("es", settings)   # the same, in sections: the dashboard's Metodología page
    python -m metrics.methodology --lang en --out docs/METHODOLOGY.md

Every indicator's section has a stable anchor, `anchor(code)` ("OA-P1" -> "oa-p1"): the page's index and
every flag in the dashboard link to it (`metodologia#oa-p1`), and the generated Markdown carries the same
ids. The methodology has one version, METHODOLOGY_VERSION, shown on the page, in the documents and in
each section's citation: raise it when an indicator's definition, threshold or default changes.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from metrics import catalogue
from metrics import config
from metrics import peers
from metrics import real_cases
from metrics.indicators import REASONS
from metrics.outliers import IQR_FACTOR
from metrics.config import SPENDING_BANDS

# The version of the methodology (indicators, thresholds, defaults, conventions). Cited with every section.
METHODOLOGY_VERSION = "1.0"

CATEGORY_LABELS = {
    "price": ("Precio", "Price"),
    "competition": ("Competencia", "Competition"),
    "delay": ("Plazos", "Delays"),
    "integrity": ("Integridad", "Integrity"),
    "transparency": ("Transparencia", "Transparency"),
}
LEVEL_LABELS = {
    "process": ("proceso de contratación", "contracting process"),
    "project": ("proyecto", "project"),
    "buyer": ("unidad compradora", "buyer"),
    "procuring_entity": ("entidad contratante", "procuring entity"),
    "tenderer": ("licitante o proveedor", "tenderer or supplier"),
}

_T = {
    "title": ("Metodología de los indicadores", "Indicator methodology"),
    "intro": (
        "Esta página se genera a partir de la definición de cada indicador en el código, con los ajustes "
        "vigentes. Los indicadores señalan riesgos para revisar, no prueban irregularidades: cada bandera "
        "muestra los datos que la originaron.",
        "This page is generated from each indicator's definition in the code, with the settings in force. "
        "Indicators point at risks worth reviewing; they do not prove wrongdoing: every flag shows the data "
        "behind it.",
    ),
    "conventions": ("Convenciones comunes", "Shared conventions"),
    "level": ("Nivel", "Level"),
    "ocp": ("Código OCP más cercano", "Closest OCP code"),
    "source": ("Fuente", "Source"),
    "method": ("Metodología", "Methodology"),
    "why": ("Por qué es una señal de alerta", "Why it is a red flag"),
    "exclusions": ("Exclusiones", "Exclusions"),
    "output": ("Resultado", "Output"),
    "fields": ("Campos que usa", "Fields used"),
    "peers": ("Grupo de comparación", "Peer group"),
    "settings": ("Ajustes", "Settings"),
    "setting": ("Ajuste", "Setting"),
    "default": ("Por omisión", "Default"),
    "current": ("Vigente", "In force"),
    "none": ("(sin valor)", "(none)"),
    "reasons": ("Motivos de «no calculable»", "Reasons for “not computable”"),
    "code": ("Código", "Code"),
    "meaning": ("Significado", "Meaning"),
    "disabled": ("Desactivado con los ajustes vigentes.", "Disabled by the settings in force."),
    "bands": ("Bandas de gasto", "Spending bands"),
    "band": ("Banda", "Band"),
    "example": ("Ejemplo", "Example"),
    "example_input": ("Datos de entrada", "Input"),
    "example_settings": ("con los ajustes", "with the settings"),
    "example_output": ("Resultado", "Output"),
    "subject": ("Sujeto", "Subject"),
    "value": ("Valor", "Value"),
    "flagged": ("Marcado", "Flagged"),
    "computable": ("Calculable", "Computable"),
    "version": ("Versión de la metodología", "Methodology version"),
    "index": ("Índice", "Contents"),
    "cite": ("Cómo citar", "How to cite"),
    "cite_text": ("Obras Abiertas, *Metodología de los indicadores*, versión {version}, indicador {code} ({name}).",
                  "Obras Abiertas, *Indicator methodology*, version {version}, indicator {code} ({name})."),
}


@dataclass(frozen=True)
class Section:
    """One part of the methodology: a heading (level 2 or 3) with its Markdown body; `anchor` is the
    stable id of an indicator's section (None for the others)."""

    level: int
    title: str
    body: str
    anchor: str | None = None


def anchor(code: str) -> str:
    """The stable id of an indicator's section: its code in lower case ("OA-P1" -> "oa-p1", "R003" -> "r003")."""
    return code.lower()


def _t(key: str, lang: str) -> str:
    return _T[key][0 if lang == "es" else 1]


def _conventions(lang: str, settings: dict[str, Any]) -> list[str]:
    details = (settings.get("exclusions") or {}).get("procurement_method_details") or []
    currency = settings.get("currency")
    data_date = settings.get("data_date")
    if lang == "es":
        return [
            "- **Procesos considerados.** Se excluyen los procesos sin ocid, las licitaciones canceladas y los "
            "procesos cuyo `procurementMethodDetails` está en el ajuste `[exclusions] "
            f"procurement_method_details` (vigente: {', '.join(details) or 'ninguno'}).",
            "- **No calculable no es «sin bandera».** Cada sujeto que un indicador considera recibe una fila: "
            "marcado sí/no cuando hay datos, o *no calculable* (sin marca) cuando faltan los datos necesarios; "
            "el detalle dice el motivo. Las tasas y los puntajes solo cuentan resultados calculables.",
            f"- **Valores atípicos.** Cuartiles Q1 y Q3 de tipo 8 (Hyndman y Fan; R `type = 8`, numpy "
            f"`median_unbiased`), como Cardinal. Atípico alto: valor ≥ Q3 + {IQR_FACTOR} × RIC; atípico bajo: valor "
            f"≤ Q1 − {IQR_FACTOR} × RIC, con RIC = Q3 − Q1. Un ajuste `threshold` sustituye a la cerca calculada. "
            "No se aplica la cerca alta cuando Q1 = Q3 = 0, ni la baja cuando Q1 ≤ 0, para no marcar una cuarta "
            "parte de todo. Q1, Q3, la cerca y el tamaño del grupo se guardan con cada resultado.",
            "- **Grupos de comparación por publicador.** Un sujeto se compara solo con los del mismo publicador "
            "(su implementador junto con el prefijo de ocid de su sistema de publicación), además de lo que cada "
            "indicador agrupa (p. ej. el método): cargar los archivos de otro publicador no cambia sus cercas. Un "
            "grupo con menos sujetos que el mínimo no recibe cerca y sus sujetos quedan no calculables "
            "(too_few_peers). Cada indicador dice su grupo; los que cuentan a un proveedor o una unidad "
            "compradora en todos los publicadores lo dicen también.",
            "- **Moneda principal.** Los montos en otra moneda no se comparan (el resultado queda no calculable). "
            "La moneda principal es el ajuste `currency` o la más frecuente en los procesos "
            f"(vigente: {currency or 'ninguna'}); un monto sin moneda publicada se toma en la moneda principal.",
            "- **Fecha de corte.** Las reglas que dependen de «hoy» (hitos vencidos, licitaciones estancadas) usan "
            "el ajuste `data_date` o, por omisión, la fecha de publicación más reciente del publicador del proceso "
            "(OA-D7; OA-D6 todavía la de toda la base), nunca la fecha del sistema, para que los resultados se "
            f"puedan reproducir (vigente en toda la base: {data_date or 'ninguna'}).",
            "- **Días.** Los plazos se cuentan en días completos (las fracciones de día no cuentan).",
            "- **Puntaje compuesto.** Por proceso y por proyecto: 0 a 100 = marcados / calculables × 100, "
            "mostrando ambos números; el de un proyecto suma sus propios resultados y los de sus procesos. Solo "
            "cuentan los indicadores que reportan a todos los sujetos que consideran (los de Obras Abiertas); los "
            "de Cardinal, que solo listan lo que marcan, aparecen en la lista de banderas pero no en el puntaje. "
            "Por unidad compradora, implementador y estado: tasas (procesos marcados / procesos calculables), "
            "nunca conteos, con el número de procesos y la banda de gasto para comparar entre pares.",
        ]
    return [
        "- **Processes considered.** Processes without an ocid, cancelled tenders and processes whose "
        "`procurementMethodDetails` is listed in the `[exclusions] procurement_method_details` setting "
        f"(in force: {', '.join(details) or 'none'}) are excluded.",
        "- **Not computable is not “not flagged”.** Every subject an indicator considers gets a row: flagged "
        "yes/no when the data allow, or *not computable* (no flag) when the data it needs are missing; the detail "
        "gives the reason. Rates and scores count computable results only.",
        f"- **Outliers.** Type 8 quartiles Q1 and Q3 (Hyndman and Fan; R `type = 8`, numpy `median_unbiased`), "
        f"as in Cardinal. High outlier: value ≥ Q3 + {IQR_FACTOR} × IQR; low outlier: value ≤ Q1 − {IQR_FACTOR} × "
        "IQR, with IQR = Q3 − Q1. A `threshold` setting replaces the computed fence. The high fence is not applied "
        "when Q1 = Q3 = 0, nor the low one when Q1 ≤ 0, so as not to flag a quarter of everything. Q1, Q3, the "
        "fence and the peer-group size are stored with every result.",
        "- **Peer groups by publisher.** A subject is compared only with those of the same publisher (its "
        "implementer together with the ocid prefix of its publishing system), besides what each indicator groups "
        "by (e.g. the method): loading another publisher's files does not change its fences. A group with fewer "
        "subjects than the minimum gets no fence and its subjects are not computable (too_few_peers). Each "
        "indicator states its group; those that count a supplier or a buyer across publishers say so too.",
        "- **Main currency.** Amounts in another currency are not compared (the result is not computable). The "
        "main currency is the `currency` setting or the most frequent one among processes "
        f"(in force: {currency or 'none'}); an amount without a published currency is taken in the main currency.",
        "- **Data date.** Rules that depend on “today” (overdue milestones, stalled tenders) use the `data_date` "
        "setting or, by default, the latest publication date of the process's publisher (OA-D7; OA-D6 still the "
        "whole database's), never the system clock, so that results are reproducible (in force for the whole "
        f"database: {data_date or 'none'}).",
        "- **Days.** Periods are counted in whole days (fractions of a day do not count).",
        "- **Composite score.** Per process and per project: 0 to 100 = flagged / computable × 100, showing both "
        "numbers; a project's score adds its own results to its processes'. Only indicators that report every "
        "subject they consider (Obras Abiertas') count; Cardinal's, which list only what they flag, appear in the "
        "list of flags but not in the score. Per buyer, implementer and state: rates (flagged processes / "
        "computable processes), never counts, with the number of processes and the spending band to compare "
        "peers.",
    ]


def _bands(lang: str) -> list[str]:
    intro = (
        "Gasto anual = monto contratado (o adjudicado si no hay contrato) en la moneda principal / número de años "
        "con procesos, en millones. Bandas del IMCO para instituciones, con bandas más finas por debajo de 500 "
        "millones para los municipios. Cada banda incluye su límite superior."
        if lang == "es" else
        "Annual spending = contracted (else awarded) amount in the main currency / number of years with "
        "processes, in millions. IMCO's bands for institutions, with finer bands below 500 million for "
        "municipalities. Each band includes its upper bound."
    )
    rows = [intro, "", f"| {_t('code', lang)} | {_t('band', lang)} |", "|---|---|"]
    rows += [f"| `{b['code']}` | {b[lang]} |" for b in SPENDING_BANDS]
    return rows


def _value(value: Any, lang: str) -> str:
    if value is None or value == [] or value == {}:
        return _t("none", lang)
    if isinstance(value, list):
        return " \\| ".join(str(v) for v in value)
    if isinstance(value, bool):
        return ("sí" if value else "no") if lang == "es" else str(value).lower()
    return str(value)


def _cell(value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("sí" if value else "no") if lang == "es" else ("yes" if value else "no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _example(example: Any, lang: str) -> list[str]:
    """The worked example: each input table, the settings, and the output rows (tests run the same)."""
    out = [f"**{_t('example', lang)}.** {_t('example_input', lang)}"
           + (" " + _t("example_settings", lang) + " " + ", ".join(
               f"`{k} = {_value(v, lang)}`" for k, v in example.settings.items()) if example.settings else "")
           + ":", ""]
    for table, rows in example.tables.items():
        columns = list(dict.fromkeys(c for row in rows for c in row))
        out += [f"`{table}`", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        out += ["| " + " | ".join(_cell(row.get(c), lang) for c in columns) + " |" for row in rows]
        out.append("")
    keys = ("subject", "value", "flagged", "computable")
    out += [f"{_t('example_output', lang)}:", "", "| " + " | ".join(_t(k, lang) for k in keys) + " |",
            "|---|---|---|---|"]
    out += ["| " + " | ".join(_cell(v, lang) for v in row) + " |" for row in example.flags]
    return out + [""]


def _name(meta: Any, lang: str) -> str:
    return meta.name_es if lang == "es" else meta.name_en


def _indicator(meta: Any, lang: str, settings: dict[str, Any]) -> list[str]:
    """The body of an indicator's section (its heading is `{code} · {name}`)."""
    es = lang == "es"
    name = _name(meta, lang)
    level = LEVEL_LABELS.get(meta.level, (meta.level, meta.level))[0 if es else 1]
    facts = [f"**{_t('level', lang)}:** {level}"]
    if meta.ocp_code:
        facts.append(f"**{_t('ocp', lang)}:** {meta.ocp_code}")
    if meta.source:
        facts.append(f"**{_t('source', lang)}:** {meta.source}")
    out = [" · ".join(facts), ""]
    if not config.is_enabled(settings, meta.code):
        out += [f"*{_t('disabled', lang)}*", ""]
    for key, text in (("method", meta.methodology_es if es else meta.methodology_en),
                      ("why", meta.why_es if es else meta.why_en),
                      ("exclusions", meta.exclusions_es if es else meta.exclusions_en),
                      ("output", meta.output_es if es else meta.output_en)):
        if text:
            out += [f"**{_t(key, lang)}.** {text}", ""]
    peer = peers.peer_group(meta.code)  # one source: metrics.peers, also read by the isolation test
    out += [f"**{_t('peers', lang)}.** {peer.es if es else peer.en}", ""]
    if meta.example is not None:
        out += _example(meta.example, lang)
    out += real_cases.render(meta.code, lang)  # one published case worked by hand (tests check it)
    if meta.required_fields:
        out += [f"**{_t('fields', lang)}:** " + ", ".join(f"`{f}`" for f in meta.required_fields), ""]
    defaults = dict(meta.defaults or {})
    if defaults:
        current = settings.get(meta.code) or {}
        out += [f"**{_t('settings', lang)}** (`[{meta.code}]`):", "",
                f"| {_t('setting', lang)} | {_t('default', lang)} | {_t('current', lang)} |", "|---|---|---|"]
        for key, default in defaults.items():
            out.append(f"| `{key}` | {_value(default, lang)} | {_value(current.get(key, default), lang)} |")
        out.append("")
    out += [f"**{_t('cite', lang)}:** " + _t("cite_text", lang).format(version=METHODOLOGY_VERSION, code=meta.code,
                                                                       name=name), ""]
    return out


def _metas_by_category() -> dict[str, list[Any]]:
    by_category: dict[str, list[Any]] = {}
    for indicator in catalogue.all_indicators():
        by_category.setdefault(indicator.meta.category, []).append(indicator.meta)
    return by_category


def _category(category: str, lang: str) -> str:
    return CATEGORY_LABELS.get(category, (category, category))[0 if lang == "es" else 1]


def methodology_index(lang: str = "es") -> list[str]:
    """The index: each category, under it each indicator as a link to its section's anchor."""
    out = []
    for category, metas in _metas_by_category().items():
        out.append(f"- **{_category(category, lang)}**")
        out += [f"  - [{m.code} · {_name(m, lang)}](#{anchor(m.code)})" for m in metas]
    return out


def methodology_sections(lang: str = "es", settings: dict[str, Any] | None = None) -> list[Section]:
    """The methodology of every registered indicator as sections, in Spanish ("es") or English ("en"):
    shared conventions, spending bands, one section per indicator (grouped by category, each with its
    anchor), the reasons for "not computable". `settings` as for methodology_markdown."""
    if lang not in ("es", "en"):
        raise ValueError(f"lang must be 'es' or 'en', not {lang!r}")
    merged = config.merge(settings)
    out = [Section(2, _t("conventions", lang), "\n".join(_conventions(lang, merged))),
           Section(3, _t("bands", lang), "\n".join(_bands(lang)))]
    for category, metas in _metas_by_category().items():
        out.append(Section(2, _category(category, lang), ""))
        for meta in metas:
            body = "\n".join(_indicator(meta, lang, merged)).strip()
            out.append(Section(3, f"{meta.code} · {_name(meta, lang)}", body, anchor(meta.code)))
    reasons = [f"| {_t('code', lang)} | {_t('meaning', lang)} |", "|---|---|"]
    reasons += [f"| `{code}` | {texts[0 if lang == 'es' else 1]} |" for code, texts in REASONS.items()]
    out.append(Section(2, _t("reasons", lang), "\n".join(reasons)))
    return out


def methodology_markdown(lang: str = "es", settings: dict[str, Any] | None = None) -> str:
    """The methodology of every registered indicator as Markdown, in Spanish ("es") or English ("en"):
    the version, an index, then the sections of `methodology_sections`, each indicator's heading after
    an HTML anchor (`<a id="oa-p1"></a>`) so links to it stay stable.

    `settings` are the overrides in force (as for metrics.compute); their values are shown beside the
    defaults. Pass resolved settings (metrics.config.resolve) to show the currency and data date used.
    """
    sections = methodology_sections(lang, settings)
    lines = [f"# {_t('title', lang)}", "", f"**{_t('version', lang)}:** {METHODOLOGY_VERSION}", "",
             _t("intro", lang), "", f"## {_t('index', lang)}", ""] + methodology_index(lang) + [""]
    for section in sections:
        if section.anchor:
            lines.append(f'<a id="{section.anchor}"></a>')
            lines.append("")
        lines += [f"{'#' * section.level} {section.title}", ""]
        if section.body:
            lines += [section.body, ""]
    return "\n".join(lines).rstrip() + "\n"


def main_methodology(argv: Sequence[str] | None = None) -> int:
    """`python -m metrics.methodology [--lang es|en] [--settings FILE.ini] [--out PATH]`."""
    parser = argparse.ArgumentParser(prog="python -m metrics.methodology",
                                     description="Write the indicator methodology as Markdown.")
    parser.add_argument("--lang", choices=("es", "en"), default="es")
    parser.add_argument("--settings", metavar="FILE.ini", help="settings file whose values are shown")
    parser.add_argument("--out", metavar="PATH", help="output file (default: standard output)")
    args = parser.parse_args(argv)
    try:
        overrides = config.load_ini(args.settings) if args.settings else None
    except config.SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = methodology_markdown(args.lang, overrides)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main_methodology())
