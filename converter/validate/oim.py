"""xBRL-JSON and xBRL-CSV (the XBRL Open Information Model) of a loaded filing, written by Arelle.

The serialisers are Arelle's own (``arelle.plugin.saveLoadableOIM``), run on the ``ModelXbrl`` the
validation loaded, so the exported facts are exactly the facts Arelle validated. Two things are done
to Arelle's output, both to keep it loadable and reproducible:

- the ``taxonomy`` references (the extension schema, relative to the iXBRL document) are rewritten
  relative to where each file is written (``<base>-csv/`` is one folder down);
- files are written through a temporary folder and moved into place atomically.

Arelle adds no timestamps to these files; the same filing gives byte-identical output.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..errors import IxconvError
from ..outputs import OutputError, safe_child, write_atomic


class OimExportError(IxconvError):
    """Arelle could not produce an OIM file (it says why in its log, e.g. tuples are not allowed)."""


def _rebase(refs: list, instance_uri: str, target_dir: Path) -> list:
    """Relative taxonomy references made relative to ``target_dir`` instead of the instance's folder."""
    out = []
    instance_dir = os.path.dirname(instance_uri)
    for ref in refs:
        if not isinstance(ref, str) or "://" in ref or os.path.isabs(ref) or "://" in instance_uri:
            out.append(ref)
            continue
        absolute = os.path.normpath(os.path.join(instance_dir, ref))
        out.append(Path(os.path.relpath(absolute, target_dir)).as_posix())
    return out


def _rewrite_metadata(text: str, instance_uri: str, target_dir: Path, *, indent: int, ensure_ascii: bool) -> str:
    """Re-serialise one of Arelle's OIM JSON files exactly as Arelle does, with rebased taxonomy references."""
    report = json.loads(text)
    info = report.get("documentInfo", {})
    if isinstance(info.get("taxonomy"), list):
        info["taxonomy"] = _rebase(info["taxonomy"], instance_uri, target_dir)
    return json.dumps(report, indent=indent, ensure_ascii=ensure_ascii)


def oim_files(model, out_dir: Path, base: str) -> dict[str, bytes]:
    """What ``export_oim`` writes, as data: {"<base>.json": ..., "<base>-csv/<base>-metadata.json": ...,
    "<base>-csv/<base>-facts.csv": ...} (names relative to ``out_dir``, the taxonomy references already
    rebased for files written there). Arelle's serialisers write into a scratch folder (removed); nothing
    is written into ``out_dir``. Raises ``OimExportError`` when Arelle produced no file."""
    from arelle.plugin.saveLoadableOIM import saveLoadableOIM

    out_dir = Path(out_dir)
    safe_child(out_dir, f"{base}.json")  # names checked before any work
    csv_dir = safe_child(out_dir, f"{base}-csv")
    instance_uri = model.modelDocument.uri.partition("#")[0]
    files: dict[str, bytes] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="ixconv-oim-") as scratch:
            scratch_dir = Path(scratch)
            saveLoadableOIM(model, str(scratch_dir / f"{base}.json"))
            saveLoadableOIM(model, str(scratch_dir / f"{base}.csv"))
            produced = scratch_dir / f"{base}.json"
            if not produced.is_file():
                raise OimExportError(f"Arelle wrote no xBRL-JSON for {instance_uri} (see its messages)")
            text = produced.read_text(encoding="utf-8")
            files[f"{base}.json"] = _rewrite_metadata(text, instance_uri, out_dir, indent=1,
                                                      ensure_ascii=True).encode("utf-8")
            metadata = scratch_dir / f"{base}-metadata.json"
            if not metadata.is_file():
                raise OimExportError(f"Arelle wrote no xBRL-CSV for {instance_uri} (see its messages)")
            csv_files = sorted(p for p in scratch_dir.iterdir() if p.name.startswith(f"{base}-") and p.suffix == ".csv")
            text = metadata.read_text(encoding="utf-8")
            files[f"{csv_dir.name}/{metadata.name}"] = _rewrite_metadata(text, instance_uri, csv_dir, indent=2,
                                                                        ensure_ascii=False).encode("utf-8")
            for table in csv_files:
                files[f"{csv_dir.name}/{table.name}"] = table.read_bytes()
    except OSError as exc:
        raise OutputError(f"cannot make the OIM export of {instance_uri}: {exc.strerror or exc}") from None
    return files


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
    """Write ``<base>.json`` (xBRL-JSON) and ``<base>-csv/`` (xBRL-CSV: ``<base>-metadata.json`` and
    ``<base>-facts.csv``) into ``out_dir``; returns the files written, in that order."""
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
