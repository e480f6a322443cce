"""Labels of the tile-grid map, the comparisons over time and the downloads' headers and notes."""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    # --- the tile-grid map (Mapa, Resumen) ---
    "unit_mdp": {"es": "mdp", "en": "MXN m"},
    "map_tile_no_data": {"es": "Sin datos", "en": "No data"},
    "map_tiles_caption": {
        "es": "Mapa simplificado: cada estado es un cuadro colocado aproximadamente como en el mapa de México, "
              "coloreado por {measure} (más oscuro = más alto; gris = sin datos). Pase el cursor o toque un "
              "estado para ver su valor; un clic lo elige como filtro.",
        "en": "Simplified map: each state is a square placed roughly as on the map of Mexico, coloured by "
              "{measure} (darker = higher; grey = no data). Hover or tap a state to see its value; a click "
              "chooses it as a filter."},
    "map_tiles_overview_caption": {
        "es": "Mapa simplificado: cada estado es un cuadro, coloreado por su número de procesos (gris = sin "
              "datos). El mapa completo, con los proyectos, está en la página Mapa.",
        "en": "Simplified map: each state is a square, coloured by its number of processes (grey = no data). "
              "The full map, with the projects, is on the Map page."},
    "map_overview_boundaries_caption": {
        "es": "Estados coloreados por su número de procesos; puntos: proyectos con coordenadas. El mapa completo "
              "está en la página Mapa.",
        "en": "States coloured by their number of processes; dots: projects with coordinates. The full map is "
              "on the Map page."},
    "map_tiles_chosen": {"es": "Borde oscuro: el estado elegido en los filtros.",
                         "en": "Dark outline: the state chosen in the filters."},
    "map_projects_listed": {
        "es": "{n} proyecto tiene coordenadas. El mapa simplificado no dibuja puntos: elíjalo en la lista de "
              "abajo.|{n} proyectos tienen coordenadas. El mapa simplificado no dibuja puntos: elija un proyecto "
              "en la lista de abajo.",
        "en": "{n} project has coordinates. The simplified map draws no points: choose it in the list below.|"
              "{n} projects have coordinates. The simplified map draws no points: choose a project in the list "
              "below."},
    "map_projects_title": {"es": "Ubicación de los proyectos", "en": "Project locations"},
    # --- Comparar over time ---
    "cmp_time": {"es": "A lo largo del tiempo", "en": "Over time"},
    "cmp_time_pick": {"es": "Comparar lado a lado", "en": "Compare side by side"},
    "cmp_time_pick_help": {
        "es": "Elija dos o más; al inicio se muestran los {n} de mayor monto. La elección queda en la dirección "
              "de la página.",
        "en": "Choose two or more; at first the {n} largest by amount are shown. The choice is kept in the page "
              "address."},
    "cmp_noncompetitive": {"es": "Métodos no competitivos (adjudicación directa o restringida)",
                           "en": "Non-competitive methods (direct or limited)"},
    "cmp_time_measure": {"es": "Medida por año", "en": "Measure by year"},
    "cmp_time_empty": {"es": "No hay procesos con fecha para lo elegido.",
                       "en": "There are no dated processes for this choice."},
    "cmp_time_caption": {
        "es": "Año del proceso: firma del contrato, si no adjudicación, si no inicio de la licitación. El eje "
              "empieza en cero. Las tasas se calculan sobre los procesos del año en que se pueden calcular "
              "(al pasar el cursor: el número de procesos).",
        "en": "A process's year: contract signed, else awarded, else tender start. The axis starts at zero. "
              "Rates are computed over the year's processes where they can be (hover: the number of "
              "processes)."},
    "cmp_time_hover_n": {"es": "calculado sobre {n}", "en": "computed over {n}"},
    "cmp_scatter_axes": {"es": "Ambos ejes van de 0 a 100 %.", "en": "Both axes go from 0 to 100 %."},
    # --- Descargas ---
    "dl_zip": {"es": "CSV (zip con LÉEME)", "en": "CSV (zip with README)"},
    "dl_zip_csv_name": {"es": "datos.csv", "en": "data.csv"},
    "dl_zip_readme_name": {"es": "LEEME.txt", "en": "README.txt"},
    "dl_zip_help": {
        "es": "datos.csv con encabezados en español, más LEEME.txt: los filtros, la fecha de los datos, la "
              "versión de la metodología y qué contiene cada columna.",
        "en": "data.csv with headers in English, plus README.txt: the filters, the data date, the methodology "
              "version and what each column holds."},
    "dl_csv_help_headers": {
        "es": "Separado por comas, UTF-8 con BOM, encabezados en español, fechas AAAA-MM-DD, claves como texto "
              "(\"09\").",
        "en": "Comma-separated, UTF-8 with BOM, headers in English, dates YYYY-MM-DD, codes as text (\"09\")."},
    "dl_xlsx_help": {
        "es": "Hojas: datos, Diccionario (encabezado, nombre de código y descripción de cada columna) y Acerca "
              "de (filtros, fecha de los datos, versión de la metodología).",
        "en": "Sheets: data, Dictionary (header, code name and description of each column) and About "
              "(filters, data date, methodology version)."},
    "dl_dictionary": {"es": "Diccionario de datos (CSV)", "en": "Data dictionary (CSV)"},
    "dl_dictionary_help": {"es": "Encabezado, nombre de código y descripción de cada columna.",
                           "en": "Header, code name and description of each column."},
    "dl_sheet_data": {"es": "procesos", "en": "processes"},
    "dl_sheet_dictionary": {"es": "Diccionario", "en": "Dictionary"},
    "dl_sheet_about": {"es": "Acerca de", "en": "About"},
    "dl_dict_header": {"es": "Encabezado", "en": "Header"},
    "dl_dict_code": {"es": "Nombre de código", "en": "Code name"},
    "dl_dict_description": {"es": "Descripción", "en": "Description"},
    "dl_about_what": {"es": "Contenido", "en": "Contents"},
    "dl_about_what_value": {
        "es": "Procesos de contratación de obra pública de la vista filtrada de Obras Abiertas, uno por fila, "
              "con sus banderas rojas y su puntaje. Fecha de los datos: la de la publicación más reciente.",
        "en": "Public works contracting processes of Obras Abiertas' filtered view, one per row, with their red "
              "flags and score. Data date: that of the latest publication."},
    "dl_about_filters": {"es": "Filtros aplicados", "en": "Filters applied"},
    "dl_about_no_filters": {"es": "Ninguno: toda la base de datos", "en": "None: the whole database"},
    "dl_about_rows": {"es": "Filas", "en": "Rows"},
    "dl_about_data_date": {"es": "Fecha de los datos", "en": "Data date"},
    "dl_about_data_date_unknown": {"es": "desconocida", "en": "unknown"},
    "dl_about_loaded": {"es": "cargados el {day}", "en": "loaded on {day}"},
    "dl_about_methodology": {"es": "Versión de la metodología", "en": "Methodology version"},
    "dl_about_written": {"es": "Archivo generado", "en": "File written"},
    "dl_about_source": {"es": "Fuente", "en": "Source"},
    "dl_about_source_value": {
        "es": "Datos publicados por las entidades en los estándares OCDS (EDCA-MX) y OC4IDS (EDCAPI).",
        "en": "Data published by the entities in the OCDS (EDCA-MX) and OC4IDS (EDCAPI) standards."},
    "dl_about_dictionary": {"es": "Columnas", "en": "Columns"},
    # --- download headers (dlh_<column>) and descriptions of derived columns (dld_<column>) ---
    "dlh_ocid": {"es": "ocid (identificador del proceso)", "en": "ocid (process identifier)"},
    "dlh_title": {"es": "Título", "en": "Title"},
    "dlh_implementer_id": {"es": "Clave del implementador", "en": "Implementer code"},
    "dlh_implementer": {"es": "Implementador", "en": "Implementer"},
    "dlh_state_code": {"es": "Clave de estado (INEGI)", "en": "State code (INEGI)"},
    "dlh_state": {"es": "Estado", "en": "State"},
    "dlh_buyer_id": {"es": "Clave de la unidad compradora", "en": "Buyer identifier"},
    "dlh_buyer_name": {"es": "Unidad compradora", "en": "Buyer"},
    "dlh_main_category": {"es": "Categoría", "en": "Category"},
    "dlh_method": {"es": "Método de contratación", "en": "Procurement method"},
    "dlh_method_details": {"es": "Detalle del método", "en": "Method details"},
    "dlh_tender_status": {"es": "Estado de la licitación", "en": "Tender status"},
    "dlh_number_of_tenderers": {"es": "Número de licitantes", "en": "Number of tenderers"},
    "dlh_tender_value": {"es": "Monto de la licitación", "en": "Tender amount"},
    "dlh_award_value": {"es": "Monto adjudicado", "en": "Awarded amount"},
    "dlh_contract_value": {"es": "Monto contratado", "en": "Contracted amount"},
    "dlh_currency": {"es": "Moneda", "en": "Currency"},
    "dlh_tender_start": {"es": "Inicio de la licitación", "en": "Tender start"},
    "dlh_tender_end": {"es": "Fin de la licitación", "en": "Tender end"},
    "dlh_award_date": {"es": "Fecha de adjudicación", "en": "Award date"},
    "dlh_date_signed": {"es": "Fecha de firma", "en": "Date signed"},
    "dlh_contract_start": {"es": "Inicio del contrato", "en": "Contract start"},
    "dlh_contract_end": {"es": "Fin del contrato", "en": "Contract end"},
    "dlh_year": {"es": "Año", "en": "Year"},
    "dlh_flags": {"es": "Banderas rojas", "en": "Red flags"},
    "dlh_indicators_computable": {"es": "Indicadores calculables", "en": "Computable indicators"},
    "dlh_flagged_indicators": {"es": "Indicadores con bandera", "en": "Flagged indicators"},
    "dlh_process_score": {"es": "Puntaje del proceso (0-100)", "en": "Process score (0-100)"},
    "dlh_score_computable": {"es": "Indicadores del puntaje calculables", "en": "Score indicators computable"},
    "dlh_score_flagged": {"es": "Indicadores del puntaje con bandera", "en": "Score indicators flagged"},
    "dld_year": {
        "es": "Año del proceso: el de la firma del contrato, si no el de la adjudicación, si no el del inicio de la licitación.",
        "en": "The process's year: when its contract was signed, else awarded, else when its tender started."},
    "dld_flags": {
        "es": "Número de indicadores de banderas rojas que marcaron el proceso.",
        "en": "Number of red-flag indicators that flagged the process."},
    "dld_indicators_computable": {
        "es": "Número de indicadores que se pudieron calcular para el proceso con los datos publicados.",
        "en": "Number of indicators that could be computed for the process from the published data."},
    "dld_flagged_indicators": {
        "es": "Códigos de los indicadores que marcaron el proceso, separados por |.",
        "en": "Codes of the indicators that flagged the process, separated by |."},
}
