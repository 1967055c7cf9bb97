"""A concept index built once from a taxonomy package and cached on disk by the package's hash.

The index knows, for every concept of every schema in the package: namespace, type, period type,
balance, abstract, substitution group, deprecation; the package's schema URLs by namespace and
their version dates; and the calculation relationships of the statement linkbases. It is plain
JSON so that loading it again takes milliseconds and needs neither lxml trees nor Arelle.

A conversion does not read the index itself: ``index.as_of(report_date)`` gives a ``TaxonomyView``,
the versions a filing of that date uses (the newest of each family released on or before it), and the
stages look concepts up in the view. A view is immutable, so one index (cached per process, shared by a
batch's conversions) serves releases of any date without one conversion changing what another sees.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from lxml import etree

from .package import TaxonomyError, TaxonomyPackage, file_sha256, safe_parser

INDEX_FORMAT = 6
XS = "http://www.w3.org/2001/XMLSchema"
XBRLI = "http://www.xbrl.org/2003/instance"
XLINK = "http://www.w3.org/1999/xlink"
LINK = "http://www.xbrl.org/2003/linkbase"

# namespace families we index, with the prefix filers use for them (any year)
FAMILIES = {
    "us-gaap": re.compile(r"^http://fasb\.org/us-gaap/(\d{4}-\d{2}-\d{2}|\d{4})$"),
    "srt": re.compile(r"^http://fasb\.org/srt/(\d{4}-\d{2}-\d{2}|\d{4})$"),
    "dei": re.compile(r"^http://xbrl\.sec\.gov/dei/(\d{4}-\d{2}-\d{2}|\d{4})$"),
    "country": re.compile(r"^http://xbrl\.sec\.gov/country/(\d{4}-\d{2}-\d{2}|\d{4})$"),
    "currency": re.compile(r"^http://xbrl\.sec\.gov/currency/(\d{4}-\d{2}-\d{2}|\d{4})$"),
    "exch": re.compile(r"^http://xbrl\.sec\.gov/exch/(\d{4}-\d{2}-\d{2}|\d{4})$"),
    "stpr": re.compile(r"^http://xbrl\.sec\.gov/stpr/(\d{4}-\d{2}-\d{2}|\d{4})$"),
    "invest": re.compile(r"^http://xbrl\.sec\.gov/invest/(\d{4}-\d{2}-\d{2}|\d{4})$"),
}

MONETARY_TYPES = {"monetaryItemType"}
PER_SHARE_TYPES = {"perShareItemType"}
SHARES_TYPES = {"sharesItemType"}
PURE_TYPES = {"pureItemType", "decimalItemType", "integerItemType", "nonNegativeIntegerItemType"}
PERCENT_TYPES = {"percentItemType", "pureItemType"}


@dataclass(frozen=True)
class Concept:
    prefix: str
    name: str
    namespace: str
    type: str  # local name of the item type, e.g. monetaryItemType
    period_type: str
    balance: str | None
    abstract: bool
    substitution_group: str  # item | dimensionItem | hypercubeItem | tuple
    deprecated: str | None  # date it was deprecated, when the package says

    @property
    def qname(self) -> str:
        return f"{self.prefix}:{self.name}"

    @property
    def is_numeric(self) -> bool:
        return self.type not in {
            "stringItemType", "textBlockItemType", "domainItemType", "dateItemType", "booleanItemType",
            "normalizedStringItemType", "tokenItemType", "anyURIItemType", "gYearItemType", "gMonthDayItemType",
            "durationItemType", "centralIndexKeyItemType", "fiscalPeriodItemType", "yesNoItemType",
            "submissionTypeItemType", "entityFilerCategoryItemType", "stateOrProvinceItemType",
            "edgarStateCountryItemType", "fileNumberItemType", "employerIdItemType", "securityTitleItemType",
            "tradingSymbolItemType", "edgarExchangeCodeItemType", "dateOrDatetimeItemType", "legalEntityIdentifierItemType",
        } and not self.type.endswith("TextBlockItemType")

    def fits_unit_kind(self, unit_kind: str) -> bool:
        if unit_kind == "monetary":
            return self.type in MONETARY_TYPES
        if unit_kind == "perShare":
            return self.type in PER_SHARE_TYPES
        if unit_kind == "shares":
            return self.type in SHARES_TYPES
        if unit_kind == "percent":
            return self.type in PERCENT_TYPES
        if unit_kind in ("pure", "count"):
            return self.type in PURE_TYPES
        if unit_kind == "text":
            return not self.is_numeric
        return False


@dataclass(frozen=True)
class SchemaVersion:
    family: str
    namespace: str
    date: str  # version date from the namespace, e.g. 2011-01-31
    url: str  # official URL of the schema that declares the family's concepts


class ConceptIndex:
    """A taxonomy package's concepts, versions and relationships, every version at once. Concepts are
    looked up in a ``TaxonomyView`` (``as_of``), which says which version of each family is in use."""

    def __init__(self, data: dict[str, Any], package_path: Path):
        self.data = data
        self.package_path = package_path
        self.sha256: str = data["sha256"]
        self.versions: dict[str, list[SchemaVersion]] = {
            fam: sorted((SchemaVersion(**v) for v in vers), key=lambda s: s.date) for fam, vers in data["versions"].items()
        }
        self._concepts: dict[str, dict[str, list[Any]]] = data["concepts"]

    def as_of(self, date: dt.date | None) -> TaxonomyView:
        """The view a filing dated ``date`` uses: for each family the newest version released on or before
        ``date`` (else the family's oldest); ``None``: the newest of each family."""
        chosen = []
        for fam, ordered in self.versions.items():
            pick = ordered[-1] if date is None else ordered[0]
            if date is not None:
                for version in ordered:
                    if version.date[:10] <= date.isoformat():
                        pick = version
            chosen.append((fam, pick))
        return TaxonomyView(self, tuple(chosen), date)

    # -- lookups that do not depend on the version in use -----------------------------------
    def concept_record(self, namespace: str, name: str) -> list[Any] | None:
        return self._concepts.get(namespace, {}).get(name)

    def names_in(self, namespace: str) -> list[str]:
        return list(self._concepts.get(namespace, {}))

    def in_any_version(self, qname: str) -> list[str]:
        """Dates of the package's versions of the family that declare the concept."""
        prefix, _, name = qname.partition(":")
        return [v.date for v in self.versions.get(prefix, []) if name in self._concepts.get(v.namespace, {})]

    @property
    def calculations(self) -> list[tuple[str, str, float]]:
        """(parent, child, weight) of the package's statement calculation linkbases (us-gaap names)."""
        return [(c[0], c[1], c[2]) for c in self.data["calculations"]]

    def type_schema(self, namespace: str) -> str | None:
        """Where the us-gaap schema of the package imports a base namespace from (dtr types, xbrldt)."""
        found: str | None = self.data.get("imports", {}).get(namespace)
        return found

    def dimension(self, axis_qname: str) -> dict[str, str]:
        """{'domain': name, 'default': name} of a standard axis, from the package's definition linkbases."""
        prefix, _, name = axis_qname.partition(":")
        found: dict[str, str] = self.data.get("dimensions", {}).get(name, {}) if prefix == "us-gaap" else {}
        return found

    @property
    def replacements(self) -> dict[str, str]:
        """Deprecated us-gaap name -> replacement name, from the package's deprecation linkbase."""
        found: dict[str, str] = self.data["replacements"]
        return found

    def patterns(self, namespace: str, item_type: str) -> list[str]:
        """The xs:pattern facets of an item type declared in ``namespace``."""
        found: list[str] = self.data.get("patterns", {}).get(namespace, {}).get(item_type) or []
        return found


@dataclass(frozen=True)
class TaxonomyView:
    """The concept index as a filing of one date sees it: for each family (us-gaap, dei, srt, ...) the one
    version in use (``chosen``). Made by ``ConceptIndex.as_of``; immutable, so views of one index at
    different dates never affect each other. Two views of one index with the same versions are equal
    (and hash alike: caches keyed by a view serve every conversion that uses those versions)."""

    index: ConceptIndex = field(repr=False)
    chosen_versions: tuple[tuple[str, SchemaVersion], ...]
    date: dt.date | None = field(default=None, compare=False)  # what the versions were chosen for
    _by_family: dict[str, SchemaVersion] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_family", dict(self.chosen_versions))

    @property
    def chosen(self) -> Mapping[str, SchemaVersion]:
        """Family -> the version in use (read-only)."""
        return MappingProxyType(self._by_family)

    def as_of(self, date: dt.date | None) -> TaxonomyView:
        """The view of the same index at another date (this one is unchanged)."""
        return self.index.as_of(date)

    # -- the package ---------------------------------------------------------------------
    @property
    def sha256(self) -> str:
        return self.index.sha256

    @property
    def package_path(self) -> Path:
        return self.index.package_path

    @property
    def versions(self) -> dict[str, list[SchemaVersion]]:
        """Every version of each family in the package, oldest first."""
        return self.index.versions

    # -- the versions in use --------------------------------------------------------------
    def namespace(self, prefix: str) -> str | None:
        version = self._by_family.get(prefix)
        return version.namespace if version else None

    def schema_url(self, prefix: str) -> str | None:
        version = self._by_family.get(prefix)
        return version.url if version else None

    @property
    def year(self) -> str:
        version = self._by_family.get("us-gaap")
        return version.date[:4] if version else "?"

    def get(self, qname: str) -> Concept | None:
        prefix, _, name = qname.partition(":")
        version = self._by_family.get(prefix)
        if version is None:
            return None
        rec = self.index.concept_record(version.namespace, name)
        if rec is None:
            return None
        return Concept(prefix, name, version.namespace, *rec)

    def names(self, prefix: str) -> list[str]:
        version = self._by_family.get(prefix)
        return self.index.names_in(version.namespace) if version else []

    def value_fits(self, qname: str, value: str) -> bool:
        """Whether a text value satisfies the xs:pattern facets of the concept's own type in the package."""
        concept = self.get(qname)
        if concept is None:
            return False
        facets = self.index.patterns(concept.namespace, concept.type)
        if not facets:
            return True
        return any(re.fullmatch(p, value) for p in facets)

    # -- the package-wide lookups, for the stages that hold only the view --------------------
    def in_any_version(self, qname: str) -> list[str]:
        return self.index.in_any_version(qname)

    @property
    def calculations(self) -> list[tuple[str, str, float]]:
        return self.index.calculations

    def type_schema(self, namespace: str) -> str | None:
        return self.index.type_schema(namespace)

    def dimension(self, axis_qname: str) -> dict[str, str]:
        return self.index.dimension(axis_qname)

    @property
    def replacements(self) -> dict[str, str]:
        return self.index.replacements


# ------------------------------------------------------------------------------- building


def _cache_dir() -> Path:
    from ..locations import cache_dir

    return cache_dir()


def load_index(package_path: Path, *, use_cache: bool = True) -> ConceptIndex:
    """The concept index of a package: from the on-disk cache when its hash matches, else built."""
    sha = file_sha256(package_path)
    cache_file = _cache_dir() / f"concepts-{sha[:24]}-v{INDEX_FORMAT}.json"
    if use_cache and cache_file.is_file():
        try:
            data = json.loads(cache_file.read_text(encoding="utf-8"))
            if data.get("sha256") == sha and data.get("format") == INDEX_FORMAT:
                return ConceptIndex(data, package_path)
        except (OSError, ValueError):
            pass
    data = build_index_data(package_path, sha)
    if use_cache:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True), encoding="utf-8")
            os.replace(tmp, cache_file)
        except OSError:
            pass  # a read-only cache folder only costs time
    return ConceptIndex(data, package_path)


