"""The shape of the code: layers that import only downwards, no import cycle, modules and functions of a size a
reader can hold.

Imports are read from the source (every `import` statement, at the top of a module or inside a function, and the
renderers the render registry names as strings), so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

from cpss_advisor.render import registry

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cpss_advisor"

#: The layers, bottom first: a module imports from its own layer and the layers below it, never above.
LAYERS = ["core", "kb", "intake", "engine", "planning", "analysis", "audit", "render", "api", "web", "cli"]
#: No module longer than this (lines), and no function (outside data tables, listed below).
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules() -> dict[str, Path]:
    out = {}
    for base, prefix in ((PACKAGE, "cpss_advisor"), (ROOT / "cli", "cpss_advisor.cli"),
                         (ROOT / "web", "cpss_advisor.web")):
        for p in base.rglob("*.py"):
            parts = list(p.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([prefix, *parts])] = p
    return out


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The module an imported name lives in (the longest known prefix)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> set[str]:
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[:len(base) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from pkg import mod` imports the module; `from mod import name` the module it is defined in
            names = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in MODULES else origin for a in node.names]
        else:
            continue
        out.update(m for m in map(_resolve, names) if m and m != module)
    return out


def import_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    for module, path in MODULES.items():
        g.add_node(module)
        for target in _imports(module, path):
            g.add_edge(module, target)
    # the registry's renderers are imported by name when a report is written
    for formats in registry.REPORTS.values():
        for f in formats.values():
            if f.renderer:
                g.add_edge("cpss_advisor.render.registry", f"cpss_advisor.render.{f.renderer.split(':')[0]}")
    # the package's lazy public names (cpss_advisor.__getattr__)
    import cpss_advisor

    for module in set(cpss_advisor._API.values()):
        g.add_edge("cpss_advisor", f"cpss_advisor.{module}")
    return g


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[1:2] in (["cli"], ["web"]):
        return parts[1]
    if len(parts) < 2:
        return None  # the package itself: the lazy public API
    return parts[1] if parts[1] in LAYERS else None


def test_every_module_is_in_a_layer():
    assert {m for m in MODULES if m != "cpss_advisor" and layer_of(m) is None} == {"cpss_advisor.__main__"}


def test_no_import_cycle():
    g = import_graph()
    cycles = [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1]
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_the_cycle_check_sees_lazy_imports(tmp_path):
    """The check reads imports inside functions too: a lazy import back up the layers is a cycle it finds."""
    source = "def f():\n    from ..render.plan_text import render_text\n"
    found = _imports("cpss_advisor.kb.loader", _write(tmp_path, source))
    assert "cpss_advisor.render.plan_text" in found


def test_layers_import_only_downwards():
    g = import_graph()
    wrong = []
    for a, b in g.edges:
        la, lb = layer_of(a), layer_of(b)
        if la is None or lb is None or a == "cpss_advisor.__main__":
            continue
        if LAYERS.index(lb) > LAYERS.index(la):
            wrong.append(f"{a} ({la}) imports {b} ({lb})")
    assert wrong == []


def test_no_module_is_too_long():
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_too_long():
    long = {}
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long[f"{module}.{node.name}"] = n
    assert long == {}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) == "cli"))
def test_the_cli_holds_no_domain_logic(module):
    """Commands reach the domain through the API, loaders and views, and write through the render registry: they
    do not plan, schedule, evaluate rules or lay out reports themselves."""
    domain = {"cpss_advisor.planning.planner", "cpss_advisor.planning.schedule", "cpss_advisor.planning.plan_build",
              "cpss_advisor.engine.rule_engine", "cpss_advisor.engine.facts", "cpss_advisor.engine.fact_schema"}
    renderers = {m for m in MODULES if layer_of(m) == "render"} - {
        "cpss_advisor.render.registry", "cpss_advisor.render.text_table", "cpss_advisor.render.kb_views",
        "cpss_advisor.render.rules_views"}
    assert not _imports(module, MODULES[module]) & (domain | renderers)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) == "web"))
def test_the_web_app_reaches_the_domain_only_through_the_api(module):
    """The web app (`cpss serve`) is a layer beside the command line, on top of the API: its modules import
    `cpss_advisor.api` and each other, nothing else of the package, so it holds no planning logic."""
    allowed = {"cpss_advisor.api"} | {m for m in MODULES if layer_of(m) == "web"}
    assert _imports(module, MODULES[module]) <= allowed


def test_the_web_rule_sees_a_domain_import(tmp_path):
    """A web module that reaches past the API is caught."""
    found = _imports("cpss_advisor.web.pages", _write(tmp_path, "from cpss_advisor.planning import planner\n"))
    assert not found <= {"cpss_advisor.api"}


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "m.py"
    p.write_text(text)
    return p


def test_every_derived_fact_type_says_whether_it_shapes_a_step():
    """A fact type a rule can derive is either shown under the steps it shapes or said to be plan-wide: a new type
    cannot silently drop out of a step's rationale."""
    from cpss_advisor.engine.fact_schema import FACT_TYPES
    from cpss_advisor.planning.rationale import RELEVANCE

    assert set(RELEVANCE) == {name for name, t in FACT_TYPES.items() if t.derived}
