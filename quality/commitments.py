"""Publication Commitments: what each implementer committed to publish (stages, fields, update
frequency, period), read from the file a guarantor body edits (data/commitments.toml by default).

A broken or missing file never stops a refresh: its problems are reported with the commitments and a
built-in default (every stage, quarterly) stands in.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from quality import locations
from quality.fields import field_ids, fields, stage_names

FALLBACK_FREQUENCY_DAYS = 90  # used only when the file has no usable default


@dataclass(frozen=True)
class Commitment:
    """One implementer's commitment, as used in the measurements."""

    implementer_id: str | None
    source: str  # file | default
    stages: tuple[str, ...]
    fields: tuple[str, ...]  # field ids committed (all fields of the stages unless listed)
    frequency_days: int
    period_start: date | None = None
    period_end: date | None = None
    note: str = ""
    problems: tuple[str, ...] = ()


@dataclass
class CommitmentBook:
    """The default commitment and the per-implementer ones."""

    default: Commitment
    entries: dict[str, Commitment] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # about the file as a whole

    def for_implementer(self, implementer_id: str | None) -> Commitment:
        if implementer_id in self.entries:
            return self.entries[implementer_id]
        d = self.default
        return Commitment(implementer_id, "default", d.stages, d.fields, d.frequency_days, d.period_start,
                          d.period_end, d.note, d.problems)


def _date(value: Any, name: str, problems: list[str]) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{name}: {value!r} is not a date (YYYY-MM-DD)")
        return None


def _entry(implementer_id: str | None, raw: Any, base: Commitment | None, source: str) -> Commitment:
    problems: list[str] = []
    if not isinstance(raw, dict):
        raw = {}
        problems.append("the entry is not a table of settings")
    known_stages = stage_names()
    # a list of fields without a list of stages commits exactly the stages of those fields
    only_fields = "stages" not in raw and isinstance(raw.get("fields"), list)
    raw_stages = [] if only_fields else raw.get("stages", list(base.stages) if base else known_stages)
    if not isinstance(raw_stages, list):
        problems.append("stages: expected a list")
        raw_stages = list(base.stages) if base else known_stages
    stages = []
    for s in raw_stages:
        if s in known_stages:
            stages.append(s)
        else:
            problems.append(f"stages: unknown stage {s!r}")
    raw_fields = raw.get("fields", "all")
    if raw_fields == "all" or raw_fields is None:
        chosen = [f.field for f in fields() if f.stage in stages]
    elif isinstance(raw_fields, list):
        ids = field_ids()
        chosen = []
        for f in raw_fields:
            if f in ids:
                chosen.append(f)
            else:
                problems.append(f"fields: unknown field {f!r} (see quality/fields.csv)")
        for f in fields():  # a committed field commits its stage
            if f.field in chosen and f.stage not in stages:
                stages.append(f.stage)
    else:
        problems.append('fields: expected "all" or a list of field ids')
        chosen = [f.field for f in fields() if f.stage in stages]
    freq = raw.get("frequency_days", base.frequency_days if base else FALLBACK_FREQUENCY_DAYS)
    if isinstance(freq, bool) or not isinstance(freq, int) or freq <= 0:
        problems.append(f"frequency_days: {freq!r} is not a positive number of days")
        freq = base.frequency_days if base else FALLBACK_FREQUENCY_DAYS
    start = _date(raw.get("period_start"), "period_start", problems)
    end = _date(raw.get("period_end"), "period_end", problems)
    if start and end and end < start:
        problems.append("period_end is before period_start")
        end = None
    note = str(raw.get("note") or "")
    order = {s: i for i, s in enumerate(known_stages)}
    return Commitment(implementer_id, source, tuple(sorted(set(stages), key=order.get)), tuple(chosen), freq,
                      start, end, note, tuple(problems))


def load_commitments(path: Path | None = None, known_implementers: set[str] | None = None) -> CommitmentBook:
    """Read the commitments file; unknown implementers, stages and fields become problems."""
    path = path or locations.commitments_path()
    file_problems: list[str] = []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        data = {}
        file_problems.append(f"no commitments file at {path}: a built-in default is used")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        data = {}
        file_problems.append(f"the commitments file {path} cannot be read ({exc}): a built-in default is used")
    default = _entry(None, data.get("default", {}), None, "default")
    book = CommitmentBook(default, problems=file_problems)
    implementers = data.get("implementers", {})
    if not isinstance(implementers, dict):
        file_problems.append("[implementers] must hold one table per implementer id")
        implementers = {}
    for impl_id, raw in implementers.items():
        entry = _entry(impl_id, raw, default, "file")
        if known_implementers is not None and impl_id not in known_implementers:
            entry = Commitment(**{**entry.__dict__,
                                  "problems": entry.problems + (f"{impl_id!r} is not in data/implementers.csv",)})
        book.entries[impl_id] = entry
    return book
