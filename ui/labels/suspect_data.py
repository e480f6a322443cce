"""Labels of the suspect-data outcome (issue 11): a result built on a publisher's defect is shown as
"Dato dudoso" with its reason, apart from the flags and from what could not be computed.

Prefix: sd_ (suspect data), and rd_doubt_placeholder_budget beside the project page's other rd_doubt_ texts.
"""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "sd_section": {"es": "Datos dudosos ({n})", "en": "Suspect data ({n})"},
    "sd_intro": {
        "es": "Estos resultados no son banderas ni resultados limpios: el dato publicado con que se calcularían es "
              "un defecto del publicador (una copia, un valor de relleno, una fecha de captura). No cuentan en "
              "las calificaciones.",
        "en": "These results are neither flags nor clean results: the published value they would be computed "
              "from is a publisher's defect (a copy, a placeholder, a data-entry date). They do not count in the "
              "scores."},
    "sd_col_outcome": {"es": "Resultado", "en": "Outcome"},
    "sd_col_reason": {"es": "Motivo", "en": "Reason"},
    "rd_doubt_placeholder_budget": {
        "es": "El presupuesto publicado ({budget}) es una cifra de relleno frente a un valor final de {value}: no "
              "se comparan.",
        "en": "The published budget ({budget}) is a placeholder figure beside a final value of {value}: they are "
              "not compared."},
}
