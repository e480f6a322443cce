"""Documentation text shared by all Cardinal indicators (one source for the global exclusions)."""
from __future__ import annotations

GLOBAL_EXCLUSIONS_EN = (
    "For every Cardinal indicator, a contracting process is left out if its ocid is not a string, its tender "
    "is cancelled (/tender/status), or its /tender/procurementMethodDetails is listed in the "
    "[exclusions] procurement_method_details setting; organization references without an id are ignored."
)
GLOBAL_EXCLUSIONS_ES = (
    "En todos los indicadores de Cardinal se omite un proceso de contratación si su ocid no es texto, si su "
    "licitación está cancelada (/tender/status) o si su /tender/procurementMethodDetails figura en el ajuste "
    "[exclusions] procurement_method_details; las referencias a organizaciones sin id se ignoran."
)
PRICE_EXCLUSIONS_EN = (
    "Prices are not compared in processes whose /tender/procurementMethodDetails is listed in "
    "no_price_comparison_procurement_methods or, if price_comparison_procurement_methods is set, is not "
    "listed there (or is not set)."
)
PRICE_EXCLUSIONS_ES = (
    "No se comparan precios en los procesos cuyo /tender/procurementMethodDetails figura en "
    "no_price_comparison_procurement_methods o, si se configuró price_comparison_procurement_methods, no "
    "figura allí (o no está informado)."
)
CURRENCY_EN = (
    "Amounts in another currency than the main one (the currency setting, else the first currency observed) "
    "are ignored."
)
CURRENCY_ES = (
    "Se ignoran los montos en una moneda distinta de la principal (el ajuste currency o, si no se fijó, la "
    "primera moneda observada)."
)


def exclusions_en(*specific: str) -> str:
    """The indicator's own exclusions followed by the global ones."""
    return " ".join((*specific, GLOBAL_EXCLUSIONS_EN))


def exclusions_es(*specific: str) -> str:
    """Las exclusiones propias del indicador seguidas de las globales."""
    return " ".join((*specific, GLOBAL_EXCLUSIONS_ES))
