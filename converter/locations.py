"""Where the project finds things, in one place.

- The data shipped with the package: the default rules (``taxonomy/``) and the Jinja templates
  (``templates/``). A wheel carries them inside the package, at ``converter/_data/<name>`` (the build
  force-includes the top-level folders there); a source checkout or an editable install has them at the
  top level beside ``converter/``. Both are found through ``importlib.resources``: the package's own copy
  first, then the checkout's.
- What the project does not commit: the shared folder beside the project and the cache folder. Each can
  be moved with an environment variable.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

PACKAGE = "converter"
DATA = "_data"  # the package-data folder a wheel carries: converter/_data/{taxonomy,templates}
PROJECT = Path(__file__).resolve().parents[1]  # the checkout (or, installed, site-packages)


def package_data(name: str) -> Path:
    """The shipped data folder ``name`` (``taxonomy`` or ``templates``) as a real folder: the installed
    package's ``_data/<name>``, else the checkout's top-level ``<name>``."""
    shipped = resources.files(PACKAGE).joinpath(DATA, name)
    if isinstance(shipped, Path) and shipped.is_dir():
        return shipped
    source = Path(str(resources.files(PACKAGE))).resolve().parent / name
    if source.is_dir():
        return source
    from .errors import UserError

    raise UserError(f"the package data folder '{name}' is missing (looked in {shipped} and {source}); "
                    f"reinstall ixconv from a wheel or a complete checkout")


def default_rules() -> Path:
    """The default mapping rules folder (the project's ``taxonomy/``)."""
    return package_data("taxonomy")


def templates() -> Path:
    """The Jinja templates folder (the project's ``templates/``)."""
    return package_data("templates")


def shared_path(env: str, *parts: str) -> Path:
    """``$env`` when set, else ``../shared/<parts>`` beside the project."""
    value = os.environ.get(env)
    return Path(value) if value else PROJECT.parent.joinpath("shared", *parts)


def cache_dir() -> Path:
    """$IXCONV_CACHE, else $XDG_CACHE_HOME/ixconv or ~/.cache/ixconv."""
    env = os.environ.get("IXCONV_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ixconv"
