"""The SEC's EDGAR plugin for Arelle as the authority on EDGAR Filer Manual rules.

The plugin (``EDGAR/validate`` of the public repository Arelle/EDGAR, CC0; not on PyPI) is loaded by
path into the same Arelle session that validates the filing, with a disclosure system selected
(default ``efm-pragmatic-all-years``, which accepts older taxonomies such as us-gaap 2011 and dei 2013;
``efm-pragmatic`` applies today's taxonomy list and blocks them, EFM.6.22.00). Its messages are Arelle
messages: they join the summary, the report and the exit code like Arelle's own.

Where the plugin is: ``--edgar-plugin DIR`` (the ``EDGAR`` folder or its ``validate`` folder; ``none``
to switch it off), else ``$IXCONV_EDGAR_PLUGIN``, else ``../shared/arelle-plugins/EDGAR/validate``
beside the project. A plugin asked for by option or environment that is not there is a one-line
error; a default that is not there (or whose Python dependencies are not installed) is a one-line
notice in every report: the EDGAR checks did not run. Never a silent pass.

One adjustment, generic and stated in the report: when the taxonomy package has no label linkbase
for the standard taxonomies (the shared us-gaap 2011 package has none), the plugin reports
EFM.6.10.01 ("element without an English standard label") for every standard concept used. That
is a property of the package, not of the filing: those messages become one warning that names the
concepts. EFM.6.10.01 on the filing's own (extension) concepts stays an error.
"""
from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserError
from .arelle_run import Message

EDGAR_PLUGIN_ENV = "IXCONV_EDGAR_PLUGIN"
DISCLOSURE_SYSTEM_ENV = "IXCONV_DISCLOSURE_SYSTEM"
DEFAULT_DISCLOSURE_SYSTEM = "efm-pragmatic-all-years"
OFF = ("none", "off")
NOT_RUN_CODE = "ixconv.edgar.notRun"
STANDARD_LABEL_CODE = "EFM.6.10.01"
# Python modules the plugin imports beyond Arelle's own requirements (arelle-release[efm] less the renderer's)
PLUGIN_MODULES = ("holidays", "pytz")
# result records of the plugin (cover facts as JSON, the attachment type): information for EDGAR's
# own workflow, not findings about the filing
DROPPED_LEVELS = ("info-result",)
# the plugin's note that XULE (DQC rules) is not loaded: DQC runs only for us-gaap 2020 and later anyway;
# the project's own vendor checks (validate.rules.quality) stand in for it. Logged once per session, so a
# warm validator would lose it: dropped everywhere, for the same messages on every path.
DROPPED_CODES = ("arelle.xulePluginNotLoaded",)
DISCLOSURE_NAMES = re.compile(r'<DisclosureSystem\b[^>]*?\bnames="([^"]*)"', re.S)


@dataclass(frozen=True)
class EdgarOptions:
    """Whether and how the EDGAR plugin runs. ``plugin`` is its ``validate`` folder, ``None`` when it
    does not run (``absent`` says why)."""

    plugin: Path | None
    disclosure_system: str = DEFAULT_DISCLOSURE_SYSTEM
    absent: str = ""

    @property
    def active(self) -> bool:
        return self.plugin is not None

    def plugins(self, others: str | None = None) -> str | None:
        """Arelle's ``plugins`` option: the EDGAR plugin (with ``inlineXbrlDocumentSet``, as EDGAR runs
        it) and ``others`` ("a|b")."""
        names = [str(self.plugin), "inlineXbrlDocumentSet"] if self.active else []
        names += [n for n in (others or "").split("|") if n]
        return "|".join(dict.fromkeys(names)) or None

    def describe(self) -> str:
        if self.active:
            return f"EDGAR plugin {self.plugin} ({self.disclosure_system})"
        return f"EDGAR checks did not run: {self.absent}"

    def notice(self) -> Message | None:
        """The one-line notice a report carries when the plugin did not run."""
        if self.active:
            return None
        return Message(NOT_RUN_CODE, "warning", self.describe())

    def cache_identity(self) -> list[str]:
        return [str(self.plugin or ""), self.disclosure_system if self.active else ""]


def default_plugin_folder() -> Path:
    from ..locations import PROJECT

    return PROJECT.parent / "shared" / "arelle-plugins" / "EDGAR" / "validate"


def _plugin_folder(path: Path) -> Path | None:
    """The plugin's ``validate`` folder for ``path`` (that folder itself or the ``EDGAR`` folder above it)."""
    for candidate in (path, path / "validate"):
        if (candidate / "__init__.py").is_file() and (candidate / "config.xml").is_file():
            return candidate.resolve()
    return None


def missing_modules() -> list[str]:
    return [m for m in PLUGIN_MODULES if importlib.util.find_spec(m) is None]


