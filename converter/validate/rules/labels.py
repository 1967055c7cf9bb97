"""EFM 6.10: labels of the filing's concepts."""
from __future__ import annotations

from collections import defaultdict

from arelle import XbrlConst

from .dts import Filing, source_of
from .registry import error, rule

DEFAULT_LANGUAGE = "en"  # EDGAR's default xml:lang is en-US; any English label counts


def _labels(filing: Filing, concept) -> list:
    rels = filing.model.relationshipSet(XbrlConst.conceptLabel).fromModelObject(concept)
    return [rel.toModelObject for rel in rels if rel.toModelObject is not None]


def _is_default_language(lang: str | None) -> bool:
    return (lang or "").lower().split("-")[0] == DEFAULT_LANGUAGE


@rule("EFM.6.10.1")
def extension_standard_label(filing: Filing):
    """Every extension element must have a standard label in English."""
    for concept in filing.extension_concepts:
        if not any(label.role in (None, XbrlConst.standardLabel) and _is_default_language(label.xmlLang)
                   and (label.stringValue or "").strip() for label in _labels(filing, concept)):
            yield error(f"extension element {concept.qname} has no English standard label", source_of(concept))


@rule("EFM.6.10.2")
def labels_unique_per_role_and_language(filing: Filing):
    """An element must have at most one label for each label role and language."""
    concepts = {c.qname: c for c in filing.extension_concepts}
    for concept in filing.used_concepts:
        concepts.setdefault(concept.qname, concept)
    for qname in sorted(concepts, key=str):
        seen: dict[tuple[str, str], object] = {}
        for label in _labels(filing, concepts[qname]):
            key = (label.role or XbrlConst.standardLabel, (label.xmlLang or "").lower())
            if key in seen:
                yield error(f"element {qname} has more than one label for role {key[0]} and language {key[1]}",
                            source_of(label))
            else:
                seen[key] = label


@rule("EFM.6.10.4")
def standard_labels_distinct(filing: Filing):
    """No two elements in the DTS may have the same standard label in the same language: a reader
    could not tell them apart."""
    extension = {c.qname for c in filing.extension_concepts}
    owners: dict[tuple[str, str], set] = defaultdict(set)
    for rel in filing.relationships(XbrlConst.conceptLabel):
        label, concept = rel.toModelObject, rel.fromModelObject
        if label is None or concept is None or label.role not in (None, XbrlConst.standardLabel):
            continue
        text = " ".join((label.stringValue or "").split())
        if text:
            owners[((label.xmlLang or "").lower(), text)].add(concept)
    for (lang, text), concepts in sorted(owners.items()):
        if len(concepts) > 1 and any(c.qname in extension for c in concepts):
            names = ", ".join(sorted(str(c.qname) for c in concepts))
            first = min(concepts, key=lambda c: str(c.qname))
            yield error(f"elements {names} share the standard label {text!r} ({lang})", source_of(first))
