"""The one helper that finds ../shared/data for tests that read real published files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_data() -> Path:
    """Return ../shared/data; skip the test when absent, fail under CI=true."""
    for base in (ROOT.parent / "shared" / "data", ROOT / ".." / "shared" / "data"):
        if base.is_dir():
            return base.resolve()
    env = os.environ.get("OBRAS_SHARED_DATA")
    if env and Path(env).is_dir():
        return Path(env)
    msg = f"../shared/data not found next to {ROOT}: real-data tests need it"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg)
    pytest.skip(msg)
