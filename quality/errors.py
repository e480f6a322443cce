"""jsonschema errors, grouped by kind (the failing keyword: enum, type, required, format, ...) and by
path with array indexes replaced by [], each group with a count and at most a few examples."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from jsonschema.validators import extend, validator_for

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
    """A validator for `schema` (draft 4 unless the schema says otherwise) with date-time checks.

    Local references are inlined first (`inline_refs`): resolving a $ref through `referencing` was most
    of the validation time (every element of every array resolves its definition again); the errors
    (keyword, path, message, value) are the same."""
    cls = validator_for(schema, default=Draft4Validator)
    if cls.META_SCHEMA.get("$schema", "").rstrip("#") in _SIBLINGS_IGNORED:
        schema = inline_refs(schema)
    test = valid_test(schema) if cls is Draft4Validator else None
    cls = extend(cls, {"enum": _enum(cls.VALIDATORS["enum"])})
    validator = cls(schema, format_checker=format_checker())
    return _Checked(validator, test) if test else validator


class _Checked:
    """A validator whose iter_errors first asks `valid_test`'s fast test: an item it accepts has no
    error (jsonschema would find none); any other item is validated by jsonschema."""

    def __init__(self, validator, test) -> None:
        self.validator, self.test = validator, test

    def iter_errors(self, instance):
        if self.test(instance):
            return iter(())
        return self.validator.iter_errors(instance)

    def __getattr__(self, name):
        return getattr(self.validator, name)


def _enum(original):
    """The `enum` keyword with a set lookup for a string that is in the list (a currency is compared
    with some 180 codes one by one otherwise); anything else goes to jsonschema's own test, so the
    same values fail with the same errors. A string equals only a string in jsonschema's `equal`."""
    strings: dict[int, tuple[list, frozenset]] = {}  # id(enum list) -> (the list, kept alive; its strings)

    def enum(validator, enums, instance, schema):
        if isinstance(instance, str) and isinstance(enums, list):
            found = strings.get(id(enums))
            if found is None or found[0] is not enums:
                found = strings[id(enums)] = (enums, frozenset(e for e in enums if isinstance(e, str)))
            if instance in found[1]:
                return
        yield from original(validator, enums, instance, schema)

    return enum


# drafts in which a $ref replaces the whole object it is in (its sibling keywords are ignored), so an
# inlined definition validates exactly what the reference did
_SIBLINGS_IGNORED = {"http://json-schema.org/draft-03/schema", "http://json-schema.org/draft-04/schema",
                     "http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-07/schema"}


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with every local reference ("#/definitions/Name", a JSON pointer into the schema itself)
    replaced by the definition it points to, itself inlined. A reference met again inside its own
    definition (recursion) or that is not a local pointer stays a $ref (the validator resolves it
    against the root, which keeps its definitions). The input is not modified."""
    done: dict[str, Any] = {}

    def target(ref: str) -> Any:
        node: Any = schema
        for part in ref[2:].split("/") if ref != "#" else []:
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def walk(node: Any, active: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(v, active) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith("#") or ref in active:
                return node
            if ref not in done:
                try:
                    found = target(ref)
                except (KeyError, IndexError, ValueError, TypeError):
                    return node
                done[ref] = walk(found, active + (ref,))
            return done[ref]
        return {k: (walk(v, active) if k not in ("enum", "const", "default", "examples") else v)
                for k, v in node.items()}

    return walk(schema, ())


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


def valid_test(schema: dict[str, Any]):
    """A fast yes/no test of an item against `schema` (draft 4, references inlined with `inline_refs`)
    that says True only when jsonschema would find no error: each keyword below is jsonschema's own test
    without its error machinery (building a validator per value was most of the validation time). An
    item it does not accept is validated by jsonschema as before, so the errors recorded are jsonschema's.
    None when the schema uses a keyword not written here (then every item goes to jsonschema)."""
    from jsonschema._utils import equal, uniq

    known = Draft4Validator.VALIDATORS
    types = {"string": lambda v: isinstance(v, str), "object": lambda v: isinstance(v, dict),
             "array": lambda v: isinstance(v, list), "null": lambda v: v is None,
             "boolean": lambda v: isinstance(v, bool),
             "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
             "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)}
    compiled: dict[int, Any] = {}

    class Unsupported(Exception):
        pass

    def build(node: Any):
        if id(node) in compiled:
            return compiled[id(node)]
        if not isinstance(node, dict) or "$ref" in node:
            raise Unsupported
        tests = []
        for key, value in node.items():
            if key not in known:
                continue  # not a keyword jsonschema applies (title, codelist...)
            if key == "type":
                names = value if isinstance(value, list) else [value]
                if any(n not in types for n in names):
                    raise Unsupported
                fns = [types[n] for n in names]
                tests.append(lambda v, fns=fns: any(f(v) for f in fns))
            elif key == "properties":
                subs = [(k, build(s)) for k, s in value.items()]
                tests.append(lambda v, subs=subs: not isinstance(v, dict)
                             or all(t(v[k]) for k, t in subs if k in v))
            elif key == "patternProperties":
                subs = [(re.compile(p), build(s)) for p, s in value.items()]
                tests.append(lambda v, subs=subs: not isinstance(v, dict)
                             or all(t(x) for p, t in subs for k, x in v.items() if p.search(k)))
            elif key == "items":
                if not isinstance(value, dict):
                    raise Unsupported
                sub = build(value)
                tests.append(lambda v, sub=sub: not isinstance(v, list) or all(sub(x) for x in v))
            elif key == "required":
                tests.append(lambda v, req=tuple(value): not isinstance(v, dict) or all(k in v for k in req))
            elif key == "enum":
                strings = frozenset(e for e in value if isinstance(e, str))
                tests.append(lambda v, enums=value, strings=strings: (isinstance(v, str) and v in strings)
                             or any(equal(e, v) for e in enums))
            elif key == "format":
                if value == "date-time":
                    tests.append(is_datetime)
            elif key == "minLength":
                tests.append(lambda v, n=value: not isinstance(v, str) or len(v) >= n)
            elif key == "minItems":
                tests.append(lambda v, n=value: not isinstance(v, list) or len(v) >= n)
            elif key == "minProperties":
                tests.append(lambda v, n=value: not isinstance(v, dict) or len(v) >= n)
            elif key == "uniqueItems":
                if value:
                    tests.append(lambda v: not isinstance(v, list) or uniq(v))
            elif key == "minimum":
                exclusive = bool(node.get("exclusiveMinimum", False))
                tests.append(lambda v, m=value, x=exclusive: not types["number"](v) or (v > m if x else v >= m))
            else:
                raise Unsupported

        def test(v, tests=tuple(tests)):
            for t in tests:
                if not t(v):
                    return False
            return True

        compiled[id(node)] = test
        return test

    try:
        return build(schema)
    except (Unsupported, re.error):
        return None
