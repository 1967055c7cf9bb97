"""EFM 6.12 and 6.14: presentation coverage and calculation networks."""
from __future__ import annotations

from arelle import XbrlConst

from .dts import Filing, source_of
from .registry import error, rule, warning


@rule("EFM.6.12.3")
def facts_presented(filing: Filing):
    """Every element used by a fact must appear in at least one presentation relationship (it must
    be shown somewhere in the filing's presentation networks). When the filing has no presentation
    linkbase at all, that is said once, as a warning, instead of once per element."""
    if not filing.extension_relationships(XbrlConst.parentChild):
        if filing.used_concepts:
            yield warning(f"the filing has no presentation linkbase: {len(filing.used_concepts)} elements used by "
                          f"facts are in no presentation network", source_of(filing.model.modelDocument),
                          ".noPresentationLinkbase")
        return
    presented = set()
    for rel in filing.relationships(XbrlConst.parentChild):
        for end in (rel.fromModelObject, rel.toModelObject):
            if end is not None:
                presented.add(end.qname)
    for concept in filing.used_concepts:
        if concept.qname not in presented:
            first = next(f for f in filing.facts if f.concept is concept)
            yield error(f"element {concept.qname} is used by facts but appears in no presentation relationship",
                        source_of(first))


@rule("EFM.6.14.2")
def calculation_weights(filing: Filing):
    """Every calculation relationship must have a weight of 1 or -1."""
    for rel in filing.relationships(XbrlConst.summationItem):
        if rel.weight not in (1, -1):
            yield error(f"calculation {rel.fromModelObject.qname if rel.fromModelObject is not None else '?'} -> "
                        f"{rel.toModelObject.qname if rel.toModelObject is not None else '?'} has weight {rel.weight} "
                        f"(role {rel.linkrole}); only 1 and -1 are allowed", source_of(rel))


@rule("EFM.6.14.5")
def calculation_roles_presented(filing: Filing):
    """A calculation network of the filing must be shown: its link role must also be the role of a
    presentation network."""
    presentation_roles = {rel.linkrole for rel in filing.relationships(XbrlConst.parentChild)}
    reported = set()
    for rel in filing.extension_relationships(XbrlConst.summationItem):
        if rel.linkrole not in presentation_roles and rel.linkrole not in reported:
            reported.add(rel.linkrole)
            yield error(f"calculation network {rel.linkrole} has no presentation network with the same role",
                        source_of(rel))
