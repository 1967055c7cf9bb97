"""Read an XBRL taxonomy package (a zip with META-INF/taxonomyPackage.xml and catalog.xml).

No network, no DTDs, no entity expansion: every XML file is parsed with ``safe_parser``.
Nothing here knows a taxonomy year: entry points and namespaces are read from the package.
"""
from __future__ import annotations

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import IxconvError

TAXONOMY_ENV = "IXCONV_TAXONOMY"
TAXONOMY_OPTION = "--taxonomy"


class TaxonomyError(IxconvError):
    """The taxonomy package is missing or unusable (a one-line, user-facing message)."""


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def default_taxonomy_path() -> Path:
    """The package named by $IXCONV_TAXONOMY, else ../shared/taxonomies/us-gaap-2011.zip beside the project."""
    from ..locations import shared_path

    return shared_path(TAXONOMY_ENV, "taxonomies", "us-gaap-2011.zip")


def resolve_taxonomy_path(option: str | None) -> Path:
    path = Path(option) if option else default_taxonomy_path()
    if not path.is_file():
        raise TaxonomyError(
            f"taxonomy package not found: {path} (give a FASB us-gaap taxonomy zip with {TAXONOMY_OPTION} PATH "
            f"or set {TAXONOMY_ENV}=PATH)"
        )
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class EntryPoint:
    name: str
    url: str


@dataclass(frozen=True)
class TaxonomyPackage:
    path: Path
    root: str  # folder inside the zip holding META-INF ("" when at the top)
    entry_points: tuple[EntryPoint, ...]
    rewrites: tuple[tuple[str, str], ...]  # (url prefix, path prefix inside the zip)

    @classmethod
    def open(cls, path: Path) -> TaxonomyPackage:
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise TaxonomyError(f"taxonomy package {path} is not a readable zip: {exc}") from None
        with archive:
            names = archive.namelist()
            meta = [n for n in names if n.endswith("META-INF/taxonomyPackage.xml")]
            if not meta:
                raise TaxonomyError(f"{path} is not a taxonomy package: no META-INF/taxonomyPackage.xml inside")
            meta_name = min(meta, key=len)
            root = meta_name[: -len("META-INF/taxonomyPackage.xml")]
            tp = etree.fromstring(archive.read(meta_name), safe_parser())
            ns = {"tp": tp.nsmap.get("tp") or "http://xbrl.org/2016/taxonomy-package"}
            entries = []
            for ep in tp.iterfind(".//tp:entryPoint", ns):
                name = (ep.findtext("tp:name", default="", namespaces=ns) or "").strip()
                for doc in ep.iterfind("tp:entryPointDocument", ns):
                    entries.append(EntryPoint(name, doc.get("href", "")))
            rewrites = []
            catalog_name = root + "META-INF/catalog.xml"
            if catalog_name in names:
                cat = etree.fromstring(archive.read(catalog_name), safe_parser())
                for rw in cat.iter("{*}rewriteURI"):
                    target = os.path.normpath(os.path.join(root + "META-INF", rw.get("rewritePrefix", "")))
                    rewrites.append((rw.get("uriStartString", ""), target.rstrip("/") + "/"))
        return cls(path, root, tuple(entries), tuple(rewrites))

    def url_for(self, member: str) -> str | None:
        """The official URL of a file inside the zip, through the catalog's rewrites."""
        best = None
        for url_prefix, path_prefix in self.rewrites:
            if member.startswith(path_prefix) and url_prefix.startswith("http://"):
                candidate = url_prefix + member[len(path_prefix):]
                if best is None or len(candidate) < len(best):
                    best = candidate
        return best


_TARGET_NS = re.compile(rb"targetNamespace\s*=\s*['\"]([^'\"]+)['\"]")
