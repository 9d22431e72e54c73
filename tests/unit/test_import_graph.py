"""The house's import rules, read from the source with `ast`: a stage package never imports another stage
package (what two stages share is a library: core, nlp, gazetteer, ingest), and no module of services/
imports itself through others (no import circle, function-local imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SERVICES = Path(__file__).resolve().parents[2] / "services"
STAGE_PACKAGES = frozenset({"language", "entities", "geocoding", "incidents"})
LIBRARY_PACKAGES = frozenset({"core", "nlp", "gazetteer", "ingest"})
TOOL_PACKAGES = frozenset({"cli", "evaluation", "benchmarks"})  # may import anything


def _module_name(path: Path) -> str:
    parts = path.relative_to(SERVICES.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(SERVICES.rglob("*.py"))}


def _imported_modules(path: Path) -> set[str]:
    """Every services module the file imports, anywhere in it ("from services.a import b" is services.a.b
    when b is a module, else services.a)."""
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names if alias.name.startswith("services.")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("services"):
            base = node.module or ""
            for alias in node.names:
                imported.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {name for name in imported if name in MODULES}


GRAPH = {name: _imported_modules(path) - {name} for name, path in MODULES.items()}


def _package(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


def test_every_package_of_services_is_classified() -> None:
    packages = {_package(name) for name in MODULES} - {""}
    assert packages <= STAGE_PACKAGES | LIBRARY_PACKAGES | TOOL_PACKAGES, packages


def test_no_stage_package_imports_another_stage_package() -> None:
    crossings = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _package(module) in STAGE_PACKAGES and _package(target) in STAGE_PACKAGES
        and _package(target) != _package(module)
    )
    assert crossings == []


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a list of modules (first == last), or None (an iterative depth-first search)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root, imported in graph.items():
        if root in state:
            continue
        path, stack = [root], [iter(sorted(imported))]
        state[root] = 1
        while stack:
            successor = next(stack[-1], None)
            if successor is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(successor) == 1:
                return path[path.index(successor):] + [successor]
            elif successor not in state:
                state[successor] = 1
                path.append(successor)
                stack.append(iter(sorted(graph.get(successor, ()))))
    return None


def test_the_import_graph_of_services_has_no_circle() -> None:
    assert _find_cycle(GRAPH) is None


def test_the_circle_finder_finds_a_circle_and_only_a_circle() -> None:
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
