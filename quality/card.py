"""The report card a guarantor body sends an implementer: its score and the parts of it, its commitment and
what was met, the fields missing by stage with examples, the boilerplate discounted, the schema errors
grouped by path, the history across loads, and the date and data it was computed from.

One set of data (card_data) rendered as Markdown (render_markdown, for the web) or as a PDF on letter paper
(render_pdf, with ReportLab's platypus: tables break across pages and repeat their header row). Spanish
first, English with lang="en". Text from the data is escaped for each format (Markdown punctuation,
ReportLab's XML markup).
"""
from __future__ import annotations

import io
import math
import re
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

import duckdb
import pandas as pd

from quality import report
from quality.completeness import EXAMPLES
from quality.fields import fields, stages
from quality.labels import COMPONENTS, VALIDATION, VALIDITY_BASIS, pair
from quality.score import WEIGHTS

MAX_ERROR_ROWS = 40

T: dict[str, dict[str, str]] = {
    "title": {"es": "Boleta de calidad de publicación", "en": "Publication quality report card"},
    "unassigned": {"es": "Sin asignar (datos sin implementador identificado)",
                   "en": "Unassigned (data with no implementer identified)"},
    "computed": {"es": "Calculada el {computed} con los datos cargados al {load_date}; oportunidad medida al {as_of}.",
                 "en": "Computed on {computed} from the data loaded on {load_date}; timeliness measured at {as_of}."},
    "data": {"es": "Datos: {processes} procesos (EDCA-MX) y {projects} proyectos (EDCAPI), de {sources} archivos.",
             "en": "Data: {processes} processes (EDCA-MX) and {projects} projects (EDCAPI), from {sources} files."},
    "rank": {"es": "Lugar {rank} de {of} implementadores.", "en": "Rank {rank} of {of} implementers."},
    "not_ranked": {"es": "No se clasifica: no es un implementador.", "en": "Not ranked: not an implementer."},
    "score": {"es": "Calificación", "en": "Score"},
    "parts": {"es": "Componentes de la calificación", "en": "Parts of the score"},
    "component": {"es": "Componente", "en": "Component"},
    "weight": {"es": "Peso", "en": "Weight"},
    "value": {"es": "Valor", "en": "Value"},
    "points": {"es": "Puntos", "en": "Points"},
    "not_measured": {"es": "no medido", "en": "not measured"},
    **{k: pair(COMPONENTS, k) for k in COMPONENTS},
    "validity_basis": {"es": VALIDITY_BASIS[0], "en": VALIDITY_BASIS[1]},
    "validation_unavailable": {
        "es": "Validación de esquema no disponible (sin conexión y sin copia en caché): la validez no entra en la "
              "calificación de ningún implementador.",
        "en": "Schema validation unavailable (offline, no cache): validity is left out of every implementer's score."},
    "commitment_h": {"es": "Compromiso de publicación y cumplimiento", "en": "Publication commitment and compliance"},
    "source_default": {"es": "Compromiso por defecto (supuesto, no firmado).",
                       "en": "Default commitment (assumed, not signed)."},
    "source_file": {"es": "Compromiso registrado por el órgano garante.",
                    "en": "Commitment entered by the guarantor body."},
    "item": {"es": "Concepto", "en": "Item"},
    "met": {"es": "Cumplido", "en": "Met"},
    "stages_published": {"es": "Etapas comprometidas publicadas", "en": "Committed stages published"},
    "fields_published": {"es": "Campos comprometidos publicados", "en": "Committed fields published"},
    "frequency": {"es": "Actualización cada {days} días", "en": "Update every {days} days"},
    "period": {"es": "Trimestres del periodo cubiertos", "en": "Quarters of the period covered"},
    "compliance": {"es": "Cumplimiento", "en": "Compliance"},
    "yes": {"es": "sí", "en": "yes"},
    "no": {"es": "no", "en": "no"},
    "stages_h": {"es": "Completitud por etapa", "en": "Completeness by stage"},
    "stage": {"es": "Etapa", "en": "Stage"},
    "subjects": {"es": "Procesos o proyectos", "en": "Processes or projects"},
    "with_stage": {"es": "Publican la etapa", "en": "Publish the stage"},
    "counted": {"es": "Cuenta en la calificación", "en": "Counts in the score"},
    "not_published_zero": {"es": "0 (comprometida, no publicada)", "en": "0 (committed, not published)"},
    "left_out": {"es": "no cuenta", "en": "left out"},
    "missing_h": {"es": "Campos faltantes por etapa", "en": "Missing fields by stage"},
    "missing_intro": {"es": "Campos publicados por menos de todos los procesos o proyectos que publican su etapa, "
                            "con ejemplos de los que no lo publican.",
                      "en": "Fields published by fewer than all the processes or projects that publish their "
                            "stage, with examples of those that do not."},
    "field": {"es": "Campo", "en": "Field"},
    "path": {"es": "Ruta", "en": "Path"},
    "published": {"es": "Publicado", "en": "Published"},
    "examples": {"es": "Ejemplos sin el campo", "en": "Examples without it"},
    "none_missing": {"es": "Ningún campo falta.", "en": "No field is missing."},
    "boiler_h": {"es": "Valores descontados por texto genérico", "en": "Values discounted as boilerplate"},
    "boiler_intro": {"es": "Estos valores están presentes pero no cuentan como publicados: un texto idéntico en al "
                           "menos 90 % de los procesos que lo publican (mínimo 10), o un marcador de \"sin dato\".",
                     "en": "These values are present but do not count as published: a text identical in at least "
                           "90% of the processes that publish it (at least 10), or a \"no data\" marker."},
    "reason": {"es": "Motivo", "en": "Reason"},
    "repeated": {"es": "texto repetido", "en": "repeated text"},
    "placeholder": {"es": "marcador de \"sin dato\"", "en": "\"no data\" marker"},
    "discounted": {"es": "Descontados", "en": "Discounted"},
    "errors_h": {"es": "Errores de validación de esquema", "en": "Schema validation errors"},
    "validated": {"es": "{validated} de {items} elementos validados ({valid} sin errores; {share} de sus valores "
                        "válidos) contra {schema}.",
                  "en": "{validated} of {items} items validated ({valid} without errors; {share} of their values "
                        "valid) against {schema}."},
    "standard": pair(VALIDATION, "standard"),
    "kind": {"es": "Error", "en": "Error"},
    "errors": pair(VALIDATION, "errors"),
    "items": pair(VALIDATION, "items"),
    "no_errors": {"es": "Sin errores de esquema en lo validado.", "en": "No schema errors in what was validated."},
    "more_errors": {"es": "… y {n} grupos más (ver la exportación completa).",
                    "en": "… and {n} more groups (see the full export)."},
    "history_h": {"es": "Historial por carga", "en": "History by load"},
    "load_date": {"es": "Fecha de carga", "en": "Load date"},
    "processes": {"es": "Procesos", "en": "Processes"},
    "projects": {"es": "Proyectos", "en": "Projects"},
    "method": {"es": "Cómo se calcula: promedio ponderado de los componentes (0-100); un componente que no se puede "
                     "medir se omite para todos y los pesos se reescalan. Detalle en la exportación CSV/Excel.",
               "en": "How it is computed: weighted mean of the components (0-100); a component that cannot be "
                     "measured is left out for everyone and the weights rescaled. Detail in the CSV/Excel export."},
}


