"""The package's import graph shows the pipeline: no cycles, and no stage imports a later one.

Every ``import`` in ``src/ofsted_kg`` (module level or inside a function) is an edge. The
top level holds only the shared modules and the orchestration; each stage folder may import
the shared modules, earlier stages and itself, never a later stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "ofsted_kg"

#: Shared by every stage (rank 0): the only modules besides the orchestration at the top level.
SHARED = ("ofsted_kg", "model", "errors", "uris", "namespaces", "resources", "reference")
#: The stages in data-flow order.
STAGES = ("read", "parse", "themes", "convert", "validate", "store", "infer", "query", "export", "visualise", "serve")
#: Orchestration: may import everything, imported by nothing above.
TOP = ("build", "cli", "commands", "__main__")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def rank(module: str) -> int:
    head = module.split(".")[1] if "." in module else "ofsted_kg"
    if head in SHARED:
        return 0
    if head in STAGES:
        return 1 + STAGES.index(head)
    assert head in TOP, f"{module}: not shared, not a stage, not orchestration"
    return 1 + len(STAGES)


def imports(module: str) -> set[str]:
    """The package modules ``module`` imports (``from x import y`` counts ``x.y`` when a module)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target)
    return {m for m in found if m in MODULES and m != module}


GRAPH = {module: imports(module) for module in MODULES}


def test_top_level_holds_only_shared_modules_and_orchestration():
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert top == (set(SHARED) - {"ofsted_kg"}) | {"build", "cli", "__main__"}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert folders == set(STAGES) | {"commands"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_from_a_later_stage(module):
    later = sorted(m for m in GRAPH[module] if rank(m) > rank(module))
    assert not later, f"{module} (rank {rank(module)}) imports later modules: {later}"


def test_no_import_cycles():
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycle = path[path.index(target):] + [target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_the_checker_sees_edges():
    """Guard against a checker that passes because it finds nothing."""
    assert "ofsted_kg.store.knowledge" in GRAPH["ofsted_kg.infer.recurrence_graph"]
    assert "ofsted_kg.uris" in GRAPH["ofsted_kg.convert.document"]
    assert "ofsted_kg.parse" in GRAPH["ofsted_kg.parse.pipeline"]  # parse_source, from the package
