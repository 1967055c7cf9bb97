"""Company facts (CIK, name, ticker, extension prefix and namespace, fiscal year end).

From a profile file (``--profile FILE``, or ``<release>.profile.toml`` beside the release), overridden
by command-line options. A required fact that is still unknown is a one-line error.
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

from .errors import IxconvError
from .model import CalendarHint, Company, YearEndRule

REQUIRED = ("name", "cik", "prefix")


class ProfileError(IxconvError):
    pass


def _where(profile: Path | None) -> str:
    return f" (profile {profile})" if profile is not None else ""


def profile_beside(release: Path) -> Path | None:
    candidate = release.with_name(release.stem + ".profile.toml")
    return candidate if candidate.is_file() else None


def load_company(profile: Path | None, overrides: dict[str, str | None], report_date: dt.date,
                 stated: dict[str, str] | None = None) -> Company:
    """Company facts: what the document states, overridden by the profile, overridden by options."""
    values: dict[str, str] = {k: v for k, v in (stated or {}).items() if v}
    if profile is not None:
        try:
            data = tomllib.loads(profile.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ProfileError(f"profile {profile}: cannot read it ({exc}); fix it (TOML, see samples/*.profile.toml) or give another --profile") from None
        values.update({k: str(v) for k, v in (data.get("company") or {}).items()})
    values.update({k: v for k, v in overrides.items() if v})
    missing = [k for k in REQUIRED if not values.get(k)]
    if missing:
        opts = ", ".join(f"--{k}" for k in missing)
        raise ProfileError(
            f"company {', '.join(missing)} unknown: the release does not state it; give {opts} or a --profile file"
        )
    cik = re.sub(r"\D", "", values["cik"])
    if not cik or len(cik) > 10:
        raise ProfileError(f"CIK {values['cik']!r}{_where(profile)} is not a number of at most 10 digits; give the SEC's CIK with --cik or in the profile")
    prefix = values["prefix"].lower()
    if not re.fullmatch(r"[a-z][a-z0-9]{0,19}", prefix):
        raise ProfileError(f"extension prefix {prefix!r}{_where(profile)} must be lower-case letters and digits, starting with a letter; give one with --prefix or in the profile")
    namespace = values.get("namespace") or f"http://{prefix}.example.com/{{date}}"  # EDGAR: http://{authority}/{yyyymmdd}
    namespace = namespace.replace("{date}", f"{report_date:%Y%m%d}")
    return Company(
        name=values["name"], cik=cik, ticker=values.get("ticker", "").upper(), prefix=prefix,
        namespace=namespace, fiscal_year_end=values.get("fiscal_year_end", "--12-31"),
    )


def load_calendar_hint(profile: Path | None, stated: dict[str, str] | None = None) -> CalendarHint:
    """What the profile's ``[company]`` says of the fiscal calendar (``fiscal_calendar``,
    ``fiscal_year_end``, ``extra_week_quarter``), over what the document states (``fiscal_year_end``)."""
    values: dict = {k: v for k, v in (stated or {}).items() if v}
    source = "the release"
    if profile is not None:
        try:
            data = tomllib.loads(profile.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ProfileError(f"profile {profile}: cannot read it ({exc}); fix it (TOML, see samples/*.profile.toml) or give another --profile") from None
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


def load_segments(profile: Path | None) -> list[dict[str, str]]:
    """The profile's ``[[segment]]`` entries: phrase (regex), member (extension local name), label."""
    if profile is None:
        return []
    try:
        data = tomllib.loads(profile.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"profile {profile}: cannot read it ({exc}); fix it (TOML, see samples/*.profile.toml) or give another --profile") from None
    out = []
    for n, entry in enumerate(data.get("segment", []), 1):
        if not isinstance(entry, dict) or not entry.get("phrase") or not entry.get("member"):
            raise ProfileError(f"profile {profile}: segment {n} needs a phrase and a member")
        if not re.fullmatch(r"[A-Z][A-Za-z0-9]*Member", str(entry["member"])):
            raise ProfileError(f"profile {profile}: segment member {entry['member']!r} must be a CamelCase name ending in Member")
        out.append({"phrase": str(entry["phrase"]), "member": str(entry["member"]),
                    "label": str(entry.get("label") or entry["member"])})
    return out
