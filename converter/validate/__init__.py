"""validate: a rendered filing -> ``ValidationReport``: Arelle's checks with the SEC's EDGAR plugin
(``validate.edgar``, when available; a notice in the report when not), then the project's own rules
(``validate.rules``: what the plugin does not cover, and the vendor data-quality checks)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IxconvError
from ..model import Severity
from .arelle_run import ArelleResult, Message, arelle_model
from .edgar import EdgarOptions, adjust_messages, resolve_edgar


@dataclass
class ValidationReport:
    entry: str
    arelle: ArelleResult
    rule_messages: list[Message] = field(default_factory=list)  # the project's own rules and notices
    edgar: str = ""  # which EDGAR plugin and disclosure system ran, or why the EDGAR checks did not run

    @property
    def messages(self) -> list[Message]:
        return self.arelle.messages + self.rule_messages

    @property
    def errors(self) -> int:
        return sum(1 for m in self.messages if m.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for m in self.messages if m.severity is Severity.WARNING)

    @property
    def inconsistencies(self) -> int:
        return sum(1 for m in self.messages if m.is_inconsistency)

    def summary(self) -> dict:
        return {
            "entry": Path(self.entry).name, "loaded": self.arelle.loaded, "facts": self.arelle.facts,
            "contexts": self.arelle.contexts, "units": self.arelle.units, "errors": self.errors,
            "warnings": self.warnings, "inconsistencies": self.inconsistencies, "edgar": self.edgar,
            "messages": sorted(({"code": m.code, "level": m.level, "text": m.text, "source": m.source}
                                for m in self.messages), key=lambda m: (m["level"], m["code"], m["text"], m["source"])),
        }

    def summary_line(self) -> str:
        return (f"facts: {self.arelle.facts}, contexts: {self.arelle.contexts}, units: {self.arelle.units}, "
                f"errors: {self.errors}, warnings: {self.warnings}")


class ValidationSetupError(IxconvError):
    """The validation cannot run as asked: the project's own rules, or the EDGAR plugin, did not import.
    Never a silent pass with those rules off."""


def _first_line(exc: BaseException | str) -> str:
    text = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    return next((line.strip() for line in text.splitlines() if line.strip()), text)


def import_own_rules():
    """``validate.rules``, imported; a ``ValidationSetupError`` (one line) when it cannot be."""
    try:
        from . import rules
    except ImportError as exc:
        raise ValidationSetupError(
            f"the project's validation rules (converter.validate.rules) could not be imported ({_first_line(exc)}); "
            f"reinstall ixconv with its dependencies (pip install -r requirements.lock)"
        ) from exc
    return rules


def own_rules(model) -> list[Message]:
    """The project's own rules run on the loaded model (``validate.rules``)."""
    return list(import_own_rules().run_all(model))


PLUGIN_LOADING_CODE = "arelle:pluginLoadingError"


def check_plugin_loaded(messages: list[Message], edgar: EdgarOptions) -> None:
    """Arelle logs a plugin that fails to import (and validates on without it): for the EDGAR plugin,
    that is a ``ValidationSetupError`` naming the plugin and the import's error, not a report whose
    EDGAR checks silently did not run."""
    if not edgar.active:
        return
    failed = next((m for m in messages if m.code == PLUGIN_LOADING_CODE), None)
    if failed is not None:
        reason = _first_line(failed.text.replace(f"[{PLUGIN_LOADING_CODE}]", ""))
        raise ValidationSetupError(f"the EDGAR plugin at {edgar.plugin} could not be loaded ({reason}); install its "
                                   f"dependencies (pip install -r requirements.lock), or give --edgar-plugin none")


def complete_report(model, report: ValidationReport, edgar: EdgarOptions) -> ValidationReport:
    """What every validation path does once Arelle (with the EDGAR plugin) has validated ``model``: the
    plugin's messages adjusted (``edgar.adjust_messages``), the project's rules, the notice when the
    EDGAR checks did not run."""
    check_plugin_loaded(report.arelle.messages, edgar)
    report.edgar = edgar.describe()
    report.arelle.messages = adjust_messages(report.arelle.messages, model, edgar)
    report.rule_messages = own_rules(model) if model is not None else []
    notice = edgar.notice()
    if notice is not None:
        report.rule_messages.insert(0, notice)
    return report


def validate_filing(entry: Path, package: Path, *, calcs: str = "c11r", plugins: str | None = None,
                    edgar: EdgarOptions | None = None) -> ValidationReport:
    """Validate ``entry`` in a new Arelle session; ``edgar`` defaults to ``resolve_edgar()``."""
    edgar = edgar if edgar is not None else resolve_edgar()
    with arelle_model(entry, package, calcs=calcs, plugins=edgar.plugins(plugins),
                      disclosure_system=edgar.disclosure_system if edgar.active else None) as (model, result):
        report = complete_report(model, ValidationReport(str(entry), result), edgar)
    return report


