"""The field lists, defined once: quality/stages.csv (stages and the anchor that says a subject
publishes the stage) and quality/fields.csv (the fields of each stage: EDCA-MX fields per stage from the
capture platform, CoST IDS proactive elements mapped to EDCAPI/OC4IDS)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from quality.fieldpaths import expand, parse

HERE = Path(__file__).parent
SUBJECTS = ("process", "project")


@dataclass(frozen=True)
class Stage:
    subject: str  # process | project
    stage: str
    anchor: str
    label_es: str
    label_en: str
    basis: str


@dataclass(frozen=True)
class Field:
    subject: str
    stage: str
    field: str  # id, unique
    path: str
    label_es: str
    label_en: str
    basis: str


def _rows(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _check_path(path: str) -> None:
    for alt in expand(path):
        parse(alt)  # raises PathError on a typo, at import time


@lru_cache(maxsize=1)
def stages() -> tuple[Stage, ...]:
    """Every stage, in order (processes first)."""
    out = tuple(Stage(**r) for r in _rows("stages.csv"))
    for s in out:
        _check_path(s.anchor)
    return out


@lru_cache(maxsize=1)
def fields() -> tuple[Field, ...]:
    """Every field, grouped by stage in file order."""
    out = tuple(Field(**r) for r in _rows("fields.csv"))
    known = {(s.subject, s.stage) for s in stages()}
    ids = [f.field for f in out]
    if len(ids) != len(set(ids)):
        raise ValueError("quality/fields.csv: a field id appears twice")
    for f in out:
        if (f.subject, f.stage) not in known:
            raise ValueError(f"quality/fields.csv: {f.field} is in unknown stage {f.subject}/{f.stage}")
        _check_path(f.path)
    return out


def stage_names(subject: str | None = None) -> list[str]:
    return [s.stage for s in stages() if subject is None or s.subject == subject]


def fields_of(stage: str) -> list[Field]:
    return [f for f in fields() if f.stage == stage]


def field_ids() -> set[str]:
    return {f.field for f in fields()}
