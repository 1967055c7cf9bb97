"""The company's earlier filings as evidence for a conversion (``--prior FILE``, ``prior = [...]``).

- **Which facts**: only those filed before the release's date. Companyfacts entries carry their
  ``filed`` date; an XBRL instance or Inline XBRL filing is taken as filed before the release unless its
  ``dei:DocumentPeriodEndDate`` is on or after the release's date. A fact whose period ends on or after
  the release's date cannot be in an earlier filing and is ignored too. The report counts what was ignored.
- **Calendar**: the ends of the prior's fiscal years (its 52/53-week and twelve-month durations) go into
  the calendar hint ahead of inference.
- **Concept votes**: a comparative cell whose value and period agree with a prior fact (at the coarser
  decimals, the prior's unit telling the cell's scale) votes for that fact's concept. A row takes the
  concept its cells vote for when that concept is in the loaded taxonomy and fits the row (period type,
  item type, the rule concept's balance, the rule's sign convention) and no cell of the row contradicts
  it; a row no rule maps is tagged with it. Otherwise the rule's choice stands and the report says why.
- **Cross-check**: a tagged cell for which the company filed another value under the same concept,
  period and dimensions is refused, unless the release says figures were restated, recast or
  reclassified (then kept and reported as such).

Each fact gets a confidence: ``confirmed by prior filing`` (its own value, period and concept were filed
by the company), ``concept confirmed by prior filing`` (its row's comparatives confirmed the concept),
``rule`` or ``candidate``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from lxml import etree

from ..model import (
    CalendarHint,
    CompanyMember,
    Fact,
    Finding,
    Period,
    PriorSummary,
    QName,
    ReportedFact,
    Severity,
    Table,
    add_months,
)
from .members import company_members
from .read import EvidenceError, read_reported

CONFIRMED = "confirmed by prior filing"
CONCEPT_CONFIRMED = "concept confirmed by prior filing"
RULE = "rule"
CANDIDATE = "candidate"
RESTATED = "differs from prior filing (release says restated)"

STANDARD_PREFIXES = ("us-gaap", "dei", "srt", "ifrs-full", "invest", "country", "currency", "exch", "stpr")
UNIT_KINDS = {"USD": "monetary", "shares": "shares", "USD/shares": "perShare"}
OUR_UNIT_OF_KIND = {"monetary": "USD", "shares": "shares", "perShare": "USDPerShare"}
PRIMARY_STATEMENTS = ("income", "balance", "cashflow")  # statement kinds of taxonomy/statements.toml
RESTATEMENT = re.compile(r"\b(restated|restatements?|recast|reclassif(?:ied|ications?))\b", re.IGNORECASE)


def confidence_of(fact: Fact) -> str:
    """A fact's confidence: what the prior evidence set, else how the row was mapped."""
    if fact.confidence:
        return fact.confidence
    return CANDIDATE if fact.rule.startswith("candidate") else RULE


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class PriorEvidence:
    """The prior facts usable for a release dated ``report_date``, and what was set aside."""

    facts: tuple[ReportedFact, ...] = ()
    files: tuple[str, ...] = ()
    ignored: int = 0  # facts filed (or for periods ending) on or after the release's date
    ignored_why: tuple[str, ...] = ()
    year_ends: tuple[dt.date, ...] = ()
    period_ends: tuple[tuple[str, dt.date], ...] = ()  # (file, dei:DocumentPeriodEndDate) of instances and iXBRL
    ciks: tuple[tuple[str, str], ...] = ()  # (file, the CIK of the entity it reports on), where it says

    def members(self) -> tuple[CompanyMember, ...]:
        """The (axis, member) pairs the prior's facts use: names for the members of breakdown rows."""
        return company_members(self.facts)

    def foreign(self, cik: str) -> tuple[str, str] | None:
        """A file that reports on another entity than ``cik``, with that entity's CIK."""
        return next(((f, c) for f, c in self.ciks if c != cik.lstrip("0")), None)

    def __bool__(self) -> bool:
        return bool(self.files)

    def calendar_hint(self, hint: CalendarHint) -> CalendarHint:
        """``hint`` with the prior's fiscal-year ends added (they settle the calendar ahead of inference)."""
        if not self.year_ends:
            return hint
        return dataclasses.replace(hint, year_ends=tuple(sorted(set(hint.year_ends) | set(self.year_ends))))

    def before_period(self, latest: dt.date | None) -> PriorEvidence:
        """Without the filings for the release's own period: a 10-Q or 10-K whose document period ends on or
        after the latest period the release prints follows the release (it is not prior evidence)."""
        late = {f: end for f, end in self.period_ends if latest is not None and end >= latest}
        if not late:
            return self
        kept = tuple(f for f in self.facts if f.source not in late)
        why = self.ignored_why + tuple(
            f"{f}: its document period ends {end}, the period the release reports: it is the company's filing for "
            f"the release's own period, filed after it" for f, end in sorted(late.items()))
        return dataclasses.replace(self, facts=kept, ignored=self.ignored + len(self.facts) - len(kept),
                                   ignored_why=why, year_ends=_year_ends(kept, min(late.values())),
                                   period_ends=tuple(p for p in self.period_ends if p[0] not in late))