def tr(key: str, lang: str, **kw: Any) -> str:
    text = T[key].get(lang) or T[key]["es"]
    return text.format(**kw) if kw else text


def _num(value: Any) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _pct(value: Any) -> str:
    v = _num(value)
    return "—" if v is None else f"{100 * v:.0f} %"


def _valid_share(v: dict) -> float | None:
    """Share of the validated values without a schema error (quality.errors.ErrorGroups)."""
    checked, invalid = _num(v.get("values_checked")), _num(v.get("values_invalid"))
    return (checked - invalid) / checked if checked else None


def _day(value: Any) -> str:
    if value is None:
        return "—"
    try:
        if pd.isna(value):
            return "—"
    except (TypeError, ValueError):
        pass
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def _list(value: Any) -> list:
    if value is None:
        return []
    if hasattr(value, "tolist"):
        value = value.tolist()
    return list(value) if isinstance(value, (list, tuple)) else []


def card_data(con: duckdb.DuckDBPyConnection, impl: str | None) -> dict[str, Any]:
    """Everything the report card shows for one implementer (None = unassigned data), as plain values."""
    impl = report.plain_id(impl)
    ranking = report.scores(con)
    mine = ranking[ranking["implementer_id"].map(lambda i: report.plain_id(i) == impl)]
    if mine.empty:
        raise KeyError(f"no quality scores for implementer {impl!r}")
    row = mine.iloc[0].to_dict()
    ranked = int(ranking["implementer_id"].notna().sum())
    stage_df = report.stage_table(con, impl)
    field_df = report.field_table(con, impl)
    missing: list[dict] = []
    for subject in ("process", "project"):
        if not (stage_df[stage_df["subject"] == subject]["with_stage"].fillna(0) > 0).any():
            continue
        for f in fields():
            if f.subject != subject:
                continue
            r = field_df[field_df["field"] == f.field]
            if r.empty:
                continue
            r = r.iloc[0]
            with_stage, published = int(r["with_stage"] or 0), int(r["published"] or 0)
            if not with_stage or published >= with_stage:
                continue
            missing.append({"stage": f.stage, "field": f.field, "label_es": f.label_es, "label_en": f.label_en,
                            "path": f.path, "published": published, "with_stage": with_stage,
                            "examples": [str(x) for x in _list(r.get("examples"))][:EXAMPLES]})
    sources = con.execute(
        """WITH s AS (SELECT DISTINCT r.source_id FROM releases r JOIN processes p ON p.ocid = r.ocid
                      WHERE p.implementer_id IS NOT DISTINCT FROM ?
                      UNION SELECT DISTINCT source_id FROM projects WHERE implementer_id IS NOT DISTINCT FROM ?)
           SELECT count(*), max(loaded_at) FROM sources WHERE source_id IN (SELECT source_id FROM s)""",
        [impl, impl]).fetchall()[0]
    computed = con.execute("SELECT max(computed_at) FROM quality_runs").fetchall()[0][0]
    return {
        "implementer_id": impl, "row": row, "ranked": ranked, "weights": dict(WEIGHTS),
        "commitment": report.commitment_row(con, impl), "stages": stage_df.to_dict("records"),
        "missing": missing, "boilerplate": report.boilerplate_table(con, impl).to_dict("records"),
        "validation": report.validation_table(con, impl).to_dict("records"),
        "schema_errors": report.schema_error_table(con, impl).to_dict("records"),
        "history": report.history_table(con, impl, every=False).to_dict("records"),
        "sources": int(sources[0] or 0), "computed_at": computed,
    }


