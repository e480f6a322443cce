"""Cardinal's pass over `processes` in worker processes: fold parts of the table apart, reduce in order.

Cardinal's calculators fold / reduce / finalize precisely so that parts of the input can be folded apart
and merged. Here the table's rowids are cut into contiguous segments; each worker process folds whole
segments, one `Pipeline` per segment; the segments' pipelines come back and are reduced in table order,
which gives the same flags, Meta and order as one serial pass (tests/test_cardinal_parallel.py).

A worker cannot open the database (this process holds it), so this process reads each range of rows as
an Arrow table (metrics.cardinal.table) and writes it, in Arrow's IPC format, into one of the worker's
shared-memory slots; the worker reads it in place. Only slot numbers go through the pipe, so sending
never waits for a worker busy folding: each worker has `_SLOTS` ranges in hand and asks for the next
one as it finishes one.

Workers are started with "spawn" (this process runs DuckDB threads, which fork would copy mid-flight),
like the loader's compile workers. A worker that fails or dies fails the pass.
"""
from __future__ import annotations

import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Iterator
from multiprocessing import shared_memory
from typing import Any

from core import settings
from metrics.cardinal.core import detail_json
from metrics.cardinal.run import Pipeline
from metrics.cardinal.ini import Settings
from metrics.cardinal.table import CHUNK_ROWS, chunks_of, fold_chunk, iter_tables, row_span

WORKERS_ENV = "OBRAS_CARDINAL_WORKERS"
MIN_ROWS_FOR_WORKERS = 20_000  # below this, starting processes costs more than it saves
SEGMENTS_PER_WORKER = 12  # small segments keep both workers busy to the end; each costs one Pipeline
_SLOTS = 2  # ranges in hand per worker: one being folded, one ready


def worker_count(rows: int) -> int:
    """Worker processes for a pass over `rows` rows: OBRAS_CARDINAL_WORKERS if set (0 = in this process),
    else 2 for tables of MIN_ROWS_FOR_WORKERS rows or more on a machine with 2 cores or more, else 0 (this
    process reads the rows for them: two keep two cores busy)."""
    configured = settings.cardinal_workers()
    if configured is not None:
        return configured
    if rows < MIN_ROWS_FOR_WORKERS or (os.cpu_count() or 1) < 2:
        return 0
    return 2


