"""Indicator settings: the defaults (gathered from the indicator units) and a loader for Cardinal-style INI files.

Settings are a dict. Global keys sit at the top; each indicator has a section named by its code:

    currency = MXN                 ; main currency (default: the most frequent one in `processes`)
    data_date = 2020-04-09         ; "today" for stalled/unmet rules (default: latest release date)
    indicators = OA-P1|OA-C1       ; run only these (default: all)

    [exclusions]
    procurement_method_details = Sorteo de Obras|Random Selection

    [OA-P1]
    threshold = 0.30

    [OA-D7]
    enabled = false

Pipe-separated values become lists; `enabled = false` switches an indicator off. Sections of
Cardinal's indicators (R003 ... R058), their `[R003.procurement_method_details]` sub-sections and
Cardinal's top-level keys pass through unchanged (as strings) for metrics.cardinal to read.
"""
from __future__ import annotations

import configparser
import copy
import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

# Keys every run may use, outside the indicator sections.
GLOBAL_DEFAULTS: dict[str, Any] = {
    "currency": None,
    "data_date": None,
    "indicators": [],
    "exclusions": {"procurement_method_details": []},
}

# Cardinal's indicators where Mexican law makes Cardinal's own default wrong, as this deployment runs them
# (an INI section [R003] overrides them key by key, like any Cardinal setting). R003 compares the tender
# period with a minimum, which Mexican law sets only for licitaciones públicas (LAASSP art. 32, LOPSRM
# art. 32): an invitation's period is set case by case (LAASSP art. 43, LOPSRM art. 44) and a direct award
# has none, so Cardinal's default of every method flagged direct awards for a "short submission period".
CARDINAL_DEFAULTS: dict[str, dict[str, Any]] = {"R003": {"procurement_methods": "open"}}


def indicator_defaults() -> dict[str, dict[str, Any]]:
    """Code -> default settings of each of our indicators, read from its unit (IndicatorMeta.defaults),
    in catalogue order. Imported here, not at the top: the units import this module."""
    from metrics.indicators import INDICATORS

    return {indicator.meta.code: indicator.meta.defaults for indicator in INDICATORS}


def __getattr__(name: str) -> Any:
    """`INDICATOR_DEFAULTS`: indicator_defaults(), built when first asked for (see there)."""
    if name == "INDICATOR_DEFAULTS":
        return indicator_defaults()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# IMCO's spending bands for institutions (millions of pesos a year), with finer bands below 500 for
# municipalities. A band holds lower < amount <= upper; the last band also holds 0.
SPENDING_BANDS: list[dict[str, Any]] = [
    {"code": "gt3000", "lower": 3000.0, "upper": None, "es": "Más de 3,000 mdp", "en": "Over 3,000 M MXN"},
    {"code": "1000-3000", "lower": 1000.0, "upper": 3000.0, "es": "1,000 a 3,000 mdp", "en": "1,000-3,000 M MXN"},
    {"code": "500-1000", "lower": 500.0, "upper": 1000.0, "es": "500 a 1,000 mdp", "en": "500-1,000 M MXN"},
    {"code": "100-500", "lower": 100.0, "upper": 500.0, "es": "100 a 500 mdp", "en": "100-500 M MXN"},
    {"code": "50-100", "lower": 50.0, "upper": 100.0, "es": "50 a 100 mdp", "en": "50-100 M MXN"},
    {"code": "10-50", "lower": 10.0, "upper": 50.0, "es": "10 a 50 mdp", "en": "10-50 M MXN"},
    {"code": "lt10", "lower": None, "upper": 10.0, "es": "Hasta 10 mdp", "en": "Up to 10 M MXN"},
]


class SettingsError(ValueError):
    """A settings file or dict that cannot be used, with where and why."""


def defaults() -> dict[str, Any]:
    """A fresh deep copy of every default: global keys plus one section per indicator."""
    out = copy.deepcopy(GLOBAL_DEFAULTS)
    for code, section in indicator_defaults().items():
        out[code] = {"enabled": True, **copy.deepcopy(section)}
    out.update(copy.deepcopy(CARDINAL_DEFAULTS))
    return out


