"""Labels of the dashboard's finishing pass (issue 13): counts said with their noun in the right number
("one|many", chosen by ui.fmt.plural), the map's box for data without a state, the quality export's
headers."""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    # --- the map's box for data with no state ---
    "map_unplaced_box": {
        "es": "Sin estado publicado (obras federales o sin estado): {processes} y {amount}, en el recuadro "
              "«Sin estado / federal» junto a los estados; los estados y el recuadro suman el total.",
        "en": "No state published (federal works or no state): {processes} and {amount}, in the “No state / "
              "federal” box beside the states; the states and the box add up to the total."},
    "map_unplaced_deck": {
        "es": "Sin estado publicado (obras federales o sin estado): {processes} y {amount} no se sitúan en el "
              "mapa; aparecen como «Sin estado / federal» en la tabla por estado de Resumen.",
        "en": "No state published (federal works or no state): {processes} and {amount} are not placed on the "
              "map; they appear as “No state / federal” in Overview's table by state."},
    # --- counts ---
    "n_processes": {"es": "{n} proceso|{n} procesos", "en": "{n} process|{n} processes"},
    "n_projects": {"es": "{n} proyecto|{n} proyectos", "en": "{n} project|{n} projects"},
    "n_results": {"es": "{n} resultado|{n} resultados", "en": "{n} result|{n} results"},
    "n_indicators": {"es": "{n} indicador|{n} indicadores", "en": "{n} indicator|{n} indicators"},
}
