"""Shared helpers for the Cardinal tests: the fixture folder and the settings the Rust harness builds."""
from __future__ import annotations

import json
from pathlib import Path

from tests.shared import shared_data


def fixtures_dir() -> Path:
    """../shared/data/cardinal-rs-fixtures (skips when absent)."""
    return shared_data() / "cardinal-rs-fixtures"


def fixture_settings(stem: str) -> str:
    """The INI text equivalent to the Settings that Cardinal's test harness builds for a fixture name.

    Per the fixtures' SOURCE.md: only the named indicator is enabled; every case sets
    `no_price_comparison_procurement_methods = "NPC"` and `[exclusions] procurement_method_details = "EXC"`;
    `CODE-key-value` sets one property (`+` separates list items), `CODE-key-a-1-b-2` a map {a: 1, b: 2};
    any other suffix (e.g. `R038-tenderer`) is only a label.
    """
    code, *rest = stem.split("-")
    lines = ['no_price_comparison_procurement_methods = "NPC"', "", "[exclusions]",
             'procurement_method_details = "EXC"', "", f"[{code}]"]
    if len(rest) >= 2:
        key, values = rest[0], rest[1:]
        if len(values) == 1:
            value = values[0].replace("+", "|")
            lines.append(f'{key} = "{value}"' if not value.isdigit() else f"{key} = {value}")
        else:
            pairs = ", ".join(f"{values[i]}: {values[i + 1]}" for i in range(0, len(values), 2))
            lines.append(f"{key} = {{{pairs}}}")
    return "\n".join(lines) + "\n"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
