"""Labels of the Novedades page (what each load changed) and its feed."""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "page_news": {"es": "Novedades", "en": "What changed"},
    "news_intro": {"es": "Lo que cambió en cada carga: procesos y proyectos nuevos, campos que cambiaron (montos, "
                         "fechas, proveedores, estatus, método), lo que ya no se publica, banderas que se "
                         "encendieron o se apagaron y etapas que un implementador empezó o dejó de publicar.",
                   "en": "What each load changed: new processes and projects, fields that changed (amounts, dates, "
                         "suppliers, status, method), what is no longer published, flags raised or cleared and "
                         "stages an implementer started or stopped publishing."},
    "news_since": {"es": "Desde", "en": "Since"},
    "news_state": {"es": "Estado", "en": "State"},
    "news_implementer": {"es": "Implementador", "en": "Implementer"},
    "news_supplier": {"es": "Proveedor (parte del nombre)", "en": "Supplier (part of the name)"},
    "news_indicator": {"es": "Indicador", "en": "Indicator"},
    "news_kinds": {"es": "Tipo de cambio", "en": "Kind of change"},
    "news_all": {"es": "Todos", "en": "All"},
    "news_none": {"es": "No hay cambios registrados con estos filtros desde esa fecha.",
                  "en": "No changes recorded with these filters since that date."},
    "news_count": {"es": "{n} cambios", "en": "{n} changes"},
    "news_feed": {"es": "Siga esta vista en un lector de noticias (Atom), sin cuenta: {url}",
                  "en": "Follow this view in a feed reader (Atom), no account needed: {url}"},
    "news_export": {"es": "Descargar CSV", "en": "Download CSV"},
    "news_profile": {"es": "Ficha", "en": "Profile"},
    "news_col_when": {"es": "Registrado", "en": "Recorded"},
    "news_col_kind": {"es": "Cambio", "en": "Change"},
    "news_col_subject": {"es": "Sujeto", "en": "Subject"},
    "news_col_field": {"es": "Campo", "en": "Field"},
    "news_col_before": {"es": "Antes", "en": "Before"},
    "news_col_after": {"es": "Después", "en": "After"},
    "news_kind_added": {"es": "Nuevo", "en": "Added"},
    "news_kind_changed": {"es": "Cambió", "en": "Changed"},
    "news_kind_unpublished": {"es": "Ya no publicado", "en": "No longer published"},
    "news_kind_flag_raised": {"es": "Bandera encendida", "en": "Flag raised"},
    "news_kind_flag_cleared": {"es": "Bandera apagada", "en": "Flag cleared"},
    "news_kind_stage_started": {"es": "Empezó a publicar la etapa", "en": "Started publishing the stage"},
    "news_kind_stage_stopped": {"es": "Dejó de publicar la etapa", "en": "Stopped publishing the stage"},
}
