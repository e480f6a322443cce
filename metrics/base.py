"""The one interface every indicator implements (`Indicator`), and the metadata that documents it.

An indicator is an object with:
  - `meta: IndicatorMeta`: its documentation (the methodology page, exports and the CLI read it), with
    its default settings;
  - `reports_all_subjects: bool`: True when its rows cover every subject it considers, flagged or not
    (then it counts in the composite scores); False when it lists flagged subjects only (Cardinal's);
  - `shared_pass: SharedPass | None`: the pass that computes it together with other indicators (Cardinal's
    eleven share one pass over the compiled releases), or None when it computes alone;
  - `run(con, settings, table) -> RunStats`: insert its rows (FLAG_COLUMNS) into `table` and say which
    fence and settings it applied.
metrics.compute calls exactly this: `run` for the indicators without a shared pass, and each shared pass
once for all its enabled indicators. Our indicators (OA-*) are found automatically in metrics/indicators/
(see CONTRIBUTING.md); Cardinal's in metrics/cardinal/ (metrics.cardinal.discovery).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:  # pandas is heavy; Cardinal's worker processes never need it
    import pandas as pd

CATEGORIES = ("price", "competition", "delay", "integrity", "transparency")
LEVELS = ("process", "project", "buyer", "procuring_entity", "tenderer")
# flags.subject_type values for each level
SUBJECT_TYPES = {
    "process": "ocid",
    "project": "project",
    "buyer": "buyer",
    "procuring_entity": "procuring_entity",
    "tenderer": "tenderer",
}
FLAG_COLUMNS = ["indicator", "subject_type", "subject_id", "ocid", "value", "flagged", "computable", "detail"]
# The columns of a stored result: an indicator's FLAG_COLUMNS plus the outcome the central pass gives it
# (metrics.suspect: flagged, not_flagged, not_computable or suspect).
RESULT_COLUMNS = FLAG_COLUMNS + ["outcome"]


@dataclass(frozen=True)
class Example:
    """A small worked example, shown in the methodology and run as the indicator's test.

    `tables`: contract table -> rows (column -> value; core/contract columns); `settings`: the
    indicator's own settings for the example (its INI section); `flags`: the expected output rows as
    (subject_id, value rounded to 4 decimals or None, flagged or None, computable), by subject_id.
    """

    tables: dict[str, list[dict[str, Any]]]
    flags: list[tuple[str, float | None, bool | None, bool]]
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorMeta:
    """Everything a reader needs to understand an indicator, in Spanish and English."""

    code: str
    name_es: str
    name_en: str
    category: str
    level: str
    methodology_es: str
    methodology_en: str
    why_es: str
    why_en: str
    required_fields: tuple[str, ...]
    defaults: dict[str, Any] = field(default_factory=dict)
    exclusions_es: str = ""
    exclusions_en: str = ""
    output_es: str = ""
    output_en: str = ""
    ocp_code: str | None = None  # closest code in OCP's red-flag catalogue
    source: str = ""  # legal or methodological source of the threshold
    example: Example | None = None  # input rows and the output they give (methodology and tests)


@dataclass
class IndicatorResult:
    """Rows for the `flags` table (FLAG_COLUMNS) and one row of `indicator_stats`."""

    flags: pd.DataFrame
    q1: float | None = None
    q3: float | None = None
    fence: float | None = None
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunStats:
    """What a run reports beside its rows: the fence it applied and the settings it used."""

    q1: float | None = None
    q3: float | None = None
    fence: float | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    peer_stats: list[dict[str, Any]] = field(default_factory=list)  # indicator_peer_stats rows


@runtime_checkable
class SharedPass(Protocol):
    """Computes several indicators in one pass over the data, reading only (so metrics.compute may run it
    on a second connection, in a thread beside the other indicators' SQL)."""

    def compute(self, con: Any, settings: dict[str, Any], codes: list[str]) -> dict[str, IndicatorResult]:
        """Each of `codes` computed with our resolved `settings` (metrics.config.resolve): code -> result."""
        ...


@runtime_checkable
class Indicator(Protocol):
    """The interface metrics.compute calls for every indicator (see the module docstring)."""

    meta: IndicatorMeta
    reports_all_subjects: bool
    shared_pass: SharedPass | None

    def run(self, con: Any, settings: dict[str, Any], table: str) -> RunStats:
        """Insert this indicator's rows (FLAG_COLUMNS) into `table`, with resolved `settings`."""
        ...


def insert_result(con: Any, table: str, result: IndicatorResult) -> None:
    """Append an IndicatorResult's flag rows to `table` (a flags table of RESULT_COLUMNS), each with its
    outcome (metrics.suspect.settle_sql)."""
    from metrics import suspect  # metrics.suspect imports nothing of this module

    frame = result.flags.reindex(columns=FLAG_COLUMNS)
    if len(frame):
        con.register("_oa_result_flags", frame)
        try:
            con.execute(f"INSERT INTO {table} BY NAME {suspect.settle_sql('SELECT * FROM _oa_result_flags')}",
                        {"suspect_reasons": suspect.params()["suspect_reasons"]})
        finally:
            con.unregister("_oa_result_flags")
