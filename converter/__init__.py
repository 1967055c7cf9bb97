"""ixconv: an earnings release (8-K Exhibit 99.1) to a validated Inline XBRL filing.

The public API::

    import converter
    result = converter.convert("samples/000_ea1ead2fdb1745ca.txt")
    print(len(result.facts), result.validation.errors)
    result.write("out/")

``convert`` and ``Result`` are in ``converter.api``; the model types (``Fact``, ``Finding``,
``Severity``) in ``converter.model``; ``IxconvError`` (the base of every error meant for a user) in
``converter.errors``. Importing ``converter`` is cheap: each name is imported when first used.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Fact", "Finding", "IxconvError", "Result", "Severity", "__version__", "convert"]

_HOMES = {"convert": "api", "Result": "api", "IxconvError": "errors",
          "Fact": "model", "Finding": "model", "Severity": "model"}

if TYPE_CHECKING:
    from .api import Result, convert
    from .errors import IxconvError
    from .model import Fact, Finding, Severity


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'converter' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