def merge(overrides: dict[str, Any] | None) -> dict[str, Any]:
    """Defaults with `overrides` applied (sections merged key by key); unknown keys of our sections fail."""
    out = defaults()
    for key, value in (overrides or {}).items():
        if key in indicator_defaults() or key == "exclusions":
            if not isinstance(value, dict):
                raise SettingsError(f"[{key}] must be a section (a dict), got {type(value).__name__}")
            allowed = out[key]
            for sub, subvalue in value.items():
                if sub not in allowed:
                    raise SettingsError(f"[{key}] has no setting {sub!r}; known: {', '.join(sorted(allowed))}")
                allowed[sub] = _coerce_like(allowed[sub], subvalue, f"[{key}] {sub}")
        elif key.startswith("OA-"):
            raise SettingsError(f"unknown indicator section [{key}]")
        elif key in ("currency", "data_date"):
            out[key] = value if value not in ("", None) else None
        elif key in GLOBAL_DEFAULTS:
            out[key] = _coerce_like(GLOBAL_DEFAULTS[key], value, key)
        elif key in CARDINAL_DEFAULTS and isinstance(value, dict):
            out[key] = {**out[key], **copy.deepcopy(value)}  # key by key over this deployment's default
        else:
            out[key] = copy.deepcopy(value)  # Cardinal's settings and anything else: passed through
    return out


def section(settings: dict[str, Any], code: str) -> dict[str, Any]:
    """The settings of one indicator: its defaults overlaid with what `settings` sets for it."""
    base = {"enabled": True, **copy.deepcopy(indicator_defaults().get(code, {}))}
    base.update(settings.get(code) or {})
    return base


def is_enabled(settings: dict[str, Any], code: str) -> bool:
    """False when the indicator's section says `enabled = false` or a top-level `indicators` list omits it."""
    only = settings.get("indicators") or []
    if only and code not in only:
        return False
    sec = settings.get(code)
    if isinstance(sec, dict) and "enabled" in sec:
        return _to_bool(sec["enabled"], f"[{code}] enabled")
    return True


def load_ini(path: str | Path) -> dict[str, Any]:
    """Read a Cardinal-style INI settings file into an overrides dict (pass it to compute or merge)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read settings file ({exc.strerror or exc})") from exc
    return parse_ini(text, str(path))


def parse_ini(text: str, where: str = "settings") -> dict[str, Any]:
    """Parse INI text (top-level keys allowed before any section) into an overrides dict."""
    parser = configparser.ConfigParser(
        interpolation=None, inline_comment_prefixes=(";", "#"), comment_prefixes=(";", "#"), strict=False
    )
    parser.optionxform = str  # keys of sub-sections are data values (e.g. "Licitación"): keep their case
    try:
        parser.read_string("[__top__]\n" + text, source=where)
    except configparser.Error as exc:
        raise SettingsError(f"{where}: not a valid INI file: {exc}") from exc
    out: dict[str, Any] = {}
    for name in parser.sections():
        items = dict(parser.items(name))
        if name == "__top__":
            for key, raw in items.items():
                out[key] = _parse_value(GLOBAL_DEFAULTS.get(key, ""), raw) if key in GLOBAL_DEFAULTS else raw
        elif "." in name:  # Cardinal's [R003.procurement_method_details]
            code, sub = name.split(".", 1)
            out.setdefault(code, {})[sub] = items
        elif name in indicator_defaults() or name == "exclusions":
            known = section({}, name) if name != "exclusions" else GLOBAL_DEFAULTS["exclusions"]
            sec = out.setdefault(name, {})
            for key, raw in items.items():
                if key not in known:
                    raise SettingsError(f"{where}: [{name}] has no setting {key!r}; known: {', '.join(sorted(known))}")
                sec[key] = _parse_value(known[key], raw)
        elif name.startswith("OA-"):
            raise SettingsError(f"{where}: unknown indicator section [{name}]")
        else:
            out.setdefault(name, {}).update(items)
    return out


def settings_json(settings: dict[str, Any]) -> str:
    """Settings as compact JSON (dates as ISO strings), for indicator_stats.settings."""
    return json.dumps(settings, ensure_ascii=False, sort_keys=True, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def _parse_value(default: Any, raw: str) -> Any:
    """Turn an INI string into the type of the default (lists are pipe-separated)."""
    raw = raw.strip()
    if isinstance(default, bool):
        return _to_bool(raw, raw)
    if isinstance(default, list):
        return [part.strip() for part in raw.split("|") if part.strip()]
    if raw == "" or raw.lower() in {"none", "null"}:
        return None
    if isinstance(default, dict):
        return raw
    for kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            pass
    return raw


def _coerce_like(default: Any, value: Any, where: str) -> Any:
    """Check a value set in Python (or parsed from INI) against the default's type."""
    if value is None:
        return None
    if isinstance(default, bool):
        return _to_bool(value, where)
    if isinstance(default, list):
        if isinstance(value, str):
            return [part.strip() for part in value.split("|") if part.strip()]
        if isinstance(value, (list, tuple, set)):
            return [str(v) for v in value]
        raise SettingsError(f"{where}: expected a list or a pipe-separated string, got {value!r}")
    if isinstance(default, dict):
        if not isinstance(value, dict):
            raise SettingsError(f"{where}: expected a section, got {value!r}")
        merged = copy.deepcopy(default)
        for key, sub in value.items():
            if key not in merged:
                raise SettingsError(f"{where}: no setting {key!r}")
            merged[key] = _coerce_like(merged[key], sub, f"{where} {key}")
        return merged
    if isinstance(default, (int, float)) or default is None:  # None defaults in sections are numbers
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise SettingsError(f"{where}: expected a number, got {value!r}")
        try:
            number = float(value)
        except ValueError as exc:
            raise SettingsError(f"{where}: expected a number, got {value!r}") from exc
        if isinstance(default, int) and not isinstance(default, bool) and number.is_integer():
            return int(number)
        return number
    return value


