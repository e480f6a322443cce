"""R024 Price close to winning bid: the second-lowest valid bid is a low outlier above the winning bid."""
from __future__ import annotations

from metrics.base import IndicatorMeta
from metrics.cardinal.core import OCID, TENDERER, Calculator, Flag, Outcome
from metrics.cardinal.helpers import SecondLowestBidRatio
from metrics.cardinal.quartiles import lower_fence, lower_quartile, upper_quartile
from metrics.cardinal.ini import decimal
from metrics.cardinal.texts import (CURRENCY_EN, CURRENCY_ES, PRICE_EXCLUSIONS_EN, PRICE_EXCLUSIONS_ES,
                                    exclusions_en, exclusions_es)

DEFAULTS = {"threshold": None}


class R024(Calculator):
    code = "R024"
    OPTIONS = {"threshold": decimal}
    DEFAULTS = DEFAULTS
    requires = (SecondLowestBidRatio,)

    def finalize(self, out: Outcome) -> None:
        ratios = self.helpers[SecondLowestBidRatio]
        threshold = self.option("threshold")
        if threshold is None:
            q1 = lower_quartile(ratios.ratios.values())
            q3 = upper_quartile(ratios.ratios.values())
            out.set_meta(self.code, "q1", q1)
            out.set_meta(self.code, "q3", q3)
            fence = lower_fence(q1, q3)
        else:
            q1 = q3 = None
            fence = threshold
        out.set_meta(self.code, "lower_fence", fence)
        # Differences are non-negative: if Q1 is 0, 75% of processes have none, and a fence at or below 0
        # would flag them all; Cardinal then flags nothing. A configured threshold passes the Q1 guard.
        if (q1 is None or q1 > 0.0) and fence > 0.0:
            for ocid, ratio in ratios.ratios.items():
                if ratio <= fence:
                    winner, winner_amount, second, second_amount = ratios.bids[ocid]
                    detail = {"winner": winner, "winning_amount": winner_amount, "second": second,
                              "second_amount": second_amount, "q1": q1, "q3": q3, "lower_fence": fence}
                    out.add(Flag(self.code, OCID, ocid, ratio, ocid, detail))
                    for tenderer_id in (winner, second):
                        out.add(Flag(self.code, TENDERER, tenderer_id, 0.0, ocid, detail))
                        out.map_tenderer(self.code, ocid, tenderer_id)


CALCULATOR = R024
META = IndicatorMeta(
    code="R024",
    name_es="Precio cercano a la oferta ganadora",
    name_en="Price close to winning bid",
    category="price",
    level="process",
    methodology_en=(
        "For each contracting process, the difference is (second-lowest valid bid amount - winning bid amount) "
        "/ winning bid amount. A process is flagged if its difference is less than or equal to the lower fence "
        "Q1 - 1.5 x IQR of all processes' differences (type 8 quartiles), or to the threshold if one is set. "
        "Nothing is flagged if Q1 is 0 or the fence is not positive. The winner and the second-lowest bidder "
        "are also flagged."
    ),
    methodology_es=(
        "Para cada proceso de contratación, la diferencia es (monto de la segunda oferta válida más baja - "
        "monto de la oferta ganadora) / monto de la oferta ganadora. Un proceso se marca si su diferencia es "
        "menor o igual que la cerca inferior Q1 - 1.5 x RIC de las diferencias de todos los procesos "
        "(cuartiles tipo 8), o que el umbral si se configuró uno. No se marca nada si Q1 es 0 o la cerca no es "
        "positiva. También se marcan el ganador y el licitante de la segunda oferta más baja."
    ),
    why_en=(
        "A colluding bidder can mimic competition by submitting a bid that is similar in price (but different "
        "in quality, for example) to its colluding partner's."
    ),
    why_es=(
        "Un licitante coludido puede simular competencia presentando una oferta de precio parecido (pero, por "
        "ejemplo, de distinta calidad) a la de su socio en la colusión."
    ),
    required_fields=("bids.details.status", "bids.details.value", "bids.details.tenderers.id", "awards.status",
                     "awards.suppliers.id", "tender.procurementMethodDetails"),
    defaults=DEFAULTS,
    exclusions_en=exclusions_en(
        "A process is excluded if an award is pending or invalid, the winning bid is not the lowest (the award "
        "criteria are then not price only), there are several active awards, or the award has several "
        "suppliers; bids with several tenderers are ignored.", PRICE_EXCLUSIONS_EN, CURRENCY_EN),
    exclusions_es=exclusions_es(
        "Se excluye un proceso si una adjudicación está pendiente o es inválida, si la oferta ganadora no es la "
        "más baja (el criterio de adjudicación no sería solo el precio), si hay varias adjudicaciones activas o "
        "si la adjudicación tiene varios proveedores; se ignoran las ofertas con varios licitantes.",
        PRICE_EXCLUSIONS_ES, CURRENCY_ES),
    output_en=("The difference for each flagged process (group OCID); 0.0 for its winner and second-lowest "
               "bidder (group Tenderer). Meta: q1, q3, lower_fence. Maps: ocid_tenderer_r024."),
    output_es=("La diferencia de cada proceso marcado (grupo OCID); 0.0 para su ganador y para el licitante "
               "de la segunda oferta más baja (grupo Tenderer). Meta: q1, q3, lower_fence. "
               "Maps: ocid_tenderer_r024."),
    ocp_code="R024",
    source=("OCP Cardinal R024; based on Tóth et al., 'Toolkit for detecting collusive bidding in public "
            "procurement' and the European Commission's 'Fraud in Public Procurement' red flags."),
)
