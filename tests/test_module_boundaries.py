"""Module boundaries: no private name used across modules and no import cycle in the package.

A module's ``_name`` stays in that module: another module may neither import it
(``from loyaltymodels.x import _name``) nor reach it through a module object
(``import loyaltymodels.x as x; x._name``). Imports between loyaltymodels modules, including
those inside functions (but not those under ``if TYPE_CHECKING:``, which never run), must form
no cycle. The allow-lists name today's known exceptions in code that is being reworked; the
tests fail on any new one and on an allow-listed entry that has gone (so the lists shrink).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "loyaltymodels"

# Known private reach-ins: (importing module, target). None left; a new one is fixed by making
# the helper public in its module.
ALLOWED_PRIVATE: set[tuple[str, str]] = set()

# Known cycles (sorted module tuples): none left; a cycle is broken by moving the shared code
# into a module both can import.
ALLOWED_CYCLES: set[tuple[str, str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Walk the tree, skipping ``if TYPE_CHECKING:`` blocks."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not MODULES[module].name == "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(module: str) -> Iterator[tuple[str, str | None, str]]:
    """Yield (imported module, imported name or None, local alias) for package imports."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("loyaltymodels"):
                    yield alias.name, None, alias.asname or alias.name
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            if source.split(".")[0] != "loyaltymodels":
                continue
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in MODULES:
                    yield submodule, None, alias.asname or alias.name
                else:
                    yield source, alias.name, alias.asname or alias.name


def private_uses() -> set[tuple[str, str]]:
    """Every (module, target) where a module uses another module's private name."""
    found = set()
    for module in MODULES:
        module_aliases = {}
        for source, name, local in _imports(module):
            if source == module:
                continue
            if name is not None and _is_private(name):
                found.add((module, f"{source}.{name}"))
            if name is None:
                module_aliases[local] = source
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and _is_private(node.attr)
                and ast.unparse(node.value) in module_aliases
            ):
                found.add((module, f"{module_aliases[ast.unparse(node.value)]}.{node.attr}"))
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports at run time (anywhere in the file)."""
    return {
        module: {source for source, _, _ in _imports(module) if source in MODULES} - {module}
        for module in MODULES
    }


def cycles(graph: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[tuple[str, ...]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = stack[stack.index(node) :]
            del stack[stack.index(node) :]
            on_stack.difference_update(component)
            if len(component) > 1:
                found.add(tuple(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_private_name_is_used_across_modules():
    found = private_uses()
    new = sorted(found - ALLOWED_PRIVATE)
    assert not new, f"private names used across modules (make them public in their module): {new}"
    gone = sorted(ALLOWED_PRIVATE - found)
    assert not gone, f"remove from ALLOWED_PRIVATE, they are fixed: {gone}"


def test_no_import_cycle_among_package_modules():
    found = cycles(import_graph())
    new = sorted(found - ALLOWED_CYCLES)
    assert not new, f"import cycles (function-level imports included): {new}"
    gone = sorted(ALLOWED_CYCLES - found)
    assert not gone, f"remove from ALLOWED_CYCLES, they are fixed: {gone}"


def test_the_checks_catch_what_they_guard_against():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == {("a", "b", "c")}
    assert _is_private("_fail") and not _is_private("__all__") and not _is_private("fail")