def _to_bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{where}: expected true or false, got {value!r}")


def resolve(con: Any, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Merged settings with the derived globals filled in from the database, so a run is reproducible.

    - `currency`: when unset, the most frequent currency of `processes` (ties: alphabetical first);
      load order is not stable across reloads, so "first seen" would not reproduce.
    - `data_date`: when unset, the latest release date in the database (`releases.date`, else
      `processes.last_release_date`, else `projects.updated`); never the wall clock.
    Idempotent: resolving resolved settings changes nothing.
    """
    out = merge(overrides)
    if out.get("currency") is None:
        row = con.execute(
            "SELECT currency FROM processes WHERE currency IS NOT NULL "
            "GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1"
        ).fetchall()
        out["currency"] = row[0][0] if row else None
    if out.get("data_date") is None:
        for source, sql in (
            ("releases", "SELECT max(date) FROM releases"),
            ("processes", "SELECT max(last_release_date) FROM processes"),
            ("projects", "SELECT max(updated) FROM projects"),
        ):
            value = con.execute(sql).fetchall()[0][0]
            if value is not None:
                out["data_date"] = _iso(value)
                out["data_date_source"] = source
                break
    else:
        out["data_date"] = _iso(out["data_date"])
        out.setdefault("data_date_source", "setting")
    return out


def _iso(value: Any) -> str:
    """A date, datetime or ISO string as 'YYYY-MM-DDTHH:MM:SS' (naive; offsets converted to UTC)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError as exc:
            raise SettingsError(f"data_date: not an ISO date: {value!r}") from exc
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).isoformat(timespec="seconds")
    raise SettingsError(f"data_date: not a date: {value!r}")


def default_ini_text() -> str:
    """Every default as an INI file users can copy and edit (metrics/defaults.ini is this text)."""
    def fmt(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return "|".join(str(v) for v in value)
        return str(value)

    lines = [
        "; Obras Abiertas: indicator settings (generated by `python -m metrics.config`; defaults shown).",
        "; Copy this file, change what you need, and pass it with --settings. Empty value = not set.",
        "; currency: main currency (empty = the most frequent in the data).",
        "; data_date: 'today' for overdue/stalled rules (empty = the latest release date in the data).",
        "currency = ",
        "data_date = ",
        "; indicators: run only these codes, pipe-separated (empty = all).",
        "indicators = ",
        "",
        "[exclusions]",
        "procurement_method_details = ",
    ]
    for code, section in indicator_defaults().items():
        lines += ["", f"[{code}]", "enabled = true"]
        lines += [f"{key} = {fmt(value)}" for key, value in section.items()]
    lines += ["", "; Cardinal's indicators where this deployment changes Cardinal's default (Mexican law)."]
    for code, section in CARDINAL_DEFAULTS.items():
        lines += ["", f"[{code}]"]
        lines += [f"{key} = {fmt(value)}" for key, value in section.items()]
    return "\n".join(line.rstrip() for line in lines) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(default_ini_text())
