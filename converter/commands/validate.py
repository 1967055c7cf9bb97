"""``ixconv validate FILE_OR_DIR``: Arelle's validation with the SEC's EDGAR plugin, and the project's own rules, on
any Inline XBRL filing.

A file is validated as it is; a folder is searched (not recursively) for its Inline XBRL documents
(.htm, .html, .xhtml declaring the Inline XBRL namespace; ``report.html`` and viewers are not filings).
Several documents in one folder are one filing, an Inline XBRL document set, and are validated together.
A report package (``.xbri``, or a ``.zip`` holding ``META-INF/reportPackage.json``) is opened by Arelle as
a package: its report is validated as it stands in the package.
Exit status: 0 no error (or nothing ``--fail-on`` names), 1 errors, 2 unusable input (no such file, not
Inline XBRL, no taxonomy package).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ..errors import UserError
from ..model import Severity
from ..taxonomy.package import TAXONOMY_ENV, resolve_taxonomy_path
from .common import FORMATS, github_annotation

PACKAGE_SUFFIXES = (".xbri", ".zip")

INLINE_SUFFIXES = (".htm", ".html", ".xhtml")
NOT_FILINGS = {"report.html"}  # ixconv's own review report
VIEWER_NAME = re.compile(r"viewer|^ix\.x?html?$|^ixviewer", re.IGNORECASE)
# a namespace declaration binding the Inline XBRL namespace (1.1 or 1.0), anywhere in the document
IX_DECLARATION = re.compile(rb"""xmlns(?::[A-Za-z_][\w.\-]*)?\s*=\s*["']http://www\.xbrl\.org/(?:2013|2008)/inlineXBRL["']""")


def register(subparsers) -> None:
    p = subparsers.add_parser("validate", help="validate an Inline XBRL filing (Arelle and the EDGAR rules)")
    p.add_argument("target", type=Path, metavar="FILE_OR_DIR", help="an Inline XBRL document, or a folder of them")
    p.add_argument("--taxonomy", metavar="ZIP",
                   help=f"FASB us-gaap taxonomy package (zip); default ${TAXONOMY_ENV} or ../shared/taxonomies/us-gaap-2011.zip")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text for people (default), json for tools, github: GitHub Actions annotations")
    p.add_argument("--fail-on", choices=("error", "warning", "none"), default="error",
                   help="exit 1 on validation errors (default), on warnings too, or never")
    loudness = p.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    loudness.add_argument("-v", "--verbose", action="store_true", help="also print information messages")
    add_edgar_options(p)
    p.set_defaults(func=run)


def is_report_package(path: Path) -> bool:
    """A zip holding ``<top folder>/META-INF/reportPackage.json`` (Report Package 1.0)."""
    import zipfile

    if not path.is_file() or path.suffix.lower() not in PACKAGE_SUFFIXES:
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return any(n.count("/") == 2 and n.endswith("/META-INF/reportPackage.json") for n in archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def add_edgar_options(parser) -> None:
    from ..validate.edgar import (
        DEFAULT_DISCLOSURE_SYSTEM,
        DISCLOSURE_SYSTEM_ENV,
        EDGAR_PLUGIN_ENV,
    )

    parser.add_argument("--edgar-plugin", metavar="DIR",
                        help=f"the SEC's EDGAR plugin for Arelle (its EDGAR or EDGAR/validate folder; 'none' to skip); "
                             f"default ${EDGAR_PLUGIN_ENV} or ../shared/arelle-plugins/EDGAR/validate")
    parser.add_argument("--disclosure-system", metavar="NAME",
                        help=f"EDGAR disclosure system; default ${DISCLOSURE_SYSTEM_ENV} or {DEFAULT_DISCLOSURE_SYSTEM} "
                             f"(efm-pragmatic applies today's taxonomy list and blocks older taxonomies)")


def edgar_options(args):
    from ..validate.edgar import resolve_edgar

    return resolve_edgar(getattr(args, "edgar_plugin", None), getattr(args, "disclosure_system", None))


def is_inline_xbrl(path: Path) -> bool:
    """True when ``path`` declares the Inline XBRL namespace."""
    try:
        return IX_DECLARATION.search(path.read_bytes()) is not None
    except OSError:
        return False


def inline_documents(target: Path) -> list[Path]:
    """The Inline XBRL documents to validate: ``target`` itself, or those in the folder ``target``."""
    if target.is_dir():
        found = sorted(p for p in target.iterdir()
                       if p.is_file() and p.suffix.lower() in INLINE_SUFFIXES and not p.name.startswith(".")
                       and p.name.lower() not in NOT_FILINGS and not VIEWER_NAME.search(p.name) and is_inline_xbrl(p))
        if not found:
            raise UserError(f"no Inline XBRL document in {target} (looked for .htm/.html/.xhtml files declaring the "
                            f"namespace http://www.xbrl.org/2013/inlineXBRL)")
        return found
    if not target.exists():
        raise UserError(f"{target} not found")
    if not target.is_file():
        raise UserError(f"{target} is not a file or a folder")
    if is_report_package(target):
        return [target]
    if not is_inline_xbrl(target):
        raise UserError(f"{target} is not an Inline XBRL document (it does not declare the namespace "
                        f"http://www.xbrl.org/2013/inlineXBRL)")
    return [target]


def _entry(documents: list[Path]) -> tuple[str, str | None]:
    """Arelle's entry point and plugins: one document as is; several as one inline document set."""
    if len(documents) == 1:
        return str(documents[0]), None
    ixds = [{"file": str(d.resolve())} for d in documents]
    return json.dumps([{"ixds": ixds}]), "inlineXbrlDocumentSet"


def _shown(message, args) -> bool:
    if message.is_error:
        return True
    if args.quiet:
        return False
    return message.severity is Severity.WARNING or args.verbose


def _text(report, documents: list[Path], args) -> str:
    lines = [] if args.quiet else [f"{', '.join(str(d) for d in documents)}", report.summary_line(), report.edgar]
    for message in report.messages:
        if _shown(message, args):
            where = f" [{message.source}]" if message.source else ""
            lines.append(f"  {message.level}: {message.code}: {message.text}{where}")
    return "\n".join(lines) + "\n" if lines else ""


def _github(report, documents: list[Path], args) -> str:
    lines = []
    folder = documents[0].parent
    packaged = is_report_package(documents[0])
    for message in report.messages:
        if not _shown(message, args):
            continue
        source = message.source.split("#", 1)[0]
        file = str(documents[0])
        if source and not packaged and not source.startswith(("http:", "https:", "/")) and (folder / source).is_file():
            file = str(folder / source)  # a message about a file of the filing; others annotate the document
        lines.append(github_annotation(message.level, f"{message.code}: {message.text}", file=file,
                                       line=getattr(message, "line", None), title=message.code))
    lines.append(f"{', '.join(str(d) for d in documents)}: {report.summary_line()}")
    return "\n".join(lines) + "\n"


def run(args) -> int:
    documents = inline_documents(args.target)
    package = resolve_taxonomy_path(args.taxonomy)
    edgar = edgar_options(args)
    from ..validate import validate_filing

    entry, plugins = _entry(documents)
    report = validate_filing(entry, package, plugins=plugins, edgar=edgar)
    if not report.arelle.loaded:
        first = next((m.text for m in report.messages if m.severity is Severity.ERROR), "")
        raise UserError(f"Arelle could not load {args.target}" + (f": {first[:300]}" if first else ""))
    if args.format == "json":
        summary = report.summary().as_dict()
        summary["entry"] = str(args.target)
        summary["documents"] = [str(d) for d in documents]
        sys.stdout.write(json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    elif args.format == "github":
        sys.stdout.write(_github(report, documents, args))
    else:
        sys.stdout.write(_text(report, documents, args))
    if args.fail_on == "none":
        return 0
    return 1 if report.errors or (args.fail_on == "warning" and report.warnings) else 0
