"""R018 Single bid received: only one tenderer in a competitive procedure."""
from __future__ import annotations

from metrics.base import IndicatorMeta
from metrics.cardinal import ocds
from metrics.cardinal.core import OCID, Calculator
from metrics.cardinal.ini import pipe_separated, text
from metrics.cardinal.texts import exclusions_en, exclusions_es

DEFAULTS = {"procurement_methods": "open|selective"}


class R018(Calculator):
    code = "R018"
    OPTIONS = {"procurement_methods": text}
    DEFAULTS = DEFAULTS

    def __init__(self, settings, ctx, helpers):
        super().__init__(settings, ctx, helpers)
        self.methods = pipe_separated(self.option("procurement_methods"))

    def fold(self, release: dict, ocid: str) -> None:
        tender = ocds.obj(release, "tender")
        if tender is None or not ocds.matches_procurement_method(tender, self.methods):
            return
        number = tender.get("numberOfTenderers")
        # serde_json's as_u64(): an integer literal only (1.0 is not counted).
        if type(number) is int and number == 1:
            self.flag(OCID, ocid, 1.0, ocid, {"numberOfTenderers": 1,
                                              "procurementMethod": tender.get("procurementMethod")})


CALCULATOR = R018
META = IndicatorMeta(
    code="R018",
    name_es="Una sola oferta recibida",
    name_en="Single bid received",
    category="competition",
    level="process",
    methodology_en=(
        "A contracting process is flagged if /tender/numberOfTenderers is 1 and the procurement method is "
        "competitive: /tender/procurementMethod is one of procurement_methods (open or selective by default)."
    ),
    methodology_es=(
        "Un proceso de contratación se marca si /tender/numberOfTenderers es 1 y el método de contratación es "
        "competitivo: /tender/procurementMethod es uno de procurement_methods (open o selective por defecto)."
    ),
    why_en=(
        "In a competitive procedure, a lack of competition might correspond to a suppression of competition "
        "and can represent the ideal outcome for a corrupt buyer and pre-determined bidder."
    ),
    why_es=(
        "En un procedimiento competitivo, la falta de competencia puede deberse a que se suprimió la "
        "competencia, y puede ser el resultado ideal para una entidad compradora corrupta y un licitante "
        "predeterminado."
    ),
    required_fields=("tender.numberOfTenderers", "tender.procurementMethod"),
    defaults=DEFAULTS,
    exclusions_en=exclusions_en(
        "numberOfTenderers must be an integer literal, as in Cardinal (1.0 is not counted)."),
    exclusions_es=exclusions_es(
        "numberOfTenderers debe ser un entero literal, como en Cardinal (1.0 no se cuenta)."),
    output_en="1.0 for each flagged contracting process (group OCID).",
    output_es="1.0 por cada proceso de contratación marcado (grupo OCID).",
    ocp_code="R018",
    source=("OCP Cardinal R018; based on 'Single bidder' in Fazekas, Tóth and King, 'An Objective Corruption "
            "Risk Index Using Public Procurement Data'."),
)
