"""Labels of the reader's fixes (issue 13, "What a reader sees"): counts with singular and plural
("one|many", chosen by ui.fmt.plural), doubtful values, rows for data without a state or implementer."""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    # --- singular|plural ---
    "rd_flags_counts": {
        "es": "{flagged} bandera levantada|{flagged} banderas levantadas",
        "en": "{flagged} flag raised|{flagged} flags raised"},
    "rd_flags_counts_rest": {
        "es": "de {results} ({indicators}); {not_computable} no se pudieron calcular.",
        "en": "out of {results} ({indicators}); {not_computable} could not be computed."},
    "rd_processes_listed": {
        "es": "{n} proceso listado por el proyecto|{n} procesos listados por el proyecto",
        "en": "{n} process listed by the project|{n} processes listed by the project"},
    "rd_processes_found": {
        "es": "{linked} encontrado entre los procesos cargados.|{linked} encontrados entre los procesos cargados.",
        "en": "{linked} found among the loaded processes.|{linked} found among the loaded processes."},
    "rd_unlinked": {
        "es": "{n} proceso del proyecto no está cargado: sus datos vienen sólo del resumen del proyecto y no "
              "tiene enlace.|{n} procesos del proyecto no están cargados: sus datos vienen sólo del resumen del "
              "proyecto y no tienen enlace.",
        "en": "{n} of the project's processes is not loaded: its figures come from the project summary only "
              "and it has no link.|{n} of the project's processes are not loaded: their figures come from the "
              "project summary only and they have no link."},
    "rd_documents_count": {
        "es": "{n} documento|{n} documentos", "en": "{n} document|{n} documents"},
    "rd_documents_links": {
        "es": "{links} con enlace web.", "en": "{links} with a web link."},
    "rd_releases_count": {
        "es": "{n} entrega publicada.|{n} entregas publicadas.", "en": "{n} release published.|{n} releases published."},
    "rd_undated": {
        "es": "{n} proceso sin fecha no aparece en la gráfica.|{n} procesos sin fecha no aparecen en la gráfica.",
        "en": "{n} process without a date is not in the chart.|{n} processes without a date are not in the chart."},
    # --- doubtful values ---
    "rd_doubtful": {"es": "dato dudoso", "en": "doubtful value"},
    "rd_doubt_placeholder": {
        "es": "El valor final publicado ({value}) es una cifra de relleno, no un resultado: no se compara con el "
              "presupuesto.",
        "en": "The published final value ({value}) is a placeholder figure, not a result: it is not compared "
              "with the budget."},
    "rd_doubt_below_1pct": {
        "es": "El valor final publicado ({value}) es menor que el 1 % del presupuesto ({budget}): parece un dato "
              "incompleto, no un ahorro, y no se compara con el presupuesto.",
        "en": "The published final value ({value}) is below 1 % of the budget ({budget}): it looks incomplete, "
              "not a saving, and is not compared with the budget."},
    "rd_exact": {"es": "Cifra exacta: {value}", "en": "Exact figure: {value}"},
    "rd_budget": {"es": "Presupuesto del proyecto", "en": "Project budget"},
    "rd_project_amount": {"es": "Presupuesto del proyecto", "en": "Project budget"},
    "rd_project_amount_help": {
        "es": "Cifra exacta: {value}. Es el presupuesto publicado del proyecto; si no lo publica, la suma de sus "
              "contratos.",
        "en": "Exact figure: {value}. The project's published budget; when it publishes none, the sum of its "
              "contracts."},
    # --- data without a place ---
    "rd_no_state": {"es": "Sin estado / federal", "en": "No state / federal"},
    "rd_no_implementer": {"es": "Sin implementador", "en": "No implementer"},
    "rd_total": {"es": "Total", "en": "Total"},
    # --- processes / charts ---
    "rd_not_loaded": {"es": "(no cargado)", "en": "(not loaded)"},
    "rd_share_axis": {"es": "Proporción del monto de la unidad compradora", "en": "Share of the buyer's amount"},
}
