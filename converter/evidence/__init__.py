"""evidence: what the company itself reported in XBRL, read directly (no DTS, no network, no entities).

A service below the stages: ``eval`` grades a conversion against it, and a conversion may use a
company's earlier filings as evidence. ``read_reported(path)`` reads an XBRL instance, an Inline XBRL
document or SEC companyfacts JSON into ``model.ReportedFact``s.
"""
from .read import EvidenceError, read_companyfacts, read_instance, read_reported

__all__ = ["EvidenceError", "read_companyfacts", "read_instance", "read_reported"]
