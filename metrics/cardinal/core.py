"""The one interface every Cardinal calculator implements, and what calculators write their results to.

Cardinal's `Calculate` trait, in Python: a calculator is built from the settings, then
`fold(release, ocid)` is called once per compiled release (after the global exclusions), `reduce(other)`
merges the partial state of another calculator of the same class (a run over another part of the file),
and `finalize(out)` computes the outliers and writes flags, Meta and Maps to an `Outcome`.
Calculators of one partial run share a `Context` (the main currency, whether maps are wanted).
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

from metrics.base import SUBJECT_TYPES
from metrics.cardinal import ocds
from metrics.cardinal.quartiles import round_meta
from metrics.cardinal.ini import Options, Settings

# Cardinal's result groups, in the order Cardinal's output lists them.
OCID, TENDERER, BUYER, PROCURING_ENTITY = "OCID", "Tenderer", "Buyer", "ProcuringEntity"
GROUPS = (OCID, TENDERER, BUYER, PROCURING_ENTITY)
# flags.subject_type of each group: metrics.base.SUBJECT_TYPES of the group's level
GROUP_SUBJECT_TYPES = {OCID: SUBJECT_TYPES["process"], BUYER: SUBJECT_TYPES["buyer"],
                       PROCURING_ENTITY: SUBJECT_TYPES["procuring_entity"], TENDERER: SUBJECT_TYPES["tenderer"]}
# Cardinal's `Maps` struct, in its field order.
MAP_KEYS = (
    "ocid_buyer_r038",
    "ocid_procuringentity_r038",
    "ocid_tenderer",
    "ocid_tenderer_r024",
    "ocid_tenderer_r028",
    "ocid_tenderer_r030",
    "ocid_tenderer_r035",
    "ocid_tenderer_r058",
)


def finite(value: Any) -> Any:
    """The value with NaN and infinite floats (also inside dicts and lists) replaced by None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def detail_json(detail: dict[str, Any] | str | None) -> str | None:
    """A flag's detail as JSON text (the `flags.detail` column), NaN and infinities written as null; a
    detail already turned into text (by a worker process, see metrics.cardinal.parallel) as it is."""
    if detail is None or isinstance(detail, str):
        return detail
    try:  # most details have only finite numbers: no need to walk them first
        return json.dumps(detail, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return json.dumps(finite(detail), ensure_ascii=False)


@dataclass(slots=True)
class Flag:
    """One result: `code` raised for `subject_id` in `group` with `value` (and the process, if one)."""

    code: str
    group: str
    subject_id: str
    value: float
    ocid: str | None = None
    detail: dict[str, Any] | None = None
    seq: float = math.inf  # position of the release in the input; finalize-time flags come last


@dataclass
class Context:
    """State shared by the calculators of one partial run."""

    configured_currency: str | None = None
    map: bool = False
    currency: str | None = None  # the main currency: configured, else the first observed
    seq: int = 0  # position of the release being folded
    counts: Counter = field(default_factory=Counter)
    # What several calculators read from the same release, computed once per release (see `memo`).
    _memo_release: Any = None
    _memo: dict[str, Any] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_memo_release": None, "_memo": {}}  # not part of a partial result

    def memo(self, release: Any) -> dict[str, Any]:
        """A dict for values derived from `release`, emptied when another release comes (the last one is
        held, so that its identity cannot be reused). Calculators never change a release."""
        if self._memo_release is not release:
            self._memo_release = release
            self._memo = {}
        return self._memo

    def complete_awards_and_bids(self, release: dict) -> tuple[list[dict], list] | None:
        """`ocds.complete_awards_and_bids`, once per release."""
        memo = self.memo(release)
        if "complete" not in memo:
            memo["complete"] = ocds.complete_awards_and_bids(release)
        return memo["complete"]

    def bids(self, release: dict) -> tuple[ocds.Bid, ...]:
        """`ocds.read_bids`, once per release."""
        memo = self.memo(release)
        if "bids" not in memo:
            memo["bids"] = ocds.read_bids(release)
        return memo["bids"]

    def submitted_bids(self, release: dict) -> tuple[ocds.Bid, ...]:
        """The bids submitted (status other than invited or withdrawn), once per release."""
        memo = self.memo(release)
        if "submitted" not in memo:
            memo["submitted"] = tuple(bid for bid in self.bids(release) if bid.submitted)
        return memo["submitted"]

    def is_main_currency(self, currency: str) -> bool:
        """Cardinal's `item.currency.get_or_insert_with(...) == currency`, counting skipped amounts."""
        if self.currency is None:
            self.currency = self.configured_currency if self.configured_currency is not None else currency
        if currency == self.currency:
            return True
        self.counts["amounts in another currency"] += 1
        return False


class Calculator:
    """Base class: override `fold`, `reduce` and `finalize` as needed (all default to doing nothing)."""

    code: ClassVar[str | None] = None  # None for helpers that compute shared inputs
    OPTIONS: ClassVar[Options] = {}  # property -> converter, for the settings file
    DEFAULTS: ClassVar[dict[str, Any]] = {}  # property -> default value (documented in META.defaults)
    requires: ClassVar[tuple[type["Calculator"], ...]] = ()  # helpers this calculator reads
    requires_with_map: ClassVar[tuple[type["Calculator"], ...]] = ()  # helpers needed for --map only

    def __init__(self, settings: Settings, ctx: Context, helpers: dict[type["Calculator"], "Calculator"]):
        self.settings = settings
        self.ctx = ctx
        self.helpers = helpers
        self.flags: list[Flag] = []  # flags raised while folding

    def option(self, key: str) -> Any:
        """The configured value of a property, else its default."""
        options = self.settings.options(self.code) if self.code else {}
        return options[key] if key in options else self.DEFAULTS.get(key)

    def flag(self, group: str, subject_id: str, value: float, ocid: str | None = None,
             detail: dict[str, Any] | None = None) -> None:
        """Record a flag raised while folding the current release."""
        self.flags.append(Flag(self.code, group, subject_id, value, ocid, detail, self.ctx.seq))

    def fold(self, release: dict, ocid: str) -> None:
        """Take one compiled release into the partial state."""

    def reduce(self, other: "Calculator") -> None:
        """Merge the partial state of `other` (same class, another part of the input) into this one."""
        self.flags.extend(other.flags)
        other.flags = []

    def finalize(self, out: "Outcome") -> None:
        """Compute the outliers and write flags, Meta and Maps to `out`."""
        out.flags.extend(self.flags)


class Outcome:
    """Everything the calculators produce: flags, Meta (quartiles, fences) and Maps."""

    def __init__(self, map: bool = False):
        self.map = map
        self.flags: list[Flag] = []
        self.meta: dict[str, dict[str, float]] = {}
        self.maps: dict[str, dict[str, Any]] = {key: {} for key in MAP_KEYS}
        self.counts: Counter = Counter()

    def add(self, flag: Flag) -> None:
        self.flags.append(flag)

    def set_meta(self, code: str, key: str, value: float) -> None:
        self.meta.setdefault(code, {})[key] = value

    def map_tenderer(self, code: str, ocid: str, tenderer_id: str) -> None:
        """Cardinal's `set_tenderer_map!`: the flagged tenderers of each flagged process."""
        if self.map:
            self.maps[f"ocid_tenderer_{code.lower()}"].setdefault(ocid, set()).add(tenderer_id)

    def results(self) -> dict[str, dict[str, dict[str, float]]]:
        """Cardinal's results: {group: {id: {code: value}}}, groups in Cardinal's order, ids by input order."""
        ordered = sorted(self.flags, key=lambda f: f.seq)  # stable: finalize order kept among equals
        grouped: dict[str, dict[str, dict[str, float]]] = {}
        for f in ordered:
            grouped.setdefault(f.group, {}).setdefault(f.subject_id, {})[f.code] = f.value
        return {group: grouped[group] for group in GROUPS if grouped.get(group)}

    def to_cardinal(self, no_meta: bool = False, maps: bool = False) -> dict[str, Any]:
        """Cardinal's output object: results, then `Meta` (rounded to 4 decimals) unless `no_meta`, then `Maps`."""
        output: dict[str, Any] = dict(self.results())
        if not no_meta:
            output["Meta"] = {code: {k: round_meta(v) for k, v in values.items()}
                              for code, values in self.meta.items()}
        if maps:
            output["Maps"] = {
                key: {ocid: sorted(v) if isinstance(v, set) else v for ocid, v in self.maps[key].items()}
                for key in MAP_KEYS
            }
        return output
