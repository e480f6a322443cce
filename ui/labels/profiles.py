"""Labels of the profile pages (Proyecto, Proceso, Proveedores), Metodología and Cargar datos.

Prefixes: prof_ (shared by the profile pages), prj_ (Proyecto), proc_ (Proceso), sup_ (Proveedores),
meth_ (Metodología), upl_ (Cargar datos).
"""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    # ---- navigation ----------------------------------------------------------------------------------
    "page_project": {"es": "Proyecto", "en": "Project"},
    "page_process": {"es": "Proceso", "en": "Process"},
    "page_suppliers": {"es": "Proveedores", "en": "Suppliers"},
    "page_methodology": {"es": "Metodología", "en": "Methodology"},
    "page_upload": {"es": "Cargar datos", "en": "Load data"},

    # ---- shared by the profile pages -----------------------------------------------------------------
    "prof_col_ocid": {"es": "Proceso (ocid)", "en": "Process (ocid)"},
    "prof_col_title": {"es": "Título", "en": "Title"},
    "prof_col_method": {"es": "Método", "en": "Method"},
    "prof_col_status": {"es": "Estado", "en": "Status"},
    "prof_col_tenderers": {"es": "Participantes", "en": "Tenderers"},
    "prof_col_contract_value": {"es": "Monto contratado", "en": "Contract value"},
    "prof_col_value": {"es": "Valor", "en": "Value"},
    "prof_col_currency": {"es": "Moneda", "en": "Currency"},
    "prof_col_date": {"es": "Fecha", "en": "Date"},
    "prof_col_start": {"es": "Inicio", "en": "Start"},
    "prof_col_end": {"es": "Fin", "en": "End"},
    "prof_col_origin": {"es": "Origen", "en": "Origin"},
    "prof_col_description": {"es": "Descripción", "en": "Description"},
    "prof_col_old_value": {"es": "Monto anterior", "en": "Value before"},
    "prof_col_new_value": {"es": "Monto nuevo", "en": "Value after"},
    "prof_col_old_end": {"es": "Fin anterior", "en": "End before"},
    "prof_col_new_end": {"es": "Fin nuevo", "en": "End after"},
    "prof_col_indicator": {"es": "Indicador", "en": "Indicator"},
    "prof_col_subject_type": {"es": "Tipo de sujeto", "en": "Subject type"},
    "prof_col_subject": {"es": "Sujeto", "en": "Subject"},
    "prof_col_fence": {"es": "Umbral", "en": "Threshold"},
    "prof_col_detail": {"es": "Detalle", "en": "Detail"},
    "prof_origin_project": {"es": "Resumen del proyecto", "en": "Project summary"},
    "prof_origin_contract": {"es": "Modificación del contrato", "en": "Contract amendment"},
    "prof_origin_tender": {"es": "Modificación de la licitación", "en": "Tender amendment"},
    "prof_origin_release_history": {"es": "Cambio entre entregas publicadas", "en": "Change between releases"},
    "prof_flags": {"es": "Banderas rojas", "en": "Red flags"},
    "prof_flags_none_computed": {
        "es": "No hay resultados de indicadores para esto: los indicadores no se han calculado en esta base de "
              "datos, o no aplican.",
        "en": "No indicator results for this: indicators have not been computed in this database, or do not "
              "apply."},
    "prof_flags_counts": {
        "es": "{flagged} banderas levantadas de {results} resultados ({indicators} indicadores); {not_computable} "
              "no se pudieron calcular por falta de datos.",
        "en": "{flagged} flags raised out of {results} results ({indicators} indicators); {not_computable} could "
              "not be computed for lack of data."},
    "prof_flags_none_raised": {"es": "Ningún indicador levantó una bandera.", "en": "No indicator raised a flag."},
    "prof_flags_not_computable": {"es": "Indicadores que no se pudieron calcular ({n})",
                                  "en": "Indicators that could not be computed ({n})"},
    "prof_flag_no_meta": {"es": "Este indicador no tiene descripción en el registro de indicadores.",
                          "en": "This indicator has no description in the indicator registry."},
    "prof_flag_what": {"es": "Qué mide:", "en": "What it measures:"},
    "prof_flag_why": {"es": "Por qué importa:", "en": "Why it matters:"},

    # ---- Proyecto ------------------------------------------------------------------------------------
    "prj_search": {"es": "Buscar proyecto (clave o título)", "en": "Search project (id or title)"},
    "prj_choose": {"es": "Proyecto", "en": "Project"},
    "prj_none_loaded": {"es": "La base de datos no tiene proyectos EDCAPI (OC4IDS). Cargue paquetes de proyectos "
                              "para ver esta página.",
                        "en": "The database holds no EDCAPI (OC4IDS) projects. Load project packages to use "
                              "this page."},
    "prj_none_match": {"es": "Ningún proyecto coincide con la búsqueda.", "en": "No project matches the search."},
    "prj_not_found": {"es": "No se encontró el proyecto {id}.", "en": "Project {id} was not found."},
    "prj_description": {"es": "Descripción", "en": "Description"},
    "prj_budget": {"es": "Presupuesto", "en": "Budget"},
    "prj_final_value": {"es": "Valor final", "en": "Final value"},
    "prj_currency": {"es": "Moneda", "en": "Currency"},
    "prj_cost_not_comparable": {
        "es": "El proyecto no publica presupuesto o valor final, así que el sobrecosto no se puede calcular.",
        "en": "The project does not publish a budget or a final value, so the cost overrun cannot be computed."},
    "prj_start": {"es": "Inicio", "en": "Start"},
    "prj_planned_end": {"es": "Fin previsto", "en": "Planned end"},
    "prj_actual_end": {"es": "Fin real", "en": "Actual end"},
    "prj_days_late": {"es": "{days} días", "en": "{days} days"},
    "prj_time_not_comparable": {
        "es": "El proyecto no publica su fin previsto o su fin real, así que el retraso no se puede calcular.",
        "en": "The project does not publish its planned or actual end, so the delay cannot be computed."},
    "prj_location": {"es": "Ubicación", "en": "Location"},
    "prj_no_location": {"es": "Este proyecto no publica coordenadas de su ubicación.",
                        "en": "This project publishes no coordinates for its location."},
    "prj_processes": {"es": "Procesos de contratación", "en": "Contracting processes"},
    "prj_no_processes": {"es": "El proyecto no lista procesos de contratación.",
                         "en": "The project lists no contracting processes."},
    "prj_processes_count": {"es": "{n} procesos listados por el proyecto; {linked} encontrados entre los procesos "
                                  "cargados.",
                            "en": "{n} processes listed by the project; {linked} found among the loaded processes."},
    "prj_unlinked": {"es": "{n} procesos del proyecto no están cargados: sus datos vienen sólo del resumen del "
                           "proyecto.",
                     "en": "{n} of the project's processes are not loaded: their figures come from the project "
                           "summary only."},
    "prj_col_ref": {"es": "Referencia publicada", "en": "Published reference"},
    "prj_col_estimate": {"es": "Costo estimado", "en": "Cost estimate"},
    "prj_col_final": {"es": "Valor final", "en": "Final value"},
    "prj_phase": {"es": "Etapa", "en": "Stage"},
    "prj_phase_planned": {"es": "Proyecto: periodo previsto", "en": "Project: planned period"},
    "prj_phase_actual": {"es": "Proyecto: periodo real", "en": "Project: actual period"},
    "prj_phase_tender": {"es": "Licitación", "en": "Tender"},
    "prj_phase_contract": {"es": "Contrato", "en": "Contract"},
    "prj_no_timeline": {"es": "Los procesos no publican fechas suficientes para dibujar la línea de tiempo.",
                        "en": "The processes publish too few dates to draw a timeline."},
    "prj_modifications": {"es": "Modificaciones", "en": "Modifications"},
    "prj_no_modifications": {
        "es": "No se publican modificaciones de los contratos de este proyecto (ni en el resumen del proyecto ni en "
              "sus procesos).",
        "en": "No modifications of this project's contracts are published (neither in the project summary nor in "
              "its processes)."},
    "prj_documents": {"es": "Documentos", "en": "Documents"},
    "prj_no_documents": {"es": "El proyecto no publica documentos.", "en": "The project publishes no documents."},
    "prj_documents_count": {"es": "{n} documentos; {links} con enlace web.", "en": "{n} documents; {links} with a "
                                                                                   "web link."},
    "prj_col_doc_type": {"es": "Tipo", "en": "Type"},
    "prj_col_format": {"es": "Formato", "en": "Format"},
    "prj_col_link": {"es": "Enlace", "en": "Link"},

    # ---- Proceso -------------------------------------------------------------------------------------
    "proc_search": {"es": "Buscar proceso (ocid, título o comprador)", "en": "Search process (ocid, title or buyer)"},
    "proc_choose": {"es": "Proceso de contratación", "en": "Contracting process"},
    "proc_none_loaded": {"es": "La base de datos no tiene procesos de contratación EDCA-MX (OCDS).",
                         "en": "The database holds no EDCA-MX (OCDS) contracting processes."},
    "proc_none_match": {"es": "Ningún proceso coincide con la búsqueda.", "en": "No process matches the search."},
    "proc_not_found": {"es": "No se encontró el proceso {id}.", "en": "Process {id} was not found."},
    "proc_in_project": {"es": "Parte del proyecto: {title}", "en": "Part of project: {title}"},
    "proc_tender_value": {"es": "Valor de la licitación", "en": "Tender value"},
    "proc_award_value": {"es": "Monto adjudicado", "en": "Awarded amount"},
    "proc_currency": {"es": "Montos en {currency}.", "en": "Amounts in {currency}."},
    "proc_tab_tender": {"es": "Licitación", "en": "Tender"},
    "proc_tab_bids": {"es": "Ofertas", "en": "Bids"},
    "proc_tab_awards": {"es": "Adjudicación", "en": "Award"},
    "proc_tab_contracts": {"es": "Contratos", "en": "Contracts"},
    "proc_tab_amendments": {"es": "Modificaciones", "en": "Amendments"},
    "proc_tab_milestones": {"es": "Hitos", "en": "Milestones"},
    "proc_tab_payments": {"es": "Pagos", "en": "Payments"},
    "proc_tab_parties": {"es": "Participantes", "en": "Parties"},
    "proc_tab_flags": {"es": "Banderas", "en": "Flags"},
    "proc_tab_data": {"es": "Datos publicados", "en": "Published data"},
    "proc_fact": {"es": "Dato", "en": "Fact"},
    "proc_buyer": {"es": "Comprador", "en": "Buyer"},
    "proc_buyer_id": {"es": "Clave del comprador: {id}", "en": "Buyer id: {id}"},
    "proc_procuring_entity": {"es": "Entidad contratante", "en": "Procuring entity"},
    "proc_method_details": {"es": "Detalle del método", "en": "Method details"},
    "proc_category": {"es": "Categoría", "en": "Category"},
    "proc_tender_id": {"es": "Número de licitación", "en": "Tender id"},
    "proc_tender_period": {"es": "Periodo de la licitación", "en": "Tender period"},
    "proc_award_date": {"es": "Fecha de adjudicación", "en": "Award date"},
    "proc_date_signed": {"es": "Fecha de firma", "en": "Date signed"},
    "proc_contract_period": {"es": "Periodo del contrato", "en": "Contract period"},
    "proc_releases": {"es": "Entregas publicadas", "en": "Releases published"},
    "proc_last_release": {"es": "Última entrega", "en": "Latest release"},
    "proc_col_id": {"es": "Clave", "en": "Id"},
    "proc_col_tenderers_ids": {"es": "Licitantes", "en": "Tenderers"},
    "proc_col_award": {"es": "Adjudicación", "en": "Award"},
    "proc_col_contract": {"es": "Contrato", "en": "Contract"},
    "proc_col_original_end": {"es": "Fin original", "en": "Original end"},
    "proc_col_original_value": {"es": "Monto original", "en": "Original value"},
    "proc_col_type": {"es": "Tipo", "en": "Type"},
    "proc_col_due": {"es": "Fecha prevista", "en": "Due date"},
    "proc_col_met": {"es": "Fecha cumplida", "en": "Date met"},
    "proc_col_payer": {"es": "Pagador", "en": "Payer"},
    "proc_col_payee": {"es": "Beneficiario", "en": "Payee"},
    "proc_col_name": {"es": "Nombre", "en": "Name"},
    "proc_col_roles": {"es": "Papeles", "en": "Roles"},
    "proc_col_identifier": {"es": "Identificador (RFC)", "en": "Identifier (RFC)"},
    "proc_col_scheme": {"es": "Esquema", "en": "Scheme"},
    "proc_col_region": {"es": "Entidad federativa", "en": "Region"},
    "proc_col_locality": {"es": "Localidad", "en": "Locality"},
    "proc_paid": {"es": "Pagado (MXN)", "en": "Paid (MXN)"},
    "proc_paid_help": {"es": "Suma de los pagos publicados en pesos; monto contratado: {contract}.",
                       "en": "Sum of the payments published in pesos; contract value: {contract}."},
    "proc_no_parties": {"es": "El proceso no publica participantes.", "en": "The process publishes no parties."},
    "proc_none_bids": {"es": "Este proceso no publica ofertas.", "en": "This process publishes no bids."},
    "proc_unpublished_bids": {
        "es": "Este implementador no publica ofertas, así que los indicadores de precios y competencia basados en "
              "ofertas no se pueden calcular.",
        "en": "This implementer does not publish bids, so the price and competition indicators based on bids "
              "cannot be computed."},
    "proc_none_awards": {"es": "Este proceso no publica adjudicaciones (todavía).",
                         "en": "This process publishes no awards (yet)."},
    "proc_unpublished_awards": {"es": "Este implementador no publica adjudicaciones.",
                                "en": "This implementer does not publish awards."},
    "proc_none_contracts": {"es": "Este proceso no publica contratos (todavía).",
                            "en": "This process publishes no contracts (yet)."},
    "proc_unpublished_contracts": {"es": "Este implementador no publica contratos.",
                                   "en": "This implementer does not publish contracts."},
    "proc_none_amendments": {"es": "Este proceso no publica modificaciones.",
                             "en": "This process publishes no amendments."},
    "proc_unpublished_amendments": {
        "es": "Este implementador no publica modificaciones, así que el aumento de precio por convenios "
              "modificatorios no se puede calcular.",
        "en": "This implementer does not publish amendments, so price increases through amendments cannot be "
              "computed."},
    "proc_none_milestones": {"es": "Este proceso no publica hitos.", "en": "This process publishes no milestones."},
    "proc_unpublished_milestones": {
        "es": "Este implementador no publica hitos, así que los hitos atrasados no se pueden calcular.",
        "en": "This implementer does not publish milestones, so late milestones cannot be computed."},
    "proc_none_transactions": {"es": "Este proceso no publica pagos.", "en": "This process publishes no payments."},
    "proc_unpublished_transactions": {"es": "Este implementador no publica pagos.",
                                      "en": "This implementer does not publish payments."},
    "proc_data_note": {"es": "El proceso compilado (con las correcciones automáticas aplicadas) y cada entrega tal "
                             "como se publicó.",
                       "en": "The compiled process (with automatic corrections applied) and each release as "
                             "published."},
    "proc_compiled_json": {"es": "Proceso compilado (JSON)", "en": "Compiled process (JSON)"},
    "proc_releases_count": {"es": "{n} entregas publicadas.", "en": "{n} releases published."},
    "proc_release_pick": {"es": "Entrega", "en": "Release"},
    "proc_release_where": {"es": "Fuente {source}, en {locator}.", "en": "Source {source}, at {locator}."},
    "proc_release_json": {"es": "Entrega tal como se publicó (JSON)", "en": "Release as published (JSON)"},

    # ---- Proveedores ---------------------------------------------------------------------------------
    "sup_intro": {"es": "Un proveedor se identifica por su RFC cuando se publica; si no, por su clave en cada "
                        "proceso.",
                  "en": "A supplier is identified by its RFC where published; otherwise by its id in each process."},
    "sup_search": {"es": "Buscar proveedor (nombre o RFC)", "en": "Search supplier (name or RFC)"},
    "sup_choose": {"es": "Proveedor (adjudicaciones · monto)", "en": "Supplier (wins · amount)"},
    "sup_none_loaded": {"es": "La base de datos no tiene adjudicaciones con proveedores identificados.",
                        "en": "The database holds no awards with identified suppliers."},
    "sup_none_match": {"es": "Ningún proveedor coincide con la búsqueda.", "en": "No supplier matches the search."},
    "sup_not_found": {"es": "No se encontró el proveedor {id}.", "en": "Supplier {id} was not found."},
    "sup_key": {"es": "Clave: {supplier} · claves en los procesos: {ids}",
                "en": "Key: {supplier} · ids in the processes: {ids}"},
    "sup_other_names": {"es": "También publicado como: {names}", "en": "Also published as: {names}"},
    "sup_wins": {"es": "Procesos ganados", "en": "Processes won"},
    "sup_amount": {"es": "Monto adjudicado (MXN)", "en": "Amount awarded (MXN)"},
    "sup_buyers": {"es": "Compradores", "en": "Buyers"},
    "sup_other_awards": {"es": "Otras adjudicaciones", "en": "Other awards"},
    "sup_other_awards_help": {"es": "Adjudicaciones pendientes, canceladas o no exitosas: no cuentan como ganadas.",
                              "en": "Pending, cancelled or unsuccessful awards: not counted as wins."},
    "sup_period": {"es": "Adjudicaciones del {first} al {last}.", "en": "Awards from {first} to {last}."},
    "sup_by_buyer": {"es": "Por comprador", "en": "By buyer"},
    "sup_no_wins": {"es": "Este proveedor no tiene adjudicaciones activas.", "en": "This supplier has no active awards."},
    "sup_col_buyer": {"es": "Comprador", "en": "Buyer"},
    "sup_col_wins": {"es": "Ganados", "en": "Won"},
    "sup_col_buyer_processes": {"es": "Procesos adjudicados del comprador", "en": "Buyer's awarded processes"},
    "sup_col_amount": {"es": "Monto ganado", "en": "Amount won"},
    "sup_col_buyer_amount": {"es": "Monto adjudicado por el comprador", "en": "Buyer's awarded amount"},
    "sup_col_share": {"es": "Participación", "en": "Share"},
    "sup_share_note": {
        "es": "Participación: monto ganado entre el monto total que el comprador adjudicó (adjudicaciones activas, "
              "en pesos, a todos sus proveedores). En propuestas conjuntas el monto se cuenta completo para cada "
              "proveedor.",
        "en": "Share: amount won over the total the buyer awarded (active awards, in pesos, to all its "
              "suppliers). In joint bids the full amount counts for each supplier."},
    "sup_top_share": {"es": "Su mayor participación: {share} de lo adjudicado por {buyer}.",
                      "en": "Its largest share: {share} of what {buyer} awarded."},
    "sup_awards": {"es": "Adjudicaciones", "en": "Awards"},

    # ---- Metodología ---------------------------------------------------------------------------------
    "meth_settings": {"es": "Configuración en uso", "en": "Settings in use"},
    "meth_settings_none": {"es": "Los indicadores no se han calculado en esta base de datos todavía.",
                           "en": "Indicators have not been computed in this database yet."},
    "meth_settings_defaults": {"es": "Configuración por omisión", "en": "Default settings"},
    "meth_settings_caption": {"es": "La configuración con la que se calculó cada indicador por última vez, y sus "
                                    "conteos.",
                              "en": "The settings each indicator was last computed with, and its counts."},
    "meth_col_settings": {"es": "Configuración", "en": "Settings"},
    "meth_col_computed": {"es": "Calculado", "en": "Computed"},
    "meth_col_subjects": {"es": "Sujetos", "en": "Subjects"},
    "meth_col_computable": {"es": "Calculables", "en": "Computable"},
    "meth_col_flagged": {"es": "Con bandera", "en": "Flagged"},
    "meth_corrections": {"es": "Correcciones automáticas", "en": "Automatic corrections"},
    "meth_corrections_caption": {
        "es": "Reglas que aplican los cargadores a los datos publicados; cada corrección queda registrada con el "
              "valor original.",
        "en": "Rules the loaders apply to published data; every correction is recorded with the original value."},
    "meth_col_rule": {"es": "Regla", "en": "Rule"},
    "meth_col_applied": {"es": "Veces aplicada", "en": "Times applied"},
    "meth_tables": {"es": "Tablas", "en": "Tables"},
    "meth_tables_caption": {"es": "Qué significa cada columna de las tablas que se pueden descargar.",
                            "en": "What each column of the downloadable tables means."},
    "meth_col_column": {"es": "Columna", "en": "Column"},

    # ---- Cargar datos --------------------------------------------------------------------------------
    "upl_disabled": {
        "es": "La carga de datos desde el tablero está desactivada. Para activarla, defina OBRAS_ENABLE_UPLOAD=1 "
              "y una contraseña (OBRAS_UPLOAD_PASSWORD o upload_password en .streamlit/secrets.toml). Desde la "
              "línea de comandos: `obras load ARCHIVO_O_URL`.",
        "en": "Loading data from the dashboard is off. To turn it on, set OBRAS_ENABLE_UPLOAD=1 and a password "
              "(OBRAS_UPLOAD_PASSWORD or upload_password in .streamlit/secrets.toml). From the command line: "
              "`obras load FILE_OR_URL`."},
    "upl_no_password": {
        "es": "La carga está activada pero no hay contraseña configurada, así que no se cargará nada. Defina "
              "OBRAS_UPLOAD_PASSWORD en el entorno o upload_password en .streamlit/secrets.toml.",
        "en": "Loading is on but no password is configured, so nothing will be loaded. Set OBRAS_UPLOAD_PASSWORD "
              "in the environment or upload_password in .streamlit/secrets.toml."},
    "upl_password": {"es": "Contraseña", "en": "Password"},
    "upl_password_needed": {"es": "Escriba la contraseña para cargar datos.", "en": "Enter the password to load data."},
    "upl_wrong_password": {"es": "Contraseña incorrecta.", "en": "Wrong password."},
    "upl_throttled": {"es": "Demasiados intentos fallidos: espere {seconds} s antes de intentarlo de nuevo.",
                      "en": "Too many failed attempts: wait {seconds} s before trying again."},
    "upl_intro": {
        "es": "Archivos EDCA-MX (OCDS) o EDCAPI (OC4IDS): JSON, JSON Lines, .zip o .gz de hasta {mb} MB cada uno, "
              "o una dirección http(s). Se cargan en la base de datos del tablero ({db}); las demás páginas siguen "
              "mostrando los datos anteriores hasta que la carga termina.",
        "en": "EDCA-MX (OCDS) or EDCAPI (OC4IDS) files: JSON, JSON Lines, .zip or .gz up to {mb} MB each, or an "
              "http(s) address. They are loaded into the dashboard's database ({db}); the other pages keep showing "
              "the previous data until the load is complete."},
    "upl_tab_files": {"es": "Archivos", "en": "Files"},
    "upl_tab_url": {"es": "Dirección web", "en": "Web address"},
    "upl_files": {"es": "Archivos a cargar", "en": "Files to load"},
    "upl_url": {"es": "Dirección (http o https)", "en": "Address (http or https)"},
    "upl_load_files": {"es": "Cargar archivos", "en": "Load files"},
    "upl_load_url": {"es": "Cargar dirección", "en": "Load address"},
    "upl_file_refused": {"es": "{name}: {reason}", "en": "{name}: {reason}"},
    "upl_reason_empty": {"es": "el archivo está vacío.", "en": "the file is empty."},
    "upl_reason_too_large": {"es": "el archivo supera el tamaño máximo.", "en": "the file exceeds the size limit."},
    "upl_reason_extension": {"es": "sólo se aceptan archivos .json, .jsonl, .ndjson, .zip o .gz.",
                             "en": "only .json, .jsonl, .ndjson, .zip or .gz files are accepted."},
    "upl_reason_content": {"es": "el contenido no corresponde a la extensión (no es JSON, zip o gzip de JSON).",
                           "en": "the content does not match the extension (not JSON, zip or gzip of JSON)."},
    "upl_reason_zip_without_json": {"es": "el .zip no contiene archivos JSON.",
                                    "en": "the .zip holds no JSON files."},
    "upl_reason_url_scheme": {"es": "sólo se aceptan direcciones http o https.",
                              "en": "only http or https addresses are accepted."},
    "upl_reason_url_invalid": {"es": "la dirección no es válida.", "en": "the address is not valid."},
    "upl_starting": {"es": "Iniciando la carga…", "en": "Starting the load…"},
    "upl_progress": {"es": "{name}: {done} fuentes terminadas, {items} elementos leídos",
                     "en": "{name}: {done} sources done, {items} items read"},
    "upl_done": {"es": "Carga terminada.", "en": "Load complete."},
    "upl_failed": {"es": "La carga no se pudo completar: {error}", "en": "The load could not be completed: {error}"},
    "upl_failed_untouched": {"es": "La base de datos quedó como estaba.", "en": "The database was left as it was."},
    "upl_summary": {"es": "{sources} fuentes: {read} elementos leídos, {loaded} cargados, {rejected} rechazados, "
                          "{corrections} correcciones automáticas.",
                    "en": "{sources} sources: {read} items read, {loaded} loaded, {rejected} rejected, "
                          "{corrections} automatic corrections."},
    "upl_loaded": {"es": "Cargado", "en": "Loaded"},
    "upl_rejected": {"es": "Rechazado", "en": "Rejected"},
    "upl_corrected": {"es": "Corregido", "en": "Corrected"},
    "upl_status_loaded": {"es": "cargada", "en": "loaded"},
    "upl_status_unchanged": {"es": "ya estaba cargada", "en": "already loaded"},
    "upl_unchanged_note": {"es": "Una fuente idéntica (mismo contenido) ya estaba cargada: no se volvió a leer.",
                           "en": "An identical source (same content) was already loaded: it was not read again."},
    "upl_no_rejects": {"es": "No se rechazó ningún elemento.", "en": "No item was rejected."},
    "upl_no_corrections": {"es": "No hizo falta ninguna corrección automática.", "en": "No automatic correction was "
                                                                                     "needed."},
    "upl_rejects_detail": {"es": "Elementos rechazados ({n})", "en": "Rejected items ({n})"},
    "upl_corrections_detail": {"es": "Detalle de las correcciones", "en": "Corrections in detail"},
    "upl_col_source": {"es": "Fuente", "en": "Source"},
    "upl_col_source_id": {"es": "Clave de la fuente", "en": "Source id"},
    "upl_col_format": {"es": "Formato", "en": "Format"},
    "upl_col_read": {"es": "Leídos", "en": "Read"},
    "upl_col_loaded": {"es": "Cargados", "en": "Loaded"},
    "upl_col_rejected": {"es": "Rechazados", "en": "Rejected"},
    "upl_col_corrections": {"es": "Correcciones", "en": "Corrections"},
    "upl_col_processes": {"es": "Procesos", "en": "Processes"},
    "upl_col_projects": {"es": "Proyectos", "en": "Projects"},
    "upl_col_reason": {"es": "Motivo", "en": "Reason"},
    "upl_col_count": {"es": "Cantidad", "en": "Count"},
    "upl_col_locator": {"es": "Ubicación en la fuente", "en": "Where in the source"},
    "upl_col_excerpt": {"es": "Extracto", "en": "Excerpt"},
}
