"""Labels of the upload page's harvest tab (prefix hv_)."""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "hv_tab": {"es": "Catálogo de fuentes", "en": "Sources catalogue"},
    "hv_intro": {
        "es": "Las fuentes que publican los implementadores (data/sources.toml). Se piden sólo las direcciones "
              "nuevas o cambiadas (ETag / Last-Modified); una fuente que falla no detiene a las demás y se "
              "reintenta en la siguiente cosecha. Lo mismo hace `obras harvest` desde cron.",
        "en": "The sources the implementers publish (data/sources.toml). Only new or changed addresses are "
              "fetched (ETag / Last-Modified); a failing source does not stop the others and is retried on the "
              "next harvest. `obras harvest` does the same from cron."},
    "hv_bad_catalogue": {"es": "El catálogo de fuentes tiene un error: {error}",
                         "en": "The sources catalogue has an error: {error}"},
    "hv_choose": {"es": "Fuentes a cosechar", "en": "Sources to harvest"},
    "hv_go": {"es": "Cosechar", "en": "Harvest"},
    "hv_progress": {"es": "{done} de {total} direcciones · {source}: {status}",
                    "en": "{done} of {total} addresses · {source}: {status}"},
    "hv_done": {"es": "Cosecha terminada", "en": "Harvest finished"},
    "hv_failed_some": {"es": "Alguna fuente falló o no respondió con datos: se reintentará en la siguiente cosecha.",
                       "en": "Some source failed or did not answer with data: it will be retried on the next harvest."},
    "hv_ok": {"es": "Cosecha sin fallas: {loads} cargas.", "en": "Harvest without failures: {loads} loads."},
    "hv_col_source": {"es": "Fuente", "en": "Source"},
    "hv_col_implementer": {"es": "Implementador", "en": "Implementer"},
    "hv_col_kind": {"es": "Tipo", "en": "Kind"},
    "hv_col_base": {"es": "Dirección", "en": "Address"},
    "hv_col_confirmed": {"es": "Confirmada", "en": "Confirmed"},
    "hv_col_enabled": {"es": "Se cosecha por omisión", "en": "Harvested by default"},
    "hv_col_note": {"es": "Nota", "en": "Note"},
    "hv_col_asked": {"es": "Direcciones pedidas", "en": "Addresses asked"},
    "hv_status_changed": {"es": "Nuevas o cambiadas", "en": "New or changed"},
    "hv_status_unchanged": {"es": "Sin cambios", "en": "Unchanged"},
    "hv_status_empty": {"es": "Sin datos publicados", "en": "Nothing published"},
    "hv_status_not_data": {"es": "No son datos", "en": "Not data"},
    "hv_status_failed": {"es": "Fallaron", "en": "Failed"},
}
