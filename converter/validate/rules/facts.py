"""Instance checks the EDGAR plugin does not make.

EFM 6.5 (contexts, units, facts: 6.5.7 equivalent contexts, 6.5.8 unused contexts, 6.5.11 equivalent
units, 6.5.12 inconsistent duplicates, 6.5.17 precision, 6.5.37 digits beyond decimals) is the plugin's:
those rules were removed here, since two implementations of one rule will disagree.
"""
from __future__ import annotations

from .dts import Filing, source_of
from .registry import rule, warning


@rule("EFM.6.5.11.unused")
def units_used(filing: Filing):
    """Every unit of an instance should be referenced by at least one numeric fact (an unused unit is
    harmless to XBRL and EDGAR does not reject it, EFM 6.5.11 asks only that units be distinct; but it
    is noise a reviewer has to rule out)."""
    used = {fact.unitID for fact in filing.facts if fact.unitID}
    for unit_id, unit in filing.all_units():
        if unit_id not in used:
            yield warning(f"unit {unit_id} is not used by any fact: remove it", source_of(unit))
