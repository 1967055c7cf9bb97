"""Writing outputs: atomically (temporary file, then rename) and only inside the output folder.

A file is written to a temporary file beside it, flushed to disk, then renamed over the target: a
reader sees the old file or the new one, never half of one, and a failure leaves the old file and no
temporary file behind. ``write_all`` writes every file of a set to its temporary file before renaming
any, so a failure while writing (a full disk, say) leaves every earlier file of the set as it was.
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

from .errors import IxconvError

# A plain file name: no separator, no leading dot (so never "." or ".."), no control character, no
# trailing newline (\Z, not $, which would let "name\n" through).
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}\Z")


class OutputError(IxconvError):
    pass


def safe_child(folder: Path, name: str) -> Path:
    """``folder/name`` for a plain file name; anything that could leave the folder is refused."""
    if not isinstance(name, str) or not SAFE_NAME.match(name):
        raise OutputError(f"refusing output file name {name!r} in {folder}: only letters, digits, '.', '_' and '-' "
                          f"are allowed, starting with a letter or digit (check the profile's prefix)")
    return folder / name


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()  # read once: os.umask can only be read by setting it, which races other threads


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _advice(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "free some space or choose another output folder"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "choose an output folder you can write to"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        return "a file stands where a folder should be; remove it or choose another output folder"
    return "check the output folder"


def _write_temporary(path: Path, data: bytes) -> str:
    """``data`` in a new temporary file beside ``path``, on disk; its name. Nothing is left on failure."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step (raises ``OSError``; the old file stays on failure)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temporary(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def write_all(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file (names checked first, so a bad name writes nothing; all written before any is renamed)."""
    targets = [(safe_child(folder, name), data) for name, data in files.items()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"cannot create output folder {folder}: a file of that name exists; "
                              f"remove it or choose another output folder") from None
        raise OutputError(f"cannot create output folder {folder}: {_reason(exc)}; {_advice(exc)}") from None
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in targets:
            try:
                staged.append((_write_temporary(path, data), path))
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {_reason(exc)}; {_advice(exc)} "
                                  f"(the folder's earlier files are unchanged)") from None
        written = []
        for n, (tmp, path) in enumerate(staged):
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {_reason(exc)}; {_advice(exc)}") from None
            written.append(path)
            staged[n] = ("", path)
        return written
    finally:
        for tmp, _path in staged:
            if tmp:
                _remove(tmp)