def _family_of(namespace: str) -> tuple[str, str] | None:
    for family, pattern in FAMILIES.items():
        match = pattern.match(namespace)
        if match:
            return family, match.group(1)
    return None


def _local(qname_text: str | None) -> str:
    return (qname_text or "").rpartition(":")[2]


def build_index_data(package_path: Path, sha: str) -> dict:
    package = TaxonomyPackage.open(package_path)
    concepts: dict[str, dict[str, list]] = {}
    versions: dict[str, list[dict]] = {}
    calculations: set[tuple[str, str, float]] = set()
    replacements: dict[str, str] = {}
    dimensions: dict[str, dict[str, str]] = {}
    imports: dict[str, str] = {}  # namespace -> absolute schemaLocation, as the us-gaap schema imports them
    patterns: dict[str, dict[str, list[str]]] = {}  # namespace -> item type -> xs:pattern facets
    dep_attr = re.compile(r"deprecatedDate$")
    with zipfile.ZipFile(package_path) as archive:
        for member in sorted(archive.namelist()):
            lower = member.lower()
            if lower.endswith(".xsd"):
                head = archive.read(member)
                if b"<xs:element" not in head and b"<element" not in head and b":element" not in head:
                    continue
                try:
                    root = etree.fromstring(head, safe_parser())
                except etree.XMLSyntaxError as exc:
                    raise TaxonomyError(f"taxonomy package {package_path}: {member} is not well-formed XML: {exc}") from None
                target = root.get("targetNamespace", "")
                family = _family_of(target)
                if family is None:
                    continue
                elements = root.findall(f"{{{XS}}}element")
                items = [e for e in elements if e.get("substitutionGroup")]
                if not items:
                    continue
                table = concepts.setdefault(target, {})
                for el in items:
                    deprecated = next((v for k, v in el.attrib.items() if dep_attr.search(k)), None)
                    table[el.get("name")] = [
                        _local(el.get("type")),
                        el.get(f"{{{XBRLI}}}periodType", ""),
                        el.get(f"{{{XBRLI}}}balance"),
                        el.get("abstract") == "true",
                        _local(el.get("substitutionGroup")),
                        deprecated,
                    ]
                url = package.url_for(member) or member
                fam, date = family
                for ctype in root.iter(f"{{{XS}}}complexType"):
                    facets = [p.get("value", "") for p in ctype.iter(f"{{{XS}}}pattern")]
                    if facets and ctype.get("name"):
                        patterns.setdefault(target, {})[ctype.get("name")] = facets
                if fam == "us-gaap":
                    for imp in root.findall(f"{{{XS}}}import"):
                        loc = imp.get("schemaLocation", "")
                        if loc.startswith("http"):
                            imports.setdefault(imp.get("namespace", ""), loc)
                known = versions.setdefault(fam, [])
                if not any(v["namespace"] == target for v in known) or "/elts/" in member:
                    known[:] = [v for v in known if v["namespace"] != target]
                    known.append({"family": fam, "namespace": target, "date": date, "url": url})
            elif lower.endswith(".xml") and ("-cal-" in lower or "-def-" in lower):
                try:
                    root = etree.fromstring(archive.read(member), safe_parser())
                except etree.XMLSyntaxError:
                    continue
                if "-cal-" in lower and "/stm/" in lower:
                    _read_calculations(root, calculations)
                elif "-dep-def-" in lower:
                    _read_replacements(root, replacements)
                else:
                    _read_dimensions(root, dimensions)
    if "us-gaap" not in versions:
        raise TaxonomyError(f"taxonomy package {package_path} declares no us-gaap concepts (is it a FASB us-gaap package?)")
    return {
        "format": INDEX_FORMAT,
        "sha256": sha,
        "package": str(package_path),
        "versions": {k: sorted(v, key=lambda x: x["date"]) for k, v in sorted(versions.items())},
        "concepts": concepts,
        "calculations": sorted(calculations),
        "replacements": dict(sorted(replacements.items())),
        "dimensions": {k: dict(sorted(v.items())) for k, v in sorted(dimensions.items())},
        "imports": dict(sorted(imports.items())),
        "patterns": patterns,
    }


