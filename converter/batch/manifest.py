"""A batch manifest: what each release needs that it does not print (CIK, company, ticker, prefix, ...).

CSV with a header row, or TOML with one ``[[release]]`` table per release; the same keys either way:

``release`` (required: the release's path, relative to the manifest's folder, or its file name when the
batch's inputs give its folder), ``cik``, ``company``, ``ticker``, ``prefix``, ``profile`` (a company
profile file), ``report_date`` (YYYY-MM-DD), ``prior`` (the company's earlier filings: paths, ``;``
between them in CSV, a list in TOML), ``truth`` (the company's own XBRL for the period, graded like
``ixconv eval``), ``accession`` (with a companyfacts JSON truth: that filing's entries), ``timeout``
(seconds, this release's own time limit). Paths are relative to the manifest's folder. An unknown key
is an error (a misspelt column would otherwise be ignored silently).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError

KEYS = ("release", "cik", "company", "ticker", "prefix", "profile", "report_date", "prior", "truth", "accession",
        "timeout")


@dataclass(frozen=True)
class Entry:
    release: Path  # as resolved against the manifest's folder
    name: str  # the release as written in the manifest
    where: str  # manifest:line, for messages
    cik: str | None = None
    company: str | None = None
    ticker: str | None = None
    prefix: str | None = None
    profile: Path | None = None
    report_date: str | None = None
    prior: tuple[Path, ...] = ()
    truth: Path | None = None
    accession: str | None = None
    timeout: float | None = None

    @property
    def overrides(self) -> dict[str, str]:
        """The company options this entry gives (the keys ``convert_release`` takes)."""
        values = {"cik": self.cik, "name": self.company, "ticker": self.ticker, "prefix": self.prefix}
        return {k: v for k, v in values.items() if v}


def _rows(path: Path) -> list[tuple[int, dict]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"manifest {path}: cannot read it ({exc})") from None
    if path.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise UserError(f"manifest {path}: not valid TOML ({exc}); write one [[release]] table per release") from None
        releases = data.get("release")
        if not isinstance(releases, list) or not all(isinstance(r, dict) for r in releases):
            raise UserError(f"manifest {path}: no [[release]] tables; write one per release with release = \"PATH\"")
        return [(n, r) for n, r in enumerate(releases, 1)]
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise UserError(f"manifest {path}: empty; the first line names the columns ({', '.join(KEYS)})")
    reader.fieldnames = [f.strip().lower() for f in reader.fieldnames]
    return [(reader.line_num, {k: v for k, v in row.items() if k is not None}) for row in reader]


def _text(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def read_manifest(path: Path) -> list[Entry]:
    """The manifest's entries, in its order; a one-line ``UserError`` for anything unusable."""
    base = path.parent
    entries: list[Entry] = []
    seen: set[Path] = set()
    kind = "table" if path.suffix.lower() == ".toml" else "line"
    for number, row in _rows(path):
        where = f"{path}:{number}" if kind == "line" else f"{path} [[release]] {number}"
        unknown = sorted(set(row) - set(KEYS))
        if unknown:
            raise UserError(f"manifest {where}: unknown key {', '.join(map(repr, unknown))}; the keys are {', '.join(KEYS)}")
        release = _text(row.get("release"))
        if release is None:
            raise UserError(f"manifest {where}: no release path")
        resolved = (base / release).resolve()
        if resolved in seen:
            raise UserError(f"manifest {where}: {release} is listed twice")
        seen.add(resolved)
        prior = row.get("prior") or ()
        if isinstance(prior, str):
            prior = [p for p in (s.strip() for s in prior.split(";")) if p]
        report_date = _text(row.get("report_date"))
        if report_date is not None:
            try:
                dt.date.fromisoformat(report_date)
            except ValueError:
                raise UserError(f"manifest {where}: report_date {report_date!r} is not a date like 2013-11-06") from None
        timeout = _text(row.get("timeout"))
        try:
            limit = float(timeout) if timeout is not None else None
        except ValueError:
            limit = -1.0
        if limit is not None and not limit > 0:
            raise UserError(f"manifest {where}: timeout {timeout!r} is not a number of seconds above 0")
        profile, truth = _text(row.get("profile")), _text(row.get("truth"))
        entries.append(Entry(
            release=resolved, name=release, where=where, cik=_text(row.get("cik")), company=_text(row.get("company")),
            ticker=_text(row.get("ticker")), prefix=_text(row.get("prefix")),
            profile=(base / profile).resolve() if profile else None, report_date=report_date,
            prior=tuple((base / str(p)).resolve() for p in prior), truth=(base / truth).resolve() if truth else None,
            accession=_text(row.get("accession")), timeout=limit))
    if not entries:
        raise UserError(f"manifest {path}: lists no release")
    for entry in entries:
        for label, file in (("profile", entry.profile), ("truth", entry.truth)):
            if file is not None and not file.is_file():
                raise UserError(f"manifest {entry.where}: {label} {file} not found")
    return entries


def match(entries: list[Entry], releases: list[Path]) -> dict[int, Entry]:
    """Which entry applies to which release (by position in ``releases``): the same file, else the same
    file name when exactly one entry has it (a manifest kept apart from the releases' folder)."""
    by_path = {e.release: e for e in entries}
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        by_name.setdefault(Path(entry.name).name, []).append(entry)
    out = {}
    for n, release in enumerate(releases):
        found = by_path.get(release.resolve())
        if found is None:
            named = by_name.get(release.name, [])
            found = named[0] if len(named) == 1 else None
        if found is not None:
            out[n] = found
    return out
