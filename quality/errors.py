"""jsonschema errors, grouped by kind (the failing keyword: enum, type, required, format, ...) and by
path with array indexes replaced by [], each group with a count and at most a few examples."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from jsonschema.validators import validator_for

MAX_EXAMPLES = 3
MESSAGE_CHARS = 300
VALUE_CHARS = 120
ROOT = "(root)"

# RFC 3339 date-time, as OCDS and OC4IDS require: a time zone (Z or an offset) is part of it
_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)
_REQUIRED = re.compile(r"^'(.+)' is a required property$")


def is_datetime(value: object) -> bool:
    """True when `value` is an RFC 3339 date-time (non-strings are left to the `type` keyword)."""
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    try:  # the pattern fixes the shape; this catches month 13, 31 February, hour 25...
        datetime.fromisoformat(value[:10] + "T" + value[11:19])
    except ValueError:
        return False
    return True


def format_checker() -> FormatChecker:
    """A format checker for date-time only (jsonschema's own needs an extra package)."""
    checker = FormatChecker(formats=())
    checker.checks("date-time")(is_datetime)
    return checker


def make_validator(schema: dict[str, Any]):
    """A validator for `schema` (draft 4 unless the schema says otherwise) with date-time checks."""
    cls = validator_for(schema, default=Draft4Validator)
    return cls(schema, format_checker=format_checker())


def general_path(path: list[Any] | tuple[Any, ...]) -> str:
    """`["awards", 0, "status"]` -> `awards[].status`; the empty path is the item itself."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += "[]"
        else:
            out += ("." if out else "") + str(part)
    return out or ROOT


def error_key(error) -> tuple[str, str]:
    """(kind, general path) of a jsonschema error; a missing required property is part of the path."""
    path = general_path(list(error.absolute_path))
    if error.validator == "required":
        m = _REQUIRED.match(error.message)
        if m:
            path = m.group(1) if path == ROOT else f"{path}.{m.group(1)}"
    return str(error.validator), path


def _excerpt(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


@dataclass
class Group:
    errors: int = 0
    items: set[str] = field(default_factory=set)
    examples: list[dict[str, str]] = field(default_factory=list)


def count_values(item: Any) -> int:
    """Values published in a JSON item: its leaves (strings, numbers, booleans, nulls; an empty object or
    array counts as one value)."""
    count, stack = 0, [item]
    while stack:
        node = stack.pop()
        if isinstance(node, dict) and node:
            stack.extend(node.values())
        elif isinstance(node, list) and node:
            stack.extend(node)
        else:
            count += 1
    return count


def error_location(error) -> tuple[Any, ...]:
    """Where an error is in its item: the value's path, or for a missing required property the path it
    should have had (so two errors on one value count once, and each missing property once)."""
    path = tuple(error.absolute_path)
    if error.validator == "required":
        m = _REQUIRED.match(error.message)
        if m:
            path += (m.group(1),)
    return path


class ErrorGroups:
    """Accumulates errors of many items into groups keyed by (kind, path), and counts values.

    Two measures of validity come out of it: items without any error (`items_valid` of `items`), which a
    single repeated defect (one date format in every release) drives to zero, and values without an error
    (`values - values_invalid` of `values`), the share of what was published that the schema accepts. A
    missing required property counts as one invalid value, and as one value, since it should have been
    published."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str], Group] = {}
        self.items = 0
        self.items_valid = 0
        self.values = 0
        self.values_invalid = 0

    def add(self, ref: dict[str, str], errors: list, item: Any = None) -> None:
        """Record one validated item (`ref` identifies it: source_id, id, locator), its errors and, when
        given, the item itself (to count its values)."""
        self.items += 1
        if item is not None:
            self.values += count_values(item)
        if not errors:
            self.items_valid += 1
            return
        locations = {error_location(e) for e in errors}
        self.values_invalid += len(locations)
        if item is not None:
            self.values += len({error_location(e) for e in errors if e.validator == "required"})
        for error in errors:
            group = self.groups.setdefault(error_key(error), Group())
            group.errors += 1
            group.items.add(ref.get("id", ""))
            if len(group.examples) < MAX_EXAMPLES:
                message = error.message
                if len(message) > MESSAGE_CHARS:
                    message = message[: MESSAGE_CHARS - 1] + "…"
                group.examples.append({**ref, "path": "/".join(map(str, error.absolute_path)),
                                       "message": message, "value": _excerpt(error.instance)})

    @property
    def errors(self) -> int:
        return sum(g.errors for g in self.groups.values())

    def rows(self) -> list[dict[str, Any]]:
        """One row per group, most frequent first."""
        out = [{"validator": kind, "path": path, "errors": g.errors, "items": len(g.items),
                "examples": json.dumps(g.examples, ensure_ascii=False)}
               for (kind, path), g in self.groups.items()]
        return sorted(out, key=lambda r: (-r["errors"], r["validator"], r["path"]))
