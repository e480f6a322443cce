"""R003 Short submission period: the tender period is shorter than a threshold in whole days."""
from __future__ import annotations

from metrics.base import IndicatorMeta
from metrics.cardinal import ocds
from metrics.cardinal.core import OCID, Calculator
from metrics.cardinal.ini import integer, integer_map, pipe_separated, text
from metrics.cardinal.texts import exclusions_en, exclusions_es

DEFAULTS = {"threshold": 15, "procurement_methods": "", "procurement_method_details": {}}


class R003(Calculator):
    code = "R003"
    OPTIONS = {"threshold": integer, "procurement_methods": text, "procurement_method_details": integer_map}
    DEFAULTS = DEFAULTS

    def __init__(self, settings, ctx, helpers):
        super().__init__(settings, ctx, helpers)
        self.threshold = self.option("threshold")
        self.methods = pipe_separated(self.option("procurement_methods"))
        self.thresholds_by_details = self.option("procurement_method_details") or {}

    def fold(self, release: dict, ocid: str) -> None:
        tender = ocds.obj(release, "tender")
        if tender is None or not ocds.matches_procurement_method(tender, self.methods):
            return
        period = ocds.obj(tender, "tenderPeriod")
        start, end = ocds.string(period, "startDate"), ocds.string(period, "endDate")
        if start is None or end is None:
            return
        start_ns, end_ns = ocds.parse_rfc3339_ns(start), ocds.parse_rfc3339_ns(end)
        if start_ns is None or end_ns is None:
            return
        days = ocds.whole_days(start_ns, end_ns)
        details = ocds.string(tender, "procurementMethodDetails")
        threshold = self.thresholds_by_details.get(details, self.threshold) if details is not None \
            else self.threshold
        if days < threshold:
            self.flag(OCID, ocid, 1.0, ocid, {"days": days, "threshold": threshold, "start": start, "end": end})


CALCULATOR = R003
META = IndicatorMeta(
    code="R003",
    name_es="Plazo corto para presentar ofertas",
    name_en="Short submission period",
    category="competition",
    level="process",
    methodology_en=(
        "For each contracting process, the submission period is /tender/tenderPeriod/endDate minus "
        "/tender/tenderPeriod/startDate in whole days (truncated). The process is flagged if the period is "
        "shorter than the threshold: 15 days by default, or the threshold set for its "
        "/tender/procurementMethodDetails ([R003.procurement_method_details]). If procurement_methods is set, "
        "only processes whose /tender/procurementMethod is in that list are considered."
    ),
    methodology_es=(
        "Para cada proceso de contratación, el plazo para presentar ofertas es /tender/tenderPeriod/endDate "
        "menos /tender/tenderPeriod/startDate en días completos (truncados). El proceso se marca si el plazo es "
        "menor que el umbral: 15 días por defecto, o el umbral fijado para su /tender/procurementMethodDetails "
        "([R003.procurement_method_details]). Si se configura procurement_methods, solo se consideran los "
        "procesos cuyo /tender/procurementMethod está en esa lista."
    ),
    why_en=(
        "A corrupt buyer can give the pre-determined bidder an unfair advantage by privately informing it of "
        "the opportunity in advance, and by giving other bidders less time to prepare competitive bids."
    ),
    why_es=(
        "Una entidad compradora corrupta puede dar una ventaja indebida al licitante predeterminado avisándole "
        "en privado de la oportunidad con anticipación, y dando a los demás licitantes menos tiempo para "
        "preparar ofertas competitivas."
    ),
    required_fields=("tender.tenderPeriod.startDate", "tender.tenderPeriod.endDate", "tender.procurementMethod",
                     "tender.procurementMethodDetails"),
    defaults=DEFAULTS,
    exclusions_en=exclusions_en(
        "A process is not computed if either date is missing or is not an RFC 3339 date-time. Obras Abiertas "
        "runs it for open procedures only (procurement_methods = open): Mexican law sets a minimum period for "
        "licitaciones públicas (LAASSP art. 32, LOPSRM art. 32), an invitation's period case by case (LAASSP "
        "art. 43, LOPSRM art. 44), and a direct award has none. Suspect data, neither flagged nor clean: a tender "
        "period that starts and ends at the same instant (one event, usually the opening of bids)."),
    exclusions_es=exclusions_es(
        "No se calcula un proceso si falta alguna de las dos fechas o no es una fecha-hora RFC 3339. Obras "
        "Abiertas lo calcula solo para licitaciones públicas (procurement_methods = open): la ley fija un plazo "
        "mínimo para la licitación pública (LAASSP art. 32, LOPSRM art. 32), el de una invitación se fija caso "
        "por caso (LAASSP art. 43, LOPSRM art. 44) y una adjudicación directa no tiene plazo. Dato dudoso, ni "
        "marcado ni limpio: un periodo de licitación que empieza y termina en el mismo instante (un solo acto, "
        "por lo general la apertura de proposiciones)."),
    output_en="1.0 for each flagged contracting process (group OCID).",
    output_es="1.0 por cada proceso de contratación marcado (grupo OCID).",
    ocp_code="R003",
    source=("OCP Cardinal R003; based on Fazekas, Tóth and King, 'An Objective Corruption Risk Index Using "
            "Public Procurement Data' (short submission period)."),
)
