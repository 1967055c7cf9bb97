"""The Python API behind ``converter.convert``: one call does what ``ixconv convert`` does.

``convert`` runs the whole pipeline (ingest, extract, mapping, checks, render, validation, export) with
the command line's defaults and returns a ``Result``: the tagged facts, every finding, the validation
report, and the files, held in memory so that ``Result.write`` can put them in any folder. Nothing
heavy is imported before ``convert`` is called (Arelle only when validation runs).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Union, cast

from .errors import IxconvError
from .model import Fact, Filing, Finding, Report

if TYPE_CHECKING:
    from .validate import ValidationReport

PathLike = Union[str, "os.PathLike[str]"]
COMPANY_KEYS = ("name", "cik", "ticker", "prefix")  # the --company, --cik, --ticker, --prefix options


@dataclass(frozen=True)
class Result:
    """What one conversion made.

    ``files`` maps each output file's path relative to the output folder (``<prefix>-<date>.htm``,
    ``report.json``, ``<prefix>-<date>-csv/...``) to its bytes; ``out_dir`` is where they were written by
    ``convert`` (``None`` when it was given no folder). ``report`` is the review report (``model.Report``:
    each fact with its source and rule, each number not tagged with its reason, the footings, the
    validation's summary) that ``report.json`` holds (``report.as_dict()``).
    """

    filing: Filing
    validation: ValidationReport | None
    files: Mapping[str, bytes] = field(repr=False)
    document_name: str
    report: Report = field(repr=False)
    out_dir: Path | None = None

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every tagged fact (concept, period, dimensions, unit, value, decimals, source span, rule)."""
        return self.filing.facts

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Everything not tagged or doubtful, with its reason and place (``Finding.severity``)."""
        return self.filing.findings

    @property
    def errors(self) -> int:
        """The validation's error count (0 when validation did not run)."""
        return self.validation.errors if self.validation is not None else 0

    def write(self, out_dir: PathLike) -> list[Path]:
        """Write every file into ``out_dir`` as one output set (built beside it and swapped in whole:
        ``outputs.write_output_set``) and return their paths, in a stable order."""
        from .outputs import write_output_set

        return write_output_set(Path(out_dir), dict(self.files))


def convert(release: PathLike, out_dir: PathLike | None = None, *, taxonomy: PathLike | None = None,
            company: PathLike | Mapping[str, str] | None = None, prior: Sequence[PathLike] = (),
            validate: bool = True, rules: PathLike | None = None, report_date: dt.date | None = None) -> Result:
    """Convert one earnings release into an Inline XBRL filing, as ``ixconv convert`` does.

    - ``out_dir``: where to write the files; ``None`` keeps them in memory only (``Result.write``).
    - ``taxonomy``: the us-gaap taxonomy package (zip); default ``$IXCONV_TAXONOMY``, else
      ``../shared/taxonomies/us-gaap-2011.zip`` beside the project.
    - ``company``: a company profile (TOML file), or a mapping of company facts that override the
      release and its profile (keys ``name``, ``cik``, ``ticker``, ``prefix``); default: the profile
      ``<release>.profile.toml`` beside the release, when there is one.
    - ``prior``: the company's earlier XBRL filings (instance, Inline XBRL, SEC companyfacts JSON) used
      as evidence, as ``--prior``: only what was filed before the release counts.
    - ``validate``: validate with Arelle and export xBRL-JSON/CSV (and write the viewer), as the
      command line does by default.
    - ``rules``: a rules folder merged over the default rules file by file (``--rules DIR``).
    - ``report_date``: the 8-K's date of report when the release does not print it.

    Raises ``IxconvError`` (with the one-line reason the command line prints) for input that cannot be
    converted; a filing that validates with errors is returned, with ``Result.errors`` above zero.
    """
    from .pipeline import convert_release
    from .taxonomy.package import resolve_taxonomy_path

    release_path = Path(release)
    package = resolve_taxonomy_path(os.fspath(taxonomy) if taxonomy is not None else None)
    profile, overrides = _company(company)
    with tempfile.TemporaryDirectory(prefix="ixconv-") as tmp:  # built whole before anything reaches out_dir
        outcome = convert_release(release_path, Path(tmp), taxonomy=package, profile=profile, overrides=overrides,
                                  report_date=report_date, validate=validate, viewer=validate,
                                  rules_dir=Path(rules) if rules is not None else None,
                                  prior=[Path(p) for p in prior])
        validation = cast("ValidationReport | None", outcome.validation)  # Outcome keeps it untyped
        assert outcome.report is not None  # convert_release always builds it
        result = Result(outcome.filing, validation, _files_below(Path(tmp)), outcome.rendered.document_name,
                        outcome.report)
    if out_dir is None:
        return result
    result.write(out_dir)
    return dataclasses.replace(result, out_dir=Path(out_dir))


def _company(company: PathLike | Mapping[str, str] | None) -> tuple[Path | None, dict[str, str | None]]:
    if company is None:
        return None, {}
    if isinstance(company, Mapping):
        unknown = sorted(set(company) - set(COMPANY_KEYS))
        if unknown:
            raise IxconvError(f"company: unknown key(s) {', '.join(unknown)}; use {', '.join(COMPANY_KEYS)}")
        return None, {key: (str(value) if value is not None else None) for key, value in company.items()}
    profile = Path(company)
    if not profile.is_file():
        raise IxconvError(f"company profile {profile} not found; give an existing profile (see samples/*.profile.toml) "
                          f"or a mapping with {', '.join(COMPANY_KEYS)}")
    return profile, {}


def _files_below(folder: Path) -> dict[str, bytes]:
    """Every file the conversion wrote into its (fresh) folder, by relative path."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}