# ---- the blocks, format-neutral: (kind, content) ----------------------------------------------------------
def blocks(d: dict[str, Any], lang: str = "es") -> list[tuple[str, Any]]:
    """The card as a list of ("h1"|"h2"|"p"|"table", content); a table is (header, rows, column widths)."""
    row = d["row"]
    label = (lambda s: next((x.label_es if lang == "es" else x.label_en for x in stages() if x.stage == s), s))
    name = row.get("name") if isinstance(row.get("name"), str) else None
    title = name or (d["implementer_id"] or tr("unassigned", lang))
    out: list[tuple[str, Any]] = [("h1", f"{tr('title', lang)}: {title}")]
    if d["implementer_id"]:
        out.append(("p", f"ID: {d['implementer_id']}" + (f" · {row['state']}" if isinstance(row.get("state"), str)
                                                        else "")))
    out.append(("p", tr("computed", lang, computed=_day(d["computed_at"]), load_date=_day(row.get("load_date")),
                     as_of=_day(row.get("as_of") if row.get("as_of") is not None else row.get("load_date")))))
    out.append(("p", tr("data", lang, processes=int(row.get("processes") or 0), projects=int(row.get("projects") or 0),
                     sources=d["sources"])))
    rank = _num(row.get("rank"))
    out.append(("p", tr("rank", lang, rank=int(rank), of=d["ranked"]) if rank is not None and d["implementer_id"]
                else tr("not_ranked", lang)))
    out.append(("score", f"{tr('score', lang)}: {_num(row.get('score')) or 0:.1f} / 100"))
    if row.get("validation") == "unavailable":
        out.append(("warn", tr("validation_unavailable", lang)))
    # parts
    used = _list(row.get("components_used"))
    total = sum(d["weights"][k] for k in used) or 1.0
    rows = []
    for k, w in d["weights"].items():
        v = _num(row.get(k))
        pts = f"{100 * w / total * v:.1f}" if v is not None and k in used else "—"
        rows.append([tr(k, lang), f"{100 * w:.0f} %", _pct(v) if v is not None else tr("not_measured", lang), pts])
    out += [("h2", tr("parts", lang)),
            ("table", ([tr("component", lang), tr("weight", lang), tr("value", lang), tr("points", lang)], rows,
                       [0.45, 0.15, 0.2, 0.2])),
            ("p", tr("method", lang))]
    # commitment
    c = d["commitment"] or {}
    out.append(("h2", tr("commitment_h", lang)))
    out.append(("p", tr("source_file" if c.get("source") == "file" else "source_default", lang)))
    if c.get("note"):
        out.append(("p", str(c["note"])))
    committed = _list(c.get("stages"))
    covered = _num(c.get("period_quarters_covered"))
    quarters = _num(c.get("period_quarters"))
    crow = [
        [tr("stages_published", lang), f"{int(_num(c.get('stages_published')) or 0)}/{len(committed)}",
         _pct(c.get("stages_share"))],
        [tr("fields_published", lang), f"{int(_num(c.get('fields_published')) or 0)}/"
                                       f"{int(_num(c.get('fields_committed')) or 0)}", _pct(c.get("fields_share"))],
        [tr("frequency", lang, days=int(_num(c.get("frequency_days")) or 0)),
         tr("yes" if c.get("frequency_met") else "no", lang), ""],
    ]
    if quarters:
        crow.append([tr("period", lang), f"{int(covered or 0)}/{int(quarters)}", _pct(c.get("period_share"))])
    crow.append([tr("compliance", lang), "", _pct(c.get("compliance"))])
    out.append(("table", ([tr("item", lang), tr("met", lang), "%"], crow, [0.6, 0.2, 0.2])))
    # stages
    srows = []
    for s in d["stages"]:
        scored = _num(s.get("scored"))
        comp = _num(s.get("completeness"))
        if scored is None:
            counted = tr("left_out", lang)
        elif comp is None:
            counted = tr("not_published_zero", lang)
        else:
            counted = _pct(scored)
        srows.append([label(s["stage"]), str(int(s.get("subjects") or 0)), str(int(s.get("with_stage") or 0)),
                      _pct(comp), tr("yes" if s.get("committed") else "no", lang), counted])
    out += [("h2", tr("stages_h", lang)),
            ("table", ([tr("stage", lang), tr("subjects", lang), tr("with_stage", lang), tr("completeness", lang),
                        tr("commitment", lang), tr("counted", lang)], srows, [0.2, 0.14, 0.14, 0.14, 0.14, 0.24]))]
    # missing fields
    out += [("h2", tr("missing_h", lang)), ("p", tr("missing_intro", lang))]
    boiler = {b["field"]: b["rule"] for b in d["boilerplate"]}
    if d["missing"]:
        mrows = [[label(m["stage"]), m[f"label_{lang}"] or m["field"], m["path"],
                  f"{m['published']}/{m['with_stage']}",
                  ", ".join(m["examples"]) + (f" ({tr('boiler_h', lang).lower()}: {tr(boiler[m['field']], lang)})"
                                              if m["field"] in boiler else "")] for m in d["missing"]]
        out.append(("table", ([tr("stage", lang), tr("field", lang), tr("path", lang), tr("published", lang),
                               tr("examples", lang)], mrows, [0.12, 0.2, 0.22, 0.1, 0.36])))
    else:
        out.append(("p", tr("none_missing", lang)))
    if d["boilerplate"]:
        brows = [[b["field"], tr(b["rule"], lang), str(b.get("value") or ""), f"{b['subjects']}/{b['with_value']}"]
                 for b in d["boilerplate"]]
        out += [("h2", tr("boiler_h", lang)), ("p", tr("boiler_intro", lang)),
                ("table", ([tr("field", lang), tr("reason", lang), tr("value", lang), tr("discounted", lang)],
                           brows, [0.25, 0.15, 0.45, 0.15]))]
    # validation
    out.append(("h2", tr("errors_h", lang)))
    for v in d["validation"]:
        if v.get("status") == "unavailable":
            out.append(("p", f"{v['standard']}: {tr('validation_unavailable', lang)}"))
            continue
        out.append(("p", f"{v['standard']} ({v['item_kind']}): " + tr(
            "validated", lang, validated=int(_num(v.get("items_validated")) or 0), items=int(_num(v.get("items")) or 0),
            valid=int(_num(v.get("items_valid")) or 0), share=_pct(_valid_share(v)),
            schema=str(v.get("schema_origin") or "—"))))
    if any(v.get("status") != "unavailable" for v in d["validation"]):
        out.append(("p", tr("validity_basis", lang)))
    errs = d["schema_errors"]
    if errs:
        erows = []
        for e in errs[:MAX_ERROR_ROWS]:
            ex = _list(e.get("examples"))
            first = ex[0] if ex else {}
            erows.append([e["standard"], e["validator"], e["path"], str(int(_num(e.get("errors")) or 0)),
                          str(int(_num(e.get("items")) or 0)),
                          f"{first.get('id', '')}: {first.get('message', '')}" if first else ""])
        out.append(("table", ([tr("standard", lang), tr("kind", lang), tr("path", lang), tr("errors", lang),
                               tr("items", lang), tr("examples", lang)], erows, [0.09, 0.12, 0.25, 0.09, 0.1, 0.35])))
        if len(errs) > MAX_ERROR_ROWS:
            out.append(("p", tr("more_errors", lang, n=len(errs) - MAX_ERROR_ROWS)))
    elif any(v.get("status") == "run" for v in d["validation"]):
        out.append(("p", tr("no_errors", lang)))
    # history
    hrows = [[_day(h.get("load_date")), f"{_num(h.get('score')) or 0:.1f}",
              *[_pct(h.get(k)) for k in d["weights"]], str(int(_num(h.get("processes")) or 0)),
              str(int(_num(h.get("projects")) or 0))] for h in d["history"]]
    out += [("h2", tr("history_h", lang)),
            ("table", ([tr("load_date", lang), tr("score", lang), *[tr(k, lang) for k in d["weights"]],
                        tr("processes", lang), tr("projects", lang)], hrows,
                       [0.12, 0.08, 0.11, 0.12, 0.11, 0.11, 0.13, 0.11, 0.11]))]
    return out


