"""Labels of the dashboard's finishing pass (issue 13): counts said with their noun in the right number
("one|many", chosen by ui.fmt.plural), the map's box for data without a state, the quality export's
headers."""
from __future__ import annotations

from quality.labels import COMPONENTS, VALIDATION

LABELS: dict[str, dict[str, str]] = {
    # --- the map's box for data with no state ---
    "map_unplaced_box": {
        "es": "Sin estado publicado (obras federales o sin estado): {processes} y {amount}, en el recuadro "
              "«Sin estado / federal» junto a los estados; los estados y el recuadro suman el total.",
        "en": "No state published (federal works or no state): {processes} and {amount}, in the “No state / "
              "federal” box beside the states; the states and the box add up to the total."},
    "map_unplaced_deck": {
        "es": "Sin estado publicado (obras federales o sin estado): {processes} y {amount} no se sitúan en el "
              "mapa; aparecen como «Sin estado / federal» en la tabla por estado de Resumen.",
        "en": "No state published (federal works or no state): {processes} and {amount} are not placed on the "
              "map; they appear as “No state / federal” in Overview's table by state."},
    # --- counts ---
    "n_processes": {"es": "{n} proceso|{n} procesos", "en": "{n} process|{n} processes"},
    "n_projects": {"es": "{n} proyecto|{n} proyectos", "en": "{n} project|{n} projects"},
    "n_results": {"es": "{n} resultado|{n} resultados", "en": "{n} result|{n} results"},
    "n_indicators": {"es": "{n} indicador|{n} indicadores", "en": "{n} indicator|{n} indicators"},
}

