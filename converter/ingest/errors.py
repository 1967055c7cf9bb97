"""The error ingest raises for input it cannot read (one line, names the file and what to do)."""


class IngestError(Exception):
    pass