def _document_facts(path: Path) -> tuple[dt.date | None, str | None]:
    """(``dei:DocumentPeriodEndDate``, the entity's CIK) of an instance or iXBRL file (no DTD, no network,
    no entities)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError):
        return None, None
    end = cik = None
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        if cik is None and local == "identifier" and (el.get("scheme") or "").rstrip("/").endswith("sec.gov/CIK"):
            cik = (el.text or "").strip().lstrip("0") or None
        name = el.get("name") or ""
        if end is None and (local == "DocumentPeriodEndDate" or name.endswith(":DocumentPeriodEndDate")):
            try:
                end = dt.date.fromisoformat("".join(el.itertext()).strip()[:10])
            except ValueError:
                pass
        if end is not None and cik is not None:
            break
    return end, cik


def _companyfacts_cik(path: Path) -> str | None:
    m = re.search(rb'"cik"\s*:\s*"?0*(\d+)', Path(path).read_bytes()[:4096])
    return m.group(1).decode() if m else None


def _is_fiscal_year(period: Period) -> bool:
    if period.start is None:
        return False
    days = (period.end - period.start).days + 1
    return days in (364, 371) or period.start == add_months(period.end + dt.timedelta(days=1), -12)


def load_prior(paths: list[Path] | tuple[Path, ...], report_date: dt.date) -> PriorEvidence:
    """Read every prior file; keep the facts filed before ``report_date``. Raises ``EvidenceError``."""
    kept: list[ReportedFact] = []
    ignored, why, period_ends, ciks = 0, [], [], []
    for path in paths:
        if not Path(path).is_file():
            raise EvidenceError(f"prior filing {path} not found; give the company's XBRL instance, Inline XBRL "
                                f"filing or SEC companyfacts JSON with --prior FILE")
        facts = read_reported(Path(path))
        if not facts:
            raise EvidenceError(f"prior filing {path}: holds no numeric facts; give the company's XBRL instance, "
                                f"Inline XBRL filing or SEC companyfacts JSON")
        is_json = Path(path).read_bytes()[:64].lstrip().startswith(b"{")
        if is_json:
            cik = _companyfacts_cik(Path(path))
        else:
            end, cik = _document_facts(Path(path))
            if end is not None and end >= report_date:
                ignored += len(facts)
                why.append(f"{path}: its document period ends {end}, not before the release's date {report_date}")
                continue
            if end is not None:
                period_ends.append((str(path), end))
        if cik:
            ciks.append((str(path), cik))
        late: list[ReportedFact] = []
        for f in facts:
            is_late = ((f.filed is None if is_json else False) or (f.filed is not None and f.filed >= report_date)
                       or f.period.end >= report_date)
            (late if is_late else kept).append(f)
        if late:
            ignored += len(late)
            why.append(f"{path}: {len(late)} facts filed on or after {report_date} (or without a filing date, or for "
                       f"periods ending then)")
    return PriorEvidence(tuple(kept), tuple(str(p) for p in paths), ignored, tuple(why),
                         _year_ends(kept, report_date), tuple(period_ends), tuple(ciks))


def _year_ends(facts, before: dt.date) -> tuple[dt.date, ...]:
    """Fiscal-year ends: both ends of the prior's 52/53-week and twelve-month durations (no dimensions)."""
    return tuple(sorted({d for f in facts if not f.dims and _is_fiscal_year(f.period)
                         for d in (f.period.end, f.period.start - dt.timedelta(days=1))  # type: ignore[operator]
                         if d < before}))