# --- the quality export's column headers and sheet names (quality/export.py writes the codes) ---
_QX = {
    "implementer_id": ("Implementador (clave)", "Implementer (id)"), "section": ("Sección", "Section"),
    "item": ("Elemento", "Item"), "label": ("Nombre", "Name"), "metric": ("Medida", "Measure"),
    "value": ("Valor", "Value"), "detail": ("Detalle", "Detail"), "rank": ("Lugar", "Rank"),
    "name": ("Nombre", "Name"), "state": ("Estado", "State"), "processes": ("Procesos", "Processes"),
    "projects": ("Proyectos", "Projects"), "score": ("Calificación (0-100)", "Score (0-100)"),
    "validity": ("Validez", "Validity"), "completeness": ("Completitud", "Completeness"),
    "coherence": ("Coherencia", "Coherence"), "timeliness": ("Oportunidad", "Timeliness"),
    "commitment": ("Cumplimiento de compromisos", "Commitment"),
    "components_used": ("Componentes usados", "Components used"),
    "commitment_source": ("Origen del compromiso", "Commitment source"),
    "load_date": ("Fecha de carga", "Load date"), "as_of": ("Datos al", "Data as of"),
    "validation": ("Validación", "Validation"), "subject": ("Sujeto", "Subject"), "stage": ("Etapa", "Stage"),
    "subjects": ("Sujetos", "Subjects"), "with_stage": ("Con la etapa", "With the stage"),
    "fields": ("Campos", "Fields"), "committed": ("Comprometido", "Committed"), "scored": ("Calificado", "Scored"),
    "field": ("Campo", "Field"), "path": ("Ruta", "Path"), "published": ("Publicados", "Published"),
    "share": ("Proporción", "Share"), "discounted": ("Descontados", "Discounted"),
    "label_es": ("Nombre (español)", "Name (Spanish)"), "label_en": ("Nombre (inglés)", "Name (English)"),
    "basis": ("Base", "Basis"), "rule": ("Regla", "Rule"), "with_value": ("Con valor", "With a value"),
    "check_id": ("Verificación", "Check"), "applicable": ("Aplicables", "Applicable"),
    "failing": ("Fallan", "Failing"), "fail_share": ("Proporción que falla", "Share failing"),
    "examples": ("Ejemplos", "Examples"), "name_es": ("Nombre (español)", "Name (Spanish)"),
    "name_en": ("Nombre (inglés)", "Name (English)"), "standard": ("Estándar", "Standard"),
    "item_kind": ("Tipo de elemento", "Item kind"), "validator": ("Regla del esquema", "Schema rule"),
    "errors": ("Errores", "Errors"), "items": ("Elementos", "Items"), "status": ("Estado", "Status"),
    "schema_origin": ("Origen del esquema", "Schema origin"),
    "items_validated": ("Elementos validados", "Items validated"), "items_valid": ("Elementos válidos", "Items valid"),
    "event": ("Evento", "Event"), "events": ("Eventos", "Events"),
    "median_lag_days": ("Retraso mediano (días)", "Median lag (days)"),
    "p90_lag_days": ("Retraso percentil 90 (días)", "90th percentile lag (days)"),
    "threshold_days": ("Plazo (días)", "Threshold (days)"), "timely": ("A tiempo", "Timely"),
    "timely_share": ("Proporción a tiempo", "Share timely"), "before_event": ("Antes del evento", "Before the event"),
    "compiled_only": ("Sólo compilados", "Compiled only"), "source": ("Origen", "Source"),
    "stages": ("Etapas", "Stages"), "fields_committed": ("Campos comprometidos", "Fields committed"),
    "frequency_days": ("Frecuencia (días)", "Frequency (days)"), "period_start": ("Inicio del periodo", "Period start"),
    "period_end": ("Fin del periodo", "Period end"), "stages_published": ("Etapas publicadas", "Stages published"),
    "stages_share": ("Proporción de etapas", "Share of stages"),
    "fields_published": ("Campos publicados", "Fields published"),
    "fields_share": ("Proporción de campos", "Share of fields"), "frequency_met": ("Frecuencia cumplida", "Frequency met"),
    "period_quarters": ("Trimestres del periodo", "Quarters in the period"),
    "period_quarters_covered": ("Trimestres cubiertos", "Quarters covered"),
    "period_share": ("Proporción del periodo", "Share of the period"), "compliance": ("Cumplimiento", "Compliance"),
    "problems": ("Problemas", "Problems"), "note": ("Nota", "Note"), "indicator": ("Indicador", "Indicator"),
    "level": ("Nivel", "Level"), "required_fields": ("Campos requeridos", "Required fields"),
    "coverage": ("Cobertura", "Coverage"), "min_field_coverage": ("Cobertura mínima de campo", "Minimum field coverage"),
    "missing_fields": ("Campos faltantes", "Missing fields"), "by_fields": ("Por campo", "By field"),
    "flag_subjects": ("Sujetos del indicador", "Indicator subjects"),
    "flag_computable": ("Calculables", "Computable"), "flag_flagged": ("Con bandera", "Flagged"),
    "meta_source": ("Origen de la ficha", "Metadata source"), "corrections": ("Correcciones", "Corrections"),
    "computed_at": ("Calculado el", "Computed at"),
}
_QX_SHEETS = {
    "scores": ("Calificaciones", "Scores"), "stages": ("Etapas", "Stages"), "fields": ("Campos", "Fields"),
    "boilerplate": ("Texto genérico", "Boilerplate"), "checks": ("Verificaciones", "Checks"),
    "schema_errors": ("Errores de esquema", "Schema errors"), "validation": ("Validación", "Validation"),
    "timeliness": ("Oportunidad", "Timeliness"), "commitments": ("Compromisos", "Commitments"),
    "indicators": ("Indicadores", "Indicators"), "corrections": ("Correcciones", "Corrections"),
    "history": ("Historial", "History"),
}
_QX.update(COMPONENTS)  # one source with the page and the report card (quality/labels.py)
_QX.update(VALIDATION)
LABELS.update({f"qx_col_{k}": {"es": es, "en": en} for k, (es, en) in _QX.items()})
LABELS.update({f"qx_sheet_{k}": {"es": es, "en": en} for k, (es, en) in _QX_SHEETS.items()})
