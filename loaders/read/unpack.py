"""A parsed JSON value -> the Items and Rejects it holds (releases, records, projects).

Locators: a prefix naming the document ("line 3 ", "document 2 ", "member a/b.json ") followed by a
JSON pointer inside it ("/releases/12"); a whole document with no prefix is "document".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import orjson

from loaders.read import detect
from loaders.read.items import Correction, Item, Reject, SourceInfo
from loaders.read.limits import EXCERPT_CHARS, MAX_ITEM_DEPTH

Entry = Item | Reject
# Wrappers inside wrappers (an array of capture bodies of packages...) stop here.
MAX_WRAPPER_LEVEL = 3


class NonFinite:
    """NaN, Infinity or a number too big for a double, as parsed by the tolerant parser; becomes null."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


@dataclass
class Context:
    """What unpacking needs from the reader: where to record repairs and which checks to run."""

    info: SourceInfo
    check_depth: bool = False  # the input is nested deeper than MAX_ITEM_DEPTH somewhere
    repair_nonfinite: bool = False  # the tolerant parser produced NonFinite values
    format_fixed: bool = False  # an archive keeps its own format ("zip", "gzip")

    def set_format(self, fmt: str) -> None:
        if not self.format_fixed:
            self.info.format = fmt


def locator(prefix: str, pointer: str) -> str:
    """Join a document prefix and a JSON pointer; the whole of a lone document is "document"."""
    text = (prefix + pointer).strip()
    return text or "document"


def excerpt_json(value: Any) -> str:
    """The first 200 characters of a value as JSON (never fails)."""
    try:
        text = orjson.dumps(value, default=repr).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        text = repr(value)
    return text[:EXCERPT_CHARS]


def unpack_document(doc: Any, prefix: str, ctx: Context) -> Iterator[Entry]:
    """Every item in one parsed JSON document (an object or an array)."""
    if isinstance(doc, dict):
        yield from unpack_object(doc, prefix, "", ctx, level=0)
    elif isinstance(doc, list):
        for i, element in enumerate(doc):
            yield from unpack_element(element, prefix, f"/{i}", ctx, level=0)
    else:
        yield Reject(locator(prefix, ""), f"the JSON value is a {detect.type_name(doc)}, expected an object "
                     "or an array", excerpt_json(doc))


def unpack_element(element: Any, prefix: str, pointer: str, ctx: Context, level: int,
                   package: dict | None = None) -> Iterator[Entry]:
    """An element of a top-level array or of a wrapper's array: any object kind."""
    if not isinstance(element, dict):
        yield Reject(locator(prefix, pointer), f"array element is a {detect.type_name(element)}, expected an "
                     "object", excerpt_json(element))
        return
    yield from unpack_object(element, prefix, pointer, ctx, level, package)


def unpack_object(obj: dict, prefix: str, pointer: str, ctx: Context, level: int,
                  package: dict | None = None) -> Iterator[Entry]:
    """One object: an item, or a package/wrapper whose array is unpacked."""
    kind = detect.classify_object(obj)
    if kind in ("release", "versioned_release"):
        yield release_entry(obj, prefix, pointer, ctx, package)
    elif kind == "record":
        yield record_entry(obj, prefix, pointer, ctx, package)
    elif kind == "project":
        yield project_entry(obj, prefix, pointer, ctx, package)
    elif kind in ("release_package", "record_package", "project_package", "capture_release_packages",
                  "capture_record_packages", "data_wrapper"):
        if level >= MAX_WRAPPER_LEVEL:
            yield Reject(locator(prefix, pointer), "packages nested inside packages too deeply",
                         excerpt_json(obj))
            return
        key = detect.container_key(obj)
        meta = {k: v for k, v in obj.items() if k != key}
        for i, element in enumerate(obj[key]):
            yield from unpack_member(kind, element, prefix, f"{pointer}/{key}/{i}", ctx, level + 1, meta)
    else:
        yield Reject(locator(prefix, pointer), detect.describe_unknown(obj), excerpt_json(obj))


def unpack_member(container_kind: str, element: Any, prefix: str, pointer: str, ctx: Context, level: int,
                  package: dict | None) -> Iterator[Entry]:
    """An element of a container array, read as what that container holds."""
    if container_kind in ("release_package", "record_package"):
        # Trust the shape over the container: a record in `releases` (or a release in `records`) is
        # read as what it is; anything else as what the container should hold.
        if type(element) is dict and "ocid" in element and "releases" not in element and \
                "compiledRelease" not in element and "versionedRelease" not in element:
            kind = "release"  # the common case, decided without the full classification
        else:
            kind = detect.classify_object(element) if isinstance(element, dict) else None
        if kind == "record" or (kind != "release" and container_kind == "record_package"):
            yield record_entry(element, prefix, pointer, ctx, package)
        else:
            yield release_entry(element, prefix, pointer, ctx, package)
    elif container_kind == "project_package":
        yield from project_package_entry(element, prefix, pointer, ctx, package)
    elif container_kind == "data_wrapper" and isinstance(element, dict) and \
            detect.classify_object(element) in ("release", "versioned_release"):
        yield release_entry(element, prefix, pointer, ctx, package)
    else:  # capture bodies hold packages; wrappers and top-level arrays may hold anything
        yield from unpack_element(element, prefix, pointer, ctx, level)


def _not_object(what: str, value: Any, prefix: str, pointer: str) -> Reject:
    return Reject(locator(prefix, pointer), f"{what} is a {detect.type_name(value)}, expected an object",
                  excerpt_json(value))