def disclosure_systems(plugin: Path) -> list[str]:
    """The disclosure system names the plugin's ``config.xml`` declares."""
    try:
        text = (plugin / "config.xml").read_text(encoding="utf-8")
    except OSError:
        return []
    return sorted({n.strip() for names in DISCLOSURE_NAMES.findall(text) for n in names.split("|") if n.strip()})


def resolve_edgar(plugin: str | Path | None = None, disclosure_system: str | None = None) -> EdgarOptions:
    """``EdgarOptions`` from the option (``plugin``), else ``$IXCONV_EDGAR_PLUGIN``, else the default folder.

    Raises ``UserError`` when a plugin asked for by option or environment is unusable, or the
    disclosure system is not one the plugin declares."""
    import os

    system = disclosure_system or os.environ.get(DISCLOSURE_SYSTEM_ENV) or DEFAULT_DISCLOSURE_SYSTEM
    asked, how = (str(plugin), "--edgar-plugin") if plugin not in (None, "") else (
        os.environ.get(EDGAR_PLUGIN_ENV) or "", f"${EDGAR_PLUGIN_ENV}")
    if asked.strip().lower() in OFF:
        return EdgarOptions(None, system, f"switched off ({how} {asked})")
    missing = missing_modules()
    if asked:
        folder = _plugin_folder(Path(asked))
        if folder is None:
            raise UserError(f"{how} {asked}: no EDGAR plugin there (expected the EDGAR folder or its validate/ "
                            f"folder with __init__.py and config.xml); give its path, or 'none' to skip the EDGAR checks")
        if missing:
            raise UserError(f"{how} {asked}: the EDGAR plugin needs the Python modules {', '.join(missing)}; "
                            f"install them with pip install -r requirements.lock")
    else:
        default = default_plugin_folder()
        folder = _plugin_folder(default)
        if folder is None:
            return EdgarOptions(None, system, f"the SEC's EDGAR plugin was not found at {default}; give "
                                              f"--edgar-plugin DIR or set ${EDGAR_PLUGIN_ENV}")
        if missing:
            return EdgarOptions(None, system, f"the EDGAR plugin at {folder} needs the Python modules "
                                              f"{', '.join(missing)} (pip install -r requirements.lock)")
    known = disclosure_systems(folder)
    if known and system not in known:
        raise UserError(f"disclosure system {system!r} is not one the EDGAR plugin at {folder} declares; use one of: "
                        f"{', '.join(n for n in known if n.startswith('efm'))}")
    return EdgarOptions(folder, system)


def _is_standard(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def standard_labels_loaded(model: Any) -> bool:
    """True when the DTS has label relationships for concepts of the taxonomy package (not of the filing)."""
    if model is None:
        return True
    from arelle import XbrlConst

    for rel in model.relationshipSet(XbrlConst.conceptLabel).modelRelationships:
        concept = rel.fromModelObject
        uri = getattr(getattr(concept, "modelDocument", None), "uri", "") or ""
        if _is_standard(uri):
            return True
    return False


def _plain_level(message: Message) -> Message:
    """The plugin logs the EFM's semantic checks (6.8.5 LC3 names, 6.11.5 ...) as ``error-semantic`` and
    ``warning-semantic``: they are errors and warnings like any other (the code says which check)."""
    level = message.level
    if level.endswith("-semantic"):
        return Message(message.code, level.rpartition("-")[0], message.text, message.source)
    return message


def adjust_messages(messages: Iterable[Message], model: Any, options: EdgarOptions) -> list[Message]:
    """The plugin's messages as the report shows them: result records dropped, semantic levels made plain
    errors and warnings, and EFM.6.10.01 on standard concepts turned into one warning when the package
    has no standard label linkbase (module docstring)."""
    kept = [_plain_level(m) for m in messages if m.level not in DROPPED_LEVELS and m.code not in DROPPED_CODES
            and not (m.level == "info" and m.code.startswith("info:"))]  # timings (info:profileActivity)
    if not options.active:
        return kept
    standard = [m for m in kept if m.code == STANDARD_LABEL_CODE and m.level == "error" and _is_standard(m.source)]
    if not standard or standard_labels_loaded(model):
        return kept
    names = sorted({m.source.rpartition("#")[2].replace("_", ":", 1) for m in standard})
    dropped = set(standard)
    kept = [m for m in kept if m not in dropped]
    kept.append(Message(
        STANDARD_LABEL_CODE, "warning",
        f"the EDGAR plugin reports no English standard label for {len(names)} standard concepts: the taxonomy package "
        f"has no label linkbase for them (a property of the package, not of the filing): {', '.join(names)}",
        "taxonomy package"))
    return kept