def segments(low: int, high: int, count: int) -> list[tuple[int, int]]:
    """[low, high) cut into `count` contiguous ranges of (nearly) equal size, empty ones left out."""
    size = high - low
    bounds = [low + size * k // count for k in range(count + 1)]
    return [(bounds[k], bounds[k + 1]) for k in range(count) if bounds[k] < bounds[k + 1]]


def _fold_ipc(pipeline: Pipeline, view: memoryview, first: int, pruned: bool) -> None:
    """Fold the rows of an Arrow IPC stream read in place (every Arrow object is freed on return, so
    that the shared memory can be released)."""
    import pyarrow as pa

    table = pa.ipc.open_stream(pa.py_buffer(view)).read_all()
    for chunk in chunks_of(table, first):
        fold_chunk(pipeline, chunk, pruned)


def _release(view: memoryview) -> None:
    """Release a view of a slot; objects in a reference cycle may still hold it until collected."""
    try:
        view.release()
    except BufferError:
        import gc

        gc.collect()
        view.release()


def _worker(conn: Any, settings: Settings, map: bool, pruned: bool) -> None:
    """A worker process: fold the ranges it is handed, one Pipeline per segment, then send them back."""
    import gc

    blocks: dict[int, shared_memory.SharedMemory] = {}
    try:
        gc.freeze()  # the imports' objects are permanent: collections need not walk them again
        pipelines: dict[int, Pipeline] = {}
        for slot in range(_SLOTS):
            conn.send(("ready", slot))
        while True:
            message = conn.recv()
            if message[0] == "done":
                break
            _, slot, name, size, segment, first = message
            block = blocks.get(slot)
            if block is None or block.name != name:
                if block is not None:
                    block.close()
                # the parent's resource tracker, shared with spawned children, already knows the block
                block = blocks[slot] = shared_memory.SharedMemory(name=name)
            pipeline = pipelines.get(segment)
            if pipeline is None:
                pipeline = pipelines[segment] = Pipeline(settings, map=map)
            view = block.buf[:size]
            try:
                _fold_ipc(pipeline, view, first, pruned)
            finally:
                _release(view)
            conn.send(("ready", slot))
        for pipeline in pipelines.values():  # the details' JSON text is made here, beside the other worker
            for calculator in pipeline.calculators:
                for flag in calculator.flags:
                    flag.detail = detail_json(flag.detail)
        conn.send(("result", sorted(pipelines.items())))
    except BaseException:  # noqa: BLE001 - reported to the parent, which fails the pass
        try:
            conn.send(("error", traceback.format_exc()))
        except Exception:  # noqa: BLE001 - the parent is gone
            pass
    finally:
        for block in blocks.values():
            try:
                block.close()
            except BufferError:  # a view still open: the process is ending anyway
                pass
        conn.close()


def _write_ipc(view: memoryview, table: Any) -> None:
    """Write the table into the view (every Arrow object is freed on return, so that the view can be)."""
    import pyarrow as pa

    with pa.ipc.new_stream(pa.FixedSizeBufferWriter(pa.py_buffer(view)), table.schema) as writer:
        writer.write_table(table)


class _Worker:
    """One worker process, its pipe, its shared-memory slots and the segment being sent to it."""

    def __init__(self, ctx: Any, settings: Settings, map: bool, pruned: bool):
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker, args=(child, settings, map, pruned), daemon=True,
                                   name="cardinal-fold")
        self.process.start()
        child.close()
        self.slots: dict[int, shared_memory.SharedMemory] = {}
        self.tables: Iterator[tuple[int, Any]] | None = None  # the rest of the segment being sent
        self.segment = -1
        self.done = False
        self.result: list[tuple[int, Pipeline]] | None = None

    def send(self, slot: int, first: int, table: Any) -> None:
        """Write the table into the slot (a larger block if it does not fit) and tell the worker."""
        import pyarrow as pa

        sink = pa.MockOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        size = sink.size()
        block = self.slots.get(slot)
        if block is None or block.size < size:
            if block is not None:
                block.close()
                block.unlink()
            block = self.slots[slot] = shared_memory.SharedMemory(create=True, size=max(size, 1) * 5 // 4)
        view = block.buf[:size]
        try:
            _write_ipc(view, table)
        finally:
            _release(view)
        self.conn.send(("range", slot, block.name, size, self.segment, first))

    def close(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.conn.close()
        for block in self.slots.values():
            block.close()
            block.unlink()


def fold_parallel(con: Any, settings: Settings, workers: int, map: bool = False, pruned: bool = True,
                  chunk_rows: int = CHUNK_ROWS, segments_per_worker: int = SEGMENTS_PER_WORKER) -> Pipeline:
    """One Pipeline holding the fold of every row of `processes`, computed by `workers` processes."""
    from multiprocessing.connection import wait

    low, high = row_span(con)
    todo = deque(enumerate(segments(low, high, max(1, workers * segments_per_worker))))
    ctx = multiprocessing.get_context("spawn")
    pool: list[_Worker] = []
    try:
        for _ in range(workers):
            pool.append(_Worker(ctx, settings, map, pruned))
        by_conn = {w.conn: w for w in pool}
        while any(w.result is None for w in pool):
            for conn in wait([w.conn for w in pool if w.result is None]):
                worker = by_conn[conn]
                try:
                    message = conn.recv()
                except EOFError:
                    raise RuntimeError(f"a Cardinal worker died (exit code {worker.process.exitcode})") from None
                if message[0] == "error":
                    raise RuntimeError(f"a Cardinal worker failed:\n{message[1]}")
                if message[0] == "result":
                    worker.result = message[1]
                elif not worker.done:
                    _send_next(con, worker, message[1], todo, chunk_rows)
    finally:
        for worker in pool:
            worker.close()
    total = Pipeline(settings, map=map)
    for _, pipeline in sorted((part for w in pool for part in (w.result or ())), key=lambda part: part[0]):
        total.reduce(pipeline)
    return total


def _send_next(con: Any, worker: _Worker, slot: int, todo: deque, chunk_rows: int) -> None:
    """Fill the worker's free slot: the next range of its segment, else of the next segment, else "done"."""
    while True:
        if worker.tables is not None:
            item = next(worker.tables, None)
            if item is not None:
                worker.send(slot, item[0], item[1])
                return
            worker.tables = None
        if not todo:
            worker.conn.send(("done",))
            worker.done = True
            return
        worker.segment, (low, high) = todo.popleft()
        worker.tables = iter_tables(con, low, high, chunk_rows)
