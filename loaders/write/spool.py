"""Batches from load workers to the loading process, through files: in order, bounded, crash-safe.

A worker reading one input writes each message (loaders.compile.source_rows.Start / Batch) to its own folder as
`000000.pkl`, `000001.pkl`... (written under another name, then renamed, so a file that exists is
complete). The loading process reads them in order and deletes them. A worker waits while AHEAD files
are unread, so a slow writer bounds the disk used, and stops when the loading process leaves a STOP file
(it already holds that input).
"""
from __future__ import annotations

import os
import pickle
import time
from collections.abc import Iterator
from concurrent.futures import Future, wait
from pathlib import Path
from typing import Any

from loaders.compile.source_rows import Outcome, Task, read_source

AHEAD = 3  # unread batches a worker may leave before it waits
_STOP = "STOP"


def _name(seq: int) -> str:
    return f"{seq:06d}.pkl"


class FileSink:
    """The sink of a worker: one file per message."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seq = 0

    def __call__(self, message: Any) -> bool:
        while True:
            if (self.folder / _STOP).exists():
                return False
            unread = sum(1 for n in os.listdir(self.folder) if n.endswith(".pkl"))
            if unread < AHEAD:
                break
            time.sleep(0.02)
        tmp = self.folder / f"{self.seq:06d}.tmp"
        with open(tmp, "wb") as fh:
            pickle.dump(message, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.folder / _name(self.seq))
        self.seq += 1
        return True


def run_task(task: Task, folder: str) -> Outcome:
    """Worker entry point: read one input into spool files in `folder`."""
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return read_source(task, FileSink(path))


def messages(folder: Path, future: Future, poll: float = 0.01) -> Iterator[Any]:
    """The messages of one task in order, each deleted once read, until the task has finished.

    The caller then takes `future.result()`, which raises what the worker raised."""
    seq = 0
    while True:
        path = folder / _name(seq)
        if path.exists():
            with open(path, "rb") as fh:
                message = pickle.load(fh)
            path.unlink()
            seq += 1
            yield message
            continue
        if future.done():
            if path.exists():
                continue  # written just before the task returned
            return
        wait([future], timeout=poll)


def stop(folder: Path) -> None:
    """Ask the worker of `folder` to stop handing batches on."""
    (folder / _STOP).touch()
