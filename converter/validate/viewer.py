"""The interactive viewer: Arelle's ixbrl-viewer plugin run on the written iXBRL document, offline.

Makes, as data, ``viewer.html`` (the iXBRL document with the viewer's data and a ``<script src="ixbrlviewer.js">``)
and ``ixbrlviewer.js`` (the viewer's JavaScript, copied from the plugin's package: no CDN, nothing
fetched); the face writes them into the output folder (``outputs.write_all``, atomic, names checked),
so the folder opens in a browser as it is, from ``file://`` or any
static web server. A fact is selected by the URL fragment ``viewer.html#f-<fact id>`` (e.g.
``viewer.html#f-f-12``): the viewer's own deep-link format, read when the page loads.

When the filing is validated, the viewer is built from the model validation loaded
(``viewer_from_model``, called by ``validate.produce_outputs`` in the validating session or child): one DTS
load per conversion. Otherwise (``build_viewer``) Arelle runs through its Python API (one ``Session``,
``workOffline``, the taxonomy package), without validation. The plugin writes into a scratch folder whose
files are read back and the folder removed. The output is deterministic
for a given document, taxonomy package and plugin version.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from ..errors import IxconvError

VIEWER_NAME = "viewer.html"
SCRIPT_NAME = "ixbrlviewer.js"
PLUGIN = "ixbrl-viewer"


class ViewerError(IxconvError):
    """The viewer could not be written; the message says why."""


def fact_fragment(fact_id: str) -> str:
    """The viewer's URL fragment that selects ``fact_id`` on load (``#f-`` + id, report 0's legacy form)."""
    return f"#f-{fact_id}"


def plugin_version() -> str | None:
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover
        return None
    try:
        return version("ixbrl-viewer")
    except PackageNotFoundError:
        return None


def _script_path() -> Path:
    try:
        from iXBRLViewerPlugin.constants import DEFAULT_VIEWER_PATH
    except ImportError:
        raise ViewerError("the ixbrl-viewer plugin for Arelle is not installed (pip install ixbrl-viewer)") from None
    path = Path(DEFAULT_VIEWER_PATH)
    if not path.is_file():
        raise ViewerError(f"the ixbrl-viewer plugin's JavaScript is missing at {path}")
    return path


def build_viewer(entry: Path, package: Path) -> dict[str, bytes]:
    """{"viewer.html": ..., "ixbrlviewer.js": ...} for the iXBRL document ``entry`` (its schema beside it)."""
    script = _script_path()
    from arelle.api.Session import Session
    from arelle.RuntimeOptions import RuntimeOptions

    with tempfile.TemporaryDirectory(prefix="ixconv-viewer-") as scratch:
        dest = Path(scratch) / VIEWER_NAME
        options = RuntimeOptions(
            entrypointFile=str(entry),
            packages=[str(package)],
            workOffline=True,
            validate=False,
            logFile="logToBuffer",
            disablePersistentConfig=True,
            plugins=PLUGIN,
            pluginOptions={
                "saveViewerDest": str(dest),     # a file name: the single document is written under it
                "viewerURL": str(script),         # copied beside it; the page refers to it by its base name
                "viewerNoCopyScript": False,
                "validationMessages": False,
                "useStubViewer": False,
                "zipViewerOutput": False,
                "packageDownloadURL": None,
                "viewerBasenameSuffix": "",
            },
        )
        with Session() as session:
            session.run(options)
            log = session.get_logs("text")
        copied = Path(scratch) / SCRIPT_NAME
        if not dest.is_file() or not copied.is_file():
            problems = [line for line in log.splitlines()
                        if line.startswith("[") and not line.startswith(("[info]", "[viewer:info]"))]
            detail = "; ".join(problems[:3]) or "the plugin wrote nothing"
            raise ViewerError(f"ixbrl-viewer did not write the viewer for {entry.name}: {detail}")
        html = dest.read_bytes()
        if f'src="{SCRIPT_NAME}"'.encode() not in html:
            raise ViewerError(f"the viewer does not refer to a local {SCRIPT_NAME}")
        return {VIEWER_NAME: html, SCRIPT_NAME: copied.read_bytes()}


def viewer_from_model(model, entry: Path) -> dict[str, bytes]:
    """What ``build_viewer`` gives, from an already loaded ModelXbrl of ``entry`` (e.g. the one validation
    loaded): the plugin's builder run on it, no second Arelle session. The builder copies the document's
    tree, so the model is left as it was (call it after anything else that reads the model: it logs an
    info message)."""
    script = _script_path()
    try:
        from iXBRLViewerPlugin.constants import FEATURE_CONFIGS
        from iXBRLViewerPlugin.iXBRLViewer import IXBRLViewerBuilder
    except ImportError:
        raise ViewerError("the ixbrl-viewer plugin for Arelle is not installed (pip install ixbrl-viewer)") from None
    with tempfile.TemporaryDirectory(prefix="ixconv-viewer-") as scratch:
        dest = Path(scratch) / VIEWER_NAME
        try:
            # the features the plugin's command line gives when none is chosen (as build_viewer runs it)
            features = {c.key: c.cliDefault for c in FEATURE_CONFIGS if c.cliDefault is not None}
            builder = IXBRLViewerBuilder(model.modelManager.cntlr, useStubViewer=False, features=features)
            builder.processModel(model)
            viewer = builder.createViewer(scriptUrl=SCRIPT_NAME, showValidations=False, packageDownloadURL=None)
            if viewer is not None:
                viewer.save(str(dest), zipOutput=False, copyScriptPath=script.resolve())
        except Exception as exc:  # noqa: BLE001 - the plugin's own failures, told in one line
            raise ViewerError(f"ixbrl-viewer did not write the viewer for {entry.name}: {type(exc).__name__}: {exc}") from None
        copied = Path(scratch) / SCRIPT_NAME
        if not dest.is_file() or not copied.is_file():
            raise ViewerError(f"ixbrl-viewer did not write the viewer for {entry.name}: the plugin wrote nothing")
        html = dest.read_bytes()
        if f'src="{SCRIPT_NAME}"'.encode() not in html:
            raise ViewerError(f"the viewer does not refer to a local {SCRIPT_NAME}")
        return {VIEWER_NAME: html, SCRIPT_NAME: copied.read_bytes()}
