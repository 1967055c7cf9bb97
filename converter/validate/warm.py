"""A warm Arelle validator: one controller per process, the taxonomy loaded once, one fork per document.

``validate_filing`` (a new ``Session`` per document) spends ~95% of its time on the us-gaap/dei part of
the DTS: loading and XML-schema-checking the base schemas, then re-validating every base-taxonomy
element. ``WarmValidator`` pays that once per process and per set of base schemas:

1. **Template.** The base schemas a filing imports (the absolute ``schemaLocation`` of each ``xs:import``
   in the filing's own schemas: us-gaap, dei, xbrli, link, ... — chosen per filing by the renderer) are
   loaded once into a ModelXbrl through a *carrier* schema that imports exactly those URLs and declares
   nothing. The carrier is then detached, leaving a DTS of base documents with no entry, and the
   taxonomy-only properties of its concepts (type, substitution lineage, item/tuple/dimension kind) are
   set from the cache (``validate.concept_table``), or computed once, so that no document pays for them.
2. **Fork per document.** ``os.fork()`` gives a copy-on-write child holding the template. The child loads
   the filing *into the template's ModelXbrl* (its schema's imports are found there, already loaded),
   validates it with Arelle's own ``Validate.validate`` (with the SEC's EDGAR plugin and its disclosure
   system when ``validate.edgar`` finds it: loaded once in the controller), completes the report as
   every validation path does (``complete_report``: the plugin's messages, the project's rules), sends
   the results through a pipe and exits. The parent's template is never touched, so no state leaks from
   one document to the next, and a crash in Arelle costs one document, not the worker.
3. **Same messages.** A fresh validation also checks every base-taxonomy element
   (``checkElements`` on each base document, the expensive part) and XML-schema-validates the base
   schemas while loading them. Those checks depend on the base documents only, so the child runs with
   ``baseTaxonomyValidation=none`` and the messages of those two steps are computed once per template
   (the carrier validated in full minus the carrier validated with ``none``, plus the carrier's load
   messages, all in throw-away children) and added to every document's messages.
   Any message about the carrier itself is dropped (there is none for a clean carrier). Both sets of
   messages are kept in the project's cache folder (``$IXCONV_CACHE``, else ``~/.cache/ixconv``) keyed by
   the package's SHA-256, Arelle's version, the calculation mode, the EDGAR plugin and the set of base
   schemas, so later runs skip those two validations and load the base schemas without their XML-schema
   checks (``XmlValidateSchema.validate``, which only logs), replaying the kept load messages
   (``cache=False`` to always compute them).
4. **Outputs beside the validation.** With ``concurrent_outputs`` (``convert``'s validator) the
   xBRL-JSON/CSV export and the viewer are made as data (``validate.produce_outputs``) in a fork of the
   loaded filing while the filing is validated, and written (``export.arelle.write_outputs``, by the face) once the report
   says whether the export may be: the same bytes as made after the validation, on the other core.

A filing whose schemas cannot be read for imports, or a platform without ``os.fork``, falls back to a
cold load (fork strategy: a fresh ModelXbrl in the child, default base-taxonomy validation; no fork:
``validate_filing``). ``strategy="fresh"`` forces ``validate_filing``.

Arelle is imported only by ``start()`` or the first ``validate()``. Keep one ``WarmValidator`` per
process (Arelle's ``Session`` keeps process-wide state); calls from several threads are serialised.
"""
from __future__ import annotations

import gc
import json
import logging
import os
import pickle
import select
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from . import ValidationReport, check_plugin_loaded, complete_report, import_own_rules
from .arelle_run import ArelleResult, Message, buffered_messages
from .edgar import EdgarOptions, resolve_edgar

CARRIER_NAMESPACE = "urn:ixconv:warm-carrier:{n}"
CHECK_CACHE_FORMAT = 3  # 3: the load messages kept too
MODULES_CACHE_FORMAT = 1
XSD_NS = "http://www.w3.org/2001/XMLSchema"
LINK_NS = "http://www.xbrl.org/2003/linkbase"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"



