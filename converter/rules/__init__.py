"""Mapping rules, calculations, statements and extension concepts: data files in ``taxonomy/``.

The format is TOML (read with the standard library) and documented in ``taxonomy/README.md``.
Each loaded item remembers its file and line, so every message can name them.
"""
from __future__ import annotations

import pickle
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import IxconvError
from ..locations import default_rules

STATEMENTS = ("income", "balance", "cashflow", "nongaap", "breakdown", "equity", "other")
UNIT_KINDS = ("monetary", "perShare", "shares", "pure", "percent", "count")
SIGNS = ("as-printed", "negated", "magnitude")
AT = ("start", "end")  # where an instant row of a duration column sits
PERIOD_OF_STATEMENT = {"balance": "instant", "income": "duration", "cashflow": "duration",
                       "nongaap": "duration", "breakdown": "duration", "equity": "duration"}


class RuleError(IxconvError):
    """A rule file cannot be read; the message names file and line."""


@dataclass(frozen=True)
class Origin:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class MappingRule:
    id: str
    statement: str
    label: str  # regex, matched in full against the normalised row label
    concept: str  # prefix:name
    unit: str
    origin: Origin
    sign: str = "as-printed"
    section: str | None = None  # regex searched in the nearest heading above the row
    not_section: str | None = None  # regex: the rule does not apply when the nearest heading matches it
    dims: tuple[tuple[str, str], ...] = ()
    balance: str | None = None  # expected balance of the concept, when the author states it
    period: str | None = None  # "instant" | "duration" when the author states it
    title: str | None = None  # regex searched in the table's title (which table a breakdown rule reads)
    at: str | None = None  # an instant row in a duration column: "start" (the day before) or "end" of the column
    fallback: bool = False  # applies only when no other rule matches the row
    also: bool = False  # tags the row a second time (as well as the rule that maps it), never instead of it
    non_gaap: str | None = None  # the concept of the row's non-GAAP column in a side-by-side reconciliation
    side_by_side: bool = False  # applies only to reconciliations printed GAAP | adjustments | non-GAAP
    previous_label: str | None = None  # TOML `previous`: regex matched in full against the label of the row just above (None: any)
    next_label: str | None = None  # TOML `next`: regex matched in full against the label of the row just below (None: any)
    net_of_above: bool = False  # each amount must be the row two above less the row just above (by magnitude)
    if TYPE_CHECKING:  # compiled in __post_init__; declared for the type checker only (not dataclass fields)
        _label_re: re.Pattern[str] = field(init=False)
        _squashed_re: re.Pattern[str] = field(init=False)
        _section_re: re.Pattern[str] | None = field(init=False)
        _not_section_re: re.Pattern[str] | None = field(init=False)
        _title_re: re.Pattern[str] | None = field(init=False)
        _previous_label_re: re.Pattern[str] | None = field(init=False)
        _next_label_re: re.Pattern[str] | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_label_re", re.compile(self.label, re.IGNORECASE))
        for key in ("previous_label", "next_label"):
            pattern = getattr(self, key)
            object.__setattr__(self, f"_{key}_re", re.compile(pattern, re.IGNORECASE) if pattern is not None else None)
        object.__setattr__(self, "_squashed_re", re.compile(_squash_pattern(self.label), re.IGNORECASE))
        object.__setattr__(
            self, "_section_re", re.compile(self.section, re.IGNORECASE) if self.section else None
        )
        object.__setattr__(
            self, "_not_section_re", re.compile(self.not_section, re.IGNORECASE) if self.not_section else None
        )
        object.__setattr__(self, "_title_re", re.compile(self.title, re.IGNORECASE) if self.title else None)

    @property
    def ref(self) -> str:
        return f"{Path(self.origin.file).name}#{self.id}"

    @property
    def has_neighbours(self) -> bool:
        """Whether the rule names the rows around its row (``previous`` / ``next``)."""
        return self.previous_label is not None or self.next_label is not None

    def neighbours_match(self, previous: str | None, following: str | None) -> bool:
        """Whether the normalised labels of the rows just above and below (None: no such row) are the ones
        the rule's ``previous`` and ``next`` name."""
        for pattern, label in ((self._previous_label_re, previous), (self._next_label_re, following)):
            if pattern is not None and (label is None or not pattern.fullmatch(label)):
                return False
        return True

    def match(self, label: str, section: str, alt_label: str = "", title: str = "") -> str | None:
        """'label' when the label matches as printed, 'squashed' when only with spaces removed,
        'repaired' when only once a letter doubled at an OCR split is dropped."""
        sec = self._section_re
        if sec is not None and not sec.search(section):
            return None
        not_sec = self._not_section_re
        if not_sec is not None and not_sec.search(section):
            return None
        tit = self._title_re
        if tit is not None and not tit.search(title):
            return None
        if self._label_re.fullmatch(label):
            return "label"
        if self._squashed_re.fullmatch(re.sub(r"\s+", "", label)):
            return "squashed"
        if alt_label and self._squashed_re.fullmatch(re.sub(r"\s+", "", alt_label)):
            return "repaired"
        return None