# --------------------------------------------------------------------------- matching


def _agrees(a: Decimal, a_dec: int | None, b: Decimal, b_dec: int | None) -> bool:
    """Equal at the coarser of the two decimals (a missing decimals defers to the other's)."""
    decimals = [d for d in (a_dec, b_dec) if d is not None]
    if not decimals:
        return a == b
    q = Decimal(1).scaleb(-min(decimals))
    return a.quantize(q) == b.quantize(q)


def _describe(p: ReportedFact) -> str:
    filing = ", ".join(x for x in (p.form, p.accession, f"filed {p.filed}" if p.filed else "") if x)
    return (f"{p.prefix}:{p.concept} {p.period.describe()} = {p.value:f} in {Path(p.source).name}"
            + (f" ({filing})" if filing else ""))


def _is_standard(prefix: str) -> bool:
    return prefix in STANDARD_PREFIXES


@dataclass(frozen=True)
class Match:
    concept: str  # prefix:local as the company filed it
    kind: str  # monetary | shares | perShare
    relation: str  # as-printed | negated: the company's value has the printed sign, or the opposite
    prior: ReportedFact


def cell_matches(reading, period: Period, table: Table, by_period: dict) -> list[Match]:
    """The prior facts (no dimensions) a printed cell agrees with, each read at the scale its unit implies."""
    if reading is None or not reading.readable or reading.value == 0 or period is None:
        return []
    if sum(c.isdigit() for c in reading.raw.lstrip("0")) < 2:
        return []  # a one-digit number agrees with too much by chance
    out = []
    for p in by_period.get(period, ()):
        kind = UNIT_KINDS.get(p.unit)
        if kind is None or p.value == 0:
            continue
        scale = {"monetary": table.scale_monetary, "shares": table.scale_shares}.get(kind, 0)
        value = reading.value.scaleb(scale)
        if _agrees(abs(value), reading.decimals_printed - scale, abs(p.value), p.decimals):
            relation = "as-printed" if (value < 0) == (p.value < 0) else "negated"
            out.append(Match(f"{p.prefix}:{p.concept}", kind, relation, p))
    return out


# --------------------------------------------------------------------------- applying


@dataclass
class Outcome:
    facts: list[Fact]
    findings: list[Finding] = field(default_factory=list)
    summary: PriorSummary | None = None  # None without prior filings
    aliases: dict = field(default_factory=dict)  # (table id, rule concept) -> the prior's concept that replaced it
    added: bool = False  # rows tagged only because of the prior filing
    extensions: list = field(default_factory=list)  # rules.ExtensionConcept re-declared from the prior
    ext_prefix: str = "ext"


