"""The project's own rules, run on a loaded Arelle ``ModelXbrl`` after Arelle's validation (and the EDGAR
plugin's, ``validate.edgar``): only what the SEC's EDGAR plugin does not cover. See ``README.md`` here for
which EFM rules are the plugin's and which stay.

One function per rule, its docstring the rule's text (as in Arelle's validation plugins): ``facts`` (an
instance check EDGAR does not make) and ``quality`` (the data-quality checks a vendor runs, coded with
their DQC numbers). Codes are prefixed ``ixconv.`` (``ixconv.DQC.0004``).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..arelle_run import Message

# importing a rule module registers its rules; this order is the order they run and report in
from . import (
    facts,  # noqa: F401  (6.5.11: unused units)
    quality,  # noqa: F401  (DQC-like vendor checks)
)
from .dts import Filing
from .reference import REFERENCE_ENV, ReferenceData, default_reference_folder
from .registry import RULES, Finding, Rule, run_rules

__all__ = ["RULES", "Finding", "Rule", "REFERENCE_ENV", "ReferenceData", "default_reference_folder", "run_all"]


def run_all(model, reference: Path | None = None) -> Iterator[Message]:
    """Every rule on the loaded ``model``, in registration order; ``reference`` overrides the data folder."""
    if model is None or model.modelDocument is None:
        return iter(())
    return run_rules(Filing(model), ReferenceData(reference))
