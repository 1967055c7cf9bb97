"""Writing outputs: atomically (temporary file, then rename) and only inside the output folder.

A file is written to a temporary file beside it, flushed to disk, then renamed over the target: a
reader sees the old file or the new one, never half of one, and a failure leaves the old file and no
temporary file behind. ``write_all`` writes every file of a set to its temporary file before renaming
any, so a failure while writing (a full disk, say) leaves every earlier file of the set as it was.

A whole output set (the filing, its exports, the viewer and the reports) is one folder, built by
``OutputSet`` in a temporary folder beside the target (``.<name>.ixconv-<random>``) and swapped in
with one rename (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames that the next run
completes if a kill falls between them). A reader of the output folder sees the old set or the new
one, complete, never a mix; a failure leaves the old set and no temporary folder; a kill leaves a
temporary folder that the next run into that folder removes. Nothing inside the output folder is
ever followed: the set is built in a fresh folder, and the old one is removed without following
links. ``write_output_set(out_dir, files)`` does all of it for a dict of files.
"""
from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Literal

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


# --------------------------------------------------------------------------- one output set, swapped in whole

STAGING_MARK = ".ixconv-"  # in the names of the temporary folders beside an output folder
# What an output set holds: the reports and viewer, and <prefix>-<yyyymmdd> files (the filing, its
# extension taxonomy, its exports). An existing output folder holding anything else is not replaced.
SET_NAMES = re.compile(r"(?:report\.json|report\.html|viewer\.html|ixbrlviewer\.js"
                       r"|[A-Za-z0-9][A-Za-z0-9._-]*-\d{8}(?:\.htm|\.xsd|_(?:lab|pre|cal|def)\.xml|\.json|-flat\.csv|-csv|\.xbri|\.zip))\Z")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def text_problem(value: str) -> str | None:
    """Why ``value`` (a path or an option as the OS gave it) cannot be written as UTF-8, or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = value[exc.start]
        shown = f"byte 0x{ord(bad) - 0xDC00:02x}" if 0xDC80 <= ord(bad) <= 0xDCFF else f"character U+{ord(bad):04X}"
        return f"holds {shown} at position {exc.start + 1}, which is not UTF-8"
    return None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP if hasattr(errno, "ENOTSUP") else errno.EINVAL):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _remove_tree(path: Path) -> None:
    """Remove a folder of ours without following any link inside it (a link itself is just unlinked)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(path, ignore_errors=True)  # fd-based on Linux: never follows a link
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


_STAGING_NAME = re.compile(r"\.(.+?)\.ixconv-")


def _root_name(out_dir: Path) -> str:
    """The output folder's name; for a staging folder of one (``.out.ixconv-new-x``), that folder's."""
    m = _STAGING_NAME.match(out_dir.name)
    return m.group(1) if m else out_dir.name


def _staging_names(out_dir: Path) -> tuple[str, str]:
    root = _root_name(out_dir)  # a set built into a staging folder stages beside it under the same root
    return f".{root}{STAGING_MARK}", f".{root}{STAGING_MARK}old-"


def clean_stale(out_dir: Path) -> list[Path]:
    """Temporary folders an interrupted run left beside ``out_dir``, removed (an old set that a kill
    left between two renames is put back first, when ``out_dir`` itself is missing). Returns them."""
    if _root_name(out_dir) != out_dir.name:
        return []  # out_dir is itself a staging folder: whoever made it cleans beside the real one
    parent = out_dir.parent
    new_prefix, old_prefix = _staging_names(out_dir)
    try:
        entries = sorted(os.listdir(parent))
    except OSError:
        return []
    removed = []
    if not os.path.lexists(out_dir):
        olds = [e for e in entries if e.startswith(old_prefix)]
        if olds:
            os.rename(parent / olds[0], out_dir)  # the previous set, complete
            entries.remove(olds[0])
    for name in entries:
        if name.startswith(new_prefix):
            _remove_tree(parent / name)
            removed.append(parent / name)
    return removed


def _check_folder(out_dir: Path) -> None:
    """An existing output folder is replaced whole: it must be a folder that holds an output set only."""
    try:
        info = os.lstat(out_dir)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot use output folder {out_dir}: {_reason(exc)}; {_advice(exc)}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot create output folder {out_dir}: a file of that name exists; "
                          f"remove it or choose another output folder")
    try:
        foreign = sorted(name for name in os.listdir(out_dir) if not SET_NAMES.match(name))
    except OSError as exc:
        raise OutputError(f"cannot read output folder {out_dir}: {_reason(exc)}; {_advice(exc)}") from None
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise OutputError(f"output folder {out_dir} holds {foreign[0]!r}{more}, which no ixconv output set has; "
                          f"the new set replaces the whole folder, so give a new or empty folder "
                          f"(or one an earlier convert wrote)")


