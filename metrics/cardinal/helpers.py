"""Calculators that compute inputs shared by several indicators (Cardinal's src/indicators/util.rs)."""
from __future__ import annotations

import math

from metrics.cardinal import ocds
from metrics.cardinal.core import Calculator, Outcome
from metrics.cardinal.ini import pipe_separated


def _divide(numerator: float, denominator: float) -> float:
    """IEEE 754 division, as in Rust: x / 0 is NaN or a signed infinity instead of an error."""
    if denominator == 0.0:
        if numerator == 0.0 or math.isnan(numerator):
            return math.nan
        return math.copysign(math.inf, numerator) * math.copysign(1.0, denominator)
    return numerator / denominator


class SecondLowestBidRatio(Calculator):
    """For R024 and R058: (second-lowest valid bid - winning bid) / winning bid, per process.

    Only processes with price comparison, all awards final, exactly one active award with a single
    supplier, and the winning bid the lowest (price-only award criteria); amounts in the main currency.
    """

    def __init__(self, settings, ctx, helpers):
        super().__init__(settings, ctx, helpers)
        self.include = pipe_separated(settings.price_comparison_procurement_methods)
        self.exclude = pipe_separated(settings.no_price_comparison_procurement_methods)
        self.ratios: dict[str, float] = {}
        self.bids: dict[str, tuple[str, float, str, float]] = {}  # ocid -> winner, amount, second, amount

    def fold(self, release: dict, ocid: str) -> None:
        if not ocds.matches_procurement_method_details(release, self.include, self.exclude):
            return
        found = self.ctx.complete_awards_and_bids(release)
        if found is None:
            return
        awards, _ = found  # the bids: self.ctx.bids(release)
        # One active award: all bids compete for all items (earlier cancelled or unsuccessful awards were
        # attempts to award the same items). Several active awards would need lots (Cardinal issue #14).
        if len(awards) != 1:
            return
        supplier_id = ocds.single_supplier_id(awards[0])
        if supplier_id is None:
            return
        winner = winner_amount = other = other_amount = None
        for bid in self.ctx.bids(release):  # the valid bids with one tenderer, an amount and a currency
            if bid.status != "valid" or bid.currency is None:
                continue
            tenderer_id, amount, currency = bid.tenderer_id, bid.amount, bid.currency
            if tenderer_id is None or amount is None:
                continue
            if not self.ctx.is_main_currency(currency):
                continue
            if tenderer_id == supplier_id:
                if winner_amount is None or amount < winner_amount:  # the winner's lowest bid
                    winner, winner_amount = tenderer_id, amount
            elif other_amount is None or amount < other_amount:
                other, other_amount = tenderer_id, amount
        # If the lowest bid didn't win, the award criteria aren't price only, as this assumes.
        if winner is not None and other is not None and other_amount >= winner_amount:
            ratio = _divide(other_amount - winner_amount, winner_amount)
            self.ratios[ocid] = ratio
            self.bids[ocid] = (winner, winner_amount, other, other_amount)

    def reduce(self, other: "SecondLowestBidRatio") -> None:
        mine, theirs = self.ctx.currency, other.ctx.currency
        if mine is None or theirs is None or mine == theirs:
            self.ratios.update(other.ratios)
            self.bids.update(other.bids)
        else:  # the other part observed another main currency first
            self.ctx.counts["partial results in another currency"] += 1
        other.ratios, other.bids = {}, {}


class SubmittedTenderers(Calculator):
    """For `--map` with R025, R038 or R048: the tenderers that submitted bids in each process."""

    def __init__(self, settings, ctx, helpers):
        super().__init__(settings, ctx, helpers)
        self.tenderers: dict[str, set[str]] = {}

    def fold(self, release: dict, ocid: str) -> None:
        for bid in self.ctx.submitted_bids(release):
            for tenderer_id in bid.tenderer_ids:
                self.tenderers.setdefault(ocid, set()).add(tenderer_id)

    def reduce(self, other: "SubmittedTenderers") -> None:
        self.tenderers.update(other.tenderers)
        other.tenderers = {}

    def finalize(self, out: Outcome) -> None:
        out.maps["ocid_tenderer"].update(self.tenderers)
