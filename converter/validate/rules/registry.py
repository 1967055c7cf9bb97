"""The rule registry: one function per rule, its docstring the rule's text, yielding findings.

Modelled on Arelle's validation plugins (``arelle/plugin/validate/*/rules``): a rule is a plain
function decorated with its code; it reads the loaded ``ModelXbrl`` (through ``Filing``) and yields
``Finding``s (the model's one finding type: ``code`` refines the rule's code, "" for the rule's own;
``source`` is ``file:line`` in the filing). ``run_all`` turns them into ``arelle_run.Message``s, the
shape the rest of the validate stage already reports.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ...model import Finding, Severity
from ..arelle_run import Message
from .reference import ReferenceData

PROJECT_CODE = "ixconv"


def error(text: str, source: str = "", code: str | None = None) -> Finding:
    return Finding(code or "", Severity.ERROR, text, source=source)


def warning(text: str, source: str = "", code: str | None = None) -> Finding:
    return Finding(code or "", Severity.WARNING, text, source=source)


RuleFunction = Callable[..., Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str  # e.g. "ixconv.EFM.6.5.8"
    function: RuleFunction
    reference: str | None  # the reference file the rule needs (skipped when missing), e.g. "dei-validations.json"

    @property
    def name(self) -> str:
        return self.function.__name__

    @property
    def text(self) -> str:
        """The rule's text: its function's docstring."""
        return inspect.getdoc(self.function) or ""


RULES: list[Rule] = []


def rule(code: str, *, reference: str | None = None) -> Callable[[RuleFunction], RuleFunction]:
    """Register ``function`` as the rule ``ixconv.<code>``; ``reference`` names the reference file it reads."""

    def register(function: RuleFunction) -> RuleFunction:
        if not inspect.getdoc(function):
            raise TypeError(f"rule {function.__name__} has no docstring: the docstring is the rule's text")
        full = f"{PROJECT_CODE}.{code}"
        if any(r.code == full for r in RULES):
            raise ValueError(f"two rules with the code {full}")
        RULES.append(Rule(full, function, reference))
        return function

    return register


def _qualify(rule_: Rule, finding: Finding) -> str:
    if not finding.code:
        return rule_.code
    if finding.code.startswith("."):
        return rule_.code + finding.code  # a refinement, e.g. ".firstLetter"
    return f"{PROJECT_CODE}.{finding.code}"


def run_rules(filing, reference: ReferenceData, rules: Iterable[Rule] | None = None) -> Iterator[Message]:
    """Run ``rules`` (all registered rules by default) on ``filing``; one warning names any skipped for want of data."""
    skipped: list[Rule] = []
    for rule_ in (RULES if rules is None else rules):
        args = [filing]
        if rule_.reference is not None:
            data = reference.load(rule_.reference)
            if data is None:
                skipped.append(rule_)
                continue
            args.append(data)
        try:
            messages = [Message(_qualify(rule_, f), str(f.severity), f.message, f.source) for f in rule_.function(*args)]
        except Exception as exc:  # a rule's bug must not pass as "no findings", nor stop the other rules
            messages = [Message(f"{PROJECT_CODE}.ruleFailed", Severity.ERROR,
                                f"rule {rule_.code} ({rule_.name}) could not run: {type(exc).__name__}: {exc}")]
        yield from messages
    if skipped:
        files = sorted({r.reference for r in skipped if r.reference})
        yield Message(
            f"{PROJECT_CODE}.reference.missing", Severity.WARNING,
            f"EDGAR reference data not found or unreadable ({', '.join(files)} in {reference.folder}; set {reference.ENV} to the "
            f"folder): rules skipped: {', '.join(f'{r.code} ({r.name})' for r in skipped)}",
            str(reference.folder),
        )
