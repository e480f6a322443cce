"""A small path language for "is this field published?", compiled to DuckDB JSON expressions.

    tender.title                          a key path
    awards[].date                         [] = any element of an array
    parties[roles~publicAuthority].name   elements whose `roles` array contains the value
    documents[documentType=projectScope]  elements whose key equals one of the values (a,b,c)
    [status=completion,completed]         the current object(s) filtered the same way
    completion.finalScope|documents[...]  | = any of several places
    @docs.url                             macro: every documents[] of a compiled release

A field is published when at least one value found is not empty: not null, not a blank string, not []
and not {}. Names and values are checked against a strict pattern and passed as SQL parameters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MACROS = {
    "@docs": ("planning.documents[]", "tender.documents[]", "awards[].documents[]", "contracts[].documents[]",
              "contracts[].implementation.documents[]"),
}
# OCDS / OC4IDS keys whose value is an array, to read dotted paths written without [] (metadata)
ARRAY_KEYS = frozenset({
    "parties", "awards", "contracts", "items", "tenderers", "suppliers", "documents", "milestones",
    "transactions", "amendments", "details", "statistics", "budgetBreakdown", "budgetBreakdowns",
    "additionalClassifications", "additionalIdentifiers", "relatedProcesses", "relatedProjects", "changes",
    "locations", "sector", "contractingProcesses", "releases", "modifications", "people", "roles", "tag",
    "submissionMethod", "additionalProcurementCategories", "requestsForQuotes", "clarificationMeetings",
    "guarantees", "surveillanceMechanisms", "budgetLines", "measures", "components", "nature",
    "exchangeRates", "quotes", "costMeasurements", "metrics", "forecasts", "lots",
})

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_VALUE = r"[A-Za-z0-9_.\-]+"
_STEP = re.compile(rf"^(?P<name>{_NAME})?(?:\[(?P<filter>[^\]]*)\])?$")
_FILTER = re.compile(rf"^(?P<key>{_NAME})(?P<op>[=~])(?P<values>{_VALUE}(?:,{_VALUE})*)$")

# DuckDB returns JSON minified, so emptiness is a test on the text, without parsing it again
_NONEMPTY_OF = (
    "{v} IS NOT NULL AND CAST({v} AS VARCHAR) NOT IN ('null', '[]', '{{}}', '\"\"')"
    " AND NOT regexp_full_match(CAST({v} AS VARCHAR), '\"(\\s|\\\\[nrt])*\"')"
)
_NONEMPTY = _NONEMPTY_OF.format(v="v")


class PathError(ValueError):
    """A path that does not follow the grammar above."""


@dataclass(frozen=True)
class Step:
    name: str | None  # key to read (None: filter the current objects)
    array: bool  # read the key's array elements
    key: str | None = None  # filter key
    op: str | None = None  # "=" (one of values) or "~" (array contains the value)
    values: tuple[str, ...] = ()


def expand(path: str) -> list[str]:
    """The alternatives of `path`, macros expanded."""
    out = []
    for alt in path.split("|"):
        alt = alt.strip()
        head, _, rest = alt.partition(".")
        if head.split("[")[0] in MACROS:
            suffix = head[len(head.split("[")[0]):]  # e.g. "[documentType=x]" after the macro name
            for base in MACROS[head.split("[")[0]]:
                full = base[:-2] + (suffix or "[]") if base.endswith("[]") else base + suffix
                out.append(full + (f".{rest}" if rest else ""))
        elif alt:
            out.append(alt)
    if not out:
        raise PathError(f"empty path {path!r}")
    return out


def parse(alt: str) -> list[Step]:
    """Steps of one alternative (no `|`)."""
    steps: list[Step] = []
    # split on dots outside brackets (filter values may hold dots)
    parts, depth, cur = [], 0, ""
    for ch in alt:
        depth += ch == "["
        depth -= ch == "]"
        if ch == "." and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    for part in parts:
        m = _STEP.match(part)
        if not m or (m.group("name") is None and m.group("filter") is None):
            raise PathError(f"bad step {part!r} in {alt!r}")
        flt = m.group("filter")
        if flt is None:
            steps.append(Step(m.group("name"), False))
        elif flt == "":
            if m.group("name") is None:
                raise PathError(f"bad step {part!r} in {alt!r}")
            steps.append(Step(m.group("name"), True))
        else:
            f = _FILTER.match(flt)
            if not f:
                raise PathError(f"bad filter [{flt}] in {alt!r}")
            steps.append(Step(m.group("name"), m.group("name") is not None, f.group("key"), f.group("op"),
                              tuple(f.group("values").split(","))))
    return steps


def _jsonpath(keys: list[str], array: bool) -> str:
    return "$" + "".join(f'."{k}"' for k in keys) + ("[*]" if array else "")


def _list_sql(steps: list[Step], start: str, params: list) -> str:
    """SQL for the list of JSON values `steps` reach from the JSON value `start`."""
    expr = f"[{start}]"
    pending: list[str] = []  # consecutive plain keys, read with one JSONPath

    def flush(array: bool) -> None:
        nonlocal expr
        if not pending and not array:
            return
        params.append(_jsonpath(pending, array))
        if array:
            expr = f"flatten(list_transform({expr}, lambda x: json_extract(x, ?)))"
        else:
            expr = f"list_transform({expr}, lambda x: json_extract(x, ?))"
        pending.clear()

    for step in steps:
        if step.name is not None:
            pending.append(step.name)
        if step.array:
            flush(True)
        if step.key is not None:
            flush(False)
            if step.op == "=":
                marks = ", ".join("?" for _ in step.values)
                params.append(_jsonpath([step.key], False))
                params.extend(step.values)
                expr = f"list_filter({expr}, lambda x: json_extract_string(x, ?) IN ({marks}))"
            else:
                params.append(_jsonpath([step.key], True))
                params.append(step.values[0])
                expr = f"list_filter({expr}, lambda x: list_contains(json_extract_string(x, ?), ?))"
    flush(False)
    return expr


def top_keys(path: str) -> set[str]:
    """The top-level keys a path reads (to extract them once per row, see `present_sql`)."""
    return {steps[0].name for steps in map(parse, expand(path)) if steps[0].name is not None}


def present_sql(path: str, col: str = "json", roots: dict[str, str] | None = None) -> tuple[str, list]:
    """(SQL boolean expression, parameters): the field at `path` is published in JSON column `col`.

    `roots` maps top-level keys to columns already holding that key's value (extracted once per row
    with a multi-path json_extract), so each test parses only the part of the document it reads."""
    params: list = []
    parts = []
    for alt in expand(path):
        steps = parse(alt)
        start = col
        if roots and steps[0].name in roots:
            start = roots[steps[0].name]
            steps = [Step(None, steps[0].array, steps[0].key, steps[0].op, steps[0].values)] + steps[1:]
            if steps[0].name is None and not steps[0].array and steps[0].key is None:
                steps = steps[1:]
        if all(s.key is None and not s.array for s in steps):  # plain key path: no lists needed
            if steps:
                params.append(_jsonpath([s.name for s in steps], False))
                value = f"json_extract({start}, ?)"
            else:
                value = start
            parts.append(f"coalesce(list_bool_or(list_transform([{value}], lambda v: {_NONEMPTY})), false)")
        else:
            parts.append(f"coalesce(len(list_filter({_list_sql(steps, start, params)}, lambda v: {_NONEMPTY})), 0) > 0")
    return ("(" + " OR ".join(parts) + ")"), params


def from_dotted(path: str) -> str:
    """A dotted OCDS/OC4IDS path written without [] (indicator metadata) in this language."""
    path = path.replace("[*]", "").replace("[]", "").replace("/", ".").strip(".")
    out = []
    for key in path.split("."):
        if not re.fullmatch(_NAME, key):
            raise PathError(f"bad key {key!r} in {path!r}")
        out.append(key + ("[]" if key in ARRAY_KEYS else ""))
    return ".".join(out)


def _split(path: str, col: str, roots: dict[str, str] | None) -> list[tuple[str, tuple[Step, ...], tuple[str, ...]]]:
    """Each alternative of `path` as (start column, steps up to the last array or filter step, plain
    keys after it): the field is published when a value the keys reach from an element is not empty."""
    out = []
    for alt in expand(path):
        steps = parse(alt)
        start = col
        if roots and steps[0].name in roots:  # the same substitution as present_sql
            start = roots[steps[0].name]
            steps = [Step(None, steps[0].array, steps[0].key, steps[0].op, steps[0].values)] + steps[1:]
            if steps[0].name is None and not steps[0].array and steps[0].key is None:
                steps = steps[1:]
        last = max((i for i, s in enumerate(steps) if s.array or s.key is not None), default=-1)
        out.append((start, tuple(steps[:last + 1]), tuple(s.name for s in steps[last + 1:])))
    return out


def _ops(steps: list[Step]) -> list[tuple[str, list]]:
    """The operations `_list_sql` applies for `steps`, one by one: (SQL over a list `{}`, params). The
    same expression is `_list_sql`'s when they are nested in order; a plan shares each prefix."""
    ops: list[tuple[str, list]] = []
    pending: list[str] = []

    def flush(array: bool) -> None:
        if not pending and not array:
            return
        path = _jsonpath(pending, array)
        if array:
            ops.append(("flatten(list_transform({}, lambda x: json_extract(x, ?)))", [path]))
        else:
            ops.append(("list_transform({}, lambda x: json_extract(x, ?))", [path]))
        pending.clear()

    for step in steps:
        if step.name is not None:
            pending.append(step.name)
        if step.array:
            flush(True)
        if step.key is not None:
            flush(False)
            if step.op == "=":
                marks = ", ".join("?" for _ in step.values)
                ops.append((f"list_filter({{}}, lambda x: json_extract_string(x, ?) IN ({marks}))",
                            [_jsonpath([step.key], False), *step.values]))
            else:
                ops.append(("list_filter({}, lambda x: list_contains(json_extract_string(x, ?), ?))",
                            [_jsonpath([step.key], True), step.values[0]]))
    flush(False)
    return ops


