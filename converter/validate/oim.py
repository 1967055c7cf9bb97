"""xBRL-JSON and xBRL-CSV (the XBRL Open Information Model) of a loaded filing, written by Arelle.

The serialisers are Arelle's own (``arelle.plugin.saveLoadableOIM``), run on the ``ModelXbrl`` the
validation loaded, so the exported facts are exactly the facts Arelle validated. Two things are done
to Arelle's output, both to keep it loadable and reproducible:

- the ``taxonomy`` references (the extension schema, relative to the iXBRL document) are rewritten
  relative to where each file is written (``<base>-csv/`` is one folder down);
- the files are made as data (``oim_files``); the export stage writes them (``export.arelle``), each
  atomically.

Arelle adds no timestamps to these files; the same filing gives byte-identical output.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..errors import IxconvError
from ..outputs import OutputError, safe_child


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
    """The OIM export of a loaded model, as data (``export.arelle.export_oim`` writes it):
    {"<base>.json": ..., "<base>-csv/<base>-metadata.json": ...,
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
