"""The import graph of ``converter/``: one way down the pipeline, services below, faces above.

The modules' imports are read with ``ast`` (nothing is executed; imports inside functions count too).
Each module belongs to a layer:

- **services** (below every stage): ``model``, ``taxonomy/``, ``rules/``, ``evidence/``, ``company``,
  ``locations``, ``errors``, ``outputs``, ``templating``: they import only services;
- **stages**, in pipeline order ``ingest < extract < mapping < checks < render < validate < export``:
  a stage imports services, itself and stages before it, never a stage after it, nor one of the earlier
  stages ``SKIPPED`` names for it (export takes what render drew from the model, ``Rendered.layout``, a
  ``model.DocumentLayout``: it never imports render to draw the document again);
- **faces** (above every stage): ``pipeline``, ``api``, ``cli``, ``commands/``, ``batch/``, ``tools/``
  (grading against the truth, ``tools/evaluate.py``; the mutated corpus, ``tools/mutations.py``), the
  package itself: they may import anything.

A module the test does not place is a failure too, so a new top-level module must be given a layer.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "converter"
STAGES = ("ingest", "extract", "mapping", "checks", "render", "validate", "export")
SERVICES = frozenset({"model", "taxonomy", "rules", "evidence", "company", "locations", "errors", "outputs",
                      "templating"})
# stage -> the earlier stages it must not import (what it needs of them comes through the model)
SKIPPED = {"export": frozenset({"render"})}
FACES = frozenset({"", "__main__", "pipeline", "api", "cli", "commands", "batch", "tools"})


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every ``converter`` import in ``path``, relative ones resolved."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                # `from . import x` names a module (count the module) or a name of the package itself
                targets = [target] if node.module else [
                    f"{target}.{a.name}" if _is_module(root, f"{target}.{a.name}") else target for a in node.names]
            else:
                targets = [node.module or ""]
            out += [(node.lineno, t) for t in targets if t.split(".")[0] == root.name]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == root.name]
    return out


def _is_module(root: Path, module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (root / rel).with_suffix(".py").is_file() or (root / rel / "__init__.py").is_file()


def layer(module: str) -> tuple[str, int]:
    """("service", 0), ("stage", 1 + position) or ("face", 99) of a ``converter`` module."""
    top = module.split(".")[1] if "." in module else ""
    if top in SERVICES:
        return "service", 0
    if top in STAGES:
        return "stage", 1 + STAGES.index(top)
    if top in FACES:
        return "face", 99
    raise LookupError(module)


def violations(root: Path = ROOT) -> list[str]:
    out: list[str] = []
    for path in sorted(root.rglob("*.py")):
        source = module_name(path, root)
        try:
            kind, rank = layer(source)
        except LookupError:
            out.append(f"{path}: module {source} is in no layer (service, stage or face)")
            continue
        for line, target in imports(path, root):
            try:
                tkind, trank = layer(target)
            except LookupError:
                out.append(f"{path}:{line}: {source} imports {target}, which is in no layer")
                continue
            same_top = source.split(".")[:2] == target.split(".")[:2]
            if same_top or kind == "face":
                continue
            if kind == "service" and tkind != "service":
                out.append(f"{path}:{line}: service {source} imports the {tkind} {target}")
            elif kind == "stage" and tkind == "face":
                out.append(f"{path}:{line}: stage {source} imports the face {target}")
            elif kind == "stage" and tkind == "stage" and trank >= rank:
                what = "a later stage" if trank > rank else "a sibling stage"
                out.append(f"{path}:{line}: stage {source} imports {what}, {target}")
            elif kind == "stage" and tkind == "stage" and target.split(".")[1] in SKIPPED.get(source.split(".")[1], ()):
                out.append(f"{path}:{line}: stage {source} imports {target}: it takes what that stage made from the model")
    return out


def test_no_arrow_up_the_pipeline():
    assert violations() == []


def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "converter"
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(("files", "expected"), [
    # extract importing the mapping (a later stage), relative and inside a function
    ({"extract/__init__.py": "def f():\n    from ..mapping.rules import StatementKind\n",
      "mapping/__init__.py": ""}, "stage converter.extract imports a later stage, converter.mapping.rules"),
    # validate exporting
    ({"validate/__init__.py": "import converter.export.oim\n", "export/__init__.py": ""},
     "stage converter.validate imports a later stage, converter.export.oim"),
    # a service reading figures through a stage
    ({"company.py": "from .extract.cover import REPORT_LABEL\n"}, "service converter.company imports the stage"),
    # export drawing the document again (it takes the layout from the model), directly or via the package
    ({"export/report.py": "from ..render.layout import build_blocks\n", "render/layout.py": ""},
     "stage converter.export.report imports converter.render.layout: it takes what that stage made from the model"),
    ({"export/report.py": "def f():\n    from ..render import environment\n", "render/__init__.py": ""},
     "stage converter.export.report imports converter.render: it takes"),
    # a stage calling the pipeline
    ({"checks/gates.py": "from .. import pipeline\n", "pipeline.py": ""}, "stage converter.checks.gates imports the face converter.pipeline"),
    # a module in no layer (a tool is put under tools/, not beside the stages)
    ({"stray.py": ""}, "module converter.stray is in no layer"),
    ({"mutations.py": ""}, "module converter.mutations is in no layer"),
    # a stage using a tool (the grading of evaluate is not the pipeline's)
    ({"checks/footings.py": "from ..tools.evaluate import grade\n", "tools/evaluate.py": ""},
     "stage converter.checks.footings imports the face converter.tools.evaluate"),
])
def test_planted_violation_is_found(tmp_path, files, expected):
    found = violations(_plant(tmp_path, files))
    assert any(expected in v for v in found), found


def test_downward_arrows_pass(tmp_path):
    root = _plant(tmp_path, {
        "checks/__init__.py": "from ..model import Mapping\nfrom ..rules import RuleSet\nfrom ..mapping import apply\n",
        "export/report.py": "from ..model import DocumentLayout\nfrom ..checks import footings\nfrom . import flat_csv\n",
        "render/__init__.py": "from ..templating import environment\nfrom ..mapping import apply\n",
        "pipeline.py": "from .export import report\nfrom .ingest import load\n",
    })
    assert violations(root) == []


LOADS_RULES = ("load_rules", "rule_file")  # converter.rules' loaders: reading rule files from disk


def rule_loaders(root: Path = ROOT, stages: tuple[str, ...] = ("render", "validate", "export")) -> list[str]:
    """Where a stage from render on names a rule loader: those stages get the rules they apply from the
    model (``Filing.rules``), never by loading the defaults themselves (a hidden fallback that ignores a
    user's ``--rules``)."""
    out: list[str] = []
    for stage in stages:
        for path in sorted((root / stage).rglob("*.py")) if (root / stage).is_dir() else []:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else (
                    next((a.name for a in node.names if a.name in LOADS_RULES), "") if isinstance(node, ast.ImportFrom) else "")
                if name in LOADS_RULES:
                    out.append(f"{path}:{node.lineno}: {name}")
    return out


def test_render_and_later_stages_never_load_rules_themselves():
    assert rule_loaders() == []


def test_a_planted_rule_loader_in_render_is_found(tmp_path):
    root = _plant(tmp_path, {"render/__init__.py": "def f(rules=None):\n    from ..rules import load_rules\n"
                                                   "    return rules or load_rules()\n"})
    found = rule_loaders(root)
    assert len(found) == 2 and all(f.endswith(": load_rules") for f in found), found


# Object identity is no key: a fact is keyed by its own ``Fact.id`` (assigned once, when the mapping's output
# is assembled), and a verdict is a field of the fact, never an ``id(fact)`` set passed around. The only
# ``id()`` keys left are on objects that have no identity of their own and are not facts: the lxml
# elements of a release's parse tree (``ingest/html.py``: where each start tag sits, its path; the proxies
# are kept alive for as long as the keys are used).
ID_ALLOWED = {"ingest/html.py": "lxml elements of the release's parse tree"}


def identity_keys(root: Path = ROOT) -> list[str]:
    """Each call of the builtin ``id()`` in ``converter/`` outside ``ID_ALLOWED``, as ``path:line: id(arg)``."""
    out: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).as_posix() in ID_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "id":
                out.append(f"{path}:{node.lineno}: {ast.unparse(node)}")
    return out


