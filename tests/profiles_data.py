"""Databases the profile-page tests share, built once per test run through the ordinary loader:
Nuevo León's real files (read in place from ../shared/data) and, where demo.generate exists, a small demo."""
from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest

from tests.shared import shared_data


@cache
def _workdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="obras-profiles-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@cache
def _nl(root: Path) -> Path:
    from obras.update import update

    nl = root / "mx-nl-infraestructura-abierta"
    db = _workdir() / "nl.duckdb"
    update([str(nl / "oc4ids-projects"), str(nl / "ocds-record-packages")], db=db)
    return db


@cache
def _demo() -> Path:
    from obras.update import update
    from demo.generate import generate

    out = _workdir() / "demo"
    generate(out, processes=60, seed=7)
    db = _workdir() / "demo.duckdb"
    update([str(out)], db=db)
    return db


@pytest.fixture
def nl_db() -> Path:
    """Nuevo León's 10 projects and 24 record packages, loaded (metrics refreshed where available)."""
    return _nl(shared_data())


@pytest.fixture
def demo_db() -> Path:
    """A 60-process demo database (skipped until demo.generate is in the checkout)."""
    try:
        import demo.generate  # noqa: F401
    except ImportError:
        pytest.skip("demo.generate is not in this checkout yet")
    return _demo()
