"""Names of the quality score's parts and measures, in Spanish and English: defined once here and read by the
report card (quality/card.py), the quality page (ui/labels/quality.py) and the quality export's headers
(ui/labels/finish.py), so a guarantor body reads the same word for the same thing everywhere."""
from __future__ import annotations

# the five components of quality.score.WEIGHTS
COMPONENTS: dict[str, tuple[str, str]] = {
    "validity": ("Validez del esquema", "Schema validity"),
    "completeness": ("Completitud", "Completeness"),
    "coherence": ("Coherencia", "Coherence"),
    "timeliness": ("Oportunidad", "Timeliness"),
    "commitment": ("Cumplimiento del compromiso", "Commitment compliance"),
}

# measures of schema validation (quality_validation), shown as column headers
VALIDATION: dict[str, tuple[str, str]] = {
    "standard": ("Estándar", "Standard"),
    "items": ("Elementos", "Items"),
    "items_validated": ("Elementos validados", "Items validated"),
    "items_valid": ("Elementos sin errores", "Items without errors"),
    "values_valid_share": ("Valores válidos", "Valid values"),
    "errors": ("Errores", "Errors"),
}

# how validity is measured, in one sentence (page caption, report card)
VALIDITY_BASIS: tuple[str, str] = (
    "La validez es la proporción de los valores publicados que el esquema acepta (cada valor y cada campo "
    "obligatorio faltante cuenta una vez): un mismo defecto repetido en cada elemento no anula todo lo demás.",
    "Validity is the share of the published values the schema accepts (each value and each missing required "
    "field counts once): one defect repeated in every item does not void everything else.",
)


def pair(table: dict[str, tuple[str, str]], key: str) -> dict[str, str]:
    """{"es": ..., "en": ...} of one entry, the shape of the interface's label dictionaries."""
    es, en = table[key]
    return {"es": es, "en": en}
