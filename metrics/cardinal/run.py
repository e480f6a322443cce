"""The streaming driver: one pass over compiled releases folds every enabled indicator at once.

Like Cardinal's `Indicators::run`: each line is parsed (invalid JSON is skipped with a warning, blank lines
silently), the global exclusions are applied (ocid not a string, cancelled tender, excluded
procurementMethodDetails), every calculator folds the release, partial runs can be reduced together, and
finalize computes the outliers.
"""
from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from metrics.cardinal import ocds, discovery
from metrics.cardinal.core import Calculator, Context, Outcome
from metrics.cardinal.ini import Settings, parse_settings, pipe_separated

log = logging.getLogger("metrics.cardinal")

_ASCII_WHITESPACE = b" \t\n\r\x0c"  # Rust's u8::is_ascii_whitespace


class Pipeline:
    """The calculators of one (partial) run, sharing one `Context`."""

    def __init__(self, settings: Settings, map: bool = False):
        self.settings = settings
        self.map = map
        self.ctx = Context(configured_currency=settings.currency, map=map)
        self.exclude = pipe_separated(settings.exclusions_procurement_method_details)
        self.helpers: dict[type[Calculator], Calculator] = {}
        self.calculators: list[Calculator] = []
        for cls in discovery.plan(settings, map):
            calculator = cls(settings, self.ctx, self.helpers)
            if cls.code is None:
                self.helpers[cls] = calculator
            self.calculators.append(calculator)

    def fold(self, release: Any) -> None:
        """Take one parsed line (a compiled release) through the global exclusions and every calculator."""
        ctx = self.ctx
        ctx.seq += 1
        if type(release) is not dict:  # parsed JSON: exact types, as the ocds accessors expect
            ctx.counts["not an object"] += 1
            return
        ocid = release.get("ocid")
        if type(ocid) is not str:
            ctx.counts["ocid not a string"] += 1
            return
        if ocds.is_cancelled_contracting_process(release):
            ctx.counts["cancelled tender"] += 1
            return
        if self.exclude and not ocds.matches_procurement_method_details(release, frozenset(), self.exclude):
            ctx.counts["excluded procurementMethodDetails"] += 1
            return
        ctx.counts["processes"] += 1
        for calculator in self.calculators:
            calculator.fold(release, ocid)

    def reduce(self, other: "Pipeline") -> "Pipeline":
        """Merge a pipeline that folded another part of the input (built from the same settings)."""
        offset = self.ctx.seq  # the other part comes after this one: keep flags in input order
        for mine, theirs in zip(self.calculators, other.calculators, strict=True):
            for flag in theirs.flags:
                flag.seq += offset
            mine.reduce(theirs)
        if self.ctx.currency is None:
            self.ctx.currency = other.ctx.currency
        self.ctx.counts.update(other.ctx.counts)
        self.ctx.seq += other.ctx.seq
        return self

    def finalize(self) -> Outcome:
        """Compute the outliers and collect every calculator's flags, Meta and Maps."""
        out = Outcome(map=self.map)
        for calculator in self.calculators:
            calculator.finalize(out)
        out.counts.update(self.ctx.counts)
        skipped = self.ctx.counts.get("amounts in another currency")
        if skipped:
            log.warning("%d amounts not in %s were skipped.", skipped, self.ctx.currency)
        return out


def parse_line(line: bytes | str, number: int) -> Any:
    """One line as JSON, or None with a warning (Cardinal skips it); blank lines are silently None."""
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError as e:
        error = str(e)  # the text, not the exception: its traceback would tie up the callers' frames
    raw = line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line
    if not raw.strip(_ASCII_WHITESPACE):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        log.warning("Line %d caused an I/O error, skipping. [%s]", number, e)
        return None
    try:  # orjson refuses integers beyond 64 bits, which serde_json (arbitrary precision) accepts
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):  # serde_json also refuses nesting deeper than 128
        pass
    log.warning("Line %d is invalid JSON, skipping. [%s]", number, error)
    return None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def fold_lines(pipeline: Pipeline, lines: Iterable[bytes | str]) -> Pipeline:
    """Fold every line of a JSON Lines stream; invalid lines are skipped with a warning."""
    for number, line in enumerate(lines, 1):
        value = parse_line(line, number)
        if value is None:
            pipeline.ctx.seq += 1
            pipeline.ctx.counts["lines skipped"] += 1
            continue
        pipeline.fold(value)
    return pipeline


def open_input(path: str | Path) -> BinaryIO:
    """The input file in binary mode, or standard input for "-"."""
    if str(path) == "-":
        return sys.stdin.buffer
    return open(path, "rb")


def iter_lines(path: str | Path) -> Iterator[bytes]:
    """The lines of a file (or "-"), streamed."""
    stream = open_input(path)
    try:
        yield from stream
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def load_settings(path: str | Path) -> Settings:
    """Read a Cardinal settings file, logging the warnings (e.g. indicators not implemented)."""
    settings = parse_settings(path, discovery.options())
    for warning in settings.warnings:
        log.warning(warning)
    return settings


def run(settings: Settings, lines: Iterable[bytes | str], map: bool = False) -> Outcome:
    """One pass over the lines with every indicator the settings enable."""
    return fold_lines(Pipeline(settings, map=map), lines).finalize()


def run_flags(settings_path: str | Path, input_path: str | Path, no_meta: bool = False,
              maps: bool = False) -> dict[str, Any]:
    """Cardinal's `indicators` command: its output object for a settings file and a JSON Lines file.

    Keys: the groups with results (`OCID`, `Tenderer`, `Buyer`, `ProcuringEntity`), then `Meta` (quartiles
    and fences rounded to 4 decimals, null when undefined) unless `no_meta`, then `Maps` if `maps`.
    """
    settings = load_settings(settings_path)
    outcome = run(settings, iter_lines(input_path), map=maps)
    return outcome.to_cardinal(no_meta=no_meta, maps=maps)
