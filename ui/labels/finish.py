"""Labels of the dashboard's finishing pass (issue 13): counts said with their noun in the right number
("one|many", chosen by ui.fmt.plural), the map's box for data without a state, the quality export's
headers."""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    # --- counts ---
    "n_processes": {"es": "{n} proceso|{n} procesos", "en": "{n} process|{n} processes"},
    "n_projects": {"es": "{n} proyecto|{n} proyectos", "en": "{n} project|{n} projects"},
    "n_results": {"es": "{n} resultado|{n} resultados", "en": "{n} result|{n} results"},
    "n_indicators": {"es": "{n} indicador|{n} indicadores", "en": "{n} indicator|{n} indicators"},
}