def test_facts_are_never_keyed_by_object_identity():
    assert identity_keys() == []


def test_a_planted_identity_key_is_found(tmp_path):
    root = _plant(tmp_path, {
        "checks/gates.py": "def run(facts, refused):\n    return [f for f in facts if id(f) not in refused]\n",
        "render/layout.py": "def ids(facts):\n    return {id(fact): f'f-{n}' for n, fact in enumerate(facts)}\n",
        "ingest/html.py": "def where(el, spots):\n    return spots.get(id(el))\n",  # allowed: not a fact
        "model.py": "class Fact:\n    id: str = ''\n\ndef key(fact):\n    return fact.id\n",  # the field is no call
    })
    found = identity_keys(root)
    assert [f.split("converter/", 1)[1] for f in found] == ["checks/gates.py:2: id(f)", "render/layout.py:2: id(fact)"]


# The mapping reads figures through extract's models (tables, readings, ``CoverValue``s, ``ProseValue``s),
# not from the Document's raw text. What the imports can show: a mapping module that imports
# ``model.Document``. Not caught by this: a module that reaches the text through another model
# (``extraction.document``, as ``apply.py`` does for row captions).


def names_imported(root: Path, folder: str, module: str, names: tuple[str, ...], what: str) -> list[str]:
    """Each ``from ...<module> import <one of names>`` in the modules under ``root/folder``, as
    ``path:line: imports <what>``."""
    out: list[str] = []
    for path in sorted((root / folder).rglob("*.py")) if (root / folder).is_dir() else []:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith(module) and any(
                    a.name in names for a in node.names):
                out.append(f"{path}:{node.lineno}: imports {what}")
    return out


