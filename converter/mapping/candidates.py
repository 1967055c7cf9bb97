"""Candidate concepts for rows no mapping rule covers, from the loaded taxonomy itself.

No us-gaap label linkbase is available, so a concept's words are its name split at capitals
(``AccountsReceivableNetCurrent`` -> accounts receivable net current). A row's candidates are the
numeric, non-abstract, non-deprecated concepts of the right period type and item type, scored by:
- word overlap (Dice coefficient of the label's words and the name's words, light stemming);
- calculation structure: +0.1 when the taxonomy's statement calculations make the candidate a part
  of the concept the table's next total row maps to (the row sits in that total's block).
The best candidate tags the row when it reaches ``THRESHOLD`` and leads the next by ``MARGIN``;
otherwise an extension concept named from the label is proposed in the report and nothing is tagged. Every decision records its candidate and confidence.
"""
from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from ..taxonomy.index import TaxonomyView

THRESHOLD = 0.85
MARGIN = 0.05  # the best candidate must lead the next one by this much, else the row is ambiguous
STOP = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "from", "by", "at", "as", "total", "s"}
SYNONYMS = {"sales": "revenue", "revenues": "revenue", "expenses": "expense", "costs": "cost", "taxes": "tax",
            "receivables": "receivable", "payables": "payable", "liabilities": "liability", "assets": "asset",
            "securities": "security", "equivalents": "equivalent", "investments": "investment",
            "inventories": "inventory", "intangibles": "intangible", "earnings": "income", "profit": "income"}


def words_of_name(name: str) -> list[str]:
    parts = re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|\d+", name)
    return [SYNONYMS.get(p.lower(), p.lower()) for p in parts]


def words_of_label(label: str) -> list[str]:
    tokens = re.findall(r"[a-z]+", label.lower())
    return [SYNONYMS.get(t, t) for t in tokens if t not in STOP]


def dice(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


@dataclass(frozen=True)
class Candidate:
    concept: str
    confidence: float
    why: str


@lru_cache(maxsize=8)
def _pool(index_key: str, index: TaxonomyView, period: str, item_type: str) -> list[tuple[str, frozenset[str]]]:
    out = []
    for name in index.names("us-gaap"):
        concept = index.get(f"us-gaap:{name}")
        if concept is None or concept.abstract or concept.deprecated or concept.substitution_group != "item":
            continue
        if concept.period_type != period or concept.type != item_type:
            continue
        out.append((f"us-gaap:{name}", frozenset(words_of_name(name))))
    return out


@lru_cache(maxsize=8)
def _postings(index_key: str, index: TaxonomyView, period: str, item_type: str) -> dict[str, tuple[int, ...]]:
    """Word -> positions in the pool of the concepts whose names hold it (only those can score above 0)."""
    found: dict[str, list[int]] = {}
    for n, (_qname, name_words) in enumerate(_pool(index_key, index, period, item_type)):
        for word in name_words:
            found.setdefault(word, []).append(n)
    return {word: tuple(at) for word, at in found.items()}


@lru_cache(maxsize=256)
def _children(index_key: str, index: TaxonomyView, total: str) -> frozenset[str]:
    local = total.partition(":")[2]
    return frozenset(f"us-gaap:{c}" for p, c, _w in index.calculations if p == local)


def rank(label: str, index: TaxonomyView, period: str, unit: str, total: str | None = None,
         limit: int = 3) -> list[Candidate]:
    item_type = {"monetary": "monetaryItemType", "perShare": "perShareItemType", "shares": "sharesItemType"}.get(unit)
    if item_type is None:
        return []
    words = set(words_of_label(label))
    if not words:
        return []
    children = _children(index.sha256, index, total) if total else frozenset()
    pool = _pool(index.sha256, index, period, item_type)
    postings = _postings(index.sha256, index, period, item_type)
    sharing = sorted({n for word in words for n in postings.get(word, ())})  # a concept sharing no word scores 0
    scored = []
    for qname, name_words in (pool[n] for n in sharing):
        score = dice(words, name_words)
        if score <= 0.3:
            continue
        why = f"name words {score:.2f}"
        if qname in children:
            score, why = score + 0.1, why + f", part of {total} in the taxonomy's calculations"
        # prefer the shortest name among equals: fewer words the label does not say
        scored.append((round(min(score, 1.0), 3), -len(name_words), qname, why))
    scored.sort(reverse=True)
    return [Candidate(q, s, w) for s, _n, q, w in scored[:limit]]


def extension_name(label: str) -> str:
    """An LC3-style name for a proposed extension concept ('Vendor non-trade receivables' ->
    'VendorNonTradeReceivables')."""
    words = re.findall(r"[A-Za-z0-9]+", label)
    name = "".join(w[:1].upper() + w[1:].lower() if not w.isupper() or len(w) > 4 else w for w in words)
    if not name or not name[0].isalpha():
        name = "Line" + name
    return name[:100]