@dataclass
class PresencePlan:
    """`present_sql` for many paths at once, sharing the parsing: the list of JSON values each distinct
    prefix reaches (an array's elements, filtered objects...) is built once per row (`lists`, SQL over the
    root columns), each element is parsed once for every key path read below it (`values`, one multi-path
    json_extract, SQL over `lists`), and each path's test reads those (`tests`, SQL over `values` and
    `lists`). Same answers as present_sql(path, col, roots) for each path; SQL pieces come with their
    parameters, in the order they appear."""

    lists: list[tuple[str, str, list]]  # (alias, SQL, params), a list's SQL may read lists before it
    values: list[tuple[str, str, list]]  # (alias, SQL, params)
    tests: list[tuple[str, list]]  # (SQL boolean, params), one per path given
    levels: list[int] | None = None  # per list: how many lists it is built from (1: a root column)

    def list_ctes(self, source: str, name: str = "l") -> str:
        """CTEs adding the lists to the columns of `source`, the last one called `name`: a list built
        from another is in a later CTE, so each list (an array's elements, parsed) is computed once and
        read by the lists below it. Parameters: those of `lists`, in order."""
        levels = self.levels or [1] * len(self.lists)
        out, prev = [], source
        for level in sorted(set(levels)):
            cols = "".join(f", {q} AS {a}" for (a, q, _), lv in zip(self.lists, levels) if lv == level)
            out.append(f"{name}_{level} AS (SELECT *{cols} FROM {prev})")
            prev = f"{name}_{level}"
        out.append(f"{name} AS (SELECT * FROM {prev})")
        return ", ".join(out)


