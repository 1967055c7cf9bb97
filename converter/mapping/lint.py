"""Checks of the mapping rule files against a taxonomy package (``ixconv check-mappings``).

Each check is one function whose docstring is the rule's text; it yields ``Finding``s with a stable
code. Two kinds run in turn:

- entry checks read the TOML entries as written (required keys, values, regular expressions, ids);
- taxonomy checks read the loaded ``RuleSet`` against a ``TaxonomyView`` (concepts, period and item
  types, balances, calculation weights, deprecations, extension concepts, axes). They run only when
  the entry checks found no error, that is when the files load as the pipeline would load them.

Nothing here imports Arelle: the concept index is plain data cached on disk.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import IxconvError
from ..model import Finding, Severity, Span
from ..rules import (
    AT,
    PERIOD_OF_STATEMENT,
    SIGNS,
    STATEMENTS,
    UNIT_KINDS,
    ExtensionConcept,
    Origin,
    RuleSet,
    _entries,
    _read_toml,
    _squash_pattern,
    load_rules,
    rule_files,
)
from ..taxonomy.index import FAMILIES, Concept, ConceptIndex, TaxonomyView

REFERENCE_ENV = "IXCONV_REFERENCE"
REFERENCE_OPTION = "--reference"
ERROR, WARNING = Severity.ERROR, Severity.WARNING

TABLES = ("rule", "calculation", "statement", "extension", "cover", "prose", "agreement", "gate", "caption")
REQUIRED_KEYS = {
    "rule": ("id", "statement", "label", "concept", "unit"),
    "calculation": ("id", "statement", "total"),
    "statement": ("kind", "title"),
    "extension": ("name", "type", "period"),
    "cover": ("id", "pattern", "concepts"),
    "prose": ("id", "pattern", "concept", "unit"),
    "agreement": ("id", "concepts"),
    "gate": ("id", "kind"),
    "caption": ("id", "statement", "row", "pattern", "concept", "unit"),
}
KNOWN_KEYS = {
    "rule": REQUIRED_KEYS["rule"] + ("sign", "section", "not_section", "dims", "balance", "period", "title", "at", "fallback",
                                     "also", "non_gaap", "side_by_side", "previous", "next", "net_of_above"),
    "calculation": REQUIRED_KEYS["calculation"] + ("parts", "nonnegative"),
    "statement": REQUIRED_KEYS["statement"] + ("required", "role", "abstract", "content", "content_min",
                                               "content_columns", "current_section", "noncurrent_section"),
    "extension": REQUIRED_KEYS["extension"] + (
        "balance", "label", "terse_label", "documentation", "calculation_parent"),
    "cover": REQUIRED_KEYS["cover"] + ("caption", "format", "value"),
    "prose": REQUIRED_KEYS["prose"] + ("dims", "period", "scale", "sign", "section", "format"),
    "agreement": REQUIRED_KEYS["agreement"],
    "gate": REQUIRED_KEYS["gate"] + ("concepts", "per_share", "shares", "income"),
    "caption": REQUIRED_KEYS["caption"],
}
BALANCES = ("debit", "credit")
PERIODS = ("instant", "duration")
# extension ``type`` -> the XBRL item type it declares
EXTENSION_ITEM_TYPES = {
    "monetary": "monetaryItemType", "perShare": "perShareItemType", "shares": "sharesItemType",
    "pure": "pureItemType", "percent": "percentItemType", "string": "stringItemType", "count": "pureItemType",
    "axis": "stringItemType", "domain": "domainItemType", "member": "domainItemType",
}
QNAME = re.compile(r"^[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*$")
STATEMENT_WORDS = {"balance": "balance-sheet rows", "income": "income-statement rows", "cashflow": "cash-flow rows",
                   "nongaap": "non-GAAP reconciliation rows", "breakdown": "breakdown rows", "equity": "equity rows"}
LOOKS_STANDARD_CUTOFF = 0.9  # difflib ratio of the lower-cased names


class ReferenceDataError(IxconvError):
    """SEC EDGAR reference data is needed for a check but is not where it was looked for."""



def close_match(word: str, possibilities: Sequence[str], cutoff: float = 0.6) -> str | None:
    """What ``difflib.get_close_matches(word, possibilities, n=1, cutoff=cutoff)`` returns (its first
    match, or None), found faster: RapidFuzz's Indel ratio (2 x longest common subsequence / lengths) is
    never below difflib's ratio (its matching blocks are one common subsequence), so it keeps every name
    difflib could accept in C; difflib then scores only those, and the best (score, name) wins as in
    ``get_close_matches``. Same answer, a small fraction of the time on 15,000 names."""
    try:
        from rapidfuzz import fuzz, process
    except ImportError:  # pragma: no cover - rapidfuzz is a dependency; the slow path gives the same answer
        close = difflib.get_close_matches(word, possibilities, n=1, cutoff=cutoff)
        return close[0] if close else None
    kept = process.extract(word, possibilities, scorer=fuzz.ratio, score_cutoff=cutoff * 100 - 1e-6, limit=None)
    best: tuple[float, str] | None = None
    for name, _score, _key in kept:
        score = difflib.SequenceMatcher(None, name, word).ratio()
        if score >= cutoff and (best is None or (score, name) > best):
            best = (score, name)
    return best[1] if best else None


def finding_dict(finding: Finding) -> dict[str, object]:
    """A lint finding as the JSON output has always shown it: file, line, level, code, message."""
    span = finding.span
    return {"file": span.file if span else "", "line": span.line if span else 0, "level": str(finding.severity),
            "code": finding.code, "message": finding.message}


def taxonomy_version(index: TaxonomyView, prefix: str) -> str:
    """The family's version in use, e.g. 'us-gaap 2011-01-31'."""
    chosen = index.chosen.get(prefix)
    return f"{prefix} {chosen.date}" if chosen else f"no {prefix} schema"


