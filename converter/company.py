"""Company facts (CIK, name, ticker, extension prefix and namespace, fiscal year end).

From a profile file (``--profile FILE``, or ``<release>.profile.toml`` beside the release), overridden
by command-line options. A required fact that is still unknown is a one-line error.

Defaults are never silent: ``resolve_company`` returns, beside the ``Company``, one ``guess.*`` warning
per value it had to assume (the extension prefix from the lower-cased ticker, the EDGAR convention; the
placeholder namespace; a December 31 fiscal year end), and ``extract.cover.filing_guesses`` those about
the filing (a report date read from the dateline or the first dated line; the dei version chosen by that date). They reach the
console summary and the review report like any other warning.
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

from .errors import IxconvError
from .model import CalendarHint, Company, Finding, Severity, YearEndRule

REQUIRED = ("name", "cik", "prefix")
OPTION = {"name": "--company", "cik": "--cik", "prefix": "--prefix (or --ticker, whose lower case is the default prefix)"}
DEFAULT_NAMESPACE = "http://{prefix}.example.com/{date}"  # EDGAR's form: http://{authority}/{yyyymmdd}
DEFAULT_FISCAL_YEAR_END = "--12-31"


class ProfileError(IxconvError):
    pass


def read_profile(profile: Path) -> dict:
    """The profile's TOML, or a one-line ``ProfileError``."""
    try:
        return tomllib.loads(profile.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"profile {profile}: cannot read it ({exc}); fix it (TOML, see samples/*.profile.toml) or give another --profile") from None


def _where(profile: Path | None) -> str:
    return f" (profile {profile})" if profile is not None else ""


def profile_beside(release: Path) -> Path | None:
    candidate = release.with_name(release.stem + ".profile.toml")
    return candidate if candidate.is_file() else None


def load_company(profile: Path | None, overrides: dict[str, str | None], report_date: dt.date,
                 stated: dict[str, str] | None = None) -> Company:
    """Company facts: what the document states, overridden by the profile, overridden by options."""
    return resolve_company(profile, overrides, report_date, stated)[0]


def _guess(code: str, message: str) -> Finding:
    return Finding(f"guess.{code}", Severity.WARNING, message)


def resolve_company(profile: Path | None, overrides: dict[str, str | None], report_date: dt.date,
                    stated: dict[str, str] | None = None) -> tuple[Company, list[Finding]]:
    """(the company, one ``guess.*`` warning per value assumed rather than stated or given)."""
    values: dict[str, str] = {k: v for k, v in (stated or {}).items() if v}
    if profile is not None:
        data = read_profile(profile)
        values.update({k: str(v) for k, v in (data.get("company") or {}).items()})
    values.update({k: v for k, v in overrides.items() if v})
    guesses: list[Finding] = []
    if not values.get("prefix") and values.get("ticker"):
        derived = re.sub(r"[^a-z0-9]", "", values["ticker"].lower())
        if re.fullmatch(r"[a-z][a-z0-9]{0,19}", derived):
            values["prefix"] = derived
            guesses.append(_guess("prefix", f"extension prefix {derived!r} taken from the ticker {values['ticker']} "
                                            f"(lower-cased, the EDGAR convention); give --prefix to choose another"))
    missing = [k for k in REQUIRED if not values.get(k)]
    if missing:
        opts = ", ".join(OPTION[k] for k in missing)
        raise ProfileError(
            f"company {', '.join(missing)} unknown: the release does not state it; give {opts} or a --profile file"
        )
    cik = re.sub(r"\D", "", values["cik"])
    if not cik or len(cik) > 10:
        raise ProfileError(f"CIK {values['cik']!r}{_where(profile)} is not a number of at most 10 digits; give the SEC's CIK with --cik or in the profile")
    prefix = values["prefix"].lower()
    if not re.fullmatch(r"[a-z][a-z0-9]{0,19}", prefix):
        raise ProfileError(f"extension prefix {prefix!r}{_where(profile)} must be lower-case letters and digits, starting with a letter; give one with --prefix or in the profile")
    namespace = values.get("namespace")
    if not namespace:
        namespace = DEFAULT_NAMESPACE.replace("{prefix}", prefix)
        guesses.append(_guess("namespace", f"extension namespace {namespace.replace('{date}', f'{report_date:%Y%m%d}')} "
                                           f"is a placeholder (no namespace in a profile); set namespace = "
                                           f"\"http://<your domain>/{{date}}\" in the company profile"))
    namespace = namespace.replace("{date}", f"{report_date:%Y%m%d}")
    fiscal_year_end = values.get("fiscal_year_end")
    if not fiscal_year_end:
        fiscal_year_end = DEFAULT_FISCAL_YEAR_END
        guesses.append(_guess("fiscalYearEnd", "fiscal year end assumed December 31 (the release does not state it "
                                               "and no profile gives it); set fiscal_year_end = \"--MM-DD\" in the profile"))
    company = Company(
        name=values["name"], cik=cik, ticker=values.get("ticker", "").upper(), prefix=prefix,
        namespace=namespace, fiscal_year_end=fiscal_year_end,
    )
    return company, guesses


