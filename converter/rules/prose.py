"""The ``[[prose]]`` entries of ``taxonomy/prose.toml``: figures stated in sentences and in guidance lists, each
found by a pattern (read by ``extract.prose.read_prose``) and tagged as the concept the entry names
(``mapping.prose.prose_facts``). A service below both stages that use it: the entry type, its loader and the
pattern macros.

An entry's ``pattern`` may use these macros (expanded here, documented in taxonomy/README.md):
``{MONEY}`` ($41.4 million, $(0.01), $0.09), ``{COUNT}`` (163), ``{PERCENT}`` (28%, negative 7%),
``{PERIOD}`` (the third quarter of 2012, last quarter, the quarter, June 30, 2013, the three months ended
March 31, 2025), ``{DATE}`` (a date only: March 31, 2025) and ``{MEMBER}`` (a segment phrase the company
profile names).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import RuleError, _read_toml, rule_file

MONEY = r"\$\s*\(?\s*\d[\d,]*(?:\.\d+)?\s*\)?(?:\s*(?:thousand|million|billion)\b)?"
COUNT = r"\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion)\b)?"
PERCENT = r"(?:negative\s+|minus\s+)?\(?-?\d+(?:\.\d+)?\)?\s*%"
MONTHS = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
DATE = MONTHS + r"\s+\d{1,2},\s*\d{4}"
# a duration ending on a printed date: its start comes from the release's own column for it
MONTHS_ENDED = (r"(?:the\s+)?(?:(?:three|six|nine|twelve|3|6|9|12)[\s-]+months?|(?:fiscal\s+)?(?:quarter|year))"
                r"\s+ended\s+" + DATE)
PERIOD = (
    r"(?:" + MONTHS_ENDED + r"|(?:the\s+)?(?:first|second|third|fourth)\s+quarter(?:\s+(?:of\s+)?(?:fiscal\s+)?\d{4})?"
    r"|(?:the\s+)?(?:last|previous|prior|same)\s+quarter(?:\s+last\s+year)?"
    r"|the\s+quarter"
    r"|(?:full|fiscal)\s+year\s+\d{4}|(?:fiscal\s+)?\d{4}\s+full\s+year"
    r"|" + MONTHS + r"\s+\d{1,2},\s*\d{4})"
)
MACROS = {"{MONEY}": MONEY, "{COUNT}": COUNT, "{PERCENT}": PERCENT, "{PERIOD}": PERIOD, "{DATE}": DATE}


@dataclass(frozen=True)
class ProseRule:
    id: str
    pattern: re.Pattern[str]
    concept: str
    unit: str
    sign: str
    section: str  # "text" | "guidance"
    dims: tuple[tuple[str, str], ...]
    origin: str
    period: str = ""  # "event": the quarter the ``date`` group falls in (a dividend declared); "only": the
    # sentence's one period phrase (several different ones: not tagged)


def load_prose_rules(path: Path | None = None, members: dict[str, str] | None = None) -> list[ProseRule]:
    path = path or rule_file("prose.toml")
    if not path.is_file():
        return []
    _text, data = _read_toml(path)
    member_re = "|".join(f"(?:{p})" for p in (members or {})) or r"(?!x)x"
    out = []
    for entry in data.get("prose", []):
        pattern = entry.get("pattern", "")
        if "{MEMBER}" in pattern and not members:
            continue  # the company names no segments: the entry cannot apply
        for macro, regex in MACROS.items():
            pattern = pattern.replace(macro, regex)
        pattern = pattern.replace("{MEMBER}", member_re)
        try:
            out.append(ProseRule(
                entry["id"], re.compile(pattern, re.IGNORECASE), entry["concept"], entry["unit"],
                entry.get("sign", "as-printed"), entry.get("section", "text"),
                tuple((str(k), str(v)) for k, v in (entry.get("dims") or {}).items()), f"{path.name}#{entry['id']}",
                str(entry.get("period", "")),
            ))
        except (KeyError, re.error) as exc:
            raise RuleError(f"{path}: prose entry {entry.get('id', '?')!r} is incomplete or has a bad pattern: {exc}") from None
        if out[-1].period not in ("", "event", "only"):
            raise RuleError(f"{path}: prose entry {entry['id']!r}: period must be \"event\", \"only\" or absent, "
                            f"not {out[-1].period!r}")
    return out