def _finding(origin: Origin, level: Severity, code: str, message: str) -> Finding:
    """A finding located at a rule file's line (``Span`` with no columns)."""
    return Finding(code, level, message, Span(origin.file, origin.line, 0, 0))


# ------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Entry:
    """One ``[[table]]`` entry of a rule file, as written."""

    table: str
    data: dict[str, Any]
    origin: Origin

    @property
    def who(self) -> str:
        if self.table == "extension":
            return f"extension '{self.data.get('name', '?')}'"
        key = "kind" if self.table == "statement" else "id"
        return f"{self.table} '{self.data.get(key, '?')}'"


@dataclass(frozen=True)
class RuleSource:
    """The rule files as written: their entries in order, and top-level keys that are none of the tables."""

    entries: tuple[Entry, ...]
    strays: tuple[tuple[str, Origin], ...]


def read_rule_source(files: list[Path]) -> RuleSource:
    entries: list[Entry] = []
    strays: list[tuple[str, Origin]] = []
    for path in files:
        text, data = _read_toml(path)
        name = str(path)
        for table in TABLES:
            entries.extend(Entry(table, entry, origin) for entry, origin in _entries(data, text, table, name))
        strays.extend((key, Origin(name, _key_line(text, key))) for key in data if key not in TABLES)
    return RuleSource(tuple(entries), tuple(strays))


def _key_line(text: str, key: str) -> int:
    pattern = re.compile(r"^\s*(\[+\s*)?[\"']?" + re.escape(key) + r"[\"']?\s*[\].=]")
    return next((i for i, line in enumerate(text.splitlines(), 1) if pattern.match(line)), 1)


def default_reference_dir() -> Path:
    """$IXCONV_REFERENCE, else ../shared/reference/sec-edgar beside the project."""
    from ..locations import shared_path

    return shared_path(REFERENCE_ENV, "reference", "sec-edgar")


class ReferenceData:
    """The SEC EDGAR reference files, read when a check first needs one."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or default_reference_dir()
        self._files: dict[str, dict[str, Any]] = {}

    def load(self, name: str, why: str) -> dict[str, Any]:
        if name not in self._files:
            path = self.folder / name
            try:
                self._files[name] = json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise ReferenceDataError(
                    f"SEC EDGAR reference data not found: {path} (needed {why}; give {REFERENCE_OPTION} DIR "
                    f"or set {REFERENCE_ENV}=DIR)"
                ) from None
            except (OSError, ValueError) as exc:
                raise ReferenceDataError(f"SEC EDGAR reference data {path} is unreadable: {exc}") from None
        return self._files[name]

    def deprecated(self, family: str, why: str) -> dict[str, str]:
        """Concept name -> year or date it was deprecated, for us-gaap and dei."""
        if family not in ("us-gaap", "dei"):
            return {}
        return self.load(f"{family}-deprecated-concepts.json", why)

    def preferred_axes(self, why: str) -> dict[str, str]:
        """Standard axis (prefix:name) -> pattern of custom axis names that should use it (EFM 6.5.44)."""
        data = self.load("axiswarnings.json", why)
        return {k: v for k, v in data.items() if ":" in k and isinstance(v, str)}


@dataclass
class Context:
    """What the taxonomy checks read: the rules, the taxonomy, the target year and the reference data."""

    rules: RuleSet
    index: TaxonomyView
    target_year: int
    reference: ReferenceData

    @cached_property
    def extensions(self) -> dict[str, ExtensionConcept]:
        return {ext.name: ext for ext in self.rules.extensions}

    def is_standard(self, qname: str) -> bool:
        return qname.partition(":")[0] in FAMILIES

    def extension(self, qname: str) -> ExtensionConcept | None:
        return None if self.is_standard(qname) else self.extensions.get(qname.partition(":")[2])

    def concept(self, qname: str) -> Concept | None:
        """The taxonomy concept, or an extension concept seen as one; None when neither exists.
        ``a|b`` (a standard concept, else an extension) resolves to the first that exists."""
        if "|" in qname:
            return next((c for c in (self.concept(q.strip()) for q in qname.split("|")) if c is not None), None)
        if self.is_standard(qname):
            return self.index.get(qname)
        ext = self.extension(qname)
        if ext is None:
            return None
        return Concept(qname.partition(":")[0], ext.name, "", EXTENSION_ITEM_TYPES.get(ext.type, ext.type),
                       ext.period, ext.balance, ext.type in ("axis", "domain", "member"),
                       "dimensionItem" if ext.type == "axis" else "item", None)

    def version(self, prefix: str) -> str:
        return taxonomy_version(self.index, prefix)

    @cached_property
    def mapped(self) -> set[tuple[str, str]]:
        """(statement, concept) of every rule without dims: the facts footings and required lines look at."""
        return {(rule.statement, rule.concept) for rule in self.rules.rules if not rule.dims}

    @cached_property
    def standard_names(self) -> dict[str, str]:
        """Local name -> prefix:Name for every concept of the package's chosen versions."""
        names: dict[str, str] = {}
        for prefix in sorted(self.index.chosen):
            for name in self.index.names(prefix):
                names.setdefault(name, f"{prefix}:{name}")
        return names


