"""``ixconv check-mappings``: lint the mapping rule files against a taxonomy package (for CI and pre-commit).

Exit status: 0 clean, 1 errors (or warnings with ``--strict``), 2 unusable input. Arelle is not
imported: the checks read the cached concept index only.

An unchanged check is answered from the cache: the report (what was printed, and the exit status) of
a run is kept in the cache folder (``$IXCONV_CACHE``, else ``~/.cache/ixconv``), keyed by everything the
report depends on: ixconv's version and every one of its source files (path, size, modification time),
the bytes of every file under the checked paths, the taxonomy package (path, size, modification time),
the EDGAR reference data folder's files (the same), the options, the working folder (findings name files
relative to it) and Python's version. Any change runs the checks again; ``IXCONV_NO_RESULT_CACHE=1`` (or
an unwritable cache) always runs them. Runs that stop on an error (a missing package, unreadable TOML)
are not kept.
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError

if TYPE_CHECKING:
    from ..mapping.lint import LintReport
    from ..model import Finding

# the environment names of mapping.lint and taxonomy.package (tests/test_check_mappings.py checks they agree),
# here so that the parser and an answer from the cache import neither
REFERENCE_ENV = "IXCONV_REFERENCE"
TAXONOMY_ENV = "IXCONV_TAXONOMY"
NO_CACHE_ENV = "IXCONV_NO_RESULT_CACHE"
RESULT_FORMAT = 1


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "check-mappings",
        help="check the mapping rule files against the taxonomy",
        description="Check mapping rule files (taxonomy/*.toml) against a us-gaap taxonomy package: concepts exist "
                    "and are not abstract, period and item types fit, balances and calculation weights agree, "
                    "no deprecated concepts, sound extension concepts and axes, valid regexes, unique ids.",
        epilog="Exit status: 0 clean, 1 errors (or warnings with --strict), 2 unusable input. "
               "Codes and the rule format: taxonomy/README.md.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATHS",
                        help="rule files or folders (default: the project's taxonomy/ folder)")
    parser.add_argument("--taxonomy", metavar="PACKAGE.zip",
                        help=f"us-gaap taxonomy package (default: ${TAXONOMY_ENV}, else ../shared/taxonomies/us-gaap-2011.zip)")
    parser.add_argument("--target-year", type=_year, metavar="YYYY",
                        help="year of the filings the rules are for; concepts deprecated by then are errors "
                             "(default: the package's us-gaap year)")
    parser.add_argument("--reference", metavar="DIR", type=Path,
                        help=f"SEC EDGAR reference data folder (default: ${REFERENCE_ENV}, else ../shared/reference/sec-edgar)")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="text: file:line: level: code: message; json: a list of objects; "
                             "github: GitHub Actions annotations")
    parser.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    parser.set_defaults(func=run)


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"not a year: {text!r}")
    return int(text)


def run(args: argparse.Namespace) -> int:
    """The check, or its kept report when nothing it depends on changed (module docstring)."""
    from ..taxonomy.package import resolve_taxonomy_path

    package = resolve_taxonomy_path(args.taxonomy)
    kept = _result_file(args, package)
    if kept is not None:
        try:
            result = json.loads(kept.read_text(encoding="utf-8"))
            out, err, code = result["stdout"], result["stderr"], int(result["exit"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # absent or unreadable: the checks run
        else:
            sys.stdout.write(out)
            sys.stderr.write(err)
            return code
    out_buffer, err_buffer = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out_buffer), contextlib.redirect_stderr(err_buffer):
            code = _check(args, package)
    finally:  # what was printed is printed, whether or not the run finished
        sys.stdout.write(out_buffer.getvalue())
        sys.stderr.write(err_buffer.getvalue())
    if kept is not None:
        _keep(kept, {"format": RESULT_FORMAT, "stdout": out_buffer.getvalue(), "stderr": err_buffer.getvalue(),
                     "exit": code})
    return code


def _files_of(root: Path) -> list[list]:
    """[relative path, size, mtime] of every file below ``root`` (or of ``root`` itself)."""
    if root.is_file():
        st = root.stat()
        return [[root.name, st.st_size, st.st_mtime_ns]]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = Path(folder, name)
            try:
                st = path.stat()
            except OSError:
                continue
            found.append([path.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns])
    return found


def _bytes_of(root: Path) -> str:
    """SHA-256 of the names and bytes of every file below ``root`` (or of ``root``); '' when it is absent."""
    digest = hashlib.sha256()
    paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
    for path in paths:
        digest.update(str(path.relative_to(root) if path != root else path.name).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest() if paths else ""


def _result_file(args: argparse.Namespace, package: Path) -> Path | None:
    """Where the report of this very check is kept (module docstring); None: never kept."""
    if os.environ.get(NO_CACHE_ENV):
        return None
    from .. import __version__
    from ..locations import cache_dir, default_rules, shared_path

    try:
        roots = [Path(p).resolve() for p in args.paths] if args.paths else [default_rules().resolve()]
        if any(not r.exists() for r in roots):
            return None  # the check says what is missing
        reference = Path(args.reference) if args.reference else shared_path(REFERENCE_ENV, "reference", "sec-edgar")
        code = Path(__file__).resolve().parents[1]
        st = package.stat()
        identity = json.dumps([
            RESULT_FORMAT, __version__, sys.version, os.getcwd(), _files_of(code),
            [[str(r), _bytes_of(r)] for r in roots], [str(package.resolve()), st.st_size, st.st_mtime_ns],
            [str(reference.resolve()), _files_of(reference) if reference.exists() else None],
            args.target_year, args.format, args.strict,
        ])
    except OSError:
        return None
    return cache_dir() / "check-mappings" / f"{hashlib.sha256(identity.encode()).hexdigest()[:32]}.json"


def _keep(path: Path, result: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(result), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # an unwritable cache only costs time


def _check(args: argparse.Namespace, package: Path) -> int:
    from ..mapping.lint import ReferenceData, ReferenceDataError, finding_dict, lint, taxonomy_version
    from ..taxonomy.index import load_index

    # the versions the rules are read against: the target year's, else the package's newest
    index = load_index(package)
    view = index.as_of(dt.date(args.target_year, 12, 31) if args.target_year is not None else None)
    try:
        report = lint(args.paths or None, view, target_year=args.target_year,
                      reference=ReferenceData(args.reference) if args.reference else None)
    except ReferenceDataError as exc:
        raise UserError(str(exc)) from None
    findings = [_displayed(f) for f in report.findings]
    if args.format == "json":
        print(json.dumps([finding_dict(f) for f in findings], indent=2))
    elif args.format == "github":
        for finding in findings:
            print(github_annotation(finding))
    else:
        for finding in findings:
            file, line = _where(finding)
            print(f"{file}:{line}: {finding.severity}: {finding.code}: {finding.message}")
        print(_summary(report, taxonomy_version(view, "us-gaap")), file=sys.stderr)
    if report.errors or (args.strict and report.warnings):
        return 1
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _summary(report: LintReport, taxonomy: str) -> str:
    head = f"ixconv check-mappings: {_count(len(report.files), 'file')}"
    if report.rules is not None:
        rs = report.rules
        head += (f", {_count(len(rs.rules), 'rule')}, {_count(len(rs.calculations), 'calculation')}, "
                 f"{_count(len(rs.statements), 'statement')}, {_count(len(rs.extensions), 'extension')}")
    head += f" against {taxonomy} (target year {report.target_year})"
    if not report.findings:
        return head + ": clean"
    counts = f"{_count(report.errors, 'error')}, {_count(report.warnings, 'warning')}"
    tail = "" if report.rules is not None else "; fix the errors above, then the taxonomy checks run"
    return f"{head}: {counts}{tail}"


def _where(finding: Finding) -> tuple[str, int]:
    """The rule file and line a finding is about (every lint finding has them; as ``finding_dict`` shows
    one without: no file, line 0)."""
    return (finding.span.file, finding.span.line) if finding.span is not None else ("", 0)


def _displayed(finding: Finding) -> Finding:
    """The finding with its file relative to the working directory when it lies below it."""
    span = finding.span
    if span is None:
        return finding
    path = Path(span.file)
    try:
        shown = os.path.relpath(path.resolve(), Path.cwd()) if path.is_absolute() else span.file
    except ValueError:  # another drive
        shown = span.file
    if shown.startswith(".."):
        shown = str(path)
    return dataclasses.replace(finding, span=dataclasses.replace(span, file=shown))


def _escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_annotation(finding: Finding) -> str:
    """One GitHub Actions workflow command: ``::error file=F,line=N,title=CODE::message``."""
    from ..mapping.lint import ERROR

    command = "error" if finding.severity == ERROR else "warning"
    file, line = _where(finding)
    return (f"::{command} file={_escape(file, property_value=True)},line={line},"
            f"title={_escape(finding.code, property_value=True)}::{_escape(finding.message)}")
