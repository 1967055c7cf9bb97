"""The company's own dimension members, from its earlier filings (``--prior``).

A breakdown row whose member a rule names from the row's label ("Wearables, Home and Accessories" ->
``WearablesHomeAndAccessoriesMember``) is given the member the company itself used on that axis when
exactly one of the prior's members there spells the label: the member's local name, without a
trailing ``Member`` and then ``Segment``, equals the label's words joined, compared without case, with
the label's ``and``/``&`` and its ``segment``/``member`` words left out and an ``and`` allowed between
any two of its words (Apple's ``WearablesHomeandAccessoriesMember``). Every word of the label must be
there, in order, and nothing else: ``WearablesMember`` does not spell it. Two members that both spell
the label are no evidence; the rule's name stands.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..model import CompanyMember, QName, ReportedFact

IGNORED_WORDS = frozenset({"and", "member", "segment"})


def company_members(facts: Iterable[ReportedFact]) -> tuple[CompanyMember, ...]:
    """The (axis, member) pairs in use in the prior's facts, once each (the first filing that used it)."""
    seen: dict[tuple[str, str], CompanyMember] = {}
    for fact in facts:
        for axis, member in fact.qualified_dims:
            if ":" not in axis or ":" not in member or (axis, member) in seen:
                continue
            seen[(axis, member)] = CompanyMember(QName.parse(axis), QName.parse(member), _filing(fact))
    return tuple(seen.values())


def _filing(fact: ReportedFact) -> str:
    about = ", ".join(x for x in (fact.form, fact.accession, f"filed {fact.filed}" if fact.filed else "") if x)
    return Path(fact.source).name + (f" ({about})" if about else "")


def _spelling(words: list[str]) -> re.Pattern[str] | None:
    kept = [w.lower() for w in words if w.lower() not in IGNORED_WORDS]
    if not kept:
        return None
    return re.compile("(?:and)?".join(re.escape(w) for w in kept))


def _stem(local: str) -> str:
    name = local.lower()
    name = name[: -len("member")] if name.endswith("member") else name
    return name[: -len("segment")] if name.endswith("segment") else name


def match_member(members: Iterable[CompanyMember], axis_local: str,
                 words: list[str]) -> tuple[CompanyMember | None, list[CompanyMember]]:
    """(the one member on ``axis_local`` that spells the label ``words``, every member that does)."""
    pattern = _spelling(words)
    if pattern is None:
        return None, []
    found: dict[QName, CompanyMember] = {}  # one member the company put on the axis under two axis prefixes
    for m in members:
        if m.axis.local == axis_local and pattern.fullmatch(_stem(m.member.local)):
            found.setdefault(m.member, m)
    unique = next(iter(found.values())) if len(found) == 1 else None
    return unique, list(found.values())
