"""``ixconv validate FILE_OR_DIR``: Arelle's validation and the project's EDGAR rules on any Inline XBRL filing.

A file is validated as it is; a folder is searched (not recursively) for its Inline XBRL documents
(.htm, .html, .xhtml declaring the Inline XBRL namespace; ``report.html`` and viewers are not filings).
Several documents in one folder are one filing, an Inline XBRL document set, and are validated together.
Exit status: 0 no error, 1 errors, 2 unusable input (no such file, not Inline XBRL, no taxonomy package).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ..errors import UserError
from ..model import Severity
from ..taxonomy.package import TAXONOMY_ENV, resolve_taxonomy_path

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
    p.add_argument("--format", choices=("text", "json"), default="text", help="text for people (default), json for tools")
    p.set_defaults(func=run)


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


def _text(report, documents: list[Path]) -> str:
    lines = [f"{', '.join(str(d) for d in documents)}", report.summary_line()]
    for message in report.messages:
        where = f" [{message.source}]" if message.source else ""
        lines.append(f"  {message.level}: {message.code}: {message.text}{where}")
    return "\n".join(lines) + "\n"


def run(args) -> int:
    documents = inline_documents(args.target)
    package = resolve_taxonomy_path(args.taxonomy)
    from ..validate import validate_filing

    entry, plugins = _entry(documents)
    report = validate_filing(entry, package, plugins=plugins)
    if not report.arelle.loaded:
        first = next((m.text for m in report.messages if m.severity is Severity.ERROR), "")
        raise UserError(f"Arelle could not load {args.target}" + (f": {first[:300]}" if first else ""))
    if args.format == "json":
        summary = report.summary()
        summary["entry"] = str(args.target)
        summary["documents"] = [str(d) for d in documents]
        sys.stdout.write(json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(_text(report, documents))
    return 1 if report.errors else 0