@dataclass(frozen=True)
class Calculation:
    id: str
    statement: str
    total: str  # concept
    parts: tuple[tuple[str, int], ...]  # (concept, weight)
    origin: Origin
    nonnegative: bool = False  # all parts are never negative: a total below known parts is wrong
    optional: frozenset[str] = frozenset()  # parts a table may lack (written with a trailing '?')
    at_start: frozenset[str] = frozenset()  # instant parts at the column's start (written with '@start')


@dataclass(frozen=True)
class StatementKind:
    kind: str
    title: str  # regex searched in the text above a table
    origin: Origin
    required: tuple[str, ...] = ()  # concepts a complete statement shows (reported missing otherwise)
    role: str = ""  # extension role name for its facts
    abstract: str = ""  # the concept heading its presentation
    # recognising an untitled table by its rows: regexes matched in full against the normalised row labels;
    # ``content_min`` of them must each match a row, and ``content_columns`` ("instant", "duration" or "")
    # is what every column's period must be
    content: tuple[str, ...] = ()
    content_min: int = 0
    content_columns: str = ""
    # regexes searched in a row's section: the row is in the current / the non-current part of a classified
    # balance sheet ("" where the statement has no such parts)
    current_section: str = ""
    noncurrent_section: str = ""
    if TYPE_CHECKING:  # compiled in __post_init__; declared for the type checker only (not dataclass fields)
        _re: re.Pattern[str] = field(init=False)
        _content: tuple[re.Pattern[str], ...] = field(init=False)
        _parts: tuple[tuple[str, re.Pattern[str]], ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_re", re.compile(self.title, re.IGNORECASE))
        object.__setattr__(self, "_content", tuple(re.compile(c, re.IGNORECASE) for c in self.content))
        object.__setattr__(self, "_parts", tuple((part, re.compile(pattern, re.IGNORECASE)) for part, pattern in
                                                 (("current", self.current_section), ("noncurrent", self.noncurrent_section))
                                                 if pattern))

    def matches(self, text: str) -> bool:
        return bool(self._re.search(text))

    def section_class(self, section: str) -> str | None:
        """"current" or "noncurrent" for a row whose section is one of those parts, else None."""
        return next((part for part, pattern in self._parts if pattern.search(section)), None)

    def content_evidence(self, labels: list[str]) -> list[str]:
        """The row labels that the ``content`` patterns match, one per pattern (first match), in pattern order."""
        found = []
        for pattern in self._content:
            hit = next((label for label in labels if pattern.fullmatch(label)), None)
            if hit is not None:
                found.append(hit)
        return found


@dataclass(frozen=True)
class ExtensionConcept:
    name: str  # local name, LC3 CamelCase
    type: str  # monetary | perShare | shares | pure | percent | string
    period: str
    origin: Origin
    balance: str | None = None
    label: str = ""
    terse_label: str | None = None
    documentation: str = ""
    calculation_parent: str | None = None


@dataclass(frozen=True)
class Gate:
    """A cross-check run before rendering (``taxonomy/gates.toml``). ``kind``:
    - ``per-share``: ``per_share`` x ``shares`` = one of ``income`` (same period), within the printed rounding;
    - ``cumulative``: a longer period's value of each of ``concepts`` is not below a shorter one it contains;
    - ``equal``: the ``concepts`` have one value for a period (e.g. assets and liabilities plus equity)."""

    id: str
    kind: str
    origin: Origin
    concepts: tuple[str, ...] = ()
    per_share: str = ""
    shares: str = ""
    income: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaptionRule:
    """Figures stated inside a row's caption ("$0.00001 par value: 50,400,000 shares authorized;
    15,943,425 and 16,426,786 shares issued and outstanding, respectively"), tagged at the columns' dates."""

    id: str
    statement: str
    row: str  # regex matched in full against the row's normalised label: which rows' captions it reads
    pattern: str  # regex searched in the caption; group 'value' holds one number, or one per column
    concept: str
    unit: str
    origin: Origin
    if TYPE_CHECKING:  # compiled in __post_init__; declared for the type checker only (not dataclass fields)
        _row_re: re.Pattern[str] = field(init=False)
        _pattern_re: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_row_re", re.compile(self.row, re.IGNORECASE))
        object.__setattr__(self, "_pattern_re", re.compile(self.pattern, re.IGNORECASE))

    def applies(self, label: str) -> bool:
        return bool(self._row_re.fullmatch(label))

    def search(self, caption: str):
        return self._pattern_re.search(caption)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[MappingRule, ...]
    calculations: tuple[Calculation, ...]
    statements: tuple[StatementKind, ...]
    extensions: tuple[ExtensionConcept, ...]
    files: tuple[str, ...] = field(default=())
    used_elsewhere: frozenset[str] = field(default=frozenset())  # extension names that prose/guidance entries use
    agreements: tuple[tuple[str, ...], ...] = ()  # concepts that measure the same amount in different tables
    prose_uses: tuple[tuple[Origin, str, str], ...] = ()  # (origin, id, concept) of [[prose]] entries
    gates: tuple[Gate, ...] = ()
    captions: tuple[CaptionRule, ...] = ()  # figures read from rows' captions

    def rules_for(self, statement: str) -> list[MappingRule]:
        return [r for r in self.rules if r.statement == statement]


def _squash_pattern(pattern: str) -> str:
    """The pattern with its whitespace removed, to match labels whose words OCR split or joined."""
    out = re.sub(r"\\s[+*?]?|\\ | [+*?]?", "", pattern)
    try:
        re.compile(out, re.IGNORECASE)  # as Rule compiles it: the compiled pattern is re's cached one
    except re.error:
        return pattern  # e.g. a class such as [\s] left empty: keep the pattern as written
    return out


def _table_lines(text: str, header: str) -> list[int]:
    """1-based line numbers of each ``[[header]]`` array-of-tables entry, in order."""
    pattern = re.compile(r"^\s*\[\[\s*" + re.escape(header) + r"\s*\]\]\s*(#.*)?$")
    return [i for i, line in enumerate(text.splitlines(), 1) if pattern.match(line)]


def _require(entry: dict, key: str, origin: Origin, kind: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise RuleError(f"{origin}: {kind} needs a text value for '{key}'")
    return value


def _entries(data: dict, text: str, header: str, name: str) -> list[tuple[dict, Origin]]:
    """Each ``[[header]]`` entry with its origin. Other spellings (``[header]``, ``header = [...]``) are
    refused: their entries cannot be given a line, and were silently skipped before."""
    entries = data.get(header, [])
    lines = _table_lines(text, header)
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries) or len(entries) != len(lines):
        raise RuleError(f"{name}: write each {header} as its own [[{header}]] table")
    return [(entry, Origin(name, line)) for entry, line in zip(entries, lines)]


# the rule files parsed in this process, by their text: ``check-mappings`` reads each file for its line
# numbers and then as rules, a conversion reads some for several stages; each text is parsed once
_PARSED: dict[str, bytes] = {}


def _read_toml(path: Path) -> tuple[str, dict]:
    """(text, parsed TOML) of a rule file; the parse is kept by text and each caller gets its own copy."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from None
    kept = _PARSED.get(text)
    if kept is None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise RuleError(f"{path}: not valid TOML: {exc}") from None
        kept = _PARSED[text] = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    return text, pickle.loads(kept)


def load_file(path: Path) -> RuleSet:
    text, data = _read_toml(path)
    name = str(path)
    rules, calcs, statements, extensions = [], [], [], []
    for entry, origin in _entries(data, text, "rule", name):
        for key in ("id", "statement", "label", "concept", "unit"):
            _require(entry, key, origin, "rule")
        try:
            dims = tuple((str(k), str(v)) for k, v in (entry.get("dims") or {}).items())
            rules.append(MappingRule(
                id=entry["id"], statement=entry["statement"], label=entry["label"], concept=entry["concept"],
                unit=entry["unit"], origin=origin, sign=entry.get("sign", "as-printed"),
                section=entry.get("section"), not_section=entry.get("not_section"), dims=dims, balance=entry.get("balance"), period=entry.get("period"), title=entry.get("title"),
                at=entry.get("at"), fallback=bool(entry.get("fallback", False)), also=bool(entry.get("also", False)),
                non_gaap=entry.get("non_gaap"), side_by_side=bool(entry.get("side_by_side", False)),
                previous_label=entry.get("previous"), next_label=entry.get("next"), net_of_above=bool(entry.get("net_of_above", False)),
            ))
        except re.error as exc:
            raise RuleError(f"{origin}: rule '{entry['id']}' has a bad regular expression: {exc}") from None
    for entry, origin in _entries(data, text, "calculation", name):
        parts, optional, starts = [], set(), set()
        for part in entry.get("parts", []):
            part = str(part).strip()
            weight = -1 if part.startswith("-") else 1
            concept = part.lstrip("+-").strip()  # (not ``name``: that is the file's, for the origins below)
            if concept.endswith("?"):
                concept = concept[:-1].strip()
                optional.add(concept)
            if concept.endswith("@start"):
                concept = concept[:-len("@start")].strip()
                starts.add(concept)
            parts.append((concept, weight))
        calcs.append(Calculation(
            id=_require(entry, "id", origin, "calculation"), statement=_require(entry, "statement", origin, "calculation"),
            total=_require(entry, "total", origin, "calculation"), parts=tuple(parts), origin=origin,
            nonnegative=bool(entry.get("nonnegative", False)), optional=frozenset(optional), at_start=frozenset(starts),
        ))
    for entry, origin in _entries(data, text, "statement", name):
        try:
            statements.append(StatementKind(
                kind=_require(entry, "kind", origin, "statement"), title=_require(entry, "title", origin, "statement"),
                origin=origin, required=tuple(entry.get("required", [])), role=entry.get("role", ""),
                abstract=entry.get("abstract", ""), content=tuple(str(c) for c in entry.get("content", [])),
                content_min=int(entry.get("content_min", len(entry.get("content", [])))),
                content_columns=str(entry.get("content_columns", "")),
                current_section=str(entry.get("current_section", "")),
                noncurrent_section=str(entry.get("noncurrent_section", "")),
            ))
        except re.error as exc:
            raise RuleError(f"{origin}: statement title or content has a bad regular expression: {exc}") from None
        except (TypeError, ValueError):
            raise RuleError(f"{origin}: statement content_min must be a whole number") from None
    for entry, origin in _entries(data, text, "extension", name):
        extensions.append(ExtensionConcept(
            name=_require(entry, "name", origin, "extension"), type=_require(entry, "type", origin, "extension"),
            period=_require(entry, "period", origin, "extension"), origin=origin, balance=entry.get("balance"),
            label=entry.get("label", ""), terse_label=entry.get("terse_label"),
            documentation=entry.get("documentation", ""), calculation_parent=entry.get("calculation_parent"),
        ))
    used = set()
    prose_uses = []
    for entry, origin in _entries(data, text, "prose", name):
        concept = str(entry.get("concept", ""))
        prose_uses.append((origin, str(entry.get("id", "?")), concept))
        if concept.startswith("ext:"):
            used.add(concept[4:])
    agreements = []
    for entry, origin in _entries(data, text, "agreement", name):
        concepts = entry.get("concepts")
        if not isinstance(concepts, list) or len(concepts) < 2:
            raise RuleError(f"{origin}: agreement needs a list of at least two concepts")
        agreements.append(tuple(str(c) for c in concepts))
    gates = []
    for entry, origin in _entries(data, text, "gate", name):
        kind = _require(entry, "kind", origin, "gate")
        if kind not in ("per-share", "cumulative", "equal"):
            raise RuleError(f"{origin}: gate kind {kind!r} is not one of per-share, cumulative, equal")
        gates.append(Gate(_require(entry, "id", origin, "gate"), kind, origin,
                          tuple(str(c) for c in entry.get("concepts", [])), str(entry.get("per_share", "")),
                          str(entry.get("shares", "")), tuple(str(c) for c in entry.get("income", []))))
    captions = []
    for entry, origin in _entries(data, text, "caption", name):
        for key in ("id", "statement", "row", "pattern", "concept", "unit"):
            _require(entry, key, origin, "caption")
        try:
            captions.append(CaptionRule(entry["id"], entry["statement"], entry["row"], entry["pattern"],
                                        entry["concept"], entry["unit"], origin))
        except re.error as exc:
            raise RuleError(f"{origin}: caption '{entry['id']}' has a bad regular expression: {exc}") from None
    return RuleSet(tuple(rules), tuple(calcs), tuple(statements), tuple(extensions), (name,),
                   used_elsewhere=frozenset(used), agreements=tuple(agreements), prose_uses=tuple(prose_uses),
                   gates=tuple(gates), captions=tuple(captions))


def rule_files(paths: list[Path] | None = None) -> list[Path]:
    """Every ``*.toml`` under the given files/folders (default: the default rules, the project's taxonomy/)."""
    roots = paths or [default_rules()]
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(sorted(p for p in root.rglob("*.toml") if "profiles" not in p.parts))
        elif root.is_file():
            files.append(root)
        else:
            raise RuleError(f"{root}: no such rule file or folder")
    return files


def _toml_below(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in rule_files([folder])}


def overlay_files(user: Path | None) -> list[Path]:
    """The rule files in effect with a user's rules folder (``--rules DIR``) merged over the defaults, file
    by file: a file of ``user`` replaces the default file at the same path relative to the folder
    (``prose.toml``, ``mappings/income.toml``); the user's other files are added; the other defaults stay.
    An empty file therefore removes a default one. Without ``user``: the defaults."""
    defaults = _toml_below(default_rules())
    if user is None:
        return list(defaults.values())
    if not user.is_dir():
        raise RuleError(f"{user}: no such rules folder (--rules wants a folder of *.toml rule files)")
    layered = {**defaults, **_toml_below(user)}
    return [layered[key] for key in sorted(layered)]


def rule_file(name: str, user: Path | None = None) -> Path:
    """The rule file ``name`` (relative to the rules folder, e.g. ``prose.toml``) in effect: the user's
    when their rules folder has it, else the default."""
    if user is not None and (user / name).is_file():
        return user / name
    return default_rules() / name


def load_rules(paths: list[Path] | None = None, *, overlay: Path | None = None) -> RuleSet:
    """The rules of ``paths`` (files or folders), or the defaults with ``overlay`` merged over them
    (``overlay_files``)."""
    merged = RuleSet((), (), (), (), ())
    for path in (rule_files(paths) if paths else overlay_files(overlay)):
        one = load_file(path)
        merged = RuleSet(
            merged.rules + one.rules, merged.calculations + one.calculations, merged.statements + one.statements,
            merged.extensions + one.extensions, merged.files + one.files, merged.used_elsewhere | one.used_elsewhere,
            merged.agreements + one.agreements, merged.prose_uses + one.prose_uses, merged.gates + one.gates,
            merged.captions + one.captions,
        )
    ids: dict[str, Origin] = {}
    for rule in merged.rules:
        if rule.id in ids:
            raise RuleError(f"{rule.origin}: rule id '{rule.id}' is used twice (first at {ids[rule.id]})")
        ids[rule.id] = rule.origin
    return merged