@dataclass(frozen=True)
class ConceptUse:
    """A concept named somewhere in the rule files."""

    origin: Origin
    who: str
    qname: str
    role: str  # concept | total | part | required | calculation_parent | axis | member


def concept_uses(rules: RuleSet) -> Iterator[ConceptUse]:
    for rule in rules.rules:
        yield ConceptUse(rule.origin, f"rule '{rule.id}'", rule.concept, "concept")
        if rule.non_gaap:
            yield ConceptUse(rule.origin, f"rule '{rule.id}'", rule.non_gaap, "concept")
        for axis, member in rule.dims:
            yield ConceptUse(rule.origin, f"rule '{rule.id}'", axis, "axis")
            yield ConceptUse(rule.origin, f"rule '{rule.id}'", member, "member")
    for calc in rules.calculations:
        yield ConceptUse(calc.origin, f"calculation '{calc.id}'", calc.total, "total")
        for part, _ in calc.parts:
            yield ConceptUse(calc.origin, f"calculation '{calc.id}'", part, "part")
    for kind in rules.statements:
        for qname in kind.required:
            yield ConceptUse(kind.origin, f"statement '{kind.kind}'", qname, "required")
    for ext in rules.extensions:
        if ext.calculation_parent:
            yield ConceptUse(ext.origin, f"extension '{ext.name}'", ext.calculation_parent, "calculation_parent")
    for caption in rules.captions:
        yield ConceptUse(caption.origin, f"caption '{caption.id}'", caption.concept, "concept")
    for origin, pid, concept in rules.prose_uses:
        yield ConceptUse(origin, f"prose '{pid}'", concept, "concept")
    for group in rules.agreements:
        for concept in group:
            yield ConceptUse(Origin("agreement", 0), "agreement", concept, "concept")
    for gate in rules.gates:
        for concept in gate.concepts + gate.income + tuple(c for c in (gate.per_share, gate.shares) if c):
            yield ConceptUse(gate.origin, f"gate '{gate.id}'", concept, "concept")


# ------------------------------------------------------------------------------ entry checks


def check_required_keys(source: RuleSource) -> Iterator[Finding]:
    """Every entry has its required keys with a text value: a rule id, statement, label, concept and unit;
    a calculation id, statement and total; a statement kind and title; an extension name, type and period;
    a cover entry id and pattern and a table of concepts; an agreement id and a list of concepts."""
    for entry in source.entries:
        for key in REQUIRED_KEYS[entry.table]:
            value = entry.data.get(key)
            if key == "concepts" and isinstance(value, (dict, list)) and value:
                continue
            if not isinstance(value, str) or not value:
                yield _finding(entry.origin, ERROR, "mapping.missingKey",
                               f"{entry.who}: needs a text value for '{key}'")


def check_known_keys(source: RuleSource) -> Iterator[Finding]:
    """Only the keys of the format are used (a misspelt key is otherwise ignored without a word), and the
    top level holds only [[rule]], [[calculation]], [[statement]] and [[extension]] tables."""
    for key, origin in source.strays:
        yield _finding(origin, WARNING, "mapping.unknownKey",
                       f"'{key}' is not part of the rule format (expected {', '.join(f'[[{t}]]' for t in TABLES)})")
    for entry in source.entries:
        for key in entry.data:
            if key not in KNOWN_KEYS[entry.table]:
                close = close_match(key, KNOWN_KEYS[entry.table])
                hint = f"; did you mean '{close}'?" if close else ""
                yield _finding(entry.origin, WARNING, "mapping.unknownKey",
                               f"{entry.who}: '{key}' is not a key of [[{entry.table}]]{hint}")


