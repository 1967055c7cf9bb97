"""The Jinja environment over ``templates/``, shared by the stages that write from templates: render (the
iXBRL document, the extension schema, its linkbases) and export (the review report). A service below
both, so that export never imports render: one environment (autoescaped, XML-safe values, the templates'
filters) and one on-disk cache of compiled templates per process.
"""
from __future__ import annotations

import functools
import os
import re

import jinja2
import markupsafe

from .locations import cache_dir, templates

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value):
    """Every value rendered into XML loses the characters XML cannot hold (a space each); markup the
    templates built (a macro's output) stays markup."""
    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(XML_INVALID.sub(" ", str(value)))
    return XML_INVALID.sub(" ", value) if isinstance(value, str) else value


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates on disk (``<cache>/jinja-<version>``), keyed by Jinja on each template's
    name and source checksum (an edited template is compiled anew); a folder that cannot be written
    only costs the compile (about 0.2 s for the four templates)."""

    def dump_bytecode(self, bucket) -> None:  # type: ignore[override]
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass

    def load_bytecode(self, bucket) -> None:  # type: ignore[override]
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):
            bucket.reset()


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    if os.environ.get("IXCONV_NO_TEMPLATE_CACHE"):
        return None
    return _TemplateCache(str(cache_dir() / f"jinja-{jinja2.__version__}"), "%s.cache")


def comment_text(value) -> str:
    """Text that can stand inside an XML comment: no ``--`` (XML 1.0 section 2.5), no trailing ``-``."""
    text = re.sub(r"-(?=-)", "- ", str(value))
    return text + " " if text.endswith("-") else text


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The templates' environment, once per process; compiled templates cached on disk across processes."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates())),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,  # everything rendered is XML: escape all text
        finalize=_xml_safe,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["comment_text"] = comment_text
    return env
