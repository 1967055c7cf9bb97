"""EFM 6.7 and 6.8: the extension schema's namespace, prefix and element names."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from .dts import Filing, source_of
from .registry import error, rule, warning

# EFM 6.8.5: characters an element name must not contain (beyond what XML names already forbid).
DISALLOWED_NAME_CHARACTERS = re.compile(r"[][()*+?\\/^{}|@#%=~`\"';:,<>&$\u00a3\u20ac]")
NOT_LC3_CHARACTERS = re.compile(r"[^A-Za-z0-9]")
NAMESPACE_DATE = re.compile(r"^/(?:(\d{4})-(\d{2})-(\d{2})|(\d{4})(\d{2})(\d{2}))(?:/|$)")
ARTICLES = {"the", "a", "an"}
STRUCTURAL_SUFFIX = re.compile(r"(Abstract|Axis|Domain|Member|Table|LineItems)$")
LABEL_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z0-9]+)*")


def effective_authority(uri: str) -> str:
    """The registrable part of a URI's host: ``xbrl.sec.gov`` and ``www.sec.gov`` are both ``sec.gov``."""
    host = (urlsplit(uri).hostname or "").lower()
    labels = [part for part in host.split(".") if part]
    return ".".join(labels[-2:]) if len(labels) >= 2 else host


# the authorities of EDGAR's standard taxonomies (FASB, SEC, XBRL International, W3C, IFRS Foundation)
STANDARD_AUTHORITIES = {"fasb.org", "sec.gov", "xbrl.org", "w3.org", "ifrs.org"}


def standard_authorities(filing: Filing) -> set[str]:
    """The standard authorities, and those of every namespace the taxonomy package (not the filing)
    brought into the DTS."""
    out = set(STANDARD_AUTHORITIES)
    for document in filing.model.urlDocs.values():
        namespace = getattr(document, "targetNamespace", None)
        if namespace and not filing.is_extension(document):
            out.add(effective_authority(namespace))
    out.discard("")
    return out


def _prefixes_for(schema) -> list[str]:
    namespace = schema.targetNamespace
    return sorted(p or "" for p, ns in schema.xmlRootElement.nsmap.items() if ns == namespace)


@rule("EFM.6.7.3")
def extension_namespace_authority(filing: Filing):
    """An extension schema's target namespace must not use the authority of a standard taxonomy
    (fasb.org, sec.gov, xbrl.org, ...): the filer's namespace is under the filer's own domain."""
    standard = standard_authorities(filing)
    for schema in filing.extension_schemas:
        namespace = schema.targetNamespace or ""
        authority = effective_authority(namespace)
        if authority in standard:
            yield error(f"extension namespace {namespace} uses the authority {authority} of a standard taxonomy",
                        source_of(schema))


@rule("EFM.6.7.4")
def extension_namespace_form(filing: Filing):
    """An extension schema's target namespace must have the form http://{authority}/{yyyymmdd}
    (or /{yyyy-mm-dd}), the date being a real date."""
    for schema in filing.extension_schemas:
        namespace = schema.targetNamespace or ""
        parts = urlsplit(namespace)
        match = NAMESPACE_DATE.match(parts.path) if parts.scheme == "http" and parts.netloc else None
        valid = False
        if match:
            year, month, day = (g for g in match.groups() if g is not None)
            try:
                dt.date(int(year), int(month), int(day))
                valid = True
            except ValueError:
                valid = False
        if not valid:
            yield error(f"extension namespace {namespace!r} is not of the form http://{{authority}}/{{yyyymmdd}}",
                        source_of(schema))


@rule("EFM.6.7.7")
def extension_prefix(filing: Filing):
    """An extension schema must declare exactly one prefix for its target namespace, and that prefix
    must not contain an underscore."""
    for schema in filing.extension_schemas:
        prefixes = _prefixes_for(schema)
        if not prefixes or prefixes == [""]:
            yield error(f"extension schema declares no prefix for its namespace {schema.targetNamespace}",
                        source_of(schema))
        elif len(prefixes) > 1:
            yield error(f"extension schema declares {len(prefixes)} prefixes ({', '.join(prefixes)}) for "
                        f"{schema.targetNamespace}: declare one", source_of(schema))
        elif "_" in prefixes[0]:
            yield error(f"extension prefix {prefixes[0]!r} contains an underscore", source_of(schema))


@rule("EFM.6.7.16")
def extension_name_not_standard(filing: Filing):
    """An extension element must not have the same name as an element of a standard taxonomy in the
    DTS (us-gaap, dei, ...): use the standard element, or name the extension differently."""
    for concept in filing.extension_concepts:
        name = concept.get("name")
        for other in filing.model.nameConcepts.get(name, ()):
            if other is not concept and not filing.is_extension(other.modelDocument):
                yield error(f"extension element {concept.qname} has the name of the standard element {other.qname}",
                            source_of(concept))
                break


@rule("EFM.6.7.17")
def extension_element_id(filing: Filing):
    """An extension element's id must be its schema's prefix, an underscore and its name."""
    for schema in filing.extension_schemas:
        prefixes = _prefixes_for(schema)
        prefix = prefixes[0] if prefixes else ""
        for concept in filing.extension_concepts:
            if concept.modelDocument is not schema:
                continue
            expected = f"{prefix}_{concept.get('name')}"
            if concept.id != expected:
                yield error(f"extension element {concept.qname} has id {concept.id!r}; expected {expected!r}",
                            source_of(concept))


def lc3_names(label: str) -> set[str]:
    """The LC3 names of a label: its words (articles dropped, apostrophes removed) run together, each
    word's first letter capitalised; also the form with each word in title case (EDGAR's reading)."""
    words = [w.replace("'", "") for w in LABEL_WORD.findall(label) if w.lower() not in ARTICLES]
    as_written = "".join(w[:1].upper() + w[1:] for w in words)
    title_case = "".join(w.title() for w in words)
    return {as_written, title_case}


def matches_label(name: str, label: str) -> bool:
    """``name`` is an LC3 name of ``label``, allowing the structural suffix (Abstract, Axis, Member, ...)
    that names carry and labels usually do not."""
    candidates = lc3_names(label)
    suffix = STRUCTURAL_SUFFIX.search(name)
    if suffix:
        candidates |= {c + suffix.group(0) for c in candidates}
    return name in candidates


@rule("EFM.6.8.5")
def extension_name_lc3(filing: Filing):
    """An extension element's name must be in LC3 (Label CamelCase Concatenation) form: it starts
    with a capital letter, has none of the characters EDGAR forbids in names and is at most 200
    characters; it should have only letters and digits and be the concatenation of the words of its
    standard label."""
    for concept in filing.extension_concepts:
        name = concept.get("name") or ""
        where = source_of(concept)
        if not name[:1].isupper():
            yield error(f"extension element name {name!r} must start with a capital letter", where, ".firstLetter")
        if DISALLOWED_NAME_CHARACTERS.search(name):
            yield error(f"extension element name {name!r} has characters EDGAR does not allow", where,
                        ".disallowedCharacter")
        elif NOT_LC3_CHARACTERS.search(name):
            yield warning(f"extension element name {name!r} has characters other than letters and digits", where,
                          ".disallowedCharacter")
        if len(name) > 200:
            yield error(f"extension element name {name[:40]!r}... is longer than 200 characters", where, ".nameLength")
        label = concept.label(lang="en", fallbackToQname=False)
        if label and name[:1].isupper() and not matches_label(name, label):
            expected = sorted(lc3_names(label))[0]
            yield warning(f"extension element name {name!r} should be the LC3 form of its label {label!r} "
                          f"({expected!r})", where, ".LC3")