def _choice(entry: Entry, key: str, allowed: tuple[str, ...], optional: bool = True) -> Iterator[Finding]:
    value = entry.data.get(key)
    if value is None and optional:
        return
    if isinstance(value, str) and value and value not in allowed:
        yield _finding(entry.origin, ERROR, "mapping.badValue",
                       f"{entry.who}: {key} = \"{value}\" is not one of {', '.join(allowed)}")
    elif value is not None and not isinstance(value, str):
        yield _finding(entry.origin, ERROR, "mapping.badValue", f"{entry.who}: {key} must be text")


def _qname(entry: Entry, key: str, value: object) -> Iterator[Finding]:
    if isinstance(value, str) and "|" in value:
        for option in value.split("|"):
            yield from _qname(entry, key, option.strip())
        return
    if isinstance(value, str) and not QNAME.match(value.replace("{label}", "Label")):
        yield _finding(entry.origin, ERROR, "mapping.badValue",
                       f"{entry.who}: {key} '{value}' is not a prefix:Name concept name")


def check_values(source: RuleSource) -> Iterator[Finding]:
    """Values come from the format's vocabularies: statement one of the statement kinds, unit one of
    monetary, perShare, shares, pure, percent, count; sign as-printed, negated or magnitude; balance debit
    or credit; period instant or duration; at start or end (with period instant); fallback true or false; extension type monetary, perShare, shares, pure, percent or string.
    Concepts are written prefix:Name; dims is a table of axis = member; parts and required are lists of
    concepts (a part may start with '-' for weight -1); nonnegative is true or false."""
    for entry in source.entries:
        data = entry.data
        if entry.table in ("rule", "calculation"):
            yield from _choice(entry, "statement", STATEMENTS, optional=False)
        if entry.table == "rule":
            yield from _choice(entry, "unit", UNIT_KINDS, optional=False)
            yield from _choice(entry, "sign", SIGNS)
            yield from _choice(entry, "balance", BALANCES)
            yield from _choice(entry, "period", PERIODS)
            yield from _choice(entry, "at", AT)
            if data.get("at") is not None and data.get("period") != "instant":
                yield _finding(entry.origin, ERROR, "mapping.badValue",
                               f"{entry.who}: at = \"{data.get('at')}\" places an instant: it needs period = \"instant\"")
            for flag in ("fallback", "also"):
                if flag in data and not isinstance(data[flag], bool):
                    yield _finding(entry.origin, ERROR, "mapping.badValue", f"{entry.who}: {flag} must be true or false")
            if "{label}" in str(data.get("concept", "")):
                yield _finding(entry.origin, ERROR, "mapping.badValue",
                               f"{entry.who}: {{label}} names members only (in dims), not the concept")
            yield from _qname(entry, "concept", data.get("concept"))
            dims = data.get("dims", {})
            if not isinstance(dims, dict) or not all(isinstance(v, str) for v in dims.values()):
                yield _finding(entry.origin, ERROR, "mapping.badValue",
                               f"{entry.who}: dims must be a table of axis = \"member\"")
            else:
                for axis, member in dims.items():
                    yield from _qname(entry, "dims axis", axis)
                    yield from _qname(entry, "dims member", member)
        elif entry.table == "calculation":
            yield from _qname(entry, "total", data.get("total"))
            parts = data.get("parts", [])
            if not isinstance(parts, list) or not parts or not all(isinstance(p, str) for p in parts):
                yield _finding(entry.origin, ERROR, "mapping.badValue",
                               f"{entry.who}: parts must be a non-empty list of concepts")
            else:
                for part in parts:
                    yield from _qname(entry, "part", part.strip().lstrip("+-").strip().rstrip("?").strip().removesuffix("@start").strip())
            if not isinstance(data.get("nonnegative", False), bool):
                yield _finding(entry.origin, ERROR, "mapping.badValue", f"{entry.who}: nonnegative must be true or false")
        elif entry.table == "statement":
            yield from _choice(entry, "kind", STATEMENTS, optional=False)
            required = data.get("required", [])
            if not isinstance(required, list) or not all(isinstance(q, str) for q in required):
                yield _finding(entry.origin, ERROR, "mapping.badValue", f"{entry.who}: required must be a list of concepts")
            else:
                for qname in required:
                    yield from _qname(entry, "required concept", qname)
            content = data.get("content", [])
            if not isinstance(content, list) or not all(isinstance(c, str) for c in content):
                yield _finding(entry.origin, ERROR, "mapping.badValue", f"{entry.who}: content must be a list of regexes")
            minimum = data.get("content_min", len(content) if isinstance(content, list) else 0)
            if isinstance(content, list) and content and (
                    not isinstance(minimum, int) or isinstance(minimum, bool) or not 1 <= minimum <= len(content)):
                yield _finding(entry.origin, ERROR, "mapping.badValue",
                               f"{entry.who}: content_min must be a whole number from 1 to the number of content patterns")
            if data.get("content_columns", "") not in ("", "instant", "duration"):
                yield _finding(entry.origin, ERROR, "mapping.badValue",
                               f"{entry.who}: content_columns must be instant or duration")
        elif entry.table == "extension":
            yield from _choice(entry, "type", tuple(EXTENSION_ITEM_TYPES), optional=False)
            yield from _choice(entry, "period", PERIODS, optional=False)
            yield from _choice(entry, "balance", BALANCES)
            name = data.get("name")
            if isinstance(name, str) and name and not re.fullmatch(r"[A-Z][A-Za-z0-9]*", name):
                yield _finding(entry.origin, ERROR, "mapping.badValue",
                               f"{entry.who}: name must be a CamelCase local name without prefix (letters and digits)")
            if data.get("calculation_parent") is not None:
                yield from _qname(entry, "calculation_parent", data.get("calculation_parent"))