class WarmValidationError(RuntimeError):
    """The validating child failed (crashed, timed out, or raised); the message says which."""


@dataclass
class _Template:
    key: tuple[tuple[str, str], ...]
    model: Any  # arelle ModelXbrl with the base documents, no entry
    replay_load: list[Message]  # messages a fresh load logs for the base schemas
    replay_check: list[Message]  # messages of the base-taxonomy element checks
    seconds: float


@dataclass
class WarmStats:
    templates: int = 0
    template_seconds: float = 0.0
    documents: int = 0
    cold_documents: int = 0  # documents validated without a template
    last_child_maxrss_kb: int = 0  # peak RSS of the last validating child (includes the shared template)
    last_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _is_absolute_url(location: str) -> bool:
    return urlparse(location).scheme in ("http", "https")


def base_imports(entry: Path) -> tuple[tuple[str, str], ...] | None:
    """(namespace, URL) of every xs:import with an absolute location in the filing's own schemas.

    The filing's schemas are the local files its ``link:schemaRef`` elements name, and the local schemas
    those import, recursively. ``None`` when the filing or one of its schemas cannot be parsed (the
    validation then runs cold, and Arelle reports the problem itself).
    """
    from lxml import etree

    from ..taxonomy.package import safe_parser

    found: set[tuple[str, str]] = set()
    seen: set[Path] = set()
    try:
        root = etree.parse(str(entry), safe_parser()).getroot()
    except (OSError, etree.XMLSyntaxError):
        return None
    pending = []
    for ref in root.iter(f"{{{LINK_NS}}}schemaRef"):
        href = (ref.get(XLINK_HREF) or "").split("#", 1)[0]
        if href and not _is_absolute_url(href) and urlparse(href).scheme in ("", "file"):
            pending.append((entry.parent / href).resolve())
    while pending:
        schema = pending.pop()
        if schema in seen:
            continue
        seen.add(schema)
        try:
            schema_root = etree.parse(str(schema), safe_parser()).getroot()
        except (OSError, etree.XMLSyntaxError):
            return None
        for imp in schema_root.iter(f"{{{XSD_NS}}}import", f"{{{XSD_NS}}}include"):
            location = imp.get("schemaLocation") or ""
            if not location:
                continue
            if _is_absolute_url(location):
                if imp.tag == f"{{{XSD_NS}}}import":
                    found.add((imp.get("namespace") or "", location))
            elif urlparse(location).scheme in ("", "file"):
                pending.append((schema.parent / location).resolve())
    return tuple(sorted(found))


def _carrier_xml(namespace: str, imports: tuple[tuple[str, str], ...]) -> str:
    from xml.sax.saxutils import quoteattr

    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<xs:schema xmlns:xs="{XSD_NS}" targetNamespace={quoteattr(namespace)} elementFormDefault="qualified">']
    for ns, url in imports:
        ns_attr = f" namespace={quoteattr(ns)}" if ns else ""
        lines.append(f"  <xs:import{ns_attr} schemaLocation={quoteattr(url)}/>")
    lines.append("</xs:schema>")
    return "\n".join(lines) + "\n"


def _cache_dir() -> Path:
    from ..locations import cache_dir

    return cache_dir()


def _as_messages(items) -> list[Message]:
    return [Message(m["code"], m["level"], m["text"], m.get("source", "")) for m in items]


