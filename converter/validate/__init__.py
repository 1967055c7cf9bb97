"""validate: a rendered filing -> ``ValidationReport``: Arelle's checks with the SEC's EDGAR plugin
(``validate.edgar``, when available; a notice in the report when not), then the project's own rules
(``validate.rules``: what the plugin does not cover, and the vendor data-quality checks)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IxconvError
from ..model import ModelOutputs, Severity, ValidationMessage, ValidationSummary
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

    def summary(self) -> ValidationSummary:
        """What the report says of the validation (``model.ValidationSummary``; ``as_dict()`` is report.json's
        ``validation``): the messages sorted, as Arelle's own order varies from run to run."""
        messages = sorted((ValidationMessage(m.code, m.level, m.text, m.source) for m in self.messages),
                          key=lambda m: (m.level, m.code, m.text, m.source))
        return ValidationSummary(
            entry=Path(self.entry).name, loaded=self.arelle.loaded, facts=self.arelle.facts,
            contexts=self.arelle.contexts, units=self.arelle.units, errors=self.errors, warnings=self.warnings,
            inconsistencies=self.inconsistencies, edgar=self.edgar, messages=tuple(messages))

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


def validate_filing(entry: Path | str, package: Path, *, calcs: str = "c11r", plugins: str | None = None,
                    edgar: EdgarOptions | None = None) -> ValidationReport:
    """Validate ``entry`` (a file, or the JSON entry of an inline document set) in a new Arelle session;
    ``edgar`` defaults to ``resolve_edgar()``."""
    edgar = edgar if edgar is not None else resolve_edgar()
    with arelle_model(entry, package, calcs=calcs, plugins=edgar.plugins(plugins),
                      disclosure_system=edgar.disclosure_system if edgar.active else None) as (model, result):
        report = complete_report(model, ValidationReport(str(entry), result), edgar)
    return report


def validate_and_produce(entry: Path, package: Path, out_dir: Path, base: str, *, calcs: str = "c11r",
                         export_invalid: bool = False, edgar: EdgarOptions | None = None,
                         viewer: bool = False) -> tuple[ValidationReport, ModelOutputs]:
    """``validate_filing``, then, in the same Arelle session, what the export stage writes from the loaded
    filing, as data (``ModelOutputs``): xBRL-JSON and xBRL-CSV (``validate.oim``, named for ``out_dir`` and
    ``base``; not made from a filing with errors unless ``export_invalid``) and, with ``viewer``, the viewer
    (``validate.viewer``), both from the model validation loaded (one DTS load). Writes nothing: the export
    stage writes (``export.arelle.write_outputs``). (report, outputs)."""
    edgar = edgar if edgar is not None else resolve_edgar()
    with arelle_model(entry, package, calcs=calcs, plugins=edgar.plugins(),
                      disclosure_system=edgar.disclosure_system if edgar.active else None) as (model, result):
        report = complete_report(model, ValidationReport(str(entry), result), edgar)
        if model is not None:
            produced = produce_outputs(model, Path(entry), out_dir, base, oim=not report.errors or export_invalid,
                                       viewer=viewer)
        else:
            produced = not_loaded(entry, viewer)
    return report, produced


validate_and_produce.builds_viewer = True  # type: ignore[attr-defined]  # takes viewer=True (pipeline.convert_release)


def not_loaded(entry: Path, viewer: bool) -> ModelOutputs:
    """The outputs of a filing Arelle could not load: none (and why there is no viewer, when one was asked for)."""
    return ModelOutputs(viewer_error=f"Arelle could not load {Path(entry).name}: no viewer" if viewer else None)


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
