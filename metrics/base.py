"""The one interface every indicator implements, and the metadata that documents it.

An indicator is one module exposing `INDICATOR`, an instance of a class with:
  - `meta: IndicatorMeta`  the documentation (methodology page, exports and CLI read it);
  - `compute(con, settings) -> IndicatorResult`  over the DuckDB contract tables.
Cardinal's red flags additionally stream over compiled releases (fold / reduce / finalize), see
metrics/cardinal/; `compute` for them folds over `processes.json`.
Register it in metrics/registry.py; nothing else needs to change.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

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


@dataclass
class IndicatorResult:
    """Rows for the `flags` table (FLAG_COLUMNS) and one row of `indicator_stats`."""

    flags: pd.DataFrame
    q1: float | None = None
    q3: float | None = None
    fence: float | None = None
    settings: dict[str, Any] = field(default_factory=dict)


class Indicator(Protocol):
    meta: IndicatorMeta

    def compute(self, con: Any, settings: dict[str, Any]) -> IndicatorResult: ...
