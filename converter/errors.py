"""Errors meant for users: one line on stderr and an exit code, never a traceback.

``IxconvError`` is the one base: every error a user can act on derives from it (a stage's own error
class too: ``IngestError``, ``RuleError``, ``TaxonomyError``, ``ProfileError``, ``ConversionError``,
``OutputError``, ...), and the command line catches that one type. ``exit_code`` is the exit status
(2: unusable input or setup, the default). Anything else escaping is a bug.
"""
from __future__ import annotations


class IxconvError(Exception):
    """A problem with the user's input or setup, told in one line that says what to do."""

    exit_code: int = 2

    def __init__(self, message: str = "", *, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UserError(IxconvError):
    """A bad option or a missing file found by a command. ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message, exit_code=code)

    @property
    def code(self) -> int:
        return self.exit_code
