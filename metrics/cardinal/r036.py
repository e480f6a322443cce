"""R036 Lowest bid disqualified: the lowest submitted bid is disqualified while a valid bid exists."""
from __future__ import annotations

from metrics.base import IndicatorMeta
from metrics.cardinal import ocds
from metrics.cardinal.core import OCID, Calculator
from metrics.cardinal.ini import pipe_separated
from metrics.cardinal.texts import (CURRENCY_EN, CURRENCY_ES, PRICE_EXCLUSIONS_EN, PRICE_EXCLUSIONS_ES,
                                    exclusions_en, exclusions_es)

DEFAULTS: dict = {}


class R036(Calculator):
    code = "R036"
    DEFAULTS = DEFAULTS

    def __init__(self, settings, ctx, helpers):
        super().__init__(settings, ctx, helpers)
        self.include = pipe_separated(settings.price_comparison_procurement_methods)
        self.exclude = pipe_separated(settings.no_price_comparison_procurement_methods)

    def fold(self, release: dict, ocid: str) -> None:
        if not ocds.matches_procurement_method_details(release, self.include, self.exclude):
            return
        awards = ocds.arr(release, "awards")
        if awards is None or not any(ocds.string(award, "status") == "active" for award in awards):
            return
        lowest = None
        lowest_is_disqualified = False
        has_valid_bid_with_amount = False
        for bid in self.ctx.submitted_bids(release):
            status, currency, amount = bid.status, bid.currency, bid.amount
            if currency is None or amount is None or not self.ctx.is_main_currency(currency):
                continue
            if lowest is None or amount < lowest:  # on a tie, the first bid listed stays the lowest
                lowest = amount
                lowest_is_disqualified = status == "disqualified"
            if status == "valid":
                has_valid_bid_with_amount = True
        if has_valid_bid_with_amount and lowest_is_disqualified:
            self.flag(OCID, ocid, 1.0, ocid, {"lowest_amount": lowest, "currency": self.ctx.currency})


CALCULATOR = R036
META = IndicatorMeta(
    code="R036",
    name_es="Oferta más baja descalificada",
    name_en="Lowest bid disqualified",
    category="integrity",
    level="process",
    methodology_en=(
        "A contracting process is flagged if it has at least one active award and at least one valid bid with "
        "an amount, and its lowest submitted bid is disqualified (on a tie, the bid listed first counts). The "
        "award criterion is assumed to be price only."
    ),
    methodology_es=(
        "Un proceso de contratación se marca si tiene al menos una adjudicación activa y al menos una oferta "
        "válida con monto, y su oferta presentada más baja está descalificada (en caso de empate, cuenta la "
        "que aparece primero). Se supone que el criterio de adjudicación es solo el precio."
    ),
    why_en="A corrupt buyer can award the pre-determined bidder by disqualifying lower-priced bids.",
    why_es=("Una entidad compradora corrupta puede adjudicar al licitante predeterminado descalificando "
            "ofertas de menor precio."),
    required_fields=("bids.details.status", "bids.details.value.amount", "bids.details.value.currency",
                     "awards.status", "tender.procurementMethodDetails"),
    defaults=DEFAULTS,
    exclusions_en=exclusions_en("Invited and withdrawn bids are not submitted.", PRICE_EXCLUSIONS_EN,
                                CURRENCY_EN),
    exclusions_es=exclusions_es("Las ofertas invitadas o retiradas no cuentan como presentadas.",
                                PRICE_EXCLUSIONS_ES, CURRENCY_ES),
    output_en="1.0 for each flagged contracting process (group OCID).",
    output_es="1.0 por cada proceso de contratación marcado (grupo OCID).",
    ocp_code="R036",
    source=("OCP Cardinal R036; based on the European Commission's 'Fraud in Public Procurement', the World "
            "Bank's 'Common Red Flags of Fraud and Corruption in Procurement' and the IACRC guide's 'Award to "
            "other than lowest qualified bidder'."),
)
