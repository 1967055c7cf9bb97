"""export: what Arelle made from the filing validation loaded (``model.ModelOutputs``: the xBRL-JSON/CSV
export and the viewer, made by ``validate.produce_outputs`` in the validating session), written into the
output folder: each file atomically, names checked (``outputs``); a previous run's export of the same
document removed when this run exports none (a filing that now fails validation leaves no stale export)."""
from __future__ import annotations

from pathlib import Path

from ..model import ModelOutputs
from ..outputs import OutputError, safe_child, write_all, write_atomic


def write_outputs(produced: ModelOutputs, out_dir: Path, base: str, *, export: bool,
                  viewer: bool = False) -> tuple[list[Path], Path | str | None, str | None]:
    """Write what validation produced: the OIM export when ``export`` (the face decides: a filing without
    errors, or one exported anyway) and, with ``viewer``, the viewer. (exported paths; viewer.html's path or
    why the viewer was not written, None without ``viewer``; why Arelle could not make the export, None when
    it could or was not asked). Without an export written, a previous run's is removed."""
    from ..validate.viewer import VIEWER_NAME

    exported: list[Path] = []
    oim_error = None
    if export:
        if produced.oim_error is not None:
            oim_error = produced.oim_error
        elif produced.oim is not None:
            exported = write_oim(out_dir, base, produced.oim)
    if not exported:
        remove_oim(out_dir, base)
    if not viewer:
        return exported, None, oim_error
    if produced.viewer is None:
        return exported, produced.viewer_error or "the viewer was not built", oim_error
    try:
        write_all(out_dir, produced.viewer)
    except OutputError as exc:
        return exported, str(exc), oim_error
    return exported, out_dir / VIEWER_NAME, oim_error  # and ixbrlviewer.js beside it


def write_oim(out_dir: Path, base: str, files: dict[str, bytes]) -> list[Path]:
    """Write ``oim_files``' result into ``out_dir`` (each file atomically) and remove a table an earlier export
    of ``base`` had and this one has not; returns the files written, in ``oim_files``' order."""
    out_dir = Path(out_dir)
    csv_dir = safe_child(out_dir, f"{base}-csv")
    written: list[Path] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            folder, _, leaf = name.rpartition("/")
            target = safe_child(safe_child(out_dir, folder), leaf) if folder else safe_child(out_dir, leaf)
            write_atomic(target, data)
            written.append(target)
        for stale in csv_dir.iterdir():  # a table an earlier export had and this one has not
            if stale.name.startswith(f"{base}-") and stale.suffix in (".csv", ".json") and stale not in written:
                stale.unlink()
    except OSError as exc:
        raise OutputError(f"cannot write the OIM export into {out_dir}: {exc.strerror or exc}") from None
    return written


def export_oim(model, out_dir: Path, base: str) -> list[Path]:
    """From a loaded model (``validate.oim.oim_files``), write ``<base>.json`` (xBRL-JSON) and ``<base>-csv/``
    (xBRL-CSV: ``<base>-metadata.json`` and ``<base>-facts.csv``) into ``out_dir``; returns the files
    written, in that order."""
    from ..validate.oim import oim_files

    return write_oim(out_dir, base, oim_files(model, out_dir, base))


def remove_oim(out_dir: Path, base: str) -> list[Path]:
    """Remove a previous run's ``<base>.json`` and ``<base>-csv/`` (so a filing that now fails validation does
    not leave an export of an earlier one beside it); returns what was removed."""
    out_dir = Path(out_dir)
    removed = []
    candidates = [out_dir / f"{base}.json"]
    csv_dir = out_dir / f"{base}-csv"
    if csv_dir.is_dir():
        candidates += sorted(p for p in csv_dir.iterdir() if p.name.startswith(f"{base}-") and p.suffix in (".json", ".csv"))
    for path in candidates:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise OutputError(f"cannot remove the stale export {path}: {exc.strerror or exc}") from None
    try:
        csv_dir.rmdir()
    except OSError:
        pass  # absent, or holds files that are not ours
    return removed
