"""Rows (dicts) -> Arrow tables typed like the contract table they go to (what workers hand over)."""
from __future__ import annotations

from typing import Any

import pyarrow as pa

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "JSON": pa.string(),
    "DOUBLE": pa.float64(),
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP": pa.timestamp("us"),
    "VARCHAR[]": pa.list_(pa.string()),
}


def to_arrow(cols: list[tuple[str, str]], rows: list[dict[str, Any]]) -> pa.Table:
    """Rows (dicts) as an Arrow table with the columns and types of one contract table."""
    arrays = [pa.array([r.get(c) for r in rows], type=_ARROW_TYPES.get(ty, pa.string())) for c, ty in cols]
    return pa.Table.from_arrays(arrays, names=[c for c, _ in cols])