class OutputSet:
    """An output set built in a temporary folder beside ``out_dir`` and swapped in by ``commit``.

    ``with OutputSet(out) as staged: write_all(staged.folder, files); ...; staged.commit()``: until
    ``commit`` the old set is untouched; leaving the block without committing (an error) removes the
    temporary folder. ``commit`` returns the paths of the new set's files under ``out_dir``."""

    def __init__(self, out_dir: Path):
        problem = text_problem(str(out_dir))
        if problem:
            raise OutputError(f"output folder {str(out_dir)!r} {problem}; give an output folder named in UTF-8")
        out_dir = Path(out_dir)
        if out_dir.is_symlink() and out_dir.is_dir():
            out_dir = Path(os.path.realpath(out_dir))  # the folder itself may be a link the user made
        self.out_dir = Path(os.path.abspath(out_dir))
        if self.out_dir.name in ("", ".", "..") or self.out_dir == self.out_dir.parent:
            raise OutputError(f"cannot use {out_dir} as the output folder: give a folder with a name of its own")
        _check_folder(self.out_dir)  # early, before any work; again when the set is built
        self.folder: Path | None = None
        self.committed = False

    def __enter__(self) -> OutputSet:
        parent = self.out_dir.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            clean_stale(self.out_dir)
        except OSError as exc:
            raise OutputError(f"cannot create output folder {self.out_dir}: {_reason(exc)}; {_advice(exc)}") from None
        _check_folder(self.out_dir)
        try:
            self.folder = Path(tempfile.mkdtemp(prefix=_staging_names(self.out_dir)[0], dir=parent))
            os.chmod(self.folder, 0o777 & ~_UMASK)
        except OSError as exc:
            raise OutputError(f"cannot create a temporary folder beside {self.out_dir}: {_reason(exc)}; "
                              f"{_advice(exc)}") from None
        return self

    def __exit__(self, *exc: object) -> Literal[False]:
        if not self.committed and self.folder is not None:
            _remove_tree(self.folder)
        return False

    def commit(self) -> list[Path]:
        """Swap the built set in; the old one is removed. Returns the new set's files under ``out_dir``."""
        assert self.folder is not None and not self.committed
        folder, target = self.folder, self.out_dir
        files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
        try:
            _sync_tree(folder)
            swap_in(folder, target)
        except OSError as exc:
            raise OutputError(f"cannot put the new output set in place at {target}: {_reason(exc)}; {_advice(exc)} "
                              f"(the earlier set is unchanged)") from None
        self.committed = True
        _sync_dir(target.parent)
        return [target / p for p in files]


def swap_in(folder: Path, target: Path) -> None:
    """Put the complete folder ``folder`` (beside ``target``) in the place of ``target`` in one step, and
    remove what was there without following links: ``renameat2(RENAME_EXCHANGE)`` where the system has
    it; else two renames, and a kill between them leaves ``.<name>.ixconv-old-*``, which ``clean_stale``
    puts back. Raises ``OSError`` with ``target`` as it was."""
    if not os.path.lexists(target):
        os.rename(folder, target)
    elif _exchange(folder, target):
        _remove_tree(folder)  # now the old set
    else:
        old = target.parent / f"{_staging_names(target)[1]}{secrets.token_hex(6)}"
        os.rename(target, old)
        try:
            os.rename(folder, target)
        except OSError:
            os.rename(old, target)
            raise
        _remove_tree(old)


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _sync_tree(folder: Path) -> None:
    """Folder entries on disk before the swap (the files were synced when written)."""
    for sub in [folder, *(p for p in folder.rglob("*") if p.is_dir() and not p.is_symlink())]:
        _sync_dir(sub)


def write_output_set(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Replace the output folder ``out_dir`` by exactly ``files`` in one step (see ``OutputSet``).
    Names are plain file names, or ``folder/name`` for a file of a subfolder (each part a plain name).
    Returns the files' paths under ``out_dir``, in a stable order."""
    by_folder: dict[str, dict[str, bytes]] = {}
    for name in sorted(files):
        parent, _, leaf = name.rpartition("/")
        if parent:
            safe_child(Path(out_dir), parent)  # one level, a plain name: refused otherwise
        by_folder.setdefault(parent, {})[leaf] = files[name]
    with OutputSet(out_dir) as staged:
        folder = staged.folder
        assert folder is not None
        for parent in sorted(by_folder):
            write_all(folder / parent if parent else folder, by_folder[parent])
        placed = staged.commit()
    return [Path(out_dir) / p.relative_to(staged.out_dir) for p in placed]
