"""Loading what the "Cargar datos" page received: uploaded files (written to a temporary folder that is
always removed) or a URL, into the app's database with the ordinary loader.

The loader publishes the new database with an atomic swap, so the other pages keep serving the
previous file until the load is complete.
"""
from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.read.fetch import redact_text, redact_url
from ui.upload import safe_filename

Progress = Callable[[str, int, int], None]
log = logging.getLogger(__name__)
_PATH = re.compile(r"(?<![\w:/.])/(?:[\w.\-]+/)+[\w.\-]*")  # an absolute path on the server


@dataclass
class LoadOutcome:
    """Per-source reports (with the name the user knows each source by), or the error that stopped it."""

    reports: list[Any] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # report.uri -> display name
    error: str | None = None

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(r.source_id for r in self.reports)


def _display(uri: str, written: dict[str, str]) -> str:
    for path, name in written.items():
        if uri == path:
            return name
        if uri.startswith(path):  # a member of an uploaded archive
            return name + uri[len(path):]
    return uri


def load_files(files: list[tuple[str, bytes]], db: Path, progress: Progress | None = None,
               loader: Callable[..., list[Any]] | None = None) -> LoadOutcome:
    """Write the (already checked) files to a fresh temporary folder, load them into `db`, remove them."""
    if loader is None:
        from obras.update import update as loader
    outcome = LoadOutcome()
    with tempfile.TemporaryDirectory(prefix="obras-upload-") as tmp:
        written: dict[str, str] = {}
        for i, (name, content) in enumerate(files):
            path = Path(tmp) / safe_filename(name, i)
            path.write_bytes(content)
            written[str(path)] = name
        try:
            outcome.reports = loader(list(written), db=db, progress=_wrap(progress, written))
        except Exception as exc:  # noqa: BLE001 (the page shows why; the live database is untouched)
            outcome.error = _message(exc, written)
        outcome.names = {r.uri: _display(r.uri, written) for r in outcome.reports}
    return outcome


def load_url(url: str, db: Path, progress: Progress | None = None,
             loader: Callable[..., list[Any]] | None = None) -> LoadOutcome:
    """Load one http(s) URL (already checked) into `db`."""
    if loader is None:
        from obras.update import update as loader
    outcome = LoadOutcome()
    try:
        outcome.reports = loader([url], db=db, progress=None if progress is None else (
            lambda uri, done, items: progress(redact_url(uri), done, items)))
    except Exception as exc:  # noqa: BLE001
        outcome.error = _message(exc, {})
    outcome.names = {r.uri: redact_url(r.uri) for r in outcome.reports}
    return outcome


def _wrap(progress: Progress | None, written: dict[str, str]) -> Progress | None:
    if progress is None:
        return None
    return lambda uri, done, items: progress(_display(uri, written), done, items)


def _message(exc: Exception, written: dict[str, str]) -> str:
    """What the visitor is told: why an input could not be read (no credentials, no server paths), or
    only that the load failed; the details go to the log for the operator."""
    from loaders.read.items import UnreadableSource

    log.warning("upload load failed: %s", redact_text(f"{type(exc).__name__}: {exc}"),
                exc_info=not isinstance(exc, (UnreadableSource, OSError)))
    text = redact_text(f"{type(exc).__name__}: {exc}".splitlines()[0])
    for path, name in written.items():  # never show the temporary paths
        text = text.replace(path, name)
    return _PATH.sub(lambda m: m.group(0).rsplit("/", 1)[-1], text)
