"""The error ingest raises for input it cannot read (one line, names the file and what to do)."""
from ..errors import IxconvError


class IngestError(IxconvError):
    pass