def check_regexes(source: RuleSource) -> Iterator[Finding]:
    """Every label, section (and `not_section`), title and neighbour (`previous`, `next`) is a valid regular expression (Python ``re`` syntax), and so is the
    label with its whitespace removed, which matches labels whose words OCR split or joined."""
    keys = {"rule": ("label", "section", "not_section", "previous", "next"),
            "statement": ("title", "content", "current_section", "noncurrent_section"), "caption": ("row", "pattern")}
    for entry in source.entries:
        for key in keys.get(entry.table, ()):
            value = entry.data.get(key)
            for pattern in value if isinstance(value, list) else [value]:
                if not isinstance(pattern, str):
                    continue
                try:  # with the flag the rules are compiled with: re's cache compiles each pattern once
                    re.compile(pattern, re.IGNORECASE)
                    if key == "label":
                        re.compile(_squash_pattern(pattern), re.IGNORECASE)
                except re.error as exc:
                    yield _finding(entry.origin, ERROR, "mapping.badRegex",
                                   f"{entry.who}: {key} is not a valid regular expression: {exc}")


def check_unique_ids(source: RuleSource) -> Iterator[Finding]:
    """Rule ids are unique across all the files, and so are calculation ids and extension names
    (a rule and a calculation may share an id)."""
    key_of = {"rule": "id", "calculation": "id", "extension": "name"}
    seen: dict[tuple[str, str], Origin] = {}
    for entry in source.entries:
        key = key_of.get(entry.table)
        value = entry.data.get(key) if key else None
        if not isinstance(value, str):
            continue
        first = seen.get((entry.table, value))
        if first is None:
            seen[(entry.table, value)] = entry.origin
        else:
            yield _finding(entry.origin, ERROR, "mapping.duplicateId",
                           f"{entry.table} {key} '{value}' is used twice (first at {first})")


ENTRY_CHECKS: tuple[Callable[[RuleSource], Iterator[Finding]], ...] = (
    check_required_keys, check_known_keys, check_values, check_regexes, check_unique_ids,
)


# --------------------------------------------------------------------------- taxonomy checks


def check_concepts_exist(ctx: Context) -> Iterator[Finding]:
    """Every concept a rule, calculation, statement or extension names exists: a standard concept (us-gaap,
    srt, dei, ...) in the taxonomy package, any other prefix as a company extension defined by an
    [[extension]] entry."""
    for use in concept_uses(ctx.rules):
        if use.role == "member" and not ctx.is_standard(use.qname) and "|" not in use.qname:
            continue  # company members need no declaration here
        if use.role == "axis" and not ctx.is_standard(use.qname):
            continue  # custom axes: check_custom_axes
        if ctx.concept(use.qname) is not None:
            continue
        prefix, _, name = use.qname.partition(":")
        if not ctx.is_standard(use.qname):
            message = f"{use.qname} is not a taxonomy concept and no [[extension]] defines '{name}'"
        else:
            message = f"{use.qname} is not in the taxonomy ({ctx.version(prefix)})"
            close = close_match(name, ctx.index.names(prefix), cutoff=0.85)
            if close:
                message += f"; did you mean {prefix}:{close}?"
        yield _finding(use.origin, ERROR, "mapping.unknownConcept", f"{use.who}: {message}")


def check_not_abstract(ctx: Context) -> Iterator[Finding]:
    """A concept that carries a value (a rule's concept, a calculation's total and parts, a statement's
    required concepts) is not abstract: abstract concepts are headings and axes, they hold no facts."""
    for use in concept_uses(ctx.rules):
        if use.role in ("axis", "member"):
            continue
        concept = ctx.concept(use.qname)
        if concept is not None and concept.abstract:
            what = "an axis" if concept.substitution_group == "dimensionItem" else "a heading"
            yield _finding(use.origin, ERROR, "mapping.abstractConcept",
                           f"{use.who}: {use.qname} is abstract ({what} in the taxonomy) and cannot carry a value")


