"""One writer per index alias: `hearings ingest` and `hearings sync` hold an OS file lock while they write
(sync only around each write, never while it waits on the network).

The hidden-versions list behind the aliases is read, changed and written back (ingest/visibility.py): two
writers at once could each drop the other's keys and show a meeting half written. The lock is ``flock`` on
``<locks_dir>/writer-<alias>.lock``: the kernel releases it when its holder exits in any way (return,
exception, kill -9), so a crashed writer never leaves a stale lock behind. The file holds the holder's pid
only to name it in the refusal; the file itself is never deleted (deleting a flock file while another
process waits on it would let two writers in).
"""

from __future__ import annotations

import fcntl
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hearings.config import Settings

BUSY_EXIT_CODE = 75  # sysexits EX_TEMPFAIL: another writer is at work, try again later


class WriterBusy(RuntimeError):
    def __init__(self, path: Path, alias: str, holder: str):
        super().__init__(f"another ingest or sync (pid {holder}) is writing to {alias}; it holds the lock {path}. "
                         "One writer at a time: run this again when it has finished")
        self.path, self.holder = path, holder


def lock_path(settings: Settings) -> Path:
    # Aliases are index names (lowercase, no slash); anything else is kept out of the file name all the same.
    alias = re.sub(r"[^a-z0-9._-]", "_", settings.index_alias)
    return settings.locks_dir / f"writer-{alias}.lock"


def _holder(fd: int) -> str:
    """The pid the holder wrote, or "unknown" in the instant between its lock and its write."""
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 32).decode("ascii", "replace").strip()
    return text if text.isascii() and text.isdigit() else "unknown"


def _take(fd: int, wait_s: float) -> bool:
    """Try for the lock for up to wait_s seconds (polling: a blocking flock cannot be given a deadline)."""
    ends_at = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= ends_at:
                return False
            time.sleep(min(0.2, max(ends_at - time.monotonic(), 0)))


@contextmanager
def writer_lock(settings: Settings, wait_s: float = 0.0) -> Iterator[Path]:
    """Hold the alias's writer lock for the block, or raise WriterBusy if another process still holds it
    after wait_s seconds (at once by default)."""
    path = lock_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by child processes (PEP 446)
    try:
        if not _take(fd, wait_s):
            raise WriterBusy(path, settings.index_alias, _holder(fd))
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)  # while still held: the next reader never sees a pid that has gone
    finally:
        os.close(fd)  # closing the only descriptor releases the lock
