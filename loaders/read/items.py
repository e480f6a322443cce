"""What the readers hand to the pipeline: items read from an input, rejects, and source facts.

Every reader yields, for one input, a stream of `Item` and `Reject`; the pipeline counts both, so
items_read = items_loaded + items_rejected holds by construction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ItemKind = Literal["release", "record", "compiled_release", "project"]


@dataclass
class Item:
    """One OCDS release, OCDS record, compiled release or OC4IDS project read from an input."""

    kind: ItemKind
    data: dict[str, Any]
    locator: str  # e.g. "line 3", "/releases/5", "member data/x.json /releases/0"
    package: dict[str, Any] | None = None  # package metadata without its releases/records/projects


@dataclass
class Reject:
    """Something read that cannot be loaded, with where it is and why."""

    locator: str
    reason: str
    excerpt: str = ""


@dataclass
class Correction:
    """An automatic fix, recorded in the `corrections` table."""

    field: str
    old_value: Any
    new_value: Any
    rule: str
    ocid: str | None = None
    project_id: str | None = None


@dataclass
class SourceInfo:
    """Facts about one input, filled in while it is read."""

    uri: str
    sha256: str = ""
    bytes: int = 0
    format: str = "unknown"
    encoding: str = "utf-8"
    corrections: list[Correction] = field(default_factory=list)


class UnreadableSource(Exception):
    """The input cannot be read at all (missing, permission, network): a one-line error, no load."""
