"""R058 Heavily discounted bid: the second-lowest valid bid is a high outlier above the winning bid."""
from __future__ import annotations

from metrics.base import IndicatorMeta
from metrics.cardinal.core import OCID, TENDERER, Calculator, Flag, Outcome
from metrics.cardinal.helpers import SecondLowestBidRatio
from metrics.cardinal.quartiles import lower_quartile, upper_fence, upper_quartile
from metrics.cardinal.ini import decimal
from metrics.cardinal.texts import (CURRENCY_EN, CURRENCY_ES, PRICE_EXCLUSIONS_EN, PRICE_EXCLUSIONS_ES,
                                    exclusions_en, exclusions_es)

DEFAULTS = {"threshold": None}


class R058(Calculator):
    code = "R058"
    OPTIONS = {"threshold": decimal}
    DEFAULTS = DEFAULTS
    requires = (SecondLowestBidRatio,)

    def finalize(self, out: Outcome) -> None:
        ratios = self.helpers[SecondLowestBidRatio]
        threshold = self.option("threshold")
        q1 = q3 = None
        if threshold is None:
            q1 = lower_quartile(ratios.ratios.values())
            q3 = upper_quartile(ratios.ratios.values())
            out.set_meta(self.code, "q1", q1)
            out.set_meta(self.code, "q3", q3)
            fence = upper_fence(q1, q3)
        else:
            fence = threshold
        out.set_meta(self.code, "upper_fence", fence)
        # Differences are non-negative: a fence of 0 would flag every process.
        if fence > 0.0:
            for ocid, ratio in ratios.ratios.items():
                if ratio >= fence:
                    winner, winner_amount, second, second_amount = ratios.bids[ocid]
                    detail = {"winner": winner, "winning_amount": winner_amount, "second": second,
                              "second_amount": second_amount, "q1": q1, "q3": q3, "upper_fence": fence}
                    out.add(Flag(self.code, OCID, ocid, ratio, ocid, detail))
                    out.add(Flag(self.code, TENDERER, winner, 0.0, ocid, detail))
                    out.map_tenderer(self.code, ocid, winner)


CALCULATOR = R058
META = IndicatorMeta(
    code="R058",
    name_es="Oferta con descuento excesivo",
    name_en="Heavily discounted bid",
    category="price",
    level="process",
    methodology_en=(
        "For each contracting process, the difference is (second-lowest valid bid amount - winning bid amount) "
        "/ winning bid amount. A process is flagged if its difference is greater than or equal to the upper "
        "fence Q3 + 1.5 x IQR of all processes' differences (type 8 quartiles), or to the threshold if one is "
        "set. Nothing is flagged if the fence is not positive. The winner is also flagged."
    ),
    methodology_es=(
        "Para cada proceso de contratación, la diferencia es (monto de la segunda oferta válida más baja - "
        "monto de la oferta ganadora) / monto de la oferta ganadora. Un proceso se marca si su diferencia es "
        "mayor o igual que la cerca superior Q3 + 1.5 x RIC de las diferencias de todos los procesos "
        "(cuartiles tipo 8), o que el umbral si se configuró uno. No se marca nada si la cerca no es positiva. "
        "También se marca al ganador."
    ),
    why_en=(
        "An unethical bidder can offer defective goods (\"lemons\") at a deep discount if the buyer has "
        "inadequate quality criteria."
    ),
    why_es=(
        "Un licitante deshonesto puede ofrecer bienes defectuosos (\"limones\") con un gran descuento si la "
        "entidad compradora no tiene criterios de calidad adecuados."
    ),
    required_fields=("bids.details.status", "bids.details.value", "bids.details.tenderers.id", "awards.status",
                     "awards.suppliers.id", "tender.procurementMethodDetails"),
    defaults=DEFAULTS,
    exclusions_en=exclusions_en(
        "A process is excluded if an award is pending or invalid, the winning bid is not the lowest, there are "
        "several active awards, or the award has several suppliers; bids with several tenderers are ignored.",
        PRICE_EXCLUSIONS_EN, CURRENCY_EN),
    exclusions_es=exclusions_es(
        "Se excluye un proceso si una adjudicación está pendiente o es inválida, si la oferta ganadora no es la "
        "más baja, si hay varias adjudicaciones activas o si la adjudicación tiene varios proveedores; se "
        "ignoran las ofertas con varios licitantes.", PRICE_EXCLUSIONS_ES, CURRENCY_ES),
    output_en=("The difference for each flagged process (group OCID); 0.0 for its winner (group Tenderer). "
               "Meta: q1, q3, upper_fence. Maps: ocid_tenderer_r058."),
    output_es=("La diferencia de cada proceso marcado (grupo OCID); 0.0 para su ganador (grupo Tenderer). "
               "Meta: q1, q3, upper_fence. Maps: ocid_tenderer_r058."),
    ocp_code="R058",
    source=("OCP Cardinal R058; based on the European Commission's 'Fraud in Public Procurement' red flags, "
            "Fazekas and Tóth on Swedish procurement, and Akerlof's 'The Market for \"Lemons\"'."),
)
