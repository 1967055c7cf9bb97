"""Arelle as a library: load an iXBRL filing offline with a taxonomy package and validate it.

XBRL 2.1, Inline XBRL 1.1, XDT dimensions and Calculations 1.1 (round-to-nearest, ``c11r``).
Arelle is imported only here, and only when validation runs (its import costs ~0.4 s).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Severity


@dataclass(frozen=True)
class Message:
    """One validation message: Arelle's, or one of the project's rules'."""

    code: str
    level: str  # the level as Arelle words it (error, fatal, warning, inconsistency, info, ...), kept as said
    text: str
    source: str = ""  # where, when Arelle says (file, line)

    @property
    def severity(self) -> Severity:
        return Severity.of(self.level)

    @property
    def is_error(self) -> bool:
        return self.severity.is_error

    @property
    def is_inconsistency(self) -> bool:
        return self.severity is Severity.INCONSISTENCY or "inconsistent" in self.code.lower()


@dataclass
class ArelleResult:
    entry: str
    loaded: bool
    facts: int = 0
    contexts: int = 0
    units: int = 0
    messages: list[Message] = field(default_factory=list)

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.is_error]

    @property
    def warnings(self) -> list[Message]:
        return [m for m in self.messages if m.severity is Severity.WARNING]

    @property
    def inconsistencies(self) -> list[Message]:
        return [m for m in self.messages if m.is_inconsistency]


def _messages(log_json: str) -> list[Message]:
    try:
        data = json.loads(log_json or "{}")
    except ValueError:
        return []
    return _entry_messages(data.get("log", []))


def buffered_messages(handler: Any) -> list[Message]:
    """The messages in the buffer of Arelle's log ``handler`` (a ``LogToBufferHandler``), which is then
    cleared: what ``_messages(handler.getJson())`` gives, read from the log records themselves (the JSON of
    every record's arguments and references, which only the code, level, text and first reference's href
    are read from, is never written)."""
    records = list(handler.logRecordBuffer)
    handler.clearLogBuffer()
    return _entry_messages({"code": getattr(record, "messageCode", ""), "level": record.levelname.lower(),
                            "refs": getattr(record, "refs", []), "message": {"text": handler.format(record)}}
                           for record in records)


def _entry_messages(entries: Iterable[dict]) -> list[Message]:
    out = []
    for entry in entries:
        level = str(entry.get("level", "")).lower()
        if level in ("info", "debug", "") and entry.get("code") in ("info", "", None):
            continue
        message = entry.get("message") or {}
        text = message.get("text", "") if isinstance(message, dict) else str(message)
        refs = entry.get("refs") or []
        source = ""
        if refs and isinstance(refs[0], dict):
            source = str(refs[0].get("href", ""))
        out.append(Message(str(entry.get("code", "")), level, text, source))
    return out


@contextmanager
def arelle_model(entry: Path | str, package: Path, *, calcs: str = "c11r", validate: bool = True,
                 plugins: str | None = None, disclosure_system: str | None = None) -> Iterator[tuple[Any, ArelleResult]]:
    """Load (and validate) ``entry``; yields (ModelXbrl or None, result). One Session per call.
    ``disclosure_system`` selects one (e.g. ``efm-pragmatic-all-years``, with the EDGAR plugin in ``plugins``)."""
    from arelle.api.Session import Session
    from arelle.RuntimeOptions import RuntimeOptions

    options = RuntimeOptions(
        entrypointFile=str(entry),
        packages=[str(package)],
        workOffline=True,
        validate=validate,
        calcs=calcs if validate else None,
        logFile="logToBuffer",
        disablePersistentConfig=True,
        keepOpen=True,
        plugins=plugins,
        disclosureSystemName=disclosure_system if validate else None,
    )
    with Session() as session:
        session.run(options)
        models = session.get_models()
        result = ArelleResult(str(entry), bool(models))
        model = models[0] if models else None
        if model is not None:
            result.facts = len(model.factsInInstance)
            result.contexts = len(model.contexts)
            result.units = len(model.units)
        result.messages = _messages(session.get_logs("json"))
        yield model, result


def validate_with_arelle(entry: Path, package: Path, *, calcs: str = "c11r") -> ArelleResult:
    with arelle_model(entry, package, calcs=calcs) as (_model, result):
        return result
