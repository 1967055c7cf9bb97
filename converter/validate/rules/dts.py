"""``Filing``: what the rules read from a loaded Arelle ``ModelXbrl`` (facts, extension documents and concepts).

The filing's own documents (the "extension") are those in the entry document's folder; everything else
in the DTS came from the taxonomy package (us-gaap, dei, the XBRL specifications).
"""
from __future__ import annotations

import os
from functools import cached_property
from typing import Any

from arelle.ModelDocument import Type as DocumentType
from arelle.ModelDtsObject import ModelConcept

DEI_NAMESPACE_START = "http://xbrl.sec.gov/dei/"


def source_of(obj: Any) -> str:
    """``file:line`` of a model object (fact, context, unit, concept, arc), '' when unknown."""
    document = getattr(obj, "modelDocument", None)
    name = os.path.basename(getattr(document, "uri", "") or "")
    line = getattr(obj, "sourceline", None)
    if name and line:
        return f"{name}:{line}"
    return name


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_LANGUAGE = "en-US"  # EDGAR's default xml:lang


def fact_language(fact: Any) -> str:
    """The xml:lang in scope for a fact (inherited through the iXBRL document), else EDGAR's default."""
    element = fact
    while element is not None:
        lang = element.get(XML_LANG) if hasattr(element, "get") else None
        if lang:
            return lang
        element = element.getparent()
    return DEFAULT_LANGUAGE


class Filing:
    """A loaded filing as the rules see it. Built once per ``run_all``; properties are computed on first use."""

    def __init__(self, model):
        self.model = model
        # the entry's folder (for an inline document set, its surrogate entry sits in the documents' folder)
        self.folder = os.path.normpath(os.path.dirname(model.modelDocument.uri))

    # ---------------------------------------------------------------- documents

    def is_extension(self, document) -> bool:
        """True for a document of the filing itself (in the entry's folder), not of the taxonomy package."""
        uri = getattr(document, "uri", "") or ""
        if "://" in uri:
            return False
        folder = os.path.normpath(os.path.dirname(uri))
        return folder == self.folder or folder.startswith(self.folder + os.sep)

    @cached_property
    def extension_documents(self) -> list:
        return sorted((d for d in self.model.urlDocs.values() if self.is_extension(d)), key=lambda d: d.uri)

    @cached_property
    def extension_schemas(self) -> list:
        return [d for d in self.extension_documents if d.type == DocumentType.SCHEMA]

    @cached_property
    def inline_documents(self) -> list:
        return [d for d in self.extension_documents if d.type == DocumentType.INLINEXBRL]

    @cached_property
    def extension_concepts(self) -> list[ModelConcept]:
        """Element declarations of the filing's own schemas, in document order."""
        out = []
        for schema in self.extension_schemas:
            root = schema.xmlRootElement
            for element in root.iterdescendants(tag="{http://www.w3.org/2001/XMLSchema}element"):
                if isinstance(element, ModelConcept) and element.get("name"):
                    out.append(element)
        return out

    # ---------------------------------------------------------------- facts

    @cached_property
    def facts(self) -> list:
        """Every fact of the instance, in document order (nil facts included)."""
        return list(self.model.facts)

    def all_contexts(self) -> list[tuple[str, Any]]:
        """Every context the filing declares, by id. Arelle keeps only the contexts facts refer to in an
        Inline XBRL model; the others (``ixdsUnmappedContexts``) are added back here."""
        found = dict(self.model.contexts)
        for context_id, element in (getattr(self.model, "ixdsUnmappedContexts", None) or {}).items():
            found.setdefault(context_id, element)
        return sorted(found.items(), key=lambda item: (source_of(item[1]), item[0]))

    def all_units(self) -> list[tuple[str, Any]]:
        """Every unit the filing declares, by id (the Inline XBRL unused ones included, as for contexts)."""
        found = dict(self.model.units)
        for unit_id, element in (getattr(self.model, "ixdsUnmappedUnits", None) or {}).items():
            found.setdefault(unit_id, element)
        return sorted(found.items(), key=lambda item: (source_of(item[1]), item[0]))

    @cached_property
    def used_concepts(self) -> list[ModelConcept]:
        seen: dict[Any, ModelConcept] = {}
        for fact in self.facts:
            concept = fact.concept
            if concept is not None and concept.qname not in seen:
                seen[concept.qname] = concept
        return sorted(seen.values(), key=lambda c: str(c.qname))

    # ---------------------------------------------------------------- taxonomies

    @cached_property
    def dei_namespace(self) -> str | None:
        """The dei namespace the filing uses (its facts'), else the newest dei the DTS loaded."""
        for fact in self.facts:
            namespace = fact.qname.namespaceURI or ""
            if namespace.startswith(DEI_NAMESPACE_START):
                return namespace
        loaded = sorted(ns for ns in self.model.namespaceDocs if (ns or "").startswith(DEI_NAMESPACE_START))
        return loaded[-1] if loaded else None

    def relationships(self, arcrole: str) -> list:
        return list(self.model.relationshipSet(arcrole).modelRelationships)

    def extension_relationships(self, arcrole: str) -> list:
        """Relationships of ``arcrole`` declared in the filing's own linkbases."""
        return [r for r in self.relationships(arcrole) if self.is_extension(r.modelDocument)]
