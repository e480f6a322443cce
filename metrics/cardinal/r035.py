"""R035 All except winning bid disqualified: only the winner's bids are valid, others' are disqualified."""
from __future__ import annotations

from metrics.base import IndicatorMeta
from metrics.cardinal import ocds
from metrics.cardinal.core import OCID, TENDERER, Calculator, Outcome
from metrics.cardinal.ini import natural
from metrics.cardinal.texts import exclusions_en, exclusions_es

DEFAULTS = {"threshold": 1}


class R035(Calculator):
    code = "R035"
    OPTIONS = {"threshold": natural}
    DEFAULTS = DEFAULTS

    def __init__(self, settings, ctx, helpers):
        super().__init__(settings, ctx, helpers)
        self.threshold = max(self.option("threshold"), 1)  # Cardinal raises 0 to 1

    def fold(self, release: dict, ocid: str) -> None:
        found = self.ctx.complete_awards_and_bids(release)
        if found is None:
            return
        awards, _ = found
        suppliers = {supplier_id for award in awards for supplier_id in ocds.ids(ocds.arr(award, "suppliers"))}
        valid: set[str] = set()
        disqualified: set[str] = set()
        for bid in self.ctx.bids(release):  # the bids of `details`
            status = bid.status
            if bid.tenderers is None or status not in ("valid", "disqualified"):
                continue  # invited, pending, withdrawn
            (valid if status == "valid" else disqualified).update(bid.tenderer_ids)
        # Not applicable to several tenderers or winners: a buyer can aggregate several bids into one award
        # and sign several contracts, which is not a red flag.
        if len(valid) == 1 and valid == suppliers:
            others = disqualified - valid
            if len(others) >= self.threshold:
                (winner,) = valid
                detail = {"winner": winner, "disqualified_tenderers": sorted(others)}
                self.flag(OCID, ocid, float(len(others)), ocid, detail)
                self.flag(TENDERER, winner, 0.0, ocid, detail)

    def finalize(self, out: Outcome) -> None:
        super().finalize(out)
        for f in self.flags:
            if f.group == TENDERER:
                out.map_tenderer(self.code, f.ocid, f.subject_id)


CALCULATOR = R035
META = IndicatorMeta(
    code="R035",
    name_es="Todas las ofertas descalificadas excepto la ganadora",
    name_en="All except winning bid disqualified",
    category="competition",
    level="process",
    methodology_en=(
        "A contracting process is flagged if exactly one tenderer submitted valid bids, that tenderer is the "
        "only supplier of the active awards, and at least threshold (1 by default) other tenderers submitted "
        "disqualified bids. The winner is also flagged."
    ),
    methodology_es=(
        "Un proceso de contratación se marca si exactamente un licitante presentó ofertas válidas, ese "
        "licitante es el único proveedor de las adjudicaciones activas, y al menos threshold (1 por defecto) "
        "licitantes más presentaron ofertas descalificadas. También se marca al ganador."
    ),
    why_en="A corrupt buyer can award the pre-determined bidder by disqualifying other bidders' bids.",
    why_es=("Una entidad compradora corrupta puede adjudicar al licitante predeterminado descalificando las "
            "ofertas de los demás licitantes."),
    required_fields=("bids.details.status", "bids.details.tenderers.id", "awards.status", "awards.suppliers.id"),
    defaults=DEFAULTS,
    exclusions_en=exclusions_en("A process is excluded if an award is pending or invalid."),
    exclusions_es=exclusions_es("Se excluye un proceso si una adjudicación está pendiente o es inválida."),
    output_en=("The number of distinct other tenderers with disqualified bids, for each flagged process (group "
               "OCID); 0.0 for the winner (group Tenderer). Maps: ocid_tenderer_r035."),
    output_es=("El número de otros licitantes distintos con ofertas descalificadas, por cada proceso marcado "
               "(grupo OCID); 0.0 para el ganador (grupo Tenderer). Maps: ocid_tenderer_r035."),
    ocp_code="R035",
    source=("OCP Cardinal R035; based on 'Exclusion of all but one bid' (Fazekas, Tóth and King, 'An Objective "
            "Corruption Risk Index Using Public Procurement Data') and 'Prevalence of faulty bids' (Tóth et al., "
            "'Toolkit for detecting collusive bidding in public procurement')."),
)