def _locators(root) -> dict[str, str]:
    locs = {}
    for loc in root.iter(f"{{{LINK}}}loc"):
        href = loc.get(f"{{{XLINK}}}href", "")
        fragment = href.rpartition("#")[2]
        name = fragment.partition("_")[2] if "_" in fragment else fragment
        locs[loc.get(f"{{{XLINK}}}label", "")] = name
    return locs


def _read_calculations(root, out: set) -> None:
    for link in root.iter(f"{{{LINK}}}calculationLink"):
        locs = _locators(link)
        for arc in link.iter(f"{{{LINK}}}calculationArc"):
            parent = locs.get(arc.get(f"{{{XLINK}}}from", ""))
            child = locs.get(arc.get(f"{{{XLINK}}}to", ""))
            if parent and child:
                out.add((parent, child, float(arc.get("weight", "1"))))


def _read_dimensions(root, out: dict) -> None:
    """axis -> {'domain': ..., 'default': ...} from dimension-domain and dimension-default arcs."""
    for link in root.iter(f"{{{LINK}}}definitionLink"):
        locs = _locators(link)
        for arc in link.iter(f"{{{LINK}}}definitionArc"):
            role = arc.get(f"{{{XLINK}}}arcrole", "")
            key = "domain" if role.endswith("/dimension-domain") else "default" if role.endswith("/dimension-default") else None
            if key is None:
                continue
            axis = locs.get(arc.get(f"{{{XLINK}}}from", ""))
            target = locs.get(arc.get(f"{{{XLINK}}}to", ""))
            if axis and target:
                out.setdefault(axis, {}).setdefault(key, target)


def _read_replacements(root, out: dict) -> None:
    for link in root.iter(f"{{{LINK}}}definitionLink"):
        locs = _locators(link)
        for arc in link.iter(f"{{{LINK}}}definitionArc"):
            role = arc.get(f"{{{XLINK}}}arcrole", "")
            if role.endswith("essence-alias") or role.endswith("dep-concept-deprecatedConcept"):
                a = locs.get(arc.get(f"{{{XLINK}}}from", ""))
                b = locs.get(arc.get(f"{{{XLINK}}}to", ""))
                if a and b:
                    # essence-alias: from=essence (kept), to=alias (deprecated);
                    # dep-concept-deprecatedConcept: from=replacement, to=deprecated
                    out[b] = a
