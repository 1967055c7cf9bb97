"""EFM 6.5.20 ff.: the cover (dei) facts a submission type requires, read from EDGAR's dei-validations.json.

Of that file's validations, the presence checks are applied: ``x`` (a non-nil fact must appear),
``xv`` (... with one of the given values) and ``r`` (should appear), for inline filings (``source``
"inline" or "both"), for the elements the loaded dei version declares (the shared package's dei 2013
and 2014 lack most cover elements EDGAR added since 2019; asking for those would be asking for the
impossible). Conditional validations (with ``references``) and the other kinds are not applied.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any, Iterator

from arelle.ModelValue import QName

from .dts import Filing, fact_language, source_of
from .registry import error, rule, warning

PRESENCE_VALIDATIONS = ("x", "xv", "r")
INLINE_SOURCES = ("inline", "both")
DEFAULT_SUBMISSION_TYPE = "8-K"  # what ixconv files; used when the filing does not say (no dei:DocumentType)


class _Blank(defaultdict):
    def __missing__(self, key):  # unknown template fields print as nothing
        return ""


def submission_types(classes: dict[str, Any], items: Any, seen: frozenset = frozenset()) -> tuple[set[str], bool]:
    """Resolve a sub-types list (``@class`` references, ``!not!``) to (set of submission types, negated)."""
    if isinstance(items, str):
        items = [items]
    out: set[str] = set()
    negated = False
    for item in items or ():
        if item == "!not!":
            negated = True
        elif item.startswith("@"):
            name = item[1:]
            if name in seen or name not in classes:
                continue
            inner, _ = submission_types(classes, classes[name], seen | {name})
            out |= inner
        else:
            out.add(item)
    return out, negated


def applies_to(entry: dict, classes: dict[str, Any], submission_type: str) -> bool:
    pattern = entry.get("sub-types-pattern")
    if pattern and not entry.get("sub-types"):
        return re.match(pattern, submission_type) is not None
    types, negated = submission_types(classes, entry.get("sub-types"))
    hit = "*" in types or submission_type in types
    return not hit if negated else hit


def efm_section(efm: str) -> str:
    """``6.5.20`` -> ``0520`` (how EDGAR's message codes spell a section)."""
    parts = efm.split(".")
    try:
        return "".join(f"{int(p):02d}" for p in parts[1:3])
    except ValueError:
        return efm


def _names(entry: dict) -> list[str]:
    names = entry.get("xbrl-names", entry.get("xbrl-name", []))
    return [names] if isinstance(names, str) else list(names)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _dei_facts(filing: Filing, namespace: str) -> dict[str, list]:
    """The filing's non-nil, non-empty dei facts, by local name (in any context; ``_plain`` tells the required one)."""
    out: dict[str, list] = defaultdict(list)
    for fact in filing.facts:
        if fact.qname.namespaceURI != namespace or fact.isNil or not (fact.value or "").strip():
            continue
        out[fact.qname.localName].append(fact)
    return out


def _plain(fact) -> bool:
    context = fact.context
    return context is not None and not context.qnameDims


@rule("EFM.6.5.20", reference="dei-validations.json")
def cover_facts_required(filing: Filing, validations: dict) -> Iterator:
    """A filing must carry the cover (dei) facts its submission type requires, in the required context
    (no dimensions), non-empty, with the required value where one is given (EDGAR's dei-validations:
    'x'/'xv' must, 'r' should), for every such element its dei taxonomy declares."""
    namespace = filing.dei_namespace
    if namespace is None:
        yield error("the DTS has no dei taxonomy: the cover facts (dei:DocumentType, dei:EntityCentralIndexKey, ...) "
                    "cannot be reported", source_of(filing.model.modelDocument), ".deiFactsMissing")
        return
    facts = _dei_facts(filing, namespace)
    document_types = [f for f in facts.get("DocumentType", []) if _plain(f)]
    submission_type = document_types[0].value.strip() if document_types else DEFAULT_SUBMISSION_TYPE
    assumed = "" if document_types else f" (no dei:DocumentType: checked as {DEFAULT_SUBMISSION_TYPE})"
    period_ends = [d for f in facts.get("DocumentPeriodEndDate", []) if (d := _date(f.value))]
    period_end = period_ends[0] if period_ends else None

    classes = validations.get("sub-type-classes", {})
    kinds = validations.get("validations", {})
    templates = validations.get("messages", {})
    declared = filing.model.qnameConcepts
    seen: set[tuple[str, str]] = set()
    for entry in validations.get("sub-type-element-validations", []):
        kind = entry.get("validation")
        if kind not in PRESENCE_VALIDATIONS or entry.get("source", "both") not in INLINE_SOURCES:
            continue
        if "references" in entry or "reference" in entry or not entry.get("efm"):
            continue
        if not applies_to(entry, classes, submission_type):
            continue
        check_after = _date(entry.get("check-after", "")) if entry.get("check-after") else None
        if check_after is not None and (period_end is None or period_end <= check_after):
            continue
        spec = kinds.get(kind, {})
        level = entry.get("severity") or spec.get("severity") or "warning"
        verb = entry.get("severityVerb") or spec.get("severityVerb") or ("must" if level == "error" else "should")
        lang = re.compile(entry["lang"]) if entry.get("lang") else None
        allowed = entry.get("value")
        allowed = [allowed] if isinstance(allowed, str) else (allowed or [])
        for name in _names(entry):
            if ":" in name or QName(None, namespace, name) not in declared or (name, kind) in seen:
                continue
            present = [f for f in facts.get(name, [])
                       if ("axis" in entry or _plain(f)) and (lang is None or lang.match(fact_language(f)))]
            fields = _Blank(str, efmSection=efm_section(entry["efm"]), tag=name, subType=submission_type,
                            severityVerb=verb, context="required context", qualifier=spec.get("qualifier", ""))
            if not present:
                template = spec.get("message") or "dq-{efmSection}-{tag}-Missing"
                if "Missing" not in template:
                    template = "dq-{efmSection}-{tag}-Missing"
            elif kind == "xv" and allowed and not any(f.value.strip() in allowed for f in present):
                template = spec.get("message") or "dq-{efmSection}-{tag}-Value"
                fields.update(value=present[0].value.strip(), expectedValue=" or ".join(allowed))
            else:
                continue
            seen.add((name, kind))
            text = templates.get(template, "{tag} is required in the {context}.").format_map(fields) + assumed
            code = f"EFM.{entry['efm']}"
            where = source_of(present[0]) if present else source_of(filing.model.modelDocument)
            make = error if level == "error" else warning
            yield make(f"[{template.format_map(fields)}] {text}", where, code)
