"""Cardinal's settings file (INI) read into typed settings.

The file follows Cardinal's `Settings` (src/indicators/mod.rs):
- top-level properties, before any section: `currency`, `no_price_comparison_procurement_methods`,
  `price_comparison_procurement_methods` (pipe-separated lists);
- `[exclusions] procurement_method_details` (pipe-separated);
- one `[R###]` section per enabled indicator (an empty section enables it with its defaults);
  `[R003.procurement_method_details]` holds per-method thresholds and also enables R003, as Cardinal's
  config loader nests dotted section names; the same map can be written inline in `[R003]` as
  `procurement_method_details = {x: 5, y: 10}`;
- the `prepare` command's sections (`defaults`, `redactions`, `corrections`, `modifications`,
  `codelists.*`) are accepted and ignored.
Like Cardinal (serde `deny_unknown_fields`), an unknown property or a value of the wrong type is an
error. A section for a Cardinal indicator this project does not implement is skipped with a warning.
Keys keep their case, values may be quoted, and `; ...` or `# ...` after whitespace is a comment.
"""
from __future__ import annotations

import configparser
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

_TOP = "\x00top"  # the pseudo-section that holds properties written before any section
_GLOBAL_KEYS = ("currency", "no_price_comparison_procurement_methods", "price_comparison_procurement_methods")
_PREPARE_SECTIONS = ("defaults", "redactions", "corrections", "modifications", "modifications_move",
                     "modifications_split")
_CODE = re.compile(r"^R\d{3}$")
_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$", re.IGNORECASE)


class SettingsError(ValueError):
    """The settings file cannot be read, or a property is unknown or has a value of the wrong type."""


# Converters from the text of a property to its typed value; each raises ValueError with a reason.

def natural(text: str) -> int:
    """A non-negative integer (Rust `usize`)."""
    if not _INT.match(text) or text.startswith("-"):
        raise ValueError("expected a natural number")
    return int(text)


def integer(text: str) -> int:
    """A signed integer (Rust `i64`)."""
    if not _INT.match(text):
        raise ValueError("expected an integer")
    return int(text)


def decimal(text: str) -> float:
    """A decimal number (Rust `f64`)."""
    if not _FLOAT.match(text):
        raise ValueError("expected a decimal number")
    return float(text)


def text(value: str) -> str:
    """Any text, e.g. a pipe-separated list."""
    return value


def integer_map(value: str) -> dict[str, int]:
    """An inline map of integers: `{x: 5, y: 10}` (or JSON `{"x": 5}`)."""
    value = value.strip()
    if not (value.startswith("{") and value.endswith("}")):
        raise ValueError("expected a map like {x: 5, y: 10}")
    try:
        loaded = json.loads(value)
    except ValueError:
        loaded = None
    if isinstance(loaded, dict):
        return {str(k): integer(str(v)) for k, v in loaded.items()}
    result = {}
    for pair in filter(None, (p.strip() for p in value[1:-1].split(","))):
        key, sep, number = pair.rpartition(":")
        if not sep:
            key, sep, number = pair.rpartition("=")
        if not sep or not key.strip():
            raise ValueError(f"expected key: number, got {pair!r}")
        result[_unquote(key.strip())] = integer(_unquote(number.strip()))
    return result


Options = Mapping[str, Callable[[str], Any]]


@dataclass
class Settings:
    """Typed Cardinal settings: global options and the options of each enabled indicator."""

    currency: str | None = None
    no_price_comparison_procurement_methods: str | None = None
    price_comparison_procurement_methods: str | None = None
    exclusions_procurement_method_details: str | None = None
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)  # enabled code -> options set
    warnings: list[str] = field(default_factory=list)

    def enabled(self, code: str) -> bool:
        return code in self.indicators

    def options(self, code: str) -> dict[str, Any]:
        return self.indicators.get(code, {})

    def to_dict(self) -> dict[str, Any]:
        """The settings in Cardinal's shape (for provenance, e.g. `indicator_stats.settings`)."""
        out: dict[str, Any] = {k: getattr(self, k) for k in _GLOBAL_KEYS if getattr(self, k) is not None}
        if self.exclusions_procurement_method_details is not None:
            out["exclusions"] = {"procurement_method_details": self.exclusions_procurement_method_details}
        out.update({code: dict(opts) for code, opts in self.indicators.items()})
        return out


def pipe_separated(value: str | None, default: str | None = None) -> frozenset[str]:
    """Cardinal's `parse_pipe_separated_value`: Rust `split_terminator('|')` (no trailing empty item)."""
    value = default if value is None else value
    if not value:
        return frozenset()
    parts = value.split("|")
    if parts[-1] == "":
        parts.pop()
    return frozenset(parts)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _convert(where: str, key: str, raw: str, convert: Callable[[str], Any]) -> Any:
    try:
        return convert(_unquote(raw.strip()))
    except ValueError as e:
        raise SettingsError(f"{where}: {key} = {raw!r}: {e}") from None


