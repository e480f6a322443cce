"""Reading `processes` (ocid, json) for Cardinal's pass: row ranges as Arrow buffers, folded row by row.

The texts never become Python strings: DuckDB hands each range over as an Arrow string array, and each
row is decoded straight from a slice of its data buffer (metrics.cardinal.decode). Ranges follow `rowid`,
the table's storage order, which is also the order of a plain scan: the serial pass, the parallel one
and the SQL scan this replaced see the rows in the same order.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from metrics.cardinal.decode import SKIP, release_for_row
from metrics.cardinal.run import Pipeline

CHUNK_ROWS = 2048  # rows folded (and sent to a worker) at a time
QUERY_CHUNKS = 4  # chunks read by one query
# superseded versions of a process (drafts the loader marked) are not read: a process counts once
_RANGE_SQL = "SELECT ocid, json FROM processes WHERE rowid >= $lo AND rowid < $hi AND superseded_by IS NULL"


@dataclass
class Chunk:
    """Consecutive rows: the first row's rowid, the table ocids, and the json texts as one Arrow string
    array's buffers (`offsets[i]:offsets[i + 1]` slices `data`; rows listed in `nulls` have no text)."""

    first: int
    ocids: list[str | None]
    offsets: Any  # bytes-like, little-endian int32, len(ocids) + 1 values
    data: Any  # bytes-like
    nulls: frozenset[int]

    def __len__(self) -> int:
        return len(self.ocids)


def row_span(con: Any) -> tuple[int, int]:
    """[first rowid, last rowid + 1) of `processes`; (0, 0) when it is empty."""
    low, high = con.execute("SELECT min(rowid), max(rowid) FROM processes").fetchall()[0]
    return (0, 0) if low is None else (int(low), int(high) + 1)


def chunks_of(table: Any, first: int) -> Iterator[Chunk]:
    """The rows of an Arrow table (columns ocid, json) as Chunks; `first` numbers its first row."""
    ocids = table.column("ocid").to_pylist()
    start = 0
    for array in table.column("json").chunks:
        n = len(array)
        _, offsets, data = array.buffers()
        if offsets is None:  # no rows
            start += n
            continue
        if array.offset:  # a slice of a larger array: its own n + 1 offsets
            import numpy as np

            offsets = np.frombuffer(offsets, dtype="<i4", count=n + 1, offset=4 * array.offset).tobytes()
        nulls = frozenset(i for i, valid in enumerate(array.is_valid().to_pylist()) if not valid) \
            if array.null_count else frozenset()
        yield Chunk(first + start, ocids[start:start + n], offsets, data if data is not None else b"", nulls)
        start += n


def iter_tables(con: Any, low: int, high: int, rows: int = CHUNK_ROWS) -> Iterator[tuple[int, Any]]:
    """(first rowid, Arrow table of ocid and json) for the rows with rowid in [low, high), about `rows`
    rows at a time, in rowid order. Each query reads QUERY_CHUNKS times that (a query has a fixed cost);
    the tables handed out are slices of it (no copy)."""
    position = low
    span = rows * QUERY_CHUNKS
    while position < high:
        end = min(position + span, high)
        try:
            table = con.sql(_RANGE_SQL, params={"lo": position, "hi": end}).to_arrow_table()
        except Exception:  # noqa: BLE001 - over 2 GB of text in one Arrow string array: a smaller range
            if end - position <= 1:
                raise
            span = max(1, (end - position) // 2)
            continue
        for offset in range(0, table.num_rows, rows):
            yield position + offset, table.slice(offset, rows)
        position = end


def fold_table(pipeline: Pipeline, con: Any, pruned: bool = True, rows: int = CHUNK_ROWS) -> Pipeline:
    """Fold every row of `processes` into `pipeline`, in rowid order, in this process."""
    low, high = row_span(con)
    for first, table in iter_tables(con, low, high, rows):
        for chunk in chunks_of(table, first):
            fold_chunk(pipeline, chunk, pruned)
    return pipeline


def fold_chunk(pipeline: Pipeline, chunk: Chunk, pruned: bool = True) -> None:
    """Fold every row of a chunk, as `run.fold_lines` folds lines (rowid + 1 numbers the warnings)."""
    data = memoryview(chunk.data)
    offsets = memoryview(chunk.offsets).cast("i")
    ctx = pipeline.ctx
    nulls = chunk.nulls
    number = chunk.first + 1
    for i, table_ocid in enumerate(chunk.ocids):
        raw = None if nulls and i in nulls else data[offsets[i]:offsets[i + 1]]
        release = release_for_row(raw, table_ocid, number + i, pruned)
        if release is SKIP:
            continue
        if release is None:
            ctx.seq += 1
            ctx.counts["lines skipped"] += 1
            continue
        pipeline.fold(release)
