"""Errors meant for users: one line on stderr and an exit code, never a traceback."""
from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input or setup, told in one line. ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code