def parse_settings_text(content: str, options: Mapping[str, Options], source: str = "settings") -> Settings:
    """Parse the text of a settings file; `options` maps each implemented code to its property converters."""
    parser = configparser.ConfigParser(
        interpolation=None, strict=False, default_section="\x00default", inline_comment_prefixes=(";", "#"),
        empty_lines_in_values=False,
    )
    parser.optionxform = str  # keep keys' case: procurementMethodDetails values are keys
    try:
        parser.read_string(f"[{_TOP}]\n{content}", source=source)
    except configparser.Error as e:
        raise SettingsError(f"{source}: {e}") from None

    settings = Settings()
    for section in parser.sections():
        items = dict(parser.items(section))
        if section == _TOP:
            for key, raw in items.items():
                if key not in _GLOBAL_KEYS:
                    raise SettingsError(f"{source}: unknown top-level property {key!r}")
                setattr(settings, key, _unquote(raw.strip()))
            continue
        if section == "exclusions":
            for key, raw in items.items():
                if key != "procurement_method_details":
                    raise SettingsError(f"{source}: [exclusions]: unknown property {key!r}")
                settings.exclusions_procurement_method_details = _unquote(raw.strip())
            continue
        if section in _PREPARE_SECTIONS or section.startswith("codelists."):
            continue  # the prepare command's settings
        code, _, subkey = section.partition(".")
        if not _CODE.match(code):
            raise SettingsError(f"{source}: unknown section [{section}]")
        if code not in options:
            settings.warnings.append(f"{code} is not implemented; section [{section}] skipped.")
            continue
        section_options = settings.indicators.setdefault(code, {})
        converters = options[code]
        if subkey:
            # A dotted section is a map-valued property of the indicator, e.g. [R003.procurement_method_details].
            if converters.get(subkey) is not integer_map:
                raise SettingsError(f"{source}: unknown section [{section}]")
            mapping = section_options.setdefault(subkey, {})
            for key, raw in items.items():
                mapping[key] = _convert(f"[{section}]", key, raw, integer)
            continue
        for key, raw in items.items():
            if key not in converters:
                raise SettingsError(f"{source}: [{section}]: unknown property {key!r}")
            value = _convert(f"[{section}]", key, raw, converters[key])
            if isinstance(value, dict):
                # The dotted section, if also present, wins over the inline map.
                section_options[key] = {**value, **section_options.get(key, {})}
            else:
                section_options[key] = value
    return settings


def parse_settings(path: str | Path, options: Mapping[str, Options]) -> Settings:
    """Read a settings file (UTF-8, with or without BOM); see `parse_settings_text`."""
    path = Path(path)
    try:
        content = path.read_text(encoding="utf-8-sig")  # tolerate a byte order mark (Windows editors)
    except (OSError, UnicodeDecodeError) as e:
        raise SettingsError(f"{path}: {e}") from None
    return parse_settings_text(content, options, source=str(path))


def settings_from_mapping(mapping: Mapping[str, Any], options: Mapping[str, Options]) -> Settings:
    """Settings from a dict in Cardinal's shape, e.g. `{"currency": "MXN", "R003": {"threshold": 10}}`.

    Values may be typed already or text as in the INI file.
    """
    settings = Settings()
    for key, value in mapping.items():
        if key in _GLOBAL_KEYS:
            setattr(settings, key, None if value is None else str(value))
        elif key == "exclusions":
            if not isinstance(value, Mapping) or set(value) - {"procurement_method_details"}:
                raise SettingsError("exclusions: expected {'procurement_method_details': '...'}")
            settings.exclusions_procurement_method_details = value.get("procurement_method_details")
        elif _CODE.match(key):
            if key not in options:
                settings.warnings.append(f"{key} is not implemented; skipped.")
                continue
            settings.indicators[key] = _typed_options(key, value or {}, options[key])
        else:
            raise SettingsError(f"unknown setting {key!r}")
    return settings


def _typed_options(code: str, values: Mapping[str, Any], converters: Options) -> dict[str, Any]:
    typed = {}
    for key, value in values.items():
        if key not in converters:
            raise SettingsError(f"[{code}]: unknown property {key!r}")
        convert = converters[key]
        if convert is integer_map and isinstance(value, Mapping):
            typed[key] = {str(k): _convert(f"[{code}]", f"{key}.{k}", str(v), integer) for k, v in value.items()}
        elif isinstance(value, bool):
            raise SettingsError(f"[{code}]: {key} = {value!r}: expected a number or text")
        elif isinstance(value, float) and convert is decimal:
            typed[key] = value
        else:
            typed[key] = _convert(f"[{code}]", key, str(value), convert)
    return typed

