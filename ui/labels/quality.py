"""Labels of the "Calidad de publicación" page (prefix q_)."""
from __future__ import annotations

from quality.labels import COMPONENTS, VALIDATION, VALIDITY_BASIS, pair

LABELS: dict[str, dict[str, str]] = {
    "page_quality": {"es": "Calidad de publicación", "en": "Publication quality"},
    "q_intro": {
        "es": "Para los órganos garantes: qué publica cada implementador frente a su Compromiso de Publicación, "
              "qué tan completo, válido, coherente y oportuno es, y cómo cambia de una carga a otra.",
        "en": "For guarantor bodies: what each implementer publishes against its Publication Commitment, how "
              "complete, valid, coherent and timely it is, and how that changes from one load to the next."},
    "q_not_computed": {
        "es": "La calidad de publicación todavía no se ha calculado para esta base de datos. Se calcula al cargar "
              "datos, o con `obras quality --db ARCHIVO --refresh --write`.",
        "en": "Publication quality has not been computed for this database yet. It is computed on each load, or "
              "with `obras quality --db FILE --refresh --write`."},
    "q_validation_unavailable": {
        "es": "Validación de esquema no disponible (sin conexión y sin copia en caché): los esquemas oficiales "
              "(OCDS 1.1 con las extensiones de EDCA-MX y OC4IDS) no se pudieron descargar y no hay copia "
              "guardada. Los datos no se declaran válidos ni inválidos y la validez no entra en la calificación "
              "de ningún implementador.",
        "en": "Schema validation unavailable (offline, no cache): the official schemas (OCDS 1.1 with the "
              "EDCA-MX extensions, and OC4IDS) could not be downloaded and no copy is cached. The data are "
              "declared neither valid nor invalid, and validity is left out of every implementer's score."},
    "q_measured_at": {
        "es": "Oportunidad medida al {as_of} (fecha de carga: {load_date}). Validación de esquema: {validation}.",
        "en": "Timeliness measured at {as_of} (load date: {load_date}). Schema validation: {validation}."},
    "q_validation_run": {"es": "realizada", "en": "run"},
    "q_validation_unavailable_short": {"es": "no disponible (sin conexión, sin caché)",
                                       "en": "unavailable (offline, no cache)"},
    "q_validation_not_run": {"es": "no realizada (nada que validar)", "en": "not run (nothing to validate)"},
    "q_validation_error": {"es": "falló", "en": "failed"},
    "q_boilerplate_title": {"es": "Campos descontados por texto genérico ({n})",
                            "en": "Fields discounted as boilerplate ({n})"},
    "q_boilerplate_caption": {
        "es": "Un texto idéntico en al menos 90 % de los procesos de un implementador que lo publican (mínimo 10) "
              "no justifica ni describe cada proceso: cuenta como no publicado. Igual un valor que solo dice "
              "\"sin dato\" (ND, N/A...). Solo se aplica a justificaciones, títulos, descripciones y categorías.",
        "en": "A text identical in at least 90% of an implementer's processes that publish it (at least 10) "
              "neither justifies nor describes each process: it counts as not published. So does a value that "
              "only says \"no data\" (ND, N/A...). Applied only to rationales, titles, descriptions and categories."},
    "q_rule_repeated": {"es": "texto repetido", "en": "repeated text"},
    "q_rule_placeholder": {"es": "marcador de \"sin dato\"", "en": "\"no data\" marker"},
    "q_col_reason": {"es": "Motivo", "en": "Reason"},
    "q_col_value": {"es": "Valor", "en": "Value"},
    "q_col_discounted": {"es": "Procesos descontados", "en": "Processes discounted"},
    "q_col_with_value": {"es": "Procesos con valor", "en": "Processes with a value"},
    "q_part_failed": {"es": "Una parte del cálculo falló: {parts}. El resto se muestra.",
                      "en": "Part of the computation failed: {parts}. The rest is shown."},
    "q_run_details": {"es": "Detalle del cálculo", "en": "Computation details"},
    "q_card": {"es": "Boleta del implementador", "en": "Implementer report card"},
    "q_card_caption": {
        "es": "Para enviar al implementador: calificación y componentes, compromiso y cumplimiento, campos faltantes "
              "por etapa con ejemplos, errores de validación por ruta, historial y fecha y datos del cálculo. PDF "
              "tamaño carta o Markdown para la web.",
        "en": "To send to the implementer: score and its parts, commitment and compliance, missing fields by stage "
              "with examples, validation errors by path, history, and the date and data of the computation. PDF "
              "on letter paper, or Markdown for the web."},
    "q_card_make": {"es": "Preparar boleta", "en": "Prepare report card"},
    "q_card_lang": {"es": "Idioma de la boleta", "en": "Report card language"},
    "q_card_pdf": {"es": "Descargar boleta (PDF)", "en": "Download report card (PDF)"},
    "q_card_md": {"es": "Descargar boleta (Markdown)", "en": "Download report card (Markdown)"},
    "q_ranking": {"es": "Clasificación de implementadores", "en": "Implementer ranking"},
    "q_unassigned_line": {
        "es": "Sin asignar (datos sin implementador identificado; no se clasifica): {processes}, {projects}, "
              "calificación {score}.",
        "en": "Unassigned (data with no implementer identified; not ranked): {processes}, {projects}, "
              "score {score}."},
    "q_weights": {
        "es": "Calificación de 0 a 100: promedio ponderado de validez ({validity}), completitud ({completeness}), "
              "coherencia ({coherence}), oportunidad ({timeliness}) y cumplimiento del compromiso ({commitment}). "
              "Un componente que no se puede medir se omite y los pesos restantes se reescalan.",
        "en": "Score from 0 to 100: weighted mean of validity ({validity}), completeness ({completeness}), "
              "coherence ({coherence}), timeliness ({timeliness}) and commitment compliance ({commitment}). A "
              "component that cannot be measured is left out and the remaining weights are rescaled."},
    "q_col_rank": {"es": "Lugar", "en": "Rank"},
    "q_col_score": {"es": "Calificación", "en": "Score"},
    "q_not_measured": {"es": "No medible con los datos publicados", "en": "Not measurable from the data published"},
    "q_col_commitment_source": {"es": "Compromiso registrado", "en": "Commitment on file"},
    "q_source_file": {"es": "sí", "en": "yes"},
    "q_source_default": {"es": "por defecto", "en": "default"},
    "q_choose": {"es": "Implementador", "en": "Implementer"},
    "q_publishes_nothing": {
        "es": "Este implementador tiene un compromiso registrado pero no publica procesos ni proyectos en esta base "
              "de datos: su calificación es 0.",
        "en": "This implementer has a commitment on file but publishes no processes or projects in this database: "
              "its score is 0."},
    "q_default_commitment": {
        "es": "No hay un Compromiso de Publicación propio de este implementador registrado aquí: se compara con "
              "el compromiso por defecto.",
        "en": "No Publication Commitment of this implementer's own is on file here: it is compared with the "
              "default commitment."},
    "q_tab_indicators": {"es": "Indicadores calculables", "en": "Computable indicators"},
    "q_col_stage": {"es": "Etapa", "en": "Stage"},
    "q_col_subject": {"es": "Tipo", "en": "Kind"},
    "q_subject_process": {"es": "Proceso (EDCA-MX)", "en": "Process (EDCA-MX)"},
    "q_subject_project": {"es": "Proyecto (EDCAPI)", "en": "Project (EDCAPI)"},
    "q_col_subjects": {"es": "Total", "en": "Total"},
    "q_col_with_stage": {"es": "Publican la etapa", "en": "Publish the stage"},
    "q_col_committed": {"es": "Comprometida", "en": "Committed"},
    "q_col_field": {"es": "Campo", "en": "Field"},
    "q_col_fields": {"es": "Campos medidos", "en": "Fields measured"},
    "q_col_path": {"es": "Ruta", "en": "Path"},
    "q_col_share": {"es": "Proporción", "en": "Share"},
    "q_col_published": {"es": "Lo publican", "en": "Publish it"},
    "q_col_basis": {"es": "Fuente del requisito", "en": "Requirement source"},
    "q_fields_of": {"es": "Campos de la etapa «{stage}»", "en": "Fields of the “{stage}” stage"},
    "q_stage_not_published": {"es": "Ningún {subject} publica esta etapa.", "en": "No {subject} publishes this stage."},
    "q_no_processes": {
        "es": "Este implementador no publica procesos de contratación (EDCA-MX), así que no hay completitud por "
              "etapa de contratación.",
        "en": "This implementer publishes no contracting processes (EDCA-MX), so there is no completeness per "
              "contracting stage."},
    "q_no_projects": {
        "es": "Este implementador no publica proyectos (EDCAPI), así que no se miden los elementos de CoST IDS.",
        "en": "This implementer publishes no projects (EDCAPI), so the CoST IDS elements are not measured."},
    "q_col_check": {"es": "Verificación", "en": "Check"},
    "q_col_case": {"es": "Cada caso es", "en": "Each case is"},
    "q_case_process": {"es": "un proceso", "en": "a process"},
    "q_case_award": {"es": "una adjudicación", "en": "an award"},
    "q_case_contract": {"es": "un contrato", "en": "a contract"},
    "q_case_project_process": {"es": "un proceso de un proyecto", "en": "a project's process"},
    "q_col_applicable": {"es": "Casos verificables", "en": "Cases checked"},
    "q_col_failing": {"es": "Fallan", "en": "Failing"},
    "q_col_fail_share": {"es": "Proporción que falla", "en": "Share failing"},
    "q_col_examples": {"es": "Ejemplos", "en": "Examples"},
    "q_checks_caption": {
        "es": "Una verificación sin casos verificables no se puede hacer: faltan los datos que compara.",
        "en": "A check with no cases cannot be made: the data it compares are not published."},
    "q_col_item_kind": {"es": "Elemento", "en": "Item"},
    "q_col_status": {"es": "Estado", "en": "Status"},
    "q_col_schema": {"es": "Esquema", "en": "Schema"},
    "q_kind_release": {"es": "versión (release)", "en": "release"},
    "q_kind_compiled_release": {"es": "versión compilada", "en": "compiled release"},
    "q_kind_project": {"es": "proyecto", "en": "project"},
    "q_status_run": {"es": "realizada", "en": "run"},
    "q_status_not_run": {"es": "no realizada (sin esquema)", "en": "not run (no schema)"},
    "q_status_unavailable": {"es": "no disponible (sin conexión, sin caché)", "en": "unavailable (offline, no cache)"},
    "q_col_items_affected": {"es": "Elementos afectados", "en": "Items affected"},
    "q_col_validator": {"es": "Tipo de error", "en": "Kind of error"},
    "q_no_schema_errors": {"es": "Ningún error de esquema en lo validado.", "en": "No schema errors in what was validated."},
    "q_no_items": {"es": "Este implementador no tiene elementos que validar.", "en": "This implementer has nothing to validate."},
    "q_sampled": {
        "es": "Se validó una muestra fija de {validated} de {items} elementos (OBRAS_VALIDATION_SAMPLE).",
        "en": "A fixed sample of {validated} of {items} items was validated (OBRAS_VALIDATION_SAMPLE)."},
    "q_projects_normalised": {
        "es": "Los proyectos se validan como quedaron en la base de datos, después de las correcciones automáticas "
              "de la carga (abajo); las versiones (releases) de EDCA-MX se validan tal como se publicaron.",
        "en": "Projects are validated as stored, after the loader's automatic corrections (below); EDCA-MX releases "
              "are validated as published."},
    "q_corrections": {"es": "Correcciones automáticas que necesitaron sus datos", "en": "Automatic corrections its data needed"},
    "q_col_rule": {"es": "Regla", "en": "Rule"},
    "q_col_corrections": {"es": "Correcciones", "en": "Corrections"},
    "q_col_subjects_corrected": {"es": "Procesos o proyectos", "en": "Processes or projects"},
    "q_no_corrections": {"es": "Sus datos no necesitaron correcciones automáticas.", "en": "Its data needed no automatic corrections."},
    "q_latest_update": {"es": "Última actualización", "en": "Latest update"},
    "q_age": {"es": "Antigüedad (días)", "en": "Age (days)"},
    "q_frequency": {"es": "Frecuencia comprometida (días)", "en": "Committed frequency (days)"},
    "q_on_time": {"es": "Al día", "en": "Up to date"},
    "q_yes": {"es": "Sí", "en": "Yes"},
    "q_no": {"es": "No", "en": "No"},
    "q_col_event": {"es": "Evento", "en": "Event"},
    "q_event_tender_start": {"es": "Inicio de la licitación", "en": "Tender start"},
    "q_event_award": {"es": "Adjudicación", "en": "Award"},
    "q_event_contract_signed": {"es": "Firma del contrato", "en": "Contract signature"},
    "q_col_events": {"es": "Eventos", "en": "Events"},
    "q_col_median_lag": {"es": "Días hasta publicarse (mediana)", "en": "Days to publication (median)"},
    "q_col_p90_lag": {"es": "Percentil 90 (días)", "en": "90th percentile (days)"},
    "q_col_timely": {"es": "Publicados a tiempo", "en": "Published on time"},
    "q_col_timely_share": {"es": "Proporción a tiempo", "en": "Share on time"},
    "q_col_compiled_only": {"es": "Solo en versión compilada", "en": "Only in a compiled release"},
    "q_timeliness_caption": {
        "es": "Días desde el evento hasta la fecha de la primera versión (release) que lo publica; a tiempo = dentro "
              "de la frecuencia comprometida. Cuando solo hay versión compilada (registros sin sus versiones), su "
              "fecha es la de la última versión y el retraso es un máximo.",
        "en": "Days from the event to the date of the first release that publishes it; on time = within the "
              "committed frequency. Where only a compiled release exists (records without their releases), its date "
              "is that of the latest release and the lag is an upper bound."},
    "q_no_events": {
        "es": "No hay eventos fechados con una versión fechada que los publique: la oportunidad de publicación no se "
              "puede medir.",
        "en": "No dated events with a dated release publishing them: publication timeliness cannot be measured."},
    "q_committed_stages": {"es": "Etapas comprometidas", "en": "Committed stages"},
    "q_committed_period": {"es": "Periodo comprometido", "en": "Committed period"},
    "q_no_period": {"es": "sin periodo comprometido", "en": "no period committed"},
    "q_to_date": {"es": "a la fecha", "en": "to date"},
    "q_stages_published": {"es": "Etapas comprometidas publicadas", "en": "Committed stages published"},
    "q_fields_published": {"es": "Campos comprometidos publicados", "en": "Committed fields published"},
    "q_frequency_met": {"es": "Frecuencia de actualización cumplida", "en": "Update frequency met"},
    "q_period_covered": {"es": "Trimestres del periodo con publicaciones", "en": "Quarters of the period with publications"},
    "q_compliance": {"es": "Cumplimiento", "en": "Compliance"},
    "q_commitment_problems": {"es": "Problemas en el archivo de compromisos:", "en": "Problems in the commitments file:"},
    "q_col_indicator": {"es": "Indicador", "en": "Indicator"},
    "q_col_level": {"es": "Nivel", "en": "Level"},
    "q_col_coverage": {"es": "Cobertura de sus campos", "en": "Coverage of its fields"},
    "q_col_by_fields": {"es": "Según los campos", "en": "From the fields"},
    "q_col_missing": {"es": "Campos que nadie publica", "en": "Fields nobody publishes"},
    "q_col_flag_computable": {"es": "Calculables (banderas)", "en": "Computable (flags)"},
    "q_col_flag_subjects": {"es": "Sujetos evaluados", "en": "Subjects assessed"},
    "q_by_computable": {"es": "calculable", "en": "computable"},
    "q_by_partial": {"es": "parcial", "en": "partial"},
    "q_by_not_computable": {"es": "no calculable", "en": "not computable"},
    "q_by_unknown": {"es": "sin datos", "en": "no data"},
    "q_indicators_caption": {
        "es": "Cobertura: proporción de procesos (o proyectos) que publican todos los campos que el indicador "
              "necesita según su metodología. Las banderas, cuando ya se calcularon, dicen cuántos sujetos fueron "
              "calculables de verdad (algunos indicadores aceptan fuentes alternativas).",
        "en": "Coverage: share of processes (or projects) publishing every field the indicator needs according to "
              "its methodology. The flags, once computed, say how many subjects really were computable (some "
              "indicators accept alternative sources)."},
    "q_flags_not_computed": {"es": "Las banderas rojas aún no se han calculado.", "en": "Red flags have not been computed yet."},
    "q_history": {"es": "Evolución por fecha de carga", "en": "Progress by load date"},
    "q_history_one": {
        "es": "Solo hay una fecha de carga; la evolución aparecerá con las siguientes cargas.",
        "en": "There is only one load date; progress will show with the next loads."},
    "q_col_load_date": {"es": "Fecha de carga", "en": "Load date"},
    "q_export": {"es": "Descargar el reporte", "en": "Download the report"},
    "q_export_caption": {
        "es": "Para anexar al informe del órgano garante: CSV (UTF-8 con BOM, una fila por medición) o Excel (una "
              "hoja por tabla).",
        "en": "To attach to the guarantor body's report: CSV (UTF-8 with BOM, one row per measurement) or Excel (one "
              "sheet per table)."},
    "q_export_scope": {"es": "Alcance", "en": "Scope"},
    "q_export_selected": {"es": "Implementador seleccionado", "en": "Selected implementer"},
    "q_export_all": {"es": "Todos los implementadores", "en": "Every implementer"},
    "q_download_csv": {"es": "CSV", "en": "CSV"},
    "q_download_excel": {"es": "Excel", "en": "Excel"},
}

# one source with the report card and the export (quality/labels.py)
LABELS.update({f"q_{k}": pair(COMPONENTS, k) for k in COMPONENTS})
LABELS.update({f"q_tab_{k}": pair(COMPONENTS, k) for k in COMPONENTS})
LABELS.update({f"q_col_{k}": pair(VALIDATION, k) for k in VALIDATION})
LABELS["q_validity_basis"] = {"es": VALIDITY_BASIS[0], "en": VALIDITY_BASIS[1]}
