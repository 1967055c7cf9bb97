"""The ``[[cover]]`` entries of ``taxonomy/cover.toml``: the 8-K cover's dei values, each found by a pattern
whose named groups hold the values (``extract.cover.read_cover``) and tagged as the concepts the entry names
for its groups (``mapping.cover.cover_facts``). A service below both stages that use it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import RuleError, _read_toml, rule_file


@dataclass(frozen=True)
class CoverRule:
    id: str
    pattern: re.Pattern
    concepts: dict[str, str]  # the pattern's group -> the dei concept its value is tagged as
    caption: re.Pattern | None  # the value is on the first non-blank line above the line this matches
    formats: dict[str, str]  # group -> the ixt transformation its printed form needs
    values: dict[str, str]  # group -> how its value is normalised ("date", "upper")
    origin: str


def load_cover_rules(path: Path | None = None) -> list[CoverRule]:
    path = path or rule_file("cover.toml")
    if not path.is_file():
        return []
    _text, data = _read_toml(path)
    out = []
    for entry in data.get("cover", []):
        try:
            out.append(CoverRule(
                entry["id"], re.compile(entry["pattern"], re.IGNORECASE), dict(entry["concepts"]),
                re.compile(entry["caption"], re.IGNORECASE) if entry.get("caption") else None,
                dict(entry.get("format", {})), dict(entry.get("value", {})), f"{path.name}#{entry['id']}",
            ))
        except (KeyError, re.error) as exc:
            raise RuleError(f"{path}: cover entry {entry.get('id', '?')!r} is incomplete or has a bad pattern: {exc}") from None
    return out