def apply_prior(evidence: PriorEvidence, tables, facts: list[Fact], new_rows: set[tuple[str, int]], index,
                document, emit, ext_prefix: str = "ext") -> Outcome:
    """Votes, new rows, the cross-check and confidences. ``new_rows`` are the (table, line) of rows no rule
    or candidate mapped; ``emit(table, row, concept, kind, sign, how)`` returns the facts a row would have
    under a concept (the mapping's own cell checks). A company concept is re-declared under ``ext_prefix``
    with its local name (``Outcome.extensions``)."""
    out = Outcome(list(facts))
    out.ext_prefix = ext_prefix
    if not evidence:
        return out
    by_period: dict[Period, list[ReportedFact]] = defaultdict(list)
    by_key: dict[tuple, list[ReportedFact]] = defaultdict(list)
    for p in evidence.facts:
        if not p.dims:
            by_period[p.period].append(p)
        by_key[(p.concept, p.period, p.dims)].append(p)
    concepts_at: dict[tuple[str, Period], list[ReportedFact]] = defaultdict(list)
    for p in evidence.facts:
        if not p.dims:
            concepts_at[(f"{p.prefix}:{p.concept}", p.period)].append(p)
    restated = next((m.group(0) for line in document.lines for m in [RESTATEMENT.search(line.text)] if m), None)
    stats: Counter[str] = Counter()

    row_facts: dict[tuple[str, int], list[int]] = defaultdict(list)
    for n, f in enumerate(out.facts):
        if f.is_numeric and not f.dims and f.table_id and f.row_line:
            row_facts[(f.table_id, f.row_line)].append(n)

    for table in tables:
        if table.statement not in PRIMARY_STATEMENTS:
            continue  # votes on the primary statements only: a non-GAAP measure is never retagged as a GAAP one
        for row in table.rows:
            key = (table.id, row.line)
            cells = [(c, r) for c, r in zip(table.columns, row.cells) if r is not None and c.period is not None]
            matches = {c.index: cell_matches(r, c.period, table, by_period) for c, r in cells}  # by column
            tally = Counter(m for ms in matches.values() for m in {x.concept for x in ms})
            if not tally:
                continue
            spans = {r.span for _c, r in cells}
            # the facts read from the row's cells (not figures of its label, such as shares authorized)
            mine = [n for n in row_facts.get(key, []) if out.facts[n].reading.span in spans]
            concepts = {out.facts[n].concept for n in mine}
            if len(concepts) > 1:  # a cell tagged as several facts: confirm each concept, retag none
                for n in mine:
                    f = out.facts[n]
                    voted = [m.prior for ms in matches.values() for m in ms if m.concept.partition(":")[2] == f.concept.local]
                    if voted:
                        out.facts[n] = dataclasses.replace(f, confidence=CONCEPT_CONFIRMED, evidence=_describe(voted[0]))
            elif mine:
                _vote_row(out, table, row, cells, matches, tally, mine, index, concepts_at, stats)
            elif key in new_rows and row.problem is None and not row_facts.get(key):
                _new_row(out, table, row, cells, matches, tally, index, concepts_at, emit, stats)

    _cross_check(out, by_key, by_period, restated, stats)
    for n, f in enumerate(out.facts):
        if f.confidence == RESTATED or not f.is_numeric:
            continue
        own = [p for p in by_key.get((f.concept.local, f.period, tuple(sorted((a.local, m.local) for a, m in f.dims))), ())
               if _is_standard(p.prefix) == _is_standard(f.concept.prefix)
               and _agrees(abs(f.value), f.decimals, abs(p.value), p.decimals)]  # type: ignore[arg-type]
        if own:
            out.facts[n] = dataclasses.replace(f, confidence=CONFIRMED, evidence=_describe(own[0]))
    confidences = Counter(confidence_of(f) for f in out.facts if f.is_numeric)
    out.summary = PriorSummary(
        files=evidence.files, facts=len(evidence.facts), ignored_filed_after=evidence.ignored,
        ignored=evidence.ignored_why, year_ends=evidence.year_ends,
        confirmed=confidences[CONFIRMED], concept_confirmed=confidences[CONCEPT_CONFIRMED],
        retagged=stats["retagged"], rows_added=stats["rows_added"], refused=stats["refused"],
        restated=stats["restated"], not_applied=stats["not_applied"],
    )
    out.findings.insert(0, Finding(
        "prior.loaded", Severity.INFO,
        f"prior filings {', '.join(Path(p).name for p in evidence.files)}: {len(evidence.facts)} facts used, "
        f"{evidence.ignored} ignored as filed on or after the release's date"
        + (f" ({'; '.join(evidence.ignored_why)})" if evidence.ignored_why else "")
        + (f"; fiscal-year ends {', '.join(d.isoformat() for d in evidence.year_ends[-4:])} given to the calendar"
           if evidence.year_ends else ""), None))
    return out