def _read_messages(path: Path | None) -> tuple[list[Message], list[Message]] | None:
    """(load messages, check messages) kept by ``_write_messages``; None when absent or unreadable."""
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _as_messages(data["load"]), _as_messages(data["messages"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # unreadable: computed again


def _write_messages(path: Path | None, load: list[Message], messages: list[Message]) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps({"load": [asdict(m) for m in load], "messages": [asdict(m) for m in messages]},
                                  indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time


@contextmanager
def _base_schema_checks_replayed(replayed: bool):
    """While the template's base schemas load: with ``replayed``, Arelle's XML-schema checks of the loaded
    schemas (``XmlValidateSchema.validate``: it only logs, and depends on those schemas alone) are not run,
    their messages come from the cache. The filing's own schemas, loaded later, are checked as always."""
    if not replayed:
        yield
        return
    from arelle import XmlValidateSchema

    checked = XmlValidateSchema.validate

    def skipped(*_args, **_kwargs) -> None:
        return None

    XmlValidateSchema.validate = skipped
    try:
        yield
    finally:
        XmlValidateSchema.validate = checked


def _multiset_minus(a: list[Message], b: list[Message]) -> list[Message]:
    remaining = list(b)
    out = []
    for message in a:
        if message in remaining:
            remaining.remove(message)
        else:
            out.append(message)
    return out


def _run_in_child(function: Callable[[], Any], timeout: float) -> tuple[Any, int]:
    """Run ``function`` in a forked child; (its pickled return value, the child's peak RSS in KiB)."""
    return finish_child(start_child(function), timeout)


def start_child(function: Callable[[], Any]) -> tuple[int, int]:
    """Fork a child that runs ``function`` and returns at once (pid, read end of its pipe): the caller goes
    on with other work and collects the result with ``finish_child``."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's stack
        status = 0
        try:
            os.close(read_fd)
            try:
                payload = pickle.dumps(("ok", function()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - everything goes back to the parent
                payload = pickle.dumps(("error", traceback.format_exc()), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
        except BaseException:  # noqa: BLE001
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    return pid, read_fd


def finish_child(child: tuple[int, int], timeout: float) -> tuple[Any, int]:
    """The result of a ``start_child`` child, as ``_run_in_child`` gives it (``timeout`` from now on)."""
    pid, read_fd = child
    chunks = []
    deadline = time.monotonic() + timeout
    timed_out = reaped = False
    try:
        with os.fdopen(read_fd, "rb") as pipe:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    timed_out = True
                    break
                ready, _, _ = select.select([pipe], [], [], left)
                if not ready:
                    continue
                chunk = os.read(pipe.fileno(), 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        _pid, wait_status, usage = os.wait4(pid, 0)
        reaped = True
    finally:
        if not reaped:  # interrupted while waiting: leave no orphan and no zombie behind
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
    if timed_out:
        raise WarmValidationError(f"Arelle validation took longer than {timeout:.0f} s and was stopped")
    if not chunks:
        if os.WIFSIGNALED(wait_status):
            raise WarmValidationError(f"the Arelle validation process died (signal {os.WTERMSIG(wait_status)})")
        raise WarmValidationError(f"the Arelle validation process exited without a result (status {wait_status})")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise WarmValidationError(f"Arelle validation raised an exception:\n{value}")
    return value, usage.ru_maxrss


def _abandon_child(child: tuple[int, int]) -> None:
    """Stop a ``start_child`` child whose result is no longer wanted (no orphan, no zombie, no open pipe)."""
    pid, read_fd = child
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
    try:
        os.close(read_fd)
    except OSError:
        pass


def _start_early(model, early: Callable[[Any], Any]) -> tuple[int, int] | None:
    """``early(model)`` started in a fork of this process (None when the fork cannot be made: ``after`` then
    does the work itself)."""
    try:
        return start_child(lambda: early(model))
    except OSError:
        return None


def _finish_early(child: tuple[int, int], timeout: float) -> Any:
    """The result of ``_start_early``'s child; None when it failed (the work is then done again in order)."""
    try:
        return finish_child(child, timeout)[0]
    except WarmValidationError:
        return None


def _new_modules(before: set[str]) -> list[tuple[str, str]]:
    """(name, file) of the modules imported since ``before`` (sys.modules keeps their order), file-based ones."""
    found = []
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if name not in before and isinstance(file, str) and name != "__main__":
            found.append((name, file))
    return found


def _import_modules(modules: list[tuple[str, str]]) -> None:
    """Import each (name, file) whose name finds that very file (a module loaded by path under a name that
    finds something else, or nothing, is left alone); a failure only costs the time it saves."""
    import importlib
    import importlib.util

    for name, file in modules:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin == file:
                importlib.import_module(name)
        except Exception:  # noqa: BLE001 - imported on first use in the child instead
            continue


def _read_modules(path: Path) -> list[tuple[str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [(str(name), str(file)) for name, file in data["modules"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _write_json(path: Path, data: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time


class WarmValidator:
    """``validate(entry) -> ValidationReport``, the same report ``validate_filing`` gives, much faster
    from the second document of a process on.

    ``strategy``: ``"auto"`` (fork where the platform has it, else fresh), ``"fork"``, or ``"fresh"``
    (``validate_filing`` per document). ``max_templates`` bounds the number of base-schema sets kept
    (one per distinct set of imported base schemas, e.g. dei 2013 vs dei 2014; ~150 MB each).
    """

    def __init__(self, package: Path, *, calcs: str = "c11r", strategy: str = "auto", timeout: float = 900.0,
                 max_templates: int = 3, cache: bool = True, edgar: EdgarOptions | None = None,
                 prewarm: bool = True, single_use: bool = False, concurrent_outputs: bool = False):
        if strategy not in ("auto", "fork", "fresh"):
            raise ValueError(f"unknown strategy {strategy!r}: auto, fork or fresh")
        if strategy == "auto":
            strategy = "fork" if hasattr(os, "fork") else "fresh"
        if strategy == "fork" and not hasattr(os, "fork"):
            raise ValueError("the fork strategy needs os.fork (POSIX)")
        self.package = Path(package)
        self.calcs = calcs
        self.strategy = strategy
        self.timeout = timeout
        self.max_templates = max(1, max_templates)
        self.cache = cache
        # compute the concepts' taxonomy-only properties in the template (pays from the second document on:
        # ``convert``, one document, turns it off and lets its child compute the few it reads)
        self.prewarm = prewarm
        # a validator for one document (``convert``'s, in a process of its own): that document is validated
        # in this process, into the template itself (no fork; the template is spent: a second document
        # gets a new one)
        self.single_use = single_use
        # the export and the viewer made in a fork of the loaded filing while it is validated, on the other
        # core (``convert``'s validator: its pipeline is done by then, that core is idle); a batch's workers
        # keep every core busy already and make them after the validation, in the same child
        self.concurrent_outputs = concurrent_outputs
        self.edgar = edgar if edgar is not None else resolve_edgar()  # the EDGAR plugin, loaded in the controller
        self._package_sha: str | None = None
        self.stats = WarmStats()
        self._lock = threading.Lock()
        self._session: Any = None  # arelle's Session (untyped)
        self._cntlr: Any = None  # arelle's controller (untyped): set by start(), None when closed
        self._templates: dict[tuple, _Template | None] = {}
        self._tmp: str | None = None
        self._carriers = 0
        self._plugin_config: dict | None = None  # Arelle's plugin configuration of this validator's controller

    # -- public --------------------------------------------------------------------------------------

    def validate(self, entry: Path) -> ValidationReport:
        """The ``ValidationReport`` ``validate_filing(entry, package, calcs=...)`` gives."""
        return self.validate_with(entry)[0]

    def validate_with(self, entry: Path, after: Callable[..., Any] | None = None,
                      early: Callable[[Any], Any] | None = None) -> tuple[ValidationReport, Any]:
        """``validate``, then ``after(model, report)`` on the loaded ModelXbrl while it is still loaded (e.g.
        an export through Arelle, as ``validate_and_produce`` does in its session); (report, what ``after``
        returned, None without ``after``). ``after`` runs in the validating child: it may change the report
        (add rule messages) and must return something picklable; it is not called when Arelle loaded nothing.

        ``early(model)``, with ``concurrent_outputs``, runs in a fork of the loaded model while the model is
        validated (on another core) and must only read the model; its picklable result is then passed on as
        ``after(model, report, result)``. Without ``concurrent_outputs`` (or when that fork fails) ``early`` is
        not run and ``after(model, report)`` is called as without it."""
        entry = Path(entry)
        with self._lock:
            started = time.perf_counter()
            if self.strategy != "fresh" and self._plugins_changed():
                self.stats.notes.append("another Arelle session changed the plugins: controller and templates restarted")
                self._close()
            try:
                if self.strategy == "fresh":
                    return self._validate_fresh(entry, after)
                return self._validate_fork(entry, after, early if self.concurrent_outputs else None)
            finally:
                self.stats.documents += 1
                self.stats.last_seconds = time.perf_counter() - started

    def validate_and_produce(self, entry: Path, package: Path, out_dir: Path, base: str, *,
                             export_invalid: bool = False, viewer: bool = False):
        """``validate.validate_and_produce`` done by this validator (the protocol of
        ``pipeline.convert_release``'s ``validator``): validation, then the xBRL-JSON/CSV export and, with
        ``viewer``, the viewer, as data (``model.ModelOutputs``), all from the model the validating child
        loaded; the export stage writes them. ``package`` must be this validator's. (report, outputs)."""
        from . import not_loaded, produce_outputs

        if Path(package) != self.package:
            raise ValueError(f"this warm validator holds {self.package}, not {package}")

        def made(model):  # with concurrent_outputs: made from the loaded model while it is validated
            return produce_outputs(model, Path(entry), out_dir, base, oim=True, viewer=viewer)

        def outputs(model, report, produced=None):
            if produced is None:
                return produce_outputs(model, Path(entry), out_dir, base, oim=not report.errors or export_invalid,
                                       viewer=viewer)
            return produced

        report, extra = self.validate_with(entry, outputs, made)
        return report, (extra if extra is not None else not_loaded(Path(entry), viewer))

    validate_and_produce.builds_viewer = True  # type: ignore[attr-defined]  # takes viewer=True

    def _validate_fresh(self, entry: Path, after) -> tuple[ValidationReport, Any]:
        from .arelle_run import arelle_model

        edgar = self.edgar
        with arelle_model(entry, self.package, calcs=self.calcs, plugins=edgar.plugins(),  # as validate_filing
                          disclosure_system=edgar.disclosure_system if edgar.active else None) as (model, result):
            report = complete_report(model, ValidationReport(str(entry), result), edgar)
            extra = None
            if model is not None and after is not None:
                extra = after(model, report)
        return report, extra

    def prepare(self, entry: Path) -> None:
        """Build the template ``entry`` needs now (e.g. in a worker's initializer) rather than on first use."""
        if self.strategy != "fork":
            return
        with self._lock:
            self.start()
            key = base_imports(Path(entry))
            if key:
                self._template(key)

    def prepare_imports(self, key: tuple[tuple[str, str], ...] | None) -> None:
        """Build the template for the base schemas ``key`` (``base_imports`` of a filing) now, e.g. in a
        batch's parent before its workers are forked from it."""
        if self.strategy != "fork" or not key:
            return
        with self._lock:
            self.start()
            self._template(key)
            self._import_learned()

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        for template in self._templates.values():
            if template is not None:
                try:
                    template.model.close()
                except Exception:  # noqa: BLE001 - closing is best effort
                    pass
        if self._templates:
            gc.unfreeze()
        self._templates.clear()
        if self._session is not None:
            try:
                self._session.close()
            except Exception:  # noqa: BLE001
                pass
        self._session = self._cntlr = None
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def __enter__(self) -> WarmValidator:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- controller and templates ----------------------------------------------------------------------

    def start(self) -> None:
        """Import Arelle and open its controller (with the taxonomy package) now rather than on first use."""
        if self._cntlr is not None:
            return
        from arelle.api.Session import Session
        from arelle.RuntimeOptions import RuntimeOptions

        # The same options as validate_filing (arelle_run.arelle_model), without an entry point: the
        # controller, package mappings, calculation mode and logging are configured exactly as there.
        from .arelle_plugins import discovery_cached

        session = Session()
        with discovery_cached():  # Arelle's discovery of its built-in plugins, kept between runs
            session.run(RuntimeOptions(
                packages=[str(self.package)], workOffline=True, validate=True, calcs=self.calcs,
                logFile="logToBuffer", disablePersistentConfig=True, keepOpen=True, plugins=self.edgar.plugins(),
                disclosureSystemName=self.edgar.disclosure_system if self.edgar.active else None,
            ))
        cntlr = getattr(session, "_cntlr", None)  # Session has no public accessor for its controller
        if cntlr is None or cntlr.modelManager is None:
            raise WarmValidationError("Arelle's Session did not start a controller")
        self._session, self._cntlr = session, cntlr
        self._plugin_config = self._plugins_now()
        import_own_rules()  # the project's own rules: once, not in every child (an error if they cannot be)
        check_plugin_loaded(self._logged(), self.edgar)  # the plugin loads here, once: its failure is told now
        self._tmp = tempfile.mkdtemp(prefix="ixconv-warm-")
        self._clear_logs()

    @staticmethod
    def _plugins_now() -> dict:
        import copy

        from arelle import PluginManager

        return copy.deepcopy(PluginManager.getInstance().pluginConfig)

    def _plugins_changed(self) -> bool:
        """Another Session in this process replaces Arelle's process-wide plugin configuration (the EDGAR
        plugin dropped, or one added): this validator's controller must then be started again, never left
        validating without the plugin (or with another's)."""
        return self._cntlr is not None and self._plugins_now() != self._plugin_config

    def _clear_logs(self) -> None:
        handler = getattr(self._cntlr, "logHandler", None)
        if handler is not None and hasattr(handler, "clearLogBuffer"):
            handler.clearLogBuffer()

    def _logged(self) -> list[Message]:
        handler = self._cntlr.logHandler
        return buffered_messages(handler)

    def _ensure_packages(self) -> None:
        """Another Session in this process resets Arelle's process-wide package mappings; restore ours."""
        if not self._cntlr.packages.get_mappings():
            self._cntlr.loadPackages([str(self.package)], "")
            self._clear_logs()


    def _template(self, key: tuple[tuple[str, str], ...]) -> _Template | None:
        if key in self._templates:
            return self._templates[key]
        from arelle.ValidateXbrlDTS import ValidateBaseTaxonomiesMode

        started = time.perf_counter()
        self._ensure_packages()
        while len(self._templates) >= self.max_templates:
            _old_key, old = self._templates.popitem()
            if old is not None:
                gc.unfreeze()
                old.model.close()
        self._carriers += 1
        assert self._tmp is not None  # start() made it: every caller starts the validator first
        carrier = Path(self._tmp) / f"carrier-{self._carriers}.xsd"
        carrier.write_text(_carrier_xml(CARRIER_NAMESPACE.format(n=self._carriers), key), encoding="utf-8")
        manager = self._cntlr.modelManager
        saved_mode = manager.baseTaxonomyValidationMode
        cache_file = self._check_cache_file(key, saved_mode)
        cached = _read_messages(cache_file)
        self._clear_logs()
        with _base_schema_checks_replayed(cached is not None):
            model = manager.load(str(carrier))
        logged = self._logged()
        loaded = model.modelDocument is not None and all(
            self._cntlr.webCache.normalizeUrl(url) in model.urlDocs for _ns, url in key)
        if not loaded:
            # the base schemas could not be loaded here: validate such filings cold (Arelle reports why)
            self.stats.notes.append(f"no template for {len(key)} imports: base schemas did not load")
            manager.close(model)
            self._templates[key] = None
            return None

        def check(mode) -> Callable[[], list[Message]]:
            def run() -> list[Message]:
                from arelle import Validate

                manager.baseTaxonomyValidationMode = mode
                self._clear_logs()
                Validate.validate(model)
                return self._logged()
            return run

        about_carrier = carrier.name
        if cached is not None:
            replay_load, replay_check = cached
        else:
            full, _rss = _run_in_child(check(saved_mode), self.timeout)
            without_base, _rss = _run_in_child(check(ValidateBaseTaxonomiesMode.NONE), self.timeout)
            replay_check = [m for m in _multiset_minus(full, without_base)
                            if about_carrier not in m.source and about_carrier not in m.text]
            replay_load = [m for m in logged if about_carrier not in m.source and about_carrier not in m.text]
            _write_messages(cache_file, replay_load, replay_check)

        # detach the carrier: the template keeps the base documents only, and no entry
        doc = model.modelDocument
        model.urlDocs.pop(doc.uri, None)
        siblings = model.namespaceDocs.get(doc.targetNamespace)
        if siblings is not None:
            if doc in siblings:
                siblings.remove(doc)
            if not siblings:
                del model.namespaceDocs[doc.targetNamespace]
        model.modelDocument = None
        while model in manager.loadedModelXbrls:
            manager.loadedModelXbrls.remove(model)
        if manager.modelXbrl is model:
            manager.modelXbrl = manager.loadedModelXbrls[-1] if manager.loadedModelXbrls else None
        self._concept_properties(model, key, saved_mode)
        self._clear_logs()
        if self.prewarm:
            # Objects that survive every fork: keep the collector from touching (and so copying) their pages.
            gc.collect()
            gc.freeze()
        seconds = time.perf_counter() - started
        template = _Template(key, model, replay_load, replay_check, seconds)
        self._templates[key] = template
        self.stats.templates += 1
        self.stats.template_seconds += seconds
        return template

    def _concept_properties(self, model, key: tuple[tuple[str, str], ...], mode) -> None:
        """The base concepts' taxonomy-only properties in the template (``validate.concept_table``): from the
        cache when it has them, else computed now (and kept) when caching or ``prewarm``; without either,
        left for each validation to compute."""
        from . import concept_table

        table_file = self._cache_file("arelle-concepts", key, mode, ".pickle")
        rows = concept_table.read(table_file)
        if rows is not None:
            concept_table.restore(model, rows)
        elif self.prewarm or table_file is not None:
            concept_table.compute(model)
            concept_table.write(table_file, concept_table.table(model))

    def _check_cache_file(self, key: tuple[tuple[str, str], ...], mode) -> Path | None:
        """Where the base-taxonomy check messages of ``key`` are kept between runs (None: no cache)."""
        return self._cache_file("arelle-base-check", key, mode, ".json")

    def _cache_file(self, kind: str, key: tuple[tuple[str, str], ...], mode, suffix: str) -> Path | None:
        """Where what the template of ``key`` computed from the base schemas alone (``kind``) is kept between
        runs: keyed by the package's SHA-256, Arelle's version, the calculation and base-validation modes,
        the base schemas and the EDGAR plugin. None: no cache."""
        if not self.cache:
            return None
        import hashlib

        from arelle import Version

        from ..taxonomy.package import file_sha256

        if self._package_sha is None:
            self._package_sha = file_sha256(self.package)
        identity = json.dumps([CHECK_CACHE_FORMAT, self._package_sha, Version.__version__, self.calcs,
                               str(getattr(mode, "value", mode)), list(key), self.edgar.cache_identity()])
        return _cache_dir() / f"{kind}-{hashlib.sha256(identity.encode()).hexdigest()[:24]}{suffix}"

    # -- one document ----------------------------------------------------------------------------------

    def _validate_fork(self, entry: Path, after=None, early=None) -> tuple[ValidationReport, Any]:
        self.start()
        key = base_imports(entry)
        template = self._template(key) if key else None
        if template is None:
            self.stats.cold_documents += 1
        cntlr = self._cntlr
        entry_text = str(entry)

        def replayed(logged: list[Message]) -> list[Message]:
            # what a fresh load and base-taxonomy check would have logged, around the document's own messages
            if template is None:
                return logged
            return list(template.replay_load) + logged + list(template.replay_check)

        def child() -> tuple[ValidationReport, Any]:
            from arelle import FileSource, ModelDocument, ModelXbrl, Validate
            from arelle.ValidateFileSource import ValidateFileSource
            from arelle.ValidateXbrlDTS import ValidateBaseTaxonomiesMode

            manager = cntlr.modelManager
            self._ensure_packages()
            self._clear_logs()
            filesource = FileSource.openFileSource(entry_text, cntlr)
            ValidateFileSource(cntlr, filesource).validate(False, False)
            if template is not None:
                manager.baseTaxonomyValidationMode = ValidateBaseTaxonomiesMode.NONE
            model = None
            try:
                if template is None:
                    model = manager.load(filesource, "views loading",
                                         requiredDocumentTypes=manager.requiredDocumentTypes)
                else:  # ModelXbrl.load, into the template's ModelXbrl instead of a new one
                    model = template.model
                    model.fileSource = filesource
                    model.closeFileSource = True
                    model.relationshipSets.clear()
                    model.modelDocument = ModelDocument.load(model, filesource.url, isEntry=True)
                    if hasattr(model, "entryLoadingUrl"):
                        del model.entryLoadingUrl
                    ModelXbrl.loadSchemalocatedSchemas(model)
                    ModelXbrl.reportUnsupportedDocumentType(model, manager.requiredDocumentTypes)
                    for hook in cntlr.plugins.hooks("ModelXbrl.LoadComplete"):
                        hook(model)
                    manager.modelXbrl = model
                    manager.loadedModelXbrls.append(model)
            except ModelDocument.LoadingException:
                model = model if template is not None else manager.modelXbrl
            except Exception as err:  # noqa: BLE001 - reported as Arelle's command line reports it
                cntlr.addToLog(f"Entry point loading Failed to complete request: \n{err} \n{traceback.format_exc()}",
                               messageCode="Exception", level=logging.ERROR)
                model = None
            if model is None:
                report = ValidationReport(entry_text, ArelleResult(entry_text, False, messages=replayed(self._logged())))
                return complete_report(None, report, self.edgar), None
            pending = None
            try:
                if model.modelDocument is not None:
                    if early is not None and after is not None:
                        pending = _start_early(model, early)
                    Validate.validate(model)
                result = ArelleResult(entry_text, True, len(model.factsInInstance), len(model.contexts),
                                      len(model.units), replayed(self._logged()))
                report = complete_report(model, ValidationReport(entry_text, result), self.edgar)
                if after is None:
                    return report, None
                if pending is not None:
                    made, pending = _finish_early(pending, self.timeout), None
                    if made is not None:
                        return report, after(model, report, made)
                return report, after(model, report)
            finally:
                if pending is not None:
                    _abandon_child(pending)

        if self.single_use:
            try:
                return child()
            finally:
                if key is not None:
                    self._templates.pop(key, None)  # spent: the document was loaded into it
        def child_learning() -> tuple[tuple[ValidationReport, Any], list[tuple[str, str]]]:
            before = set(sys.modules)
            return child(), _new_modules(before)

        (report, extra), learned = self._run_child(child_learning)
        self._learn_modules(learned)
        return report, extra

    def _run_child(self, function) -> Any:
        value, maxrss = _run_in_child(function, self.timeout)
        self.stats.last_child_maxrss_kb = maxrss
        return value

    # -- modules the validation imports lazily -------------------------------------------------------

    def _modules_file(self) -> Path | None:
        if not self.cache:
            return None
        import hashlib

        from arelle import Version

        identity = json.dumps([MODULES_CACHE_FORMAT, sys.version, Version.__version__, self.edgar.cache_identity()])
        return _cache_dir() / f"arelle-lazy-modules-{hashlib.sha256(identity.encode()).hexdigest()[:24]}.json"

    def _learn_modules(self, learned: list[tuple[str, str]]) -> None:
        """The modules a validating child imported that this process has not (Arelle's, the EDGAR plugin's
        and theirs, imported on first use: ``holidays``' countries, ~0.15 s): imported here, so that the
        next children (forked from here) have them, and kept in the cache for the next process's template."""
        fresh = [(name, file) for name, file in learned if name not in sys.modules]
        if not fresh:
            return
        _import_modules(fresh)
        path = self._modules_file()
        if path is None:
            return
        known = _read_modules(path)
        merged = known + [m for m in fresh if m not in known]
        if merged != known:
            _write_json(path, {"modules": merged})

    def _import_learned(self) -> None:
        """The modules earlier validations imported lazily (``_learn_modules``), imported now: before the
        workers of a batch are forked from this process, so that no validating child imports them again."""
        path = self._modules_file()
        if path is not None:
            _import_modules([m for m in _read_modules(path) if m[0] not in sys.modules])
