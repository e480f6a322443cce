"""R030 Late bid won: a valid bid received after the submission deadline was awarded."""
from __future__ import annotations

from metrics.base import IndicatorMeta
from metrics.cardinal import ocds
from metrics.cardinal.core import OCID, TENDERER, Calculator, Outcome
from metrics.cardinal.texts import exclusions_en, exclusions_es

DEFAULTS: dict = {}


class R030(Calculator):
    code = "R030"
    DEFAULTS = DEFAULTS

    def fold(self, release: dict, ocid: str) -> None:
        end_date = ocds.string(ocds.obj(ocds.obj(release, "tender"), "tenderPeriod"), "endDate")
        awards = ocds.arr(release, "awards")
        details = ocds.arr(ocds.obj(release, "bids"), "details")
        if end_date is None or awards is None or details is None:
            return
        suppliers = {supplier_id
                     for award in awards if ocds.string(award, "status") == "active"
                     for supplier_id in ocds.ids(ocds.arr(award, "suppliers"))}
        late_winners: dict[str, str] = {}  # tenderer id -> date of its late bid
        for bid in self.ctx.bids(release):  # the bids of `details`
            date = bid.date
            # Dates are compared as text, as Cardinal does (same format and time zone assumed).
            if bid.status != "valid" or date is None or bid.tenderers is None or not date > end_date:
                continue
            for tenderer_id in bid.tenderer_ids:
                if tenderer_id in suppliers:
                    late_winners.setdefault(tenderer_id, date)
        if late_winners:
            self.flag(OCID, ocid, 1.0, ocid, {"deadline": end_date, "late_bids": late_winners})
            for tenderer_id, date in late_winners.items():
                self.flag(TENDERER, tenderer_id, 1.0, ocid, {"deadline": end_date, "bid_date": date})

    def finalize(self, out: Outcome) -> None:
        super().finalize(out)
        for f in self.flags:
            if f.group == TENDERER:
                out.map_tenderer(self.code, f.ocid, f.subject_id)


CALCULATOR = R030
META = IndicatorMeta(
    code="R030",
    name_es="Oferta tardía ganadora",
    name_en="Late bid won",
    category="integrity",
    level="process",
    methodology_en=(
        "A contracting process is flagged if a valid bid's date (/bids/details/date) is after the submission "
        "deadline (/tender/tenderPeriod/endDate) and at least one of its tenderers is a supplier of an active "
        "award. These tenderers are also flagged. The dates are compared as text, as Cardinal does. This "
        "assumes that the tenderer didn't submit another valid bid before the deadline (its late bid won)."
    ),
    methodology_es=(
        "Un proceso de contratación se marca si la fecha de una oferta válida (/bids/details/date) es posterior "
        "a la fecha límite de presentación (/tender/tenderPeriod/endDate) y al menos uno de sus licitantes es "
        "proveedor de una adjudicación activa. También se marca a esos licitantes. Las fechas se comparan como "
        "texto, como lo hace Cardinal. Se supone que el licitante no presentó otra oferta válida antes del "
        "plazo (su oferta tardía fue la ganadora)."
    ),
    why_en="A corrupt buyer can award the pre-determined bidder by disregarding the submission deadline.",
    why_es=("Una entidad compradora corrupta puede adjudicar al licitante predeterminado pasando por alto la "
            "fecha límite de presentación."),
    required_fields=("tender.tenderPeriod.endDate", "bids.details.status", "bids.details.date",
                     "bids.details.tenderers.id", "awards.status", "awards.suppliers.id"),
    defaults=DEFAULTS,
    exclusions_en=exclusions_en("Processes without a deadline, awards or bids are not computed."),
    exclusions_es=exclusions_es("No se calculan los procesos sin fecha límite, adjudicaciones u ofertas."),
    output_en=("1.0 for each flagged process (group OCID) and for the late winning tenderers (group Tenderer). "
               "Maps: ocid_tenderer_r030."),
    output_es=("1.0 por cada proceso marcado (grupo OCID) y por los licitantes tardíos ganadores (grupo "
               "Tenderer). Maps: ocid_tenderer_r030."),
    ocp_code="R030",
    source=("OCP Cardinal R030; based on 'Bids after the deadline accepted' in 'Corruption in Public "
            "Procurement: Finding the Right Indicators' and 'Late submissions accepted' in the European "
            "Commission's 'Fraud in Public Procurement' red flags."),
)
