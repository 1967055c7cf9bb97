"""The taxonomy-only properties of the warm template's concepts, kept between runs.

Arelle computes a concept's type, substitution lineage and item/tuple/dimension kind the first time they
are read, from the schemas alone, and keeps each on the concept (``concept.isItem`` keeps ``_isItem``).
Its validation reads them for every concept of the DTS (``ValidateXbrl``'s concept checks: ~16,000 for
us-gaap), ~0.3 s a filing. They depend on the base schemas only, so the warm validator keeps them in the
project's cache folder, keyed as its base-taxonomy messages are (``WarmValidator._cache_identity``), and
sets them on the template's concepts when it is built: each the value Arelle computed for that concept
in an earlier run (QNames with their prefix). The properties of the filing's own concepts are computed
by Arelle as always. ``tests/test_perf.py`` checks that a template from this cache gives the fresh
validation's messages.
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

FORMAT = 1
# properties whose value Arelle keeps as ``_<name>`` on the concept (arelle.ModelDtsObject.ModelConcept)
PROPERTIES = (
    "typeQname", "substitutionGroupQname", "baseXbrliType", "isNumeric", "isMonetary", "isItem", "isTuple",
    "isLinkPart", "isPrimaryItem", "isHypercubeItem", "isDimensionItem", "isTypedDimension",
)
QNAMES = ("typeQname", "substitutionGroupQname")
MISSING = "\0missing"  # not computed (Arelle raised): left for Arelle to compute when read

Row = tuple[Any, ...]


def compute(model) -> None:
    """Every property of every concept read now (as Arelle would read it later), and ``type``."""
    for concept in list(model.qnameConcepts.values()):
        for name in ("type", *PROPERTIES):
            try:
                getattr(concept, name)
            except Exception:  # noqa: BLE001 - left for the validation to compute (and report) itself
                pass


def _plain(name: str, value: Any) -> Any:
    if name in QNAMES and value is not None:
        return (value.prefix, value.namespaceURI, value.localName)
    return value


def table(model) -> dict[tuple[str, str], Row]:
    """{(namespace, local name): the kept value of each of ``PROPERTIES``} of the concepts that have them."""
    rows: dict[tuple[str, str], Row] = {}
    for qname, concept in model.qnameConcepts.items():
        values = concept.__dict__ if hasattr(concept, "__dict__") else {}
        row = tuple(_plain(name, values[f"_{name}"]) if f"_{name}" in values else MISSING for name in PROPERTIES)
        if any(v != MISSING for v in row):
            rows[(qname.namespaceURI or "", qname.localName)] = row
    return rows


def restore(model, rows: dict[tuple[str, str], Row]) -> int:
    """Set the kept properties on the template's concepts (and ``type``, the concept's type object looked up by
    its kept QName); the number of concepts set."""
    from arelle.ModelValue import QName

    qnames: dict[tuple, QName] = {}
    done = 0
    for qname, concept in model.qnameConcepts.items():
        row = rows.get((qname.namespaceURI or "", qname.localName))
        if row is None:
            continue
        for name, value in zip(PROPERTIES, row):
            if isinstance(value, str) and value == MISSING:
                continue
            if name in QNAMES and value is not None:
                value = qnames.get(value) or qnames.setdefault(value, QName(*value))
            setattr(concept, f"_{name}", value)
        if "_typeQname" in concept.__dict__ and "_type" not in concept.__dict__:
            type_qname = concept._typeQname  # ``concept.type``, as Arelle computes it from the type's QName
            concept._type = model.qnameTypes.get(type_qname) if type_qname is not None else None
        done += 1
    return done


def read(path: Path | None) -> dict[tuple[str, str], Row] | None:
    if path is None or not path.is_file():
        return None
    try:
        data = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None  # unreadable: computed again
    if not (isinstance(data, dict) and data.get("format") == FORMAT and data.get("properties") == PROPERTIES):
        return None
    rows = data.get("rows")
    return rows if isinstance(rows, dict) else None


def write(path: Path | None, rows: dict[tuple[str, str], Row]) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(pickle.dumps({"format": FORMAT, "properties": PROPERTIES, "rows": rows},
                                     protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time
