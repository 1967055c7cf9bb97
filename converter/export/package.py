"""The filing as an XBRL Report Package (Report Package 1.0, 2023), in its Inline XBRL form.

An Inline XBRL report package is a zip whose name ends in ``.xbri`` holding one top-level folder with
``META-INF/reportPackage.json`` (``{"documentInfo": {"documentType":
"https://xbrl.org/report-package/2023/xbri"}}``) and ``reports/`` with exactly one Inline XBRL report:
here the iXBRL document and, beside it, the company's extension taxonomy (schema and linkbases) that it
references relatively. The specification ties the document type to the extension: a ``.zip`` may only
be an *unconstrained* package (``.../2023``) and an ``.xbri`` only the inline form, so the inline form is
written as ``<prefix>-<date>.xbri`` (a zip file by content; any unzip tool opens it).

The bytes are deterministic: entries in a fixed order, every timestamp 1980-01-01, fixed permissions.
"""
from __future__ import annotations

import io
import json
import zipfile

DOCUMENT_TYPE = "https://xbrl.org/report-package/2023/xbri"
EXTENSION = ".xbri"
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: no clock in the output


def package_name(base: str) -> str:
    """``<prefix>-<date>.xbri`` for the filing whose files are named ``<prefix>-<date>.*``."""
    return base + EXTENSION


def _entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # unix, so that the permissions above are read as such
    archive.writestr(info, data)


def report_package(base: str, document_name: str, files: dict[str, bytes]) -> bytes:
    """The report package of one filing: ``files`` (the rendered iXBRL document and its extension
    taxonomy, by file name) under ``<base>/reports/``; ``document_name`` must be among them."""
    if document_name not in files:
        raise ValueError(f"{document_name} is not among the files to package")
    meta = json.dumps({"documentInfo": {"documentType": DOCUMENT_TYPE}}, indent=2, sort_keys=True) + "\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _entry(archive, f"{base}/META-INF/reportPackage.json", meta.encode("utf-8"))
        # the report first, then its taxonomy, each in name order
        for name in [document_name] + sorted(n for n in files if n != document_name):
            _entry(archive, f"{base}/reports/{name}", files[name])
    return buffer.getvalue()