def presence_plan(paths: list[str], col: str = "json", roots: dict[str, str] | None = None,
                  prefix: str = "") -> PresencePlan:
    """A PresencePlan for `paths` (see present_sql for `col` and `roots`); aliases start with `prefix`."""
    split = [_split(p, col, roots) for p in paths]
    lists: dict[tuple, tuple[str, str, list]] = {}
    # every prefix of operations from a start column is one list, built from the list of the prefix one
    # shorter (each array is listed, and each of its elements parsed, once per row whatever the paths)
    chains: dict[tuple, tuple[str, str, list, int]] = {}
    tails: dict[tuple, list[tuple[str, ...]]] = {}

    def chain(start: str, ops: tuple) -> str:
        key = (start, tuple((sql, tuple(ps)) for sql, ps in ops))
        if key not in chains:
            parent = chain(start, ops[:-1]) if len(ops) > 1 else f"[{start}]"
            sql, params = ops[-1]
            chains[key] = (f"{prefix}l{len(chains)}", sql.format(parent), list(params), len(ops))
        return chains[key][0]

    for alts in split:
        for start, steps, tail in alts:
            key = (start, steps)
            if not steps:  # plain keys from the start column: one value, no list (see below)
                tails.setdefault(key, [])
                if tail and tail not in tails[key]:
                    tails[key].append(tail)
                continue
            if key not in lists:
                lists[key] = (chain(start, tuple(_ops(list(steps)))), "", [])
                tails[key] = []
            if tail and tail not in tails[key]:
                tails[key].append(tail)
    values: dict[tuple, tuple[str, str, list]] = {}
    for key, keys in tails.items():
        if keys and not key[1]:  # the values of every key path below the start column, in one parse
            values[key] = (f"{prefix}v{len(values)}", f"json_extract({key[0]}, ?::VARCHAR[])",
                           [[_jsonpath(list(t), False) for t in keys]])
        elif keys:
            sql = f"list_transform({lists[key][0]}, lambda x: json_extract(x, ?::VARCHAR[]))"
            values[key] = (f"{prefix}v{len(values)}", sql, [[_jsonpath(list(t), False) for t in keys]])
    tests = []
    for alts in split:
        parts = []
        for start, steps, tail in alts:
            key = (start, steps)
            if not steps:  # one value: tested without a lambda (the costly part of many tests)
                value = f"{values[key][0]}[{tails[key].index(tail) + 1}]" if tail else start
                parts.append(f"coalesce({_NONEMPTY_OF.format(v=value)}, false)")
                continue
            if tail:
                j = tails[key].index(tail) + 1  # a position in our own list, not a value
                reached = f"list_transform({values[key][0]}, lambda e: e[{j}])"
            else:
                reached = lists[key][0]
            parts.append(f"coalesce(len(list_filter({reached}, lambda v: {_NONEMPTY})), 0) > 0")
        tests.append(("(" + " OR ".join(parts) + ")", []))
    ordered = sorted(chains.values(), key=lambda c: c[3])  # a list after those it is built from
    return PresencePlan([(a, q, ps) for a, q, ps, _ in ordered], list(values.values()), tests,
                        [lv for *_, lv in ordered])