def _fits(concept: str, kind: str, period: Period, index, rule_concept: QName | None) -> str | None:
    """Why the company's concept cannot tag the row here, or None."""
    prefix, _, local = concept.partition(":")
    if not _is_standard(prefix):
        if kind not in OUR_UNIT_OF_KIND or not re.fullmatch(r"[A-Z][A-Za-z0-9]{0,199}", local):
            return f"{concept}: a company concept that cannot be re-declared as a {kind} item"
        if index.get(f"us-gaap:{local}") is not None:
            return f"{concept}: a company concept named like the standard us-gaap:{local}"
        return None
    c = index.get(concept)
    if c is None:
        return f"{concept} is not in the loaded taxonomy (us-gaap {index.year})"
    if c.abstract or not c.fits_unit_kind(kind):
        return f"{concept} ({c.type}) does not fit a {kind} row"
    if c.period_type != ("instant" if period.is_instant else "duration"):
        return f"{concept} has period type {c.period_type}"
    if rule_concept is not None:
        ours = index.get(str(rule_concept))
        if ours is not None and ours.balance and c.balance and ours.balance != c.balance:
            return f"{concept} has balance {c.balance}, the row's rule concept {rule_concept} {ours.balance}"
    return None


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]{3,}", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text).lower())}


def _weak(concept: str, cells, matches, label: str) -> str | None:
    """One short number (under four digits) is weak evidence: then the row's label must share a word with
    the concept's name."""
    agreeing = [r for c, r in cells if any(m.concept == concept for m in matches[c.index])]
    if len(agreeing) > 1 or any(sum(ch.isdigit() for ch in r.raw.lstrip("0")) >= 4 for r in agreeing):
        return None
    if _words(label) & (_words(concept.partition(":")[2]) - {"and", "net", "the", "for"}):
        return None
    return (f"{concept}: only one short number ({agreeing[0].raw}) agrees and the row's label shares no word "
            f"with the concept's name")


def _winner(cells, matches, tally, index, rule_concept, fact_sign, concepts_at, rule_kind=None, label=""):
    """(concept, kind, relation, evidence, None) the row's comparatives settle on, or (None, ..., why)."""
    reasons = []
    usable = Counter()
    info = {}
    for concept, count in tally.items():
        ms = [m for ms in matches.values() for m in ms if m.concept == concept]
        kinds, relations = {m.kind for m in ms}, {m.relation for m in ms}
        period = ms[0].prior.period
        why = _fits(concept, ms[0].kind, period, index, rule_concept)
        if why is None and (len(kinds) > 1 or len(relations) > 1):
            why = f"{concept}: the row's cells agree with it at different scales or signs"
        if why is None and rule_kind is not None and kinds != {rule_kind}:
            why = f"{concept} is a {'/'.join(sorted(kinds))} fact, the row is {rule_kind}"
        if why is None and fact_sign == "magnitude":  # the rule tags the amount without its printed sign
            if any(m.prior.value < 0 for m in ms):
                why = f"{concept}: the company filed a negative amount where the rule tags a magnitude"
        elif why is None and fact_sign is not None and relations != {fact_sign}:
            why = f"{concept}: the company's sign is the opposite of the rule's ({fact_sign})"
        if why is None:
            # no cell in a period the company filed this concept for may disagree with it
            for column, reading in cells:
                if any(m.concept == concept for m in matches[column.index]):
                    continue
                if concepts_at.get((concept, column.period)):
                    why = f"{concept}: the company filed another value for {column.period.describe()}"
                    break
        if why is None and concept != str(rule_concept):
            why = _weak(concept, cells, matches, label)
        if why is not None:
            reasons.append(why)
            continue
        usable[concept] = count
        info[concept] = (ms[0].kind, ms[0].relation, ms[0].prior)
    if not usable:
        return None, None, None, None, "; ".join(reasons)
    best = max(usable.values())
    top = sorted(c for c, n in usable.items() if n == best)
    if rule_concept is not None and str(rule_concept) in top:
        kind, relation, prior = info[str(rule_concept)]
        return str(rule_concept), kind, relation, prior, None
    if rule_concept is not None:
        local = {c for c in top if c.partition(":")[2] == rule_concept.local}
        if local:
            c = local.pop()
            return c, *info[c], None
    if len(top) > 1 and sum(1 for c in top if _is_standard(c.partition(":")[0])) == 1:
        top = [c for c in top if _is_standard(c.partition(":")[0])]  # a standard concept before the company's own
    if len(top) > 1:
        return None, None, None, None, f"the comparatives agree equally with {', '.join(top)}"
    c = top[0]
    return c, *info[c], None


