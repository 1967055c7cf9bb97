"""The ``ixconv`` command line: one verb per module in ``converter.commands``.

Every verb module defines ``register(subparsers)`` which adds its parser and sets ``func``;
``func(args) -> int`` returns the exit code. Only the named verb's module is imported (``ixconv
check-mappings`` does not import the pipeline nor Arelle); ``ixconv --help``, a mistyped verb or none
import them all, to list them. Errors meant for users derive from ``IxconvError``
(``converter.errors``): one line on stderr and its ``exit_code``, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__
from .errors import IxconvError

VERBS = ("convert", "validate", "check_mappings", "eval", "batch", "mutate")


class Parser(argparse.ArgumentParser):
    """Option errors in one line (``ixconv convert: error: ...``), exit 2, as every other user error."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _named_verb(argv: list[str] | None) -> str | None:
    """The module of the verb ``argv`` names (its first word that is not an option), if it is one."""
    for word in (sys.argv[1:] if argv is None else argv):
        if not word.startswith("-"):
            module = word.replace("-", "_")
            return module if module in VERBS else None
    return None


def build_parser(argv: list[str] | None = None, *, every_verb: bool = True) -> argparse.ArgumentParser:
    """The parser; with ``every_verb=False``, only the verb ``argv`` names is registered (when it names one)."""
    parser = Parser(
        prog="ixconv", description="Turn an earnings release into a validated Inline XBRL filing."
    )
    parser.add_argument("--version", action="version", version=f"ixconv {__version__}")
    subparsers = parser.add_subparsers(dest="verb", metavar="VERB")
    subparsers.required = True
    named = None if every_verb else _named_verb(argv)
    for verb in (named,) if named else VERBS:
        try:
            module = importlib.import_module(f"converter.commands.{verb}")
        except ModuleNotFoundError as exc:
            if exc.name == f"converter.commands.{verb}":
                continue  # verb not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(argv, every_verb=False)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or an option error (already told in one line)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return int(args.func(args) or 0)
    except IxconvError as exc:
        print(f"ixconv {args.verb}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head` and the like
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except KeyboardInterrupt:
        print("ixconv: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: still one line, unless debugging
        if os.environ.get("IXCONV_DEBUG"):
            raise
        print(f"ixconv {args.verb}: internal error: {type(exc).__name__}: {exc} "
              f"(set IXCONV_DEBUG=1 for the traceback and report it)", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
