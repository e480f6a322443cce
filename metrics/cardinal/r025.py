"""R025 Excessive unsuccessful bids: a top tenderer's ratio of winning to valid bids is a low outlier."""
from __future__ import annotations

from metrics.base import IndicatorMeta
from metrics.cardinal import ocds
from metrics.cardinal.core import TENDERER, Calculator, Flag, Outcome
from metrics.cardinal.helpers import SubmittedTenderers
from metrics.cardinal.quartiles import lower_fence, lower_quartile, percentile, upper_quartile
from metrics.cardinal.ini import decimal, natural
from metrics.cardinal.texts import exclusions_en, exclusions_es

DEFAULTS = {"percentile": 75, "threshold": None}


class R025(Calculator):
    code = "R025"
    OPTIONS = {"percentile": natural, "threshold": decimal}
    DEFAULTS = DEFAULTS
    requires_with_map = (SubmittedTenderers,)

    def __init__(self, settings, ctx, helpers):
        super().__init__(settings, ctx, helpers)
        self.fractions: dict[str, list[int]] = {}  # tenderer id -> [winning bids, valid bids]

    def fold(self, release: dict, ocid: str) -> None:
        found = self.ctx.complete_awards_and_bids(release)
        if found is None:
            return
        awards, _ = found  # the bids: self.ctx.bids(release)
        if len(awards) != 1:  # see SecondLowestBidRatio
            return
        supplier_id = ocds.single_supplier_id(awards[0])
        if supplier_id is None:
            return
        valid = {bid.tenderer_id for bid in self.ctx.bids(release) if bid.status == "valid"}
        valid.discard(None)
        # Each tenderer counts once per contracting process, whatever its number of bids.
        for tenderer_id in valid:
            fraction = self.fractions.setdefault(tenderer_id, [0, 0])
            fraction[0] += tenderer_id == supplier_id
            fraction[1] += 1

    def reduce(self, other: "R025") -> None:
        for tenderer_id, (won, bids) in other.fractions.items():
            fraction = self.fractions.setdefault(tenderer_id, [0, 0])
            fraction[0] += won
            fraction[1] += bids
        other.fractions = {}

    def finalize(self, out: Outcome) -> None:
        top = percentile((float(bids) for _, bids in self.fractions.values()), self.option("percentile"))
        ratios = {tenderer_id: won / bids for tenderer_id, (won, bids) in self.fractions.items()}
        threshold = self.option("threshold")
        q1 = q3 = None
        if threshold is None:
            q1 = lower_quartile(ratios.values())
            q3 = upper_quartile(ratios.values())
            out.set_meta(self.code, "q1", q1)
            out.set_meta(self.code, "q3", q3)
            fence = lower_fence(q1, q3)
        else:
            fence = threshold
        out.set_meta(self.code, "upper_fence", top)
        out.set_meta(self.code, "lower_fence", fence)
        # Ratios are non-negative: if Q1 is 0, 75% of tenderers never win, and most top tenderers would be
        # flagged; Cardinal then flags nothing. A configured threshold passes the Q1 guard.
        if (q1 is None or q1 > 0.0) and fence > 0.0:
            for tenderer_id, (won, bids) in self.fractions.items():
                ratio = ratios[tenderer_id]
                if bids >= top and ratio <= fence:
                    detail = {"winning_bids": won, "valid_bids": bids, "q1": q1, "q3": q3,
                              "lower_fence": fence, "upper_fence": top}
                    out.add(Flag(self.code, TENDERER, tenderer_id, ratio, None, detail))


CALCULATOR = R025
META = IndicatorMeta(
    code="R025",
    name_es="Exceso de ofertas no ganadoras",
    name_en="Excessive unsuccessful bids",
    category="competition",
    level="tenderer",
    methodology_en=(
        "For each tenderer, the ratio is its number of winning bids / its number of valid bids across all "
        "contracting processes (a tenderer counts once per process). A tenderer is flagged if its number of "
        "valid bids is greater than or equal to the upper fence, the percentile (75th by default) of all "
        "tenderers' numbers of valid bids, and its ratio is less than or equal to the lower fence "
        "Q1 - 1.5 x IQR of all ratios (type 8 quartiles), or to the threshold if one is set. Nothing is "
        "flagged if Q1 is 0 or the lower fence is not positive."
    ),
    methodology_es=(
        "Para cada licitante, la razón es su número de ofertas ganadoras / su número de ofertas válidas en "
        "todos los procesos de contratación (un licitante cuenta una vez por proceso). Un licitante se marca si "
        "su número de ofertas válidas es mayor o igual que la cerca superior, el percentil (75 por defecto) de "
        "los números de ofertas válidas de todos los licitantes, y su razón es menor o igual que la cerca "
        "inferior Q1 - 1.5 x RIC de todas las razones (cuartiles tipo 8), o que el umbral si se configuró uno. "
        "No se marca nada si Q1 es 0 o la cerca inferior no es positiva."
    ),
    why_en=(
        "A colluding bidder can mimic competition by submitting deliberately losing bids (at inflated bid "
        "prices, for example) in contracting processes in which a colluding partner participates."
    ),
    why_es=(
        "Un licitante coludido puede simular competencia presentando ofertas perdedoras a propósito (por "
        "ejemplo, con precios inflados) en los procesos en que participa su socio en la colusión."
    ),
    required_fields=("bids.details.status", "bids.details.tenderers.id", "awards.status", "awards.suppliers.id"),
    defaults=DEFAULTS,
    exclusions_en=exclusions_en(
        "A process is excluded if an award is pending or invalid, there are several active awards, or the "
        "award has several suppliers; bids with several tenderers are ignored."),
    exclusions_es=exclusions_es(
        "Se excluye un proceso si una adjudicación está pendiente o es inválida, si hay varias adjudicaciones "
        "activas o si la adjudicación tiene varios proveedores; se ignoran las ofertas con varios licitantes."),
    output_en="The ratio for each flagged tenderer (group Tenderer). Meta: q1, q3, upper_fence, lower_fence.",
    output_es=("La razón de cada licitante marcado (grupo Tenderer). Meta: q1, q3, upper_fence, "
               "lower_fence."),
    ocp_code="R025",
    source=("OCP Cardinal R025; based on 'Superfluous losing bidders' (Tóth et al., 'Toolkit for detecting "
            "collusive bidding in public procurement') and 'Top losers' (Velasco et al., 'A decision support "
            "system for fraud detection in public procurement')."),
)
