"""Bad input carries a reason a person can act on: a whole file (BadInput) or one record of many; and the
limits every reader shares, past which input is refused rather than read."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# A 44-page sitting holds ~80 k characters, a 500-page one under 1 M: 20 M is a bomb or a mistake, not a meeting.
MAX_TEXT_CHARS = 20_000_000

_FILE_KINDS = {stat.S_IFDIR: "directory", stat.S_IFIFO: "fifo", stat.S_IFCHR: "character device",
               stat.S_IFBLK: "block device", stat.S_IFSOCK: "socket"}
_OS_REASONS = {errno.ELOOP: "symlink loop", errno.ENOENT: "no such file", errno.EACCES: "permission denied",
               errno.EPERM: "permission denied", errno.ENAMETOOLONG: "path too long"}


class BadInput(ValueError):
    """A minutes file that cannot be read as a meeting; the message says why."""


@dataclass(frozen=True)
class BadRecord:
    """One unreadable record in a file that holds many meetings (a JSON Lines line). Readers yield it
    instead of raising, so the records after it still load."""

    source: str  # file#line
    reason: str


def check_text_length(chars: int) -> None:
    if chars > MAX_TEXT_CHARS:
        raise BadInput(f"more than {MAX_TEXT_CHARS:,} characters of text (not the minutes of one sitting)")


def os_reason(error: OSError) -> str:
    return _OS_REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()


def check_regular_file(path: Path) -> int:
    """The file's size, or BadInput when the path is anything but a regular file. Checked with stat,
    before any open: opening a FIFO blocks until a writer comes, and a device never ends."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise BadInput(f"cannot read file: {os_reason(error)}") from error
    if stat.S_ISREG(info.st_mode):
        return info.st_size
    if stat.S_ISDIR(info.st_mode):
        raise BadInput(_folder_reason(path))
    kind = _FILE_KINDS.get(stat.S_IFMT(info.st_mode), "special file")
    raise BadInput(f"not a regular file ({kind})")


def open_regular_file(path: Path) -> BinaryIO:
    """The file opened for binary reading, refused like check_regular_file. Opened without blocking and
    checked again, so a path swapped for a FIFO after the check cannot hang the reader either."""
    check_regular_file(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise BadInput(f"cannot read file: {os_reason(error)}") from error
    file = os.fdopen(descriptor, "rb")
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        file.close()
        raise BadInput(f"not a regular file ({_FILE_KINDS.get(stat.S_IFMT(mode), 'special file')})")
    return file


def _loops_back(path: Path) -> bool:
    """A link to a folder that holds it, or that a folder on its own path already is (a → b → a)."""
    if not path.is_symlink():
        return False
    target = Path(os.path.realpath(path))
    return any(target == real or target in real.parents
               for real in (Path(os.path.realpath(prefix)) for prefix in path.parents))


def _folder_reason(path: Path) -> str:
    """A folder handed over as a file: say why it was not read as a folder, if something stopped it."""
    if _loops_back(path):
        return f"symlink loop (a link to {os.path.realpath(path)}, a folder on its own path)"
    try:
        os.scandir(path).close()
    except OSError as error:
        return f"folder not readable: {os_reason(error)}"
    return "not a regular file (directory)"
