"""EDGAR's accepted Inline XBRL transformation registries (ixbrl-transform-registries.json)."""
from __future__ import annotations

from .dts import Filing, source_of
from .registry import error, rule

TRANSFORM_NAMESPACE_HINT = "/inlineXBRL/transformation/"


def accepted_registries(data: dict) -> dict[str, str]:
    """namespace -> required prefix (the file's entries other than its copyright and description)."""
    return {ns: prefix for ns, prefix in data.items() if isinstance(prefix, str) and "://" in ns}


@rule("EFM.5.2.5.transformRegistry", reference="ixbrl-transform-registries.json")
def transform_registry_accepted(filing: Filing, data: dict):
    """Every ix format of an Inline XBRL fact must come from a transformation registry EDGAR accepts
    (ixt 2015-02-26, 2020-02-12, 2022-02-16 and ixt-sec 2015-08-31 in EDGAR release 25.4), bound to the
    prefix EDGAR requires for it (ixt, ixt-sec)."""
    accepted = accepted_registries(data)
    reported: set[tuple[str, str]] = set()
    for fact in filing.facts:
        raw = fact.get("format")
        if not raw:
            continue
        fmt = fact.format
        if fmt is None or not fmt.namespaceURI:
            continue  # an undeclared prefix: Arelle reports it
        namespace, prefix = fmt.namespaceURI, fmt.prefix or ""
        if namespace not in accepted:
            if (namespace, "") not in reported:
                reported.add((namespace, ""))
                yield error(f"format {raw} (fact {fact.qname}) is from the transformation registry {namespace}, which "
                            f"EDGAR does not accept (accepted: {', '.join(sorted(accepted))})", source_of(fact))
        elif prefix != accepted[namespace] and (namespace, prefix) not in reported:
            reported.add((namespace, prefix))
            yield error(f"the transformation registry {namespace} is bound to the prefix {prefix!r}; EDGAR requires "
                        f"{accepted[namespace]!r}", source_of(fact), ".standardNamespacePrefix")
