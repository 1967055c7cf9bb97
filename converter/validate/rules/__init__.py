"""The project's own EDGAR Filer Manual checks, run on a loaded Arelle ``ModelXbrl`` after Arelle's validation.

One function per rule, its docstring the rule's text (as in Arelle's validation plugins), grouped by
EFM chapter: ``facts`` (6.5: contexts, units, facts), ``names`` (6.7/6.8: extension namespace, prefix,
names), ``labels`` (6.10), ``networks`` (6.12 presentation, 6.14 calculation), ``cover`` (the dei facts a
submission type requires) and ``transforms`` (accepted transformation registries). Codes are EFM's,
prefixed ``ixconv.`` (``ixconv.EFM.6.5.8``). The last two read the SEC's reference data
(``$IXCONV_REFERENCE``, default ``../shared/reference/sec-edgar``); without it they are skipped with one
warning.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..arelle_run import Message
# importing a rule module registers its rules; this order is the order they run and report in
from . import facts  # noqa: F401  (6.5)
from . import names  # noqa: F401  (6.7, 6.8)
from . import labels  # noqa: F401  (6.10)
from . import networks  # noqa: F401  (6.12, 6.14)
from . import cover  # noqa: F401  (6.5.20 ff., reference data)
from . import transforms  # noqa: F401  (5.2.5, reference data)
from .dts import Filing
from .reference import REFERENCE_ENV, ReferenceData, default_reference_folder
from .registry import RULES, Finding, Rule, run_rules

__all__ = ["RULES", "Finding", "Rule", "REFERENCE_ENV", "ReferenceData", "default_reference_folder", "run_all"]


def run_all(model, reference: Path | None = None) -> Iterator[Message]:
    """Every rule on the loaded ``model``, in registration order; ``reference`` overrides the data folder."""
    if model is None or model.modelDocument is None:
        return iter(())
    return run_rules(Filing(model), ReferenceData(reference))
