"""Labels of the exploration pages (Resumen, Mapa, Comparar, Banderas rojas, Descargas), the shared
filters, and the codes they show (procurement methods, categories, subject types)."""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    # --- pages ---
    "page_map": {"es": "Mapa", "en": "Map"},
    "page_compare": {"es": "Comparar", "en": "Compare"},
    "page_flags": {"es": "Banderas rojas", "en": "Red flags"},
    "page_downloads": {"es": "Descargas", "en": "Downloads"},
    # --- codes ---
    "subject_ocid": {"es": "Proceso", "en": "Process"},
    "subject_project": {"es": "Proyecto", "en": "Project"},
    "subject_buyer": {"es": "Unidad compradora", "en": "Buyer"},
    "subject_procuring_entity": {"es": "Entidad contratante", "en": "Procuring entity"},
    "subject_tenderer": {"es": "Licitante o proveedor", "en": "Tenderer or supplier"},
    "unknown_value": {"es": "Sin dato", "en": "Not stated"},
    # --- filters ---
    "filters_title": {"es": "Filtros", "en": "Filters"},
    "filter_state": {"es": "Estado", "en": "State"},
    "filter_implementer": {"es": "Implementador", "en": "Implementer"},
    "filter_years": {"es": "Años", "en": "Years"},
    "filter_method": {"es": "Procedimiento", "en": "Procurement method"},
    "filter_category": {"es": "Categoría", "en": "Category"},
    "filter_project": {"es": "Proyecto (clave)", "en": "Project (id)"},
    "filter_project_placeholder": {"es": "oc4ids-…", "en": "oc4ids-…"},
    "filter_project_help": {
        "es": "Muestra solo este proyecto y sus procesos de contratación. Se llena al elegir un proyecto en el "
              "mapa.",
        "en": "Shows only this project and its contracting processes. Filled in when a project is chosen on "
              "the map."},
    "filter_all": {"es": "Todos", "en": "All"},
    "filters_clear": {"es": "Quitar filtros", "en": "Clear filters"},
    "active_filters": {"es": "Filtros activos: {filters}. El enlace de esta página los conserva.",
                       "en": "Active filters: {filters}. This page's link keeps them."},
    "no_filters": {"es": "Sin filtros: se muestran todos los datos cargados.",
                   "en": "No filters: all loaded data is shown."},
    # --- shared bits ---
    "of_count": {"es": "({part} de {whole})", "en": "({part} of {whole})"},
    "days_value": {"es": "{n} día|{n} días", "en": "{n} day|{n} days"},
    "no_rows": {"es": "No hay datos con estos filtros.", "en": "No data match these filters."},
    "col_year": {"es": "Año", "en": "Year"},
    "risk_score": {"es": "puntaje de riesgo {score}/100", "en": "risk score {score}/100"},
    "risk_flags": {"es": "{n} bandera|{n} banderas", "en": "{n} flag|{n} flags"},
    "open_project": {"es": "Abrir la ficha del proyecto", "en": "Open the project page"},
    "open_process": {"es": "Abrir la ficha del proceso", "en": "Open the process page"},
    "open_supplier": {"es": "Abrir la ficha del proveedor", "en": "Open the supplier page"},
    "profile_missing": {"es": "La ficha de {id} todavía no está disponible en este tablero.",
                        "en": "The page of {id} is not available in this dashboard yet."},
    # --- Resumen ---
    "kpi_single_bid": {"es": "Oferta única", "en": "Single bid"},
    "kpi_single_bid_help": {
        "es": "Procedimientos competitivos (licitación pública o invitación) con un solo licitante, entre los "
              "que publican cuántos participaron: {detail}.",
        "en": "Competitive procedures (open or restricted) with a single tenderer, among those that publish "
              "how many took part: {detail}."},
    "kpi_direct": {"es": "Adjudicación directa", "en": "Direct award"},
    "kpi_direct_help": {
        "es": "Procesos adjudicados directamente, entre los que publican su procedimiento: {detail}. Por monto: "
              "{amount}.",
        "en": "Processes awarded directly, among those that publish their method: {detail}. By amount: "
              "{amount}."},
    "kpi_price_increase": {"es": "Aumento de precio (mediana)", "en": "Price increase (median)"},
    "kpi_price_increase_help": {
        "es": "Mediana de (monto vigente − monto original) / monto original de cada contrato; {n} contrato con "
              "ambos montos.|Mediana de (monto vigente − monto original) / monto original de cada contrato; "
              "{n} contratos con ambos montos.",
        "en": "Median of (latest value − original value) / original value per contract; {n} contract with "
              "both values.|Median of (latest value − original value) / original value per contract; {n} "
              "contracts with both values."},
    "kpi_delay": {"es": "Prórroga (mediana)", "en": "Extension (median)"},
    "kpi_delay_help": {
        "es": "Mediana de los días entre la fecha de término original de cada contrato y la última publicada; "
              "{n} contrato con ambas fechas.|Mediana de los días entre la fecha de término original de cada "
              "contrato y la última publicada; {n} contratos con ambas fechas.",
        "en": "Median of the days between each contract's original end date and the latest one published; "
              "{n} contract with both dates.|Median of the days between each contract's original end date and "
              "the latest one published; {n} contracts with both dates."},
    "kpi_no_tenderers": {
        "es": "Estos procesos no publican el número de licitantes de procedimientos competitivos, así que la "
              "oferta única no se puede calcular.",
        "en": "These processes do not publish the number of tenderers of competitive procedures, so the "
              "single-bid share cannot be computed."},
    "overview_map": {"es": "Dónde", "en": "Where"},
    "overview_map_caption": {
        "es": "Círculos por estado según el número de procesos; puntos: proyectos con coordenadas. El mapa "
              "completo está en la página Mapa.",
        "en": "Circles per state by number of processes; dots: projects with coordinates. The full map is on "
              "the Map page."},
    "overview_trend": {"es": "Por año", "en": "By year"},
    "trend_empty": {"es": "Los procesos de esta vista no tienen fechas.",
                    "en": "The processes in this view have no dates."},
    # --- Mapa ---
    "map_measure": {"es": "Colorear los estados por", "en": "Colour states by"},
    "measure_processes": {"es": "Procesos de contratación", "en": "Contracting processes"},
    "measure_amount": {"es": "Monto contratado", "en": "Contracted amount"},
    "measure_projects": {"es": "Proyectos", "en": "Projects"},
    "measure_single_bid": {"es": "Oferta única (% de competitivos)", "en": "Single bid (% of competitive)"},
    "measure_direct": {"es": "Adjudicación directa (%)", "en": "Direct award (%)"},
    "measure_flag_rate": {"es": "Procesos con bandera (%)", "en": "Processes flagged (%)"},
    "map_show_states": {"es": "Estados", "en": "States"},
    "map_show_projects": {"es": "Proyectos", "en": "Projects"},
    "map_states_choropleth": {"es": "Estados coloreados por {measure} (más oscuro = más alto; gris = sin datos).",
                              "en": "States coloured by {measure} (darker = higher; grey = no data)."},
    "map_projects_note": {"es": "{n} ubicación de proyecto, del tamaño de su monto y coloreada por {risk}.|"
                                "{n} ubicaciones de proyectos, del tamaño de su monto y coloreadas por {risk}.",
                          "en": "{n} project location, sized by amount and coloured by {risk}.|"
                                "{n} project locations, sized by amount and coloured by {risk}."},
    "map_risk_score": {"es": "su puntaje de riesgo de 0 a 100 (verde 0, rojo {top}: el más alto en el mapa)",
                       "en": "their 0-100 risk score (green 0, red {top}: the highest on the map)"},
    "map_risk_flags": {"es": "su número de banderas rojas (verde ninguna, rojo 4 o más)",
                       "en": "their number of red flags (green none, red 4 or more)"},
    "map_projects_limited": {"es": "Se dibujan las de mayor monto de {total} ubicaciones; acote con los filtros "
                                   "para ver las demás.",
                             "en": "The largest by amount of {total} locations are drawn; narrow with the filters "
                                   "to see the rest."},
    "map_projects_hidden": {"es": "{n} proyecto no tiene coordenadas y no aparece.|"
                                      "{n} proyectos no tienen coordenadas y no aparecen.",
                            "en": "{n} project has no coordinates and is not shown.|"
                                      "{n} projects have no coordinates and are not shown."},
    "map_no_flags": {"es": "Los indicadores no se han calculado: ejecute `obras flags`.",
                     "en": "Indicators have not been computed: run `obras flags`."},
    "map_pick_state": {"es": "Elegir un estado", "en": "Choose a state"},
    "map_pick_project": {"es": "Elegir un proyecto", "en": "Choose a project"},
    "map_pick_placeholder": {"es": "Haga clic en el mapa o elija aquí", "en": "Click the map or choose here"},
    "map_selected_project": {"es": "Proyecto elegido", "en": "Chosen project"},
    "map_project_not_shown": {"es": "El proyecto {id} no tiene coordenadas o no pasa los demás filtros.",
                              "en": "Project {id} has no coordinates or does not pass the other filters."},
    "map_risk_score_label": {"es": "Puntaje de riesgo", "en": "Risk score"},
    "map_risk_flags_label": {"es": "Banderas rojas", "en": "Red flags"},
    "map_state_table": {"es": "Estados", "en": "States"},
    # --- Comparar ---
    "cmp_level": {"es": "Comparar", "en": "Compare"},
    "cmp_level_state": {"es": "Estados", "en": "States"},
    "cmp_level_implementer": {"es": "Implementadores", "en": "Implementers"},
    "cmp_bands": {"es": "Grupo de pares (gasto anual)", "en": "Peer group (yearly spending)"},
    "cmp_bands_all": {"es": "Todas las bandas", "en": "All bands"},
    "cmp_bands_help": {
        "es": "Bandas de gasto anual del IMCO para instituciones, más finas por debajo de 500 mdp: comparar "
              "entre pares de tamaño parecido.",
        "en": "IMCO's yearly spending bands for institutions, finer below 500 million pesos: compare peers of "
              "similar size."},
    "cmp_band": {"es": "Banda de gasto", "en": "Spending band"},
    "cmp_amount": {"es": "Monto contratado", "en": "Contracted amount"},
    "cmp_amount_per_year": {"es": "Monto por año", "en": "Amount per year"},
    "cmp_mean_bidders": {"es": "Licitantes (promedio)", "en": "Tenderers (mean)"},
    "cmp_competitive_n": {"es": "Competitivos con licitantes", "en": "Competitive with tenderer count"},
    "cmp_competitive_n_help": {
        "es": "Procedimientos competitivos que publican el número de licitantes: la base de la oferta única.",
        "en": "Competitive procedures that publish the number of tenderers: the base of the single-bid share."},
    "cmp_method_n": {"es": "Con procedimiento", "en": "With method"},
    "cmp_tender_days": {"es": "Plazo de licitación (días, mediana)", "en": "Tender period (days, median)"},
    "cmp_decision_days": {"es": "Plazo de decisión (días, mediana)", "en": "Decision period (days, median)"},
    "cmp_extension_days": {"es": "Prórroga de contratos (días, mediana)", "en": "Contract extension (days, median)"},
    "cmp_time_overrun_days": {"es": "Retraso de proyectos (días, mediana)", "en": "Project delay (days, median)"},
    "cmp_projects_n": {"es": "Proyectos terminados", "en": "Completed projects"},
    "cmp_price_increase": {"es": "Aumento de precio (mediana)", "en": "Price increase (median)"},
    "cmp_contracts_n": {"es": "Contratos", "en": "Contracts"},
    "cmp_cost_overrun": {"es": "Sobrecosto de proyectos (mediana)", "en": "Project cost overrun (median)"},
    "cmp_flag_rate": {"es": "Procesos con bandera", "en": "Processes flagged"},
    "cmp_flag_rate_help": {
        "es": "Procesos con al menos una bandera roja entre los procesos con al menos un indicador calculable.",
        "en": "Processes with at least one red flag among processes with at least one computable indicator."},
    "cmp_flag_computable_n": {"es": "Procesos calculables", "en": "Computable processes"},
    "cmp_publication_score": {"es": "Calidad de publicación", "en": "Publication score"},
    "cmp_no_quality": {
        "es": "La calidad de publicación no se ha calculado en esta base de datos (tabla quality_scores), así que "
              "esa columna no se muestra. Ejecute `obras quality`.",
        "en": "Publication quality has not been computed in this database (table quality_scores), so that "
              "column is not shown. Run `obras quality`."},
    "cmp_no_flags": {
        "es": "Los indicadores de banderas rojas no se han calculado en esta base de datos, así que las tasas de "
              "banderas están vacías. Ejecute `obras flags`.",
        "en": "Red-flag indicators have not been computed in this database, so flag rates are empty. Run "
              "`obras flags`."},
    "cmp_table_caption": {
        "es": "Cada tasa va junto al número de casos sobre el que se calcula. Un guion significa que los datos "
              "publicados no permiten calcularla (por ejemplo, quien no publica fechas de licitación no tiene "
              "plazo de licitación). Haga clic en un encabezado para ordenar.",
        "en": "Every rate sits next to the number of cases it is computed over. A dash means the published data "
              "do not allow it (for example, who publishes no tender dates has no tender period). Click a "
              "header to sort."},
    "cmp_chart": {"es": "Gráfica", "en": "Chart"},
    "cmp_measure": {"es": "Medida", "en": "Measure"},
    "cmp_measure_empty": {"es": "Nadie en esta vista publica los datos de esta medida.",
                          "en": "No one in this view publishes the data for this measure."},
    "cmp_scatter": {"es": "Competencia: adjudicación directa frente a oferta única",
                    "en": "Competition: direct award against single bid"},
    "cmp_scatter_empty": {"es": "No hay procedimientos competitivos con número de licitantes en esta vista.",
                          "en": "There are no competitive procedures with a tenderer count in this view."},
    # --- Banderas rojas ---
    "flags_intro": {
        "es": "Una bandera roja señala un riesgo para revisar, no prueba una irregularidad. Cada fila muestra el "
              "valor medido, los cuartiles de sus pares y el umbral aplicado.",
        "en": "A red flag points at a risk worth reviewing; it does not prove wrongdoing. Every row shows the "
              "measured value, its peers' quartiles and the threshold applied."},
    "flags_none_computed": {
        "es": "Los indicadores de banderas rojas no se han calculado en esta base de datos. Ejecute `obras flags`.",
        "en": "Red-flag indicators have not been computed in this database. Run `obras flags`."},
    "flags_none_raised": {"es": "Los indicadores se calcularon y ninguno levantó una bandera roja.",
                          "en": "The indicators were computed and none raised a red flag."},
    "flags_indicator": {"es": "Indicador", "en": "Indicator"},
    "flags_subject": {"es": "Sobre", "en": "Subject"},
    "flags_amount_min": {"es": "Monto mínimo (MXN)", "en": "Minimum amount (MXN)"},
    "flags_amount_max": {"es": "Monto máximo (MXN)", "en": "Maximum amount (MXN)"},
    "flags_amount_any": {"es": "Cualquiera", "en": "Any"},
    "flags_total": {"es": "Banderas rojas en esta vista", "en": "Red flags in this view"},
    "flags_count": {"es": "Banderas", "en": "Flags"},
    "flags_empty": {"es": "Ninguna bandera roja con estos filtros.", "en": "No red flags match these filters."},
    "flags_limited": {
        "es": "Se muestran {shown} de {total} banderas (las {limit} de mayor monto). Acote con los filtros.",
        "en": "Showing {shown} of {total} flags (the {limit} with the largest amounts). Narrow with the "
              "filters."},
    "flags_col_indicator": {"es": "Indicador", "en": "Indicator"},
    "flags_col_subject": {"es": "Sobre", "en": "Subject"},
    "flags_col_title": {"es": "Título o nombre", "en": "Title or name"},
    "flags_col_date": {"es": "Fecha", "en": "Date"},
    "flags_col_value": {"es": "Valor", "en": "Value"},
    "flags_col_fence": {"es": "Umbral", "en": "Threshold"},
    "flags_col_why": {"es": "Por qué", "en": "Why"},
    "flags_col_field": {"es": "Dato", "en": "Field"},
    "flags_col_flagged": {"es": "Bandera", "en": "Flagged"},
    "flags_yes": {"es": "Sí", "en": "Yes"},
    "flags_no": {"es": "No", "en": "No"},
    "flags_table_caption": {
        "es": "Seleccione una fila para ver la evidencia. Q1 y Q3: primer y tercer cuartil de los valores de "
              "los pares; umbral: Q3 + 1.5 × (Q3 − Q1), o el límite configurado.",
        "en": "Select a row to see the evidence. Q1 and Q3: first and third quartile of the peers' values; "
              "threshold: Q3 + 1.5 × (Q3 − Q1), or the configured limit."},
    "flags_detail": {"es": "Evidencia", "en": "Evidence"},
    "flags_pick": {"es": "Bandera", "en": "Flag"},
    "flags_pick_placeholder": {"es": "Elija una bandera de la tabla", "en": "Choose a flag from the table"},
    "flags_pick_hint": {"es": "Seleccione una fila de la tabla o elija una bandera aquí.",
                        "en": "Select a row of the table or choose a flag here."},
    "flags_what": {"es": "Qué mide:", "en": "What it measures:"},
    "flags_why": {"es": "Por qué importa:", "en": "Why it matters:"},
    "flags_no_meta": {"es": "Este indicador no tiene descripción en el registro de indicadores.",
                      "en": "This indicator has no description in the indicator registry."},
    "flags_inputs": {"es": "Datos con los que se calculó", "en": "Inputs of the computation"},
    "flags_evidence_process": {"es": "El proceso", "en": "The process"},
    "flags_evidence_project": {"es": "El proyecto", "en": "The project"},
    "flags_evidence_party": {"es": "Sus procesos en esta vista: {n}", "en": "Its processes in this view: {n}"},
    "flags_other_results": {"es": "Todos sus resultados de indicadores ({n})",
                            "en": "All its indicator results ({n})"},
    "explain_above": {"es": "El valor {value} está en o por encima del umbral {fence}.",
                      "en": "The value {value} is at or above the threshold {fence}."},
    "explain_below": {"es": "El valor {value} está en o por debajo del umbral {fence}.",
                      "en": "The value {value} is at or below the threshold {fence}."},
    "explain_peers": {"es": "Entre su {n} par, Q1 = {q1} y Q3 = {q3}.|Entre sus {n} pares, Q1 = {q1} y Q3 = {q3}.",
                      "en": "Among its {n} peer, Q1 = {q1} and Q3 = {q3}.|Among its {n} peers, Q1 = {q1} and "
                            "Q3 = {q3}."},
    "explain_no_fence": {"es": "Valor {value}; este indicador no publica un umbral.",
                         "en": "Value {value}; this indicator states no threshold."},
    "explain_no_value": {"es": "Marcado por la regla del indicador (sin valor numérico).",
                         "en": "Flagged by the indicator's rule (no numeric value)."},
    "ev_buyer": {"es": "Unidad compradora", "en": "Buyer"},
    "ev_method_details": {"es": "Procedimiento (como se publicó)", "en": "Method (as published)"},
    "ev_tenderers": {"es": "Licitantes", "en": "Tenderers"},
    "ev_tender_value": {"es": "Monto estimado", "en": "Estimated value"},
    "ev_tender_period": {"es": "Periodo de licitación", "en": "Tender period"},
    "ev_award": {"es": "Adjudicación", "en": "Award"},
    "ev_contract": {"es": "Contrato (monto · firma)", "en": "Contract (value · signed)"},
    "ev_contract_period": {"es": "Periodo del contrato", "en": "Contract period"},
    "ev_projects": {"es": "Proyectos", "en": "Projects"},
    "ev_status": {"es": "Estado del proyecto", "en": "Project status"},
    "ev_budget": {"es": "Presupuesto", "en": "Budget"},
    "ev_final_value": {"es": "Costo final", "en": "Final cost"},
    "ev_period": {"es": "Periodo planeado", "en": "Planned period"},
    "ev_completion": {"es": "Terminación", "en": "Completion"},
    "ev_processes": {"es": "Procesos de contratación", "en": "Contracting processes"},
    # --- Descargas ---
    "dl_intro": {
        "es": "Los procesos de la vista filtrada, con sus banderas rojas y su puntaje. CSV en UTF-8 con BOM "
              "(Excel muestra bien los acentos); un zip con ese CSV y un LÉEME (filtros, fecha de los datos, "
              "versión de la metodología y diccionario de las columnas); Excel con hojas Diccionario y Acerca "
              "de; y Parquet (para análisis). El diccionario de datos (encabezado, nombre de código y "
              "descripción de cada columna) está abajo.",
        "en": "The processes of the filtered view, with their red flags and score. CSV in UTF-8 with a BOM "
              "(Excel shows accents correctly); a zip with that CSV and a README (filters, data date, "
              "methodology version and the columns' dictionary); Excel with Dictionary and About sheets; and "
              "Parquet (for analysis). The data dictionary (header, code name and description of each column) "
              "is below."},
    "dl_rows": {"es": "Procesos en la descarga", "en": "Processes in the download"},
    "dl_csv": {"es": "CSV", "en": "CSV"},
    "dl_csv_help": {"es": "Separado por comas, UTF-8 con BOM, fechas ISO.",
                    "en": "Comma-separated, UTF-8 with BOM, ISO dates."},
    "dl_xlsx": {"es": "Excel", "en": "Excel"},
    "dl_xlsx_too_big": {"es": "Más de {limit} filas: use CSV o Parquet.",
                        "en": "More than {limit} rows: use CSV or Parquet."},
    "dl_parquet": {"es": "Parquet", "en": "Parquet"},
    "dl_parquet_help": {"es": "Columnar y tipado, para pandas, R, DuckDB o Spark.",
                        "en": "Columnar and typed, for pandas, R, DuckDB or Spark."},
    "dl_preview": {"es": "Vista previa", "en": "Preview"},
    "dl_preview_caption": {"es": "Primeras {shown} de {total} filas (la descarga las incluye todas).",
                           "en": "First {shown} of {total} rows (the download holds them all)."},
    "dl_columns": {"es": "Qué contiene cada columna", "en": "What each column holds"},
    "dl_columns_text": {
        "es": "Una fila por proceso de contratación (ocid). Las columnas son las de la tabla `processes` "
              "(véase Metodología), más `implementer` y `state` (nombres), `year` (año de firma, adjudicación o "
              "licitación), `flags` (indicadores que lo marcaron), `indicators_computable` (indicadores que se "
              "pudieron calcular), `flagged_indicators` (sus códigos, separados por `|`) y, cuando se calcularon, "
              "`process_score` (0-100) con los indicadores calculables y con bandera que lo componen "
              "(`score_computable`, `score_flagged`).",
        "en": "One row per contracting process (ocid). The columns are those of the `processes` table (see "
              "Methodology), plus `implementer` and `state` (names), `year` (year signed, awarded or tendered), "
              "`flags` (indicators that flagged it), `indicators_computable` (indicators that could be "
              "computed), `flagged_indicators` (their codes, separated by `|`) and, when computed, `process_score` "
              "(0-100) with the computable and flagged indicators it is made of (`score_computable`, "
              "`score_flagged`)."},
}
