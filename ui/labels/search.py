"""Labels of the one search (Buscar, the sidebar's search box) and of the methodology's index and links.

Prefixes: search_ (Buscar and the sidebar box), meth_idx_ / meth_link (Metodología's index, the links
from flags to it).
"""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "page_search": {"es": "Buscar", "en": "Search"},
    "search_box": {"es": "Buscar", "en": "Search"},
    "search_placeholder": {"es": "Obra, ocid, proyecto, comprador, proveedor o RFC",
                           "en": "Works, ocid, project, buyer, supplier or RFC"},
    "search_help": {"es": "Sin distinguir mayúsculas ni acentos: «construcción» encuentra «CONSTRUCCION».",
                    "en": "Case and accents are ignored: “construcción” finds “CONSTRUCCION”."},
    "search_intro": {"es": "Busque en los títulos y ocid de los procesos, los títulos e identificadores de los "
                           "proyectos, los compradores y los proveedores (nombre o RFC). Primero las coincidencias "
                           "exactas de identificador, luego las que empiezan igual o contienen las palabras "
                           "completas, y al final las parciales.",
                     "en": "Search process titles and ocids, project titles and ids, buyers and suppliers (name or "
                           "RFC). Exact id matches come first, then those that start with the query or contain "
                           "its whole words, then partial matches."},
    "search_empty": {"es": "Escriba una palabra, un ocid, un identificador de proyecto o un RFC.",
                     "en": "Type a word, an ocid, a project id or an RFC."},
    "search_none": {"es": "Nada coincide con «{q}». Pruebe con menos palabras o con parte de un nombre.",
                    "en": "Nothing matches “{q}”. Try fewer words or part of a name."},
    "search_none_kind": {"es": "En «{kind}» nada coincide con «{q}»; en los demás tipos hay {n} resultado.|"
                               "En «{kind}» nada coincide con «{q}»; en los demás tipos hay {n} resultados.",
                         "en": "Nothing in “{kind}” matches “{q}”; other kinds hold {n} result.|"
                               "Nothing in “{kind}” matches “{q}”; other kinds hold {n} results."},
    "search_show_all": {"es": "Ver todos los tipos", "en": "Show every kind"},
    "search_total": {"es": "{n} resultado|{n} resultados", "en": "{n} result|{n} results"},
    "search_shown": {"es": "{n} coincidencia; se muestra.|{n} coincidencias; se muestran las {shown} primeras.",
                     "en": "{n} match; it is shown.|{n} matches; the first {shown} are shown."},
    "search_more": {"es": "Ver todos los resultados de este tipo", "en": "See every result of this kind"},
    "search_kind_process": {"es": "Procesos de contratación", "en": "Contracting processes"},
    "search_kind_project": {"es": "Proyectos", "en": "Projects"},
    "search_kind_buyer": {"es": "Compradores", "en": "Buyers"},
    "search_kind_supplier": {"es": "Proveedores", "en": "Suppliers"},
    "search_kind_filter": {"es": "Mostrar", "en": "Show"},
    "search_kind_all": {"es": "Todo", "en": "Everything"},
    "search_rank_0": {"es": "identificador exacto", "en": "exact id"},
    "search_rank_1": {"es": "coincidencia completa", "en": "whole match"},
    "search_rank_2": {"es": "coincidencia parcial", "en": "partial match"},
    "search_buyer_processes": {"es": "{n} proceso|{n} procesos", "en": "{n} process|{n} processes"},
    "search_no_index": {"es": "La búsqueda no está disponible: esta base de datos no tiene índice de búsqueda. "
                              "Quien la administra puede crearlo con `obras refresh`.",
                        "en": "Search is not available: this database has no search index. Its operator can "
                              "build it with `obras refresh`."},
    "search_buyer_title": {"es": "Procesos del comprador", "en": "The buyer's processes"},
    "search_buyer_count": {"es": "{n} proceso; se muestra.|{n} procesos; se muestran los {shown} de mayor monto.",
                           "en": "{n} process; it is shown.|{n} processes; the {shown} largest are shown."},
    "search_buyer_none": {"es": "Ningún proceso tiene este comprador.", "en": "No process has this buyer."},
    "search_back": {"es": "Volver a los resultados", "en": "Back to the results"},
    # ---- Metodología: index, anchors, links from flags ----------------------------------------------
    "meth_idx_title": {"es": "Índice", "en": "Contents"},
    "meth_idx_other": {"es": "Además en esta página", "en": "Also on this page"},
    "meth_version": {"es": "Versión de la metodología: {version}", "en": "Methodology version: {version}"},
    "meth_link": {"es": "Metodología de {code}", "en": "{code} methodology"},
}
