"""The ``ixconv`` command line: one verb per module in ``converter.commands``.

Every verb module defines ``register(subparsers)`` which adds its parser and sets ``func``;
``func(args) -> int`` returns the exit code. Errors meant for users are ``UserError`` (or a
stage's own error class listed in ``USER_ERRORS``): one line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from .errors import UserError

VERBS = ("convert", "validate", "check_mappings", "eval", "batch", "mutate")


def _user_errors() -> tuple[type[BaseException], ...]:
    from .company import ProfileError
    from .ingest.errors import IngestError
    from .mapping.rules import RuleError
    from .outputs import OutputError
    from .taxonomy.package import TaxonomyError

    return (UserError, RuleError, TaxonomyError, IngestError, ProfileError, OutputError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ixconv", description="Turn an earnings release into a validated Inline XBRL filing."
    )
    subparsers = parser.add_subparsers(dest="verb", metavar="VERB")
    subparsers.required = True
    for verb in VERBS:
        try:
            module = importlib.import_module(f"converter.commands.{verb}")
        except ModuleNotFoundError as exc:
            if exc.name == f"converter.commands.{verb}":
                continue  # verb not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except _user_errors() as exc:
        print(f"ixconv {args.verb}: error: {exc}", file=sys.stderr)
        return getattr(exc, "code", 2)
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
