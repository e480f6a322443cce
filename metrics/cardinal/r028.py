"""R028 Identical bid prices: different tenderers submitted bids with the same price."""
from __future__ import annotations

from metrics.base import IndicatorMeta
from metrics.cardinal import ocds
from metrics.cardinal.core import OCID, TENDERER, Calculator, Outcome
from metrics.cardinal.ini import pipe_separated
from metrics.cardinal.texts import PRICE_EXCLUSIONS_EN, PRICE_EXCLUSIONS_ES, exclusions_en, exclusions_es

DEFAULTS: dict = {}


class R028(Calculator):
    code = "R028"
    DEFAULTS = DEFAULTS

    def __init__(self, settings, ctx, helpers):
        super().__init__(settings, ctx, helpers)
        self.include = pipe_separated(settings.price_comparison_procurement_methods)
        self.exclude = pipe_separated(settings.no_price_comparison_procurement_methods)

    def fold(self, release: dict, ocid: str) -> None:
        if not ocds.matches_procurement_method_details(release, self.include, self.exclude):
            return
        prices: dict[tuple[float, str], frozenset[str]] = {}
        flagged: dict[str, None] = {}  # tenderer ids, in order
        price_of_flag = None
        for bid in self.ctx.submitted_bids(release):
            currency, amount = bid.currency, bid.amount
            if bid.tenderers is None or currency is None or amount is None:
                continue
            ids = frozenset(bid.tenderer_ids)
            if not ids:
                continue
            price = (amount, currency)
            other = prices.get(price)
            # A tenderer may submit several bids at the same price.
            if other is not None and ids != other:
                flagged.update(dict.fromkeys(sorted(ids | other)))
                price_of_flag = price_of_flag or price
            prices[price] = ids
        if flagged:
            detail = {"amount": price_of_flag[0], "currency": price_of_flag[1], "tenderers": list(flagged)}
            self.flag(OCID, ocid, 1.0, ocid, detail)
            for tenderer_id in flagged:
                self.flag(TENDERER, tenderer_id, 1.0, ocid, detail)

    def finalize(self, out: Outcome) -> None:
        super().finalize(out)
        for f in self.flags:
            if f.group == TENDERER:
                out.map_tenderer(self.code, f.ocid, f.subject_id)


CALCULATOR = R028
META = IndicatorMeta(
    code="R028",
    name_es="Precios de oferta idénticos",
    name_en="Identical bid prices",
    category="integrity",
    level="process",
    methodology_en=(
        "A contracting process is flagged if different tenderers (different sets of tenderer ids) submitted "
        "bids with the same amount in the same currency. These tenderers are also flagged."
    ),
    methodology_es=(
        "Un proceso de contratación se marca si licitantes distintos (conjuntos distintos de ids de licitantes) "
        "presentaron ofertas con el mismo monto en la misma moneda. También se marca a esos licitantes."
    ),
    why_en="A corrupt buyer can award the pre-determined bidder by leaking competitors' prices.",
    why_es=("Una entidad compradora corrupta puede adjudicar al licitante predeterminado filtrándole los precios "
            "de sus competidores."),
    required_fields=("bids.details.status", "bids.details.value.amount", "bids.details.value.currency",
                     "bids.details.tenderers.id", "tender.procurementMethodDetails"),
    defaults=DEFAULTS,
    exclusions_en=exclusions_en(
        "Invited and withdrawn bids, and bids without tenderer ids, amount or currency, are ignored.",
        PRICE_EXCLUSIONS_EN),
    exclusions_es=exclusions_es(
        "Se ignoran las ofertas invitadas o retiradas y las que no tienen ids de licitantes, monto o moneda.",
        PRICE_EXCLUSIONS_ES),
    output_en=("1.0 for each flagged process (group OCID) and for its tenderers with identical prices (group "
               "Tenderer). Maps: ocid_tenderer_r028."),
    output_es=("1.0 por cada proceso marcado (grupo OCID) y por sus licitantes con precios idénticos (grupo "
               "Tenderer). Maps: ocid_tenderer_r028."),
    ocp_code="R028",
    source=("OCP Cardinal R028; based on Fazekas and Tóth, 'Assessing the potential for detecting collusion in "
            "Swedish public procurement', and the European Commission's 'Fraud in Public Procurement' red flags."),
)