def check_dimensions(ctx: Context) -> Iterator[Finding]:
    """In dims, a standard axis is an axis (a dimension item) and a standard member is a domain member."""
    for rule in ctx.rules.rules:
        for axis, member in rule.dims:
            concept = ctx.concept(axis)
            if concept is not None and concept.substitution_group != "dimensionItem":
                yield _finding(rule.origin, ERROR, "mapping.dimension",
                               f"rule '{rule.id}': {axis} is not an axis")
            concept = ctx.concept(member)
            if concept is not None and concept.type != "domainItemType":
                yield _finding(rule.origin, ERROR, "mapping.dimension",
                               f"rule '{rule.id}': {member} is not a member (it is a {concept.type})")


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def check_period_types(ctx: Context) -> Iterator[Finding]:
    """A concept's period type fits where it is used: balance-sheet rows are instants; income-statement,
    cash-flow, non-GAAP, breakdown and equity rows are durations; a rule's own `period`, when given,
    overrides its statement's (a closing balance on a cash-flow statement is an instant). The parts of a
    calculation have the period type of its total."""
    for rule in ctx.rules.rules:
        concept = ctx.concept(rule.concept)
        if concept is None or concept.abstract:
            continue
        expected = rule.period or PERIOD_OF_STATEMENT.get(rule.statement)
        if expected and concept.period_type != expected:
            why = (f"the rule says period = \"{rule.period}\"" if rule.period
                   else f"{STATEMENT_WORDS.get(rule.statement, rule.statement + ' rows')} are {expected}s")
            yield _finding(rule.origin, ERROR, "mapping.periodType",
                           f"rule '{rule.id}': {rule.concept} is {_a(concept.period_type)} concept but {why}")
    for calc in ctx.rules.calculations:
        total = ctx.concept(calc.total)
        if total is None:
            continue
        for qname, _ in calc.parts:
            concept = ctx.concept(qname)
            if calc.at_start and total.period_type == "instant" and concept is not None and concept.period_type == "duration":
                continue  # a roll-forward: closing = opening (@start) + the change over the column's period
            if concept is not None and concept.period_type != total.period_type:
                yield _finding(calc.origin, ERROR, "mapping.periodType",
                               f"calculation '{calc.id}': {qname} is {_a(concept.period_type)} concept but the total "
                               f"{calc.total} is {_a(total.period_type)}; a sum binds facts of one period")


def check_item_types(ctx: Context) -> Iterator[Finding]:
    """A rule's concept has an item type that fits its unit kind: monetary -> monetaryItemType; perShare ->
    perShareItemType; shares -> sharesItemType; percent -> percentItemType or pureItemType; pure and count
    -> pureItemType, decimalItemType or an integer type."""
    for rule in ctx.rules.rules:
        concept = ctx.concept(rule.concept)
        if concept is None or concept.abstract or concept.fits_unit_kind(rule.unit):
            continue
        yield _finding(rule.origin, ERROR, "mapping.itemType",
                       f"rule '{rule.id}': unit \"{rule.unit}\" does not fit {rule.concept}, a {concept.type}")


def check_captions(ctx: Context) -> Iterator[Finding]:
    """A caption's concept is an instant where its statement's rows are (a balance sheet's captions state
    par values and share counts at the columns' dates) and its item type fits the caption's unit; the
    caption's statement and unit come from the rule format's vocabularies."""
    for cap in ctx.rules.captions:
        if cap.statement not in STATEMENTS or cap.unit not in UNIT_KINDS:
            yield _finding(cap.origin, ERROR, "mapping.badValue",
                           f"caption '{cap.id}': statement \"{cap.statement}\" or unit \"{cap.unit}\" is not of the format")
            continue
        concept = ctx.concept(cap.concept)
        if concept is None or concept.abstract:
            continue
        want = PERIOD_OF_STATEMENT.get(cap.statement)
        if want and concept.period_type != want:
            yield _finding(cap.origin, ERROR, "mapping.periodType",
                           f"caption '{cap.id}': {cap.concept} is {_a(concept.period_type)} concept but {cap.statement} "
                           f"rows are {want}s")
        if not concept.fits_unit_kind(cap.unit):
            yield _finding(cap.origin, ERROR, "mapping.itemType",
                           f"caption '{cap.id}': unit \"{cap.unit}\" does not fit {cap.concept}, a {concept.type}")


def check_balances(ctx: Context) -> Iterator[Finding]:
    """A rule's stated `balance` is the concept's balance in the taxonomy (or in its [[extension]] entry);
    only monetary concepts have a balance."""
    for rule in ctx.rules.rules:
        concept = ctx.concept(rule.concept)
        if concept is None or rule.balance is None or concept.balance == rule.balance:
            continue
        actual = f"is {concept.balance}" if concept.balance else "has no balance"
        yield _finding(rule.origin, ERROR, "mapping.balance",
                       f"rule '{rule.id}': the rule says balance = \"{rule.balance}\" but {rule.concept} {actual}")
    for ext in ctx.rules.extensions:
        if ext.balance and ext.type != "monetary":
            yield _finding(ext.origin, ERROR, "mapping.balance",
                           f"extension '{ext.name}': only monetary concepts have a balance (type is {ext.type})")