def _vote_row(out, table, row, cells, matches, tally, mine, index, concepts_at, stats) -> None:
    first = out.facts[mine[0]]
    row_kind = {v: k for k, v in OUR_UNIT_OF_KIND.items()}.get(first.unit or "", "other")
    concept, kind, relation, prior, why = _winner(cells, matches, tally, index, first.concept, first.sign, concepts_at,
                                                  row_kind, row.label)
    span = first.reading.span
    if concept is None:
        stats["not_applied"] += 1
        out.findings.append(Finding("prior.notApplied", Severity.INFO,
                                    f"row {row.raw_label!r}: the prior filing's concept is not used ({why}); "
                                    f"{first.concept} ({'candidate' if first.rule.startswith('candidate') else 'rule'}) stands",
                                    span, table_id=table.id))
        return
    new = _ours(out, concept, kind, prior, row, index, first.concept)
    if new.local == first.concept.local:
        new = first.concept
    if new != first.concept:
        taken = {(f.concept, f.period, f.dims) for n, f in enumerate(out.facts) if n not in mine}
        clash = [out.facts[n] for n in mine if (new, out.facts[n].period, out.facts[n].dims) in taken]
        if clash:
            stats["not_applied"] += 1
            out.findings.append(Finding("prior.notApplied", Severity.INFO,
                                        f"row {row.raw_label!r}: the prior filing's {concept} is already tagged for "
                                        f"{clash[0].period.describe()} by another row; {first.concept} stands",
                                        span, table_id=table.id))
            return
        stats["retagged"] += 1
        out.aliases[(table.id, str(first.concept))] = str(new)
        out.findings.append(Finding("prior.concept", Severity.INFO,
                                    f"row {row.raw_label!r}: tagged {new} in place of {first.concept}: the company "
                                    f"tagged its comparative so ({_describe(prior)})", span, table_id=table.id))
    for n in mine:
        f = out.facts[n]
        rule = f.rule if new == f.concept else f"{f.rule}; concept {new} from the prior filing"
        out.facts[n] = dataclasses.replace(f, concept=new, rule=rule, confidence=CONCEPT_CONFIRMED,
                                           evidence=_describe(prior))


def _new_row(out, table, row, cells, matches, tally, index, concepts_at, emit, stats) -> None:
    concept, kind, relation, prior, why = _winner(cells, matches, tally, index, None, None, concepts_at,
                                                  label=row.label)
    span = cells[0][1].span
    if concept is None:
        stats["not_applied"] += 1
        out.findings.append(Finding("prior.notApplied", Severity.INFO,
                                    f"row {row.raw_label!r}: no rule maps it and the prior filing settles no concept ({why})",
                                    span, table_id=table.id))
        return
    new = _ours(out, concept, kind, prior, row, index, None)
    made = emit(table, row, f"ext:{new.local}" if new.prefix == out.ext_prefix else str(new), kind, relation,
                f"prior filing: {new} ({_describe(prior)})")
    taken = {(f.concept, f.period, f.dims) for f in out.facts}
    if not made or any((f.concept, f.period, f.dims) in taken for f in made):
        stats["not_applied"] += 1
        out.findings.append(Finding("prior.notApplied", Severity.INFO,
                                    f"row {row.raw_label!r}: the prior filing's {concept} is not used (already tagged "
                                    f"for these periods, or no cell can be tagged)", span, table_id=table.id))
        return
    stats["rows_added"] += 1
    out.added = True
    out.facts.extend(dataclasses.replace(f, confidence=CONCEPT_CONFIRMED, evidence=_describe(prior)) for f in made)
    out.findings = [f for f in out.findings if not (f.code in ("mapping.noRule", "mapping.extensionProposed")
                                                   and f.table_id == table.id and f.span == span)]
    out.findings.append(Finding("prior.row", Severity.INFO,
                                f"row {row.raw_label!r}: no rule maps it; tagged {new}, as the company tagged its "
                                f"comparative ({_describe(prior)})", span, table_id=table.id))