def load_calendar_hint(profile: Path | None, stated: dict[str, str] | None = None) -> CalendarHint:
    """What the profile's ``[company]`` says of the fiscal calendar (``fiscal_calendar``,
    ``fiscal_year_end``, ``extra_week_quarter``), over what the document states (``fiscal_year_end``)."""
    values: dict = {k: v for k, v in (stated or {}).items() if v}
    source = "the release"
    if profile is not None:
        data = read_profile(profile)
        company = data.get("company") or {}
        values.update(company)
        if company.get("fiscal_calendar"):
            source = f"profile {profile}"
    calendar = values.get("fiscal_calendar")
    if calendar is not None and not isinstance(calendar, str):
        raise ProfileError(f"profile {profile}: fiscal_calendar must be text such as \"last Saturday of September\" or \"calendar months\"")
    if calendar and not re.fullmatch(r"(?:calendar\s+)?months?", calendar.strip(), re.IGNORECASE) and YearEndRule.parse(calendar) is None:
        raise ProfileError(f"profile {profile}: fiscal_calendar {calendar!r} is not understood; write \"calendar months\", "
                           "\"last <weekday> of <month>\" or \"<weekday> nearest <month> <day>\"")
    extra = values.get("extra_week_quarter")
    if extra is not None and str(extra) not in ("1", "2", "3", "4"):
        raise ProfileError(f"profile {profile}: extra_week_quarter must be 1, 2, 3 or 4 (the quarter of a 53-week year that has 14 weeks)")
    return CalendarHint(calendar or None, values.get("fiscal_year_end"), (),
                        int(extra) if extra is not None else None, source)


def load_prior_paths(profile: Path | None) -> list[Path]:
    """The profile's ``[company] prior = [...]``: the company's earlier XBRL filings, relative to the profile."""
    if profile is None:
        return []
    data = read_profile(profile)
    prior = (data.get("company") or {}).get("prior", [])
    if isinstance(prior, str):
        prior = [prior]
    if not isinstance(prior, list) or not all(isinstance(p, str) and p for p in prior):
        raise ProfileError(f"profile {profile}: prior must be a list of file paths (the company's XBRL filings)")
    return [(profile.parent / p) if not Path(p).is_absolute() else Path(p) for p in prior]


def load_segments(profile: Path | None) -> list[dict[str, str]]:
    """The profile's ``[[segment]]`` entries: phrase (regex), member (extension local name), label."""
    if profile is None:
        return []
    data = read_profile(profile)
    out = []
    for n, entry in enumerate(data.get("segment", []), 1):
        if not isinstance(entry, dict) or not entry.get("phrase") or not entry.get("member"):
            raise ProfileError(f"profile {profile}: segment {n} needs a phrase and a member")
        if not re.fullmatch(r"[A-Z][A-Za-z0-9]*Member", str(entry["member"])):
            raise ProfileError(f"profile {profile}: segment member {entry['member']!r} must be a CamelCase name ending in Member")
        out.append({"phrase": str(entry["phrase"]), "member": str(entry["member"]),
                    "label": str(entry.get("label") or entry["member"])})
    return out
