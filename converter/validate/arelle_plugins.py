"""Arelle's discovery of its built-in plugins, kept between runs.

Loading any plugin by name or path, Arelle first discovers every plugin it ships
(``EntryPointRef.discoverAll``: it parses each of the ~50 plugin files in ``arelle/plugin`` with ``ast`` to
read its ``__pluginInfo__``; ~0.2 s a process). What it finds depends on those files only, so
``discovery_cached`` keeps the built-in part of the result in the project's cache folder, keyed by Arelle's
version, the plugin folder and every file's path, size and modification time there: a changed, added or
removed plugin file is discovered again. The installed plugins (Python entry points, such as the viewer's)
are discovered every time, as Arelle does. What is discovered, and so which plugins load, is what Arelle
finds itself (``tests/test_perf.py`` compares the two).
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CACHE_FORMAT = 1
SKIPPED = (".", "..", "__pycache__", ".DS_Store", "site-packages", "node_modules")  # as Arelle's discovery skips


def _fingerprint(directory: str) -> list[tuple[str, int, int]]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED)
        for name in sorted(files):
            path = os.path.join(root, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            found.append((os.path.relpath(path, directory), st.st_mtime_ns, st.st_size))
    return found


def _cache_file(directory: str) -> Path:
    from arelle import Version

    from ..locations import cache_dir

    identity = json.dumps([CACHE_FORMAT, Version.__version__, os.path.abspath(directory), _fingerprint(directory)])
    return cache_dir() / f"arelle-plugins-{hashlib.sha256(identity.encode()).hexdigest()[:24]}.pickle"


def _built_in(plugin_manager, discover) -> list:
    """``discover([], pluginBase)`` (Arelle's ``_discoverBuiltIn``), from the cache when it holds it."""
    directory = plugin_manager._pluginBase
    try:
        path = _cache_file(directory)
    except OSError:
        return discover([], directory, plugin_manager=plugin_manager)
    try:
        refs = pickle.loads(path.read_bytes())
        if isinstance(refs, list):
            return refs
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass  # absent or unreadable: discovered again
    refs = discover([], directory, plugin_manager=plugin_manager)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(pickle.dumps(refs, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a read-only cache only costs time
    return refs


@contextmanager
def discovery_cached() -> Iterator[None]:
    """While plugins are loaded (a Session's ``run`` with ``plugins``): Arelle's ``EntryPointRef.discoverAll``
    with its built-in part from the cache (``_built_in``), the installed part discovered as Arelle does."""
    from arelle import PluginManager
    from arelle.plugin_system.entry_point_ref import EntryPointRef

    original = EntryPointRef.__dict__["discoverAll"]
    discover = EntryPointRef._discoverBuiltIn

    def discover_all(plugin_manager=None):
        pm = plugin_manager or PluginManager.getInstance()
        if pm._entryPointRefCache is None:
            pm._entryPointRefCache = _built_in(pm, discover) + EntryPointRef._discoverInstalled(plugin_manager=pm)
        return pm._entryPointRefCache

    EntryPointRef.discoverAll = staticmethod(discover_all)
    try:
        yield
    finally:
        EntryPointRef.discoverAll = original