def document_readers(root: Path = ROOT) -> list[str]:
    """Each mapping module that imports ``Document`` from the model."""
    return names_imported(root, "mapping", "model", ("Document",), "Document")


def test_the_mapping_does_not_read_the_document():
    assert document_readers() == []


def test_a_planted_document_reader_in_the_mapping_is_found(tmp_path):
    root = _plant(tmp_path, {
        "mapping/cover.py": "from ..model import CoverValue, Document\n",
        "mapping/prose.py": "from ..model import Document, ProseValue\n",
        "mapping/apply.py": "from ..model import Extraction\n",
    })
    assert [f.split("converter/", 1)[1] for f in document_readers(root)] == [
        "mapping/cover.py:1: imports Document", "mapping/prose.py:1: imports Document"]


# Validate does not export: what Arelle makes from the loaded filing (the OIM export, the viewer) comes out
# of validate as data (``model.ModelOutputs``) and is written by the export stage (``export.arelle``) from
# the face. What the imports can show: a validate module naming one of the output writers of ``outputs``
# (its caches write with plain files, which are no outputs of a conversion).
OUTPUT_WRITERS = ("write_all", "write_atomic", "OutputSet")


def output_writers(root: Path = ROOT) -> list[str]:
    """Each validate module that imports an output writer (``OUTPUT_WRITERS``) from ``outputs``."""
    return names_imported(root, "validate", "outputs", OUTPUT_WRITERS, "an output writer")


def test_validate_writes_no_outputs():
    assert output_writers() == []


def test_a_planted_output_writer_in_validate_is_found(tmp_path):
    root = _plant(tmp_path, {
        "validate/viewer.py": "def f():\n    from ..outputs import write_all\n",
        "validate/oim.py": "from ..outputs import OutputError, safe_child\n",  # names checked, nothing written
        "export/arelle.py": "from ..outputs import write_all, write_atomic\n",  # export writes
    })
    assert [f.split("converter/", 1)[1] for f in output_writers(root)] == ["validate/viewer.py:2: imports an output writer"]