def check_calculation_weights(ctx: Context) -> Iterator[Finding]:
    """In a calculation, a part whose balance is opposite to the total's has weight -1 (written with a
    leading '-') and a part with the same balance has weight +1; otherwise the summation contradicts
    the debit/credit signs of the concepts (and XBRL calculation consistency)."""
    for calc in ctx.rules.calculations:
        total = ctx.concept(calc.total)
        if total is None or total.balance is None:
            continue
        for qname, weight in calc.parts:
            part = ctx.concept(qname)
            if part is None or part.balance is None:
                continue
            expected = 1 if part.balance == total.balance else -1
            if weight != expected:
                written = f"-{qname}" if expected == -1 else qname
                relation = "the same balance" if expected == 1 else "opposite balances"
                yield _finding(calc.origin, WARNING, "mapping.calcWeight",
                               f"calculation '{calc.id}': {qname} ({part.balance}) has weight {weight:+d} in "
                               f"{calc.total} ({total.balance}); {relation} take weight {expected:+d} "
                               f"(write \"{written}\")")


def _valued(concept: Concept | None) -> bool:
    """An existing concept that can carry a value (the others have findings of their own)."""
    return concept is not None and not concept.abstract


def check_calculations_mapped(ctx: Context) -> Iterator[Finding]:
    """Every concept of a calculation (total and parts) is the concept of a rule, without dims, of the
    calculation's statement, and so is every concept a [[statement]] requires: footings and required
    lines look only at the facts of that statement's tables, without dims; any other concept is never
    there, and the calculation or requirement is dead (often a typo in the concept name)."""
    for calc in ctx.rules.calculations:
        for qname in (calc.total, *(part for part, _ in calc.parts)):
            if (calc.statement, qname) not in ctx.mapped and _valued(ctx.concept(qname)):
                yield _finding(calc.origin, ERROR, "mapping.calcUnmapped",
                               f"calculation '{calc.id}': no rule of the {calc.statement} statement maps {qname}")
    for kind in ctx.rules.statements:
        for qname in kind.required:
            if (kind.kind, qname) not in ctx.mapped and _valued(ctx.concept(qname)):
                yield _finding(kind.origin, ERROR, "mapping.calcUnmapped",
                               f"statement '{kind.kind}': no rule of the {kind.kind} statement maps the required {qname}")


def check_deprecated(ctx: Context) -> Iterator[Finding]:
    """No concept is deprecated by the target year. The taxonomy package's own deprecation dates and
    replacements are used for the years it covers; for a target year after the package's, the SEC EDGAR
    lists of deprecated us-gaap and dei concepts (reference folder) tell the year of deprecation."""
    for use in concept_uses(ctx.rules):
        if not ctx.is_standard(use.qname):
            continue
        prefix, _, name = use.qname.partition(":")
        concept = ctx.index.get(use.qname)
        chosen = ctx.index.chosen.get(prefix)
        since, source = None, ""
        if concept is not None and concept.deprecated and int(concept.deprecated[:4]) <= ctx.target_year:
            since, source = concept.deprecated, f"the {ctx.version(prefix)} taxonomy"
        elif chosen is not None and ctx.target_year > int(chosen.date[:4]):
            why = (f"to check deprecations for target year {ctx.target_year}, after the package's "
                   f"{chosen.date[:4]}")
            listed = ctx.reference.deprecated(prefix, why).get(name)
            if listed and int(listed[:4]) <= ctx.target_year:
                since, source = listed, "SEC EDGAR deprecated-concepts list"
        if since is None:
            continue
        message = f"{use.who}: {use.qname} is deprecated since {since} ({source}); target year {ctx.target_year}"
        replacement = ctx.index.replacements.get(name) if prefix == "us-gaap" else None
        if replacement:
            message += f"; use {prefix}:{replacement}"
        yield _finding(use.origin, ERROR, "mapping.deprecated", message)


def check_extension_names(ctx: Context) -> Iterator[Finding]:
    """A company extension concept (an [[extension]] entry, or a rule concept with a prefix that is not a
    taxonomy family) does not reuse the name of a standard concept: it would then be a second concept
    meaning the same thing."""
    named = [(ext.origin, f"extension '{ext.name}'", ext.name) for ext in ctx.rules.extensions]
    named += [(r.origin, f"rule '{r.id}'", r.concept.partition(":")[2])
              for r in ctx.rules.rules if not ctx.is_standard(r.concept)]
    for origin, who, name in named:
        qname = ctx.standard_names.get(name)
        if qname is not None:
            yield _finding(origin, ERROR, "mapping.extensionShadowsStandard",
                           f"{who}: extension concept '{name}' reuses the standard name {qname}; map to {qname} "
                           f"or name the extension for what differs")


def check_extensions_look_standard(ctx: Context) -> Iterator[Finding]:
    """An extension concept whose name looks like a standard concept's (the same words but for case,
    a letter or a plural; difflib ratio of the lower-cased names at least 0.9) is likely that concept:
    use the standard one when it means the same."""
    lowered: dict[str, str] = {}
    for name, qname in ctx.standard_names.items():
        lowered.setdefault(name.lower(), qname)
    candidates = sorted(lowered)
    for ext in ctx.rules.extensions:
        if ext.name in ctx.standard_names:
            continue  # reuses the name outright: check_extension_names
        close = close_match(ext.name.lower(), candidates, cutoff=LOOKS_STANDARD_CUTOFF)
        if close:
            yield _finding(ext.origin, WARNING, "mapping.extensionLooksStandard",
                           f"extension '{ext.name}' looks like the standard {lowered[close]}; use it if it "
                           f"means the same")