def _ours(out: Outcome, concept: str, kind: str, prior: ReportedFact, row, index, replaced: QName | None) -> QName:
    """The QName to tag with: a standard concept as is; a company concept re-declared in our extension
    schema under its local name (item type from the unit, period type from the context, the balance of
    the standard concept it replaces)."""
    q = QName.parse(concept)
    if _is_standard(q.prefix):
        return q
    from ..rules import ExtensionConcept, Origin

    if not any(e.name == q.local for e in out.extensions):
        balance = None
        if replaced is not None and index.get(str(replaced)) is not None:
            balance = index.get(str(replaced)).balance
        out.extensions.append(ExtensionConcept(
            q.local, kind, "instant" if prior.period.is_instant else "duration", Origin(prior.source, 0),
            balance=balance, label=" ".join(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", q.local).split()),
            documentation=f"Re-declared from the company's filing {Path(prior.source).name} ({concept})."))
    return QName(out.ext_prefix, q.local)


def _cross_check(out: Outcome, by_key, by_period, restated: str | None, stats) -> None:
    """Refuse a fact the company filed with another value for its concept, period and dimensions. When the
    printed value is what the company filed under another concept there, the row's concept is what is
    wrong: the row's other facts under that concept are refused too."""
    kept = []
    wrong_concept: dict[tuple[str, int, QName], str] = {}
    for f in out.facts:
        if not f.is_numeric:
            kept.append(f)
            continue
        dims = tuple(sorted((a.local, m.local) for a, m in f.dims))
        filed = [p for p in by_key.get((f.concept.local, f.period, dims), ())
                 if _is_standard(p.prefix) == _is_standard(f.concept.prefix) and UNIT_KINDS.get(p.unit)
                 and OUR_UNIT_OF_KIND.get(UNIT_KINDS[p.unit]) == f.unit]
        if not filed or any(_agrees(f.value, f.decimals, p.value, p.decimals) for p in filed):  # type: ignore[arg-type]
            kept.append(f)
            continue
        prior = filed[-1]
        head = f"{f.reading.raw!r} ({f.concept}, {f.period.describe()}, row {f.row_label!r})"
        detail = (f"the company filed {prior.value:f} for this concept and period ({_describe(prior)}); the release "
                  f"prints {f.value:f}")
        if restated:
            stats["restated"] += 1
            kept.append(dataclasses.replace(f, confidence=RESTATED, evidence=_describe(prior)))
            out.findings.append(Finding("prior.restated", Severity.INFO,
                                        f"{head}: {detail}; kept: the release says figures were {restated.lower()}",
                                        f.reading.span, f.reading.raw, f.table_id))
            continue
        stats["refused"] += 1
        others = sorted({f"{p.prefix}:{p.concept}" for p in by_period.get(f.period, ()) if not f.dims
                         and OUR_UNIT_OF_KIND.get(UNIT_KINDS.get(p.unit, "")) == f.unit
                         and _agrees(abs(f.value), f.decimals, abs(p.value), p.decimals)})  # type: ignore[arg-type]
        if others and f.row_line:
            wrong_concept[(f.table_id, f.row_line, f.concept)] = others[0] if len(others) == 1 else ", ".join(others)
            detail += f"; the company filed the printed value as {', '.join(others)}: the row's concept is wrong"
        else:
            detail += "; a misread or a restatement the release does not state"
        out.findings.append(Finding("prior.mismatch", Severity.WARNING,
                                    f"{head} is not tagged: cross-check with the prior filing failed: {detail}",
                                    f.reading.span, f.reading.raw, f.table_id))
    out.facts = []
    for f in kept:
        key = (f.table_id, f.row_line, f.concept)
        if f.is_numeric and key in wrong_concept and f.confidence != RESTATED:
            stats["refused"] += 1
            out.findings.append(Finding(
                "prior.conceptContradicted", Severity.WARNING,
                f"{f.reading.raw!r} ({f.concept}, {f.period.describe()}, row {f.row_label!r}) is not tagged: the row's "
                f"comparative shows the company files this line as {wrong_concept[key]}, not {f.concept}",
                f.reading.span, f.reading.raw, f.table_id))
            continue
        out.facts.append(f)