def release_entry(release: Any, prefix: str, pointer: str, ctx: Context, package: dict | None) -> Entry:
    """A release or compiled release, or why it cannot be one."""
    if not isinstance(release, dict):
        return _not_object("release", release, prefix, pointer)
    where = locator(prefix, pointer)
    if detect.is_versioned_release(release):
        return Reject(where, "a versioned release (each field holds its history), not a release: load the record "
                      "or release package it was made from", excerpt_json(release))
    ocid = release.get("ocid")
    problem = _id_problem(ocid, "release", "ocid")
    if problem:
        return Reject(where, problem, excerpt_json(release))
    return _checked(Item("compiled_release" if detect.is_compiled(release) else "release", release, where,
                         package), ctx, ocid=ocid)


def record_entry(record: Any, prefix: str, pointer: str, ctx: Context, package: dict | None) -> Entry:
    """A record (the whole record; the pipeline chooses compiledRelease or releases)."""
    if not isinstance(record, dict):
        return _not_object("record", record, prefix, pointer)
    where = locator(prefix, pointer)
    ocid = record.get("ocid")
    compiled = record.get("compiledRelease")
    if not isinstance(ocid, str) and isinstance(compiled, dict):
        ocid = compiled.get("ocid")  # several publishers put the ocid only in the compiledRelease
    problem = _id_problem(ocid, "record", "ocid")
    if problem:
        return Reject(where, problem + " (neither in the record nor in its compiledRelease)", excerpt_json(record))
    return _checked(Item("record", record, where, package), ctx, ocid=ocid)


def project_package_entry(entry: Any, prefix: str, pointer: str, ctx: Context,
                          package: dict | None) -> Iterator[Entry]:
    """An element of a `projects` array: an OC4IDS project, or a capture platform database row."""
    if not isinstance(entry, dict):
        yield _not_object("project", entry, prefix, pointer)
        return
    if detect.is_capture_project_entry(entry):
        inner = entry.get("oc4ids")
        if isinstance(inner, str):
            try:
                inner = orjson.loads(inner)
            except orjson.JSONDecodeError:
                inner = None
        if isinstance(inner, dict) and detect.looks_like_project(inner):
            yield project_entry(inner, prefix, pointer + "/oc4ids", ctx, package)
        else:
            yield Reject(locator(prefix, pointer), "raw capture-platform row, not OC4IDS; fetch "
                         f"/edcapi/projectPackage/{entry.get('id')}", excerpt_json(entry))
        return
    yield project_entry(entry, prefix, pointer, ctx, package)


def project_entry(project: Any, prefix: str, pointer: str, ctx: Context, package: dict | None) -> Entry:
    """An OC4IDS project, or why it cannot be one."""
    if not isinstance(project, dict):
        return _not_object("project", project, prefix, pointer)
    where = locator(prefix, pointer)
    pid = project.get("id")
    if isinstance(pid, int) and not isinstance(pid, bool):
        problem = None  # early EDCAPI exports number their projects; the normaliser decides
    else:
        problem = _id_problem(pid, "project", "id")
    if problem:
        return Reject(where, problem, excerpt_json(project))
    return _checked(Item("project", project, where, package), ctx, project_id=str(pid))


def _id_problem(value: Any, what: str, key: str) -> str | None:
    if value is None:
        return f"{what} without an {key}"
    if not isinstance(value, str):
        return f"{what} {key} is a {detect.type_name(value)}, expected a string"
    if not value.strip():
        return f"{what} with an empty {key}"
    return None


def _checked(item: Item, ctx: Context, ocid: str | None = None, project_id: str | None = None) -> Entry:
    """Reject items nested too deeply; repair what the tolerant parser let through, logging each repair."""
    if not (ctx.check_depth or ctx.repair_nonfinite):
        return item
    too_deep, repairs = _walk(item.data, ctx.check_depth, ctx.repair_nonfinite)
    if too_deep:
        return Reject(item.locator, f"nested deeper than {MAX_ITEM_DEPTH} levels", excerpt_json(item.data))
    for path, old, new, rule in repairs:
        ctx.info.corrections.append(Correction(field=path, old_value=old, new_value=new, rule=rule,
                                               ocid=ocid, project_id=project_id))
    return item


def _walk(root: Any, check_depth: bool, repair: bool) -> tuple[bool, list[tuple[str, Any, Any, str]]]:
    """Iteratively: is any value deeper than MAX_ITEM_DEPTH; repair what the tolerant parser let through
    (NonFinite -> None, integers beyond 64 bits -> float, lone surrogates -> U+FFFD)."""
    repairs: list[tuple[str, Any, Any, str]] = []
    stack: list[tuple[Any, int, str]] = [(root, 1, "")]
    while stack:
        node, depth, path = stack.pop()
        if check_depth and depth > MAX_ITEM_DEPTH:
            return True, repairs
        children = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in children:
            if isinstance(value, (dict, list)):
                stack.append((value, depth + 1, f"{path}/{key}" if repair else ""))
            elif repair and isinstance(value, NonFinite):
                node[key] = None
                repairs.append((f"{path}/{key}", value.text, None, "nonfinite_to_null"))
            elif repair and type(value) is str and not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:  # a lone surrogate escape ("\\ud800"): not text, cannot be stored
                    node[key] = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
                    repairs.append((f"{path}/{key}", value.encode("utf-8", "backslashreplace").decode(),
                                    node[key], "lone_surrogate_replaced"))
            elif repair and type(value) is int and not -(2**63) <= value < 2**64:
                try:
                    node[key] = float(value)  # as orjson reads such integers
                except OverflowError:
                    node[key] = None
                    repairs.append((f"{path}/{key}", str(value)[:40], None, "nonfinite_to_null"))
    return False, repairs
