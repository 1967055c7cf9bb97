"""Writing outputs: atomically (temporary file, then rename) and only inside the output folder."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


class OutputError(Exception):
    pass


def safe_child(folder: Path, name: str) -> Path:
    """``folder/name`` for a plain file name; anything that could leave the folder is refused."""
    if not SAFE_NAME.match(name) or name in (".", ".."):
        raise OutputError(f"refusing output file name {name!r}: only letters, digits, '.', '_' and '-' are allowed")
    return folder / name


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_all(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file (names checked first, so a bad name writes nothing)."""
    targets = [(safe_child(folder, name), data) for name, data in files.items()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {folder}: {exc.strerror or exc}") from None
    written = []
    for path, data in targets:
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        written.append(path)
    return written