def validate_and_export(entry: Path, package: Path, out_dir: Path, base: str, *, calcs: str = "c11r",
                        export_invalid: bool = False, edgar: EdgarOptions | None = None, viewer: bool = False):
    """``validate_filing``, then, in the same Arelle session, xBRL-JSON and xBRL-CSV of the loaded filing
    (``validate.oim``) into ``out_dir`` as ``<base>.json`` and ``<base>-csv/``. Nothing is exported from a
    filing with errors unless ``export_invalid`` (and a previous run's export is then removed); an export
    Arelle cannot make is an error of the report. Returns (report, exported paths); with ``viewer``,
    (report, exported paths, viewer) where the viewer (``validate.viewer``) is built from the same loaded
    model (one DTS load for validation, export and viewer): the path of viewer.html, or why it was not
    written (a string), as ``model_outputs`` gives it."""
    from .oim import remove_oim

    edgar = edgar if edgar is not None else resolve_edgar()
    exported: list[Path] = []
    viewed: Path | str | None = None
    with arelle_model(entry, package, calcs=calcs, plugins=edgar.plugins(),
                      disclosure_system=edgar.disclosure_system if edgar.active else None) as (model, result):
        report = complete_report(model, ValidationReport(str(entry), result), edgar)
        if model is not None:
            exported, viewed = model_outputs(model, report, out_dir, base, export_invalid=export_invalid, viewer=viewer)
        elif viewer:
            viewed = f"Arelle could not load {Path(entry).name}: no viewer"
    if not exported:
        remove_oim(out_dir, base)
    return (report, exported, viewed) if viewer else (report, exported)


validate_and_export.builds_viewer = True  # type: ignore[attr-defined]  # takes viewer=True (pipeline.convert_release)


@dataclass
class ModelOutputs:
    """What Arelle produced from a loaded filing besides its messages, as data (nothing written yet):
    the xBRL-JSON/CSV export (``oim``: names relative to the output folder; None when not made, with
    ``oim_error`` when Arelle could not make it) and the viewer (``viewer``: viewer.html and
    ixbrlviewer.js; None when not asked for, with ``viewer_error`` when it could not be built). Picklable:
    it crosses from the validating child to the process that writes it (``write_outputs``)."""

    oim: dict[str, bytes] | None = None
    oim_error: str | None = None
    viewer: dict[str, bytes] | None = None
    viewer_error: str | None = None


def produce_outputs(model, entry: Path, out_dir: Path, base: str, *, oim: bool = True,
                    viewer: bool = False) -> ModelOutputs:
    """The xBRL-JSON/CSV export (with ``oim``) and, with ``viewer``, the viewer of an already loaded model,
    as data (``ModelOutputs``); writes nothing. Reads the model only (the viewer's builder copies the
    document's tree), so it gives the same bytes before or after the model is validated."""
    from .oim import OimExportError, oim_files

    produced = ModelOutputs()
    if oim:
        try:
            produced.oim = oim_files(model, out_dir, base)
        except OimExportError as exc:
            produced.oim_error = str(exc)
    if viewer:
        from .viewer import ViewerError, viewer_from_model

        try:
            produced.viewer = viewer_from_model(model, Path(entry))
        except ViewerError as exc:
            produced.viewer_error = str(exc)
    return produced


def write_outputs(produced: ModelOutputs, report: ValidationReport, out_dir: Path, base: str, *,
                  export_invalid: bool = False, viewer: bool = False) -> tuple[list[Path], Path | str | None]:
    """Write what ``produce_outputs`` made, as the validation allows: the export only when the report has no
    errors (or ``export_invalid``; an export Arelle could not make becomes an error of the report), the
    viewer whatever the report. (exported paths, viewer.html's path or why the viewer was not written,
    None without ``viewer``)."""
    from ..outputs import OutputError, write_all
    from .oim import write_oim
    from .viewer import VIEWER_NAME

    exported: list[Path] = []
    if not report.errors or export_invalid:
        if produced.oim_error is not None:
            report.rule_messages.append(Message("ixconv.export.oim", Severity.ERROR, produced.oim_error,
                                                Path(report.entry).name))
        elif produced.oim is not None:
            exported = write_oim(out_dir, base, produced.oim)
    if not viewer:
        return exported, None
    if produced.viewer is None:
        return exported, produced.viewer_error or "the viewer was not built"
    try:
        write_all(out_dir, produced.viewer)
    except OutputError as exc:
        return exported, str(exc)
    return exported, out_dir / VIEWER_NAME  # and ixbrlviewer.js beside it, as write_viewer


def model_outputs(model, report: ValidationReport, out_dir: Path, base: str, *, export_invalid: bool = False,
                  viewer: bool = False) -> tuple[list[Path], Path | str | None]:
    """What a conversion writes from the model validation loaded, in its session (or its warm validator's
    child): the xBRL-JSON/CSV export (none from a filing with errors unless ``export_invalid``), then, with
    ``viewer``, viewer.html and ixbrlviewer.js (``validate.viewer.viewer_from_model``). (exported paths,
    viewer.html's path or why the viewer was not written, None without ``viewer``); picklable."""
    produced = produce_outputs(model, Path(report.entry), out_dir, base,
                               oim=not report.errors or export_invalid, viewer=viewer)
    return write_outputs(produced, report, out_dir, base, export_invalid=export_invalid, viewer=viewer)

