"""Labels of the "place" work: superseded drafts and publishers outside the pilot."""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "proc_superseded": {
        "es": "Versión reemplazada: este proceso es un borrador publicado antes de la versión vigente. Se "
              "conserva tal como se publicó, pero no cuenta en ningún total, indicador, búsqueda ni descarga.",
        "en": "Superseded version: this process is a draft published before the current version. It is kept "
              "as published, but counts in no total, indicator, search or download."},
    "proc_superseded_link": {"es": "Ver la versión vigente: {ocid}", "en": "See the current version: {ocid}"},
    "outside_pilot": {"es": "fuera del piloto", "en": "outside the pilot"},
}
