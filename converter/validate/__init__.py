"""validate: a rendered filing -> ``ValidationReport`` (Arelle's checks, then the project's own rules)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .arelle_run import ArelleResult, Message, arelle_model


@dataclass
class ValidationReport:
    entry: str
    arelle: ArelleResult
    rule_messages: list[Message] = field(default_factory=list)  # the project's own rules (EFM-style)

    @property
    def messages(self) -> list[Message]:
        return self.arelle.messages + self.rule_messages

    @property
    def errors(self) -> int:
        return sum(1 for m in self.messages if m.level in ("error", "fatal", "critical", "inconsistency"))

    @property
    def warnings(self) -> int:
        return sum(1 for m in self.messages if m.level == "warning")

    @property
    def inconsistencies(self) -> int:
        return sum(1 for m in self.messages if m.level == "inconsistency" or "inconsistent" in m.code.lower())

    def summary(self) -> dict:
        return {
            "entry": self.entry, "loaded": self.arelle.loaded, "facts": self.arelle.facts,
            "contexts": self.arelle.contexts, "units": self.arelle.units, "errors": self.errors,
            "warnings": self.warnings, "inconsistencies": self.inconsistencies,
            "messages": [{"code": m.code, "level": m.level, "text": m.text, "source": m.source} for m in self.messages],
        }

    def summary_line(self) -> str:
        return (f"facts: {self.arelle.facts}, contexts: {self.arelle.contexts}, units: {self.arelle.units}, "
                f"errors: {self.errors}, warnings: {self.warnings}")


def own_rules(model) -> list[Message]:
    """The project's EDGAR-style rules run on the loaded model (see ``validate.rules``, when present)."""
    try:
        from . import rules
    except ImportError:
        return []
    return list(rules.run_all(model))


def validate_filing(entry: Path, package: Path, *, calcs: str = "c11r") -> ValidationReport:
    with arelle_model(entry, package, calcs=calcs) as (model, result):
        report = ValidationReport(str(entry), result)
        if model is not None:
            report.rule_messages = own_rules(model)
    return report