def check_extensions_used(ctx: Context) -> Iterator[Finding]:
    """Every [[extension]] concept is the concept of some rule (else it is never tagged)."""
    used = {r.concept.partition(":")[2] for r in ctx.rules.rules if not ctx.is_standard(r.concept)}
    used |= {r.non_gaap.partition(":")[2] for r in ctx.rules.rules if r.non_gaap and not ctx.is_standard(r.non_gaap)}
    for rule in ctx.rules.rules:  # axes and members named in dims (any alternative), and their domains
        for axis, member in rule.dims:
            for name in axis.split("|") + member.split("|"):
                local = name.strip().partition(":")[2]
                used.add(local)
                if local.endswith("Axis"):
                    used.add(local[:-4] + "Domain")
    used |= ctx.rules.used_elsewhere
    for ext in ctx.rules.extensions:
        if ext.name not in used:
            yield _finding(ext.origin, WARNING, "mapping.unusedExtension",
                           f"extension '{ext.name}' is the concept of no rule")


def check_custom_axes(ctx: Context) -> Iterator[Finding]:
    """A custom axis is not used where a standard axis exists: one of the same name in the taxonomy, or
    the one EDGAR suggests for its name (axiswarnings.json, EFM 6.5.44: e.g. a custom GeographyAxis
    should be srt:StatementGeographicalAxis)."""
    for rule in ctx.rules.rules:
        for axis, _ in rule.dims:
            if ctx.is_standard(axis):
                continue
            name = axis.partition(":")[2]
            same = [f"{p}:{name}" for p in sorted(ctx.index.chosen) if ctx.index.get(f"{p}:{name}") is not None]
            if same:
                yield _finding(rule.origin, WARNING, "mapping.customAxis",
                               f"rule '{rule.id}': custom axis {axis} has the name of the standard {same[0]}; use it")
                continue
            why = f"to check the custom axis {axis}"
            for preferred, pattern in ctx.reference.preferred_axes(why).items():
                if re.fullmatch(pattern, name):
                    message = f"rule '{rule.id}': custom axis {axis}: use the standard axis {preferred}"
                    local = preferred.partition(":")[2]
                    if ctx.index.get(preferred) is None and ctx.index.get(f"us-gaap:{local}") is not None:
                        message += f" (us-gaap:{local} in {ctx.version('us-gaap')})"
                    yield _finding(rule.origin, WARNING, "mapping.customAxis", message)
                    break


TAXONOMY_CHECKS: tuple[Callable[[Context], Iterator[Finding]], ...] = (
    check_concepts_exist, check_not_abstract, check_dimensions, check_period_types, check_item_types,
    check_captions, check_balances, check_calculation_weights, check_calculations_mapped, check_deprecated,
    check_extension_names, check_extensions_look_standard, check_extensions_used, check_custom_axes,
)


# ------------------------------------------------------------------------------------ running


@dataclass(frozen=True)
class LintReport:
    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    rules: RuleSet | None  # None when the entry checks found errors and the taxonomy checks did not run
    target_year: int

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)


def lint(paths: list[Path] | None, index: ConceptIndex | TaxonomyView, *, target_year: int | None = None,
         reference: ReferenceData | None = None) -> LintReport:
    """Every finding about the rule files under ``paths`` (default: the project's taxonomy/ folder).
    With a ``target_year`` the rules are read against the versions of that year (``index.as_of`` its
    31 December), else against the view given, or a whole index's newest versions. ``index`` is not changed.

    Unusable input raises: ``RuleError`` (unreadable or invalid TOML, missing path), ``ReferenceDataError``
    (EDGAR reference data needed and missing)."""
    files = rule_files(paths)
    source = read_rule_source(files)
    findings: list[Finding] = []
    for check in ENTRY_CHECKS:
        findings.extend(check(source))
    if target_year is not None:
        view = index.as_of(dt.date(target_year, 12, 31))
    else:
        view = index if isinstance(index, TaxonomyView) else index.as_of(None)
    year = target_year if target_year is not None else int(view.year)
    rules = None
    if not any(f.severity == ERROR for f in findings):
        rules = load_rules(files)
        ctx = Context(rules, view, year, reference or ReferenceData())
        for taxonomy_check in TAXONOMY_CHECKS:
            findings.extend(taxonomy_check(ctx))
    order = {str(path): i for i, path in enumerate(files)}
    findings.sort(key=lambda f: (order.get(f.span.file, len(order)) if f.span else len(order), f.span.line if f.span else 0,
                                 f.code, f.message))
    return LintReport(tuple(findings), tuple(str(f) for f in files), rules, year)