# ---- Markdown -----------------------------------------------------------------------------------------------
_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&\"'$%^=])")


def md_text(value: Any) -> str:
    """Data as literal Markdown text: punctuation escaped, line breaks as spaces."""
    return _MD.sub(r"\\\1", re.sub(r"[\r\n]+", " ", str(value)))


def render_markdown(d: dict[str, Any], lang: str = "es") -> str:
    lines: list[str] = []
    for kind, content in blocks(d, lang):
        if kind == "h1":
            lines += [f"# {md_text(content)}", ""]
        elif kind == "h2":
            lines += [f"## {md_text(content)}", ""]
        elif kind == "score":
            lines += [f"**{md_text(content)}**", ""]
        elif kind == "warn":
            lines += [f"> **{md_text(content)}**", ""]
        elif kind == "p":
            lines += [md_text(content), ""]
        elif kind == "table":
            header, rows, _ = content
            lines.append("| " + " | ".join(md_text(h) for h in header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(md_text(c) for c in r) + " |" for r in rows]
            lines.append("")
    return "\n".join(lines)


# ---- PDF ----------------------------------------------------------------------------------------------------
def render_pdf(d: dict[str, Any], lang: str = "es") -> bytes:
    """The card as a PDF on US letter paper: long tables split across pages with their header repeated."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    styles = getSampleStyleSheet()
    body = ParagraphStyle("b", parent=styles["BodyText"], fontName="Helvetica", fontSize=9, leading=11.5)
    cell = ParagraphStyle("c", parent=body, fontSize=7.5, leading=9, wordWrap="CJK")
    head = ParagraphStyle("hc", parent=cell, fontName="Helvetica-Bold", textColor=colors.white)
    warn = ParagraphStyle("w", parent=body, textColor=colors.HexColor("#8a4b00"), fontName="Helvetica-Bold")
    score = ParagraphStyle("s", parent=styles["Heading2"], fontSize=16, leading=20)
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontSize=15, leading=19)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontSize=11.5, leading=14, spaceBefore=8, keepWithNext=1)

    def para(text: Any, style) -> Paragraph:
        return Paragraph(escape(str(text)), style)

    margin = 1.8 * cm
    width = letter[0] - 2 * margin
    story: list = []
    for kind, content in blocks(d, lang):
        if kind == "h1":
            story.append(para(content, h1))
        elif kind == "h2":
            story.append(para(content, h2))
        elif kind == "score":
            story.append(para(content, score))
        elif kind == "warn":
            story.append(para(content, warn))
        elif kind == "p":
            story.append(para(content, body))
        elif kind == "table":
            header, rows, widths = content
            data = [[para(h, head) for h in header]] + [[para(c, cell) for c in r] for r in rows]
            table = LongTable(data, colWidths=[w * width for w in widths], repeatRows=1, splitByRow=1)
            table.setStyle(TableStyle([
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#35556b")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef2f5")]),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa9b4")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]))
            story += [table, Spacer(1, 4)]
    footer = f"Obras Abiertas · {tr('title', lang)}"

    def page(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(margin, 1.0 * cm, footer)
        canvas.drawRightString(letter[0] - margin, 1.0 * cm, str(doc.page))
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=letter, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin, title=f"{tr('title', lang)}", author="Obras Abiertas",
                            lang="es-MX" if lang == "es" else "en")
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buf.getvalue()


def report_card(con: duckdb.DuckDBPyConnection, impl: str | None, fmt: str = "pdf", lang: str = "es") -> bytes:
    """The report card of `impl` as PDF or Markdown (UTF-8) bytes."""
    d = card_data(con, impl)
    if fmt == "md":
        return render_markdown(d, lang).encode("utf-8")
    return render_pdf(d, lang)
