"""No import circles in exoterm.core: every module can be read, tested and changed without
the modules that use it.

The graph is read from the source with `ast` (nothing is imported), so every import
statement counts wherever it is written: at module level, inside a function (a lazy
import that only hides a circle is still a circle), and under `if TYPE_CHECKING:`.
Type-only imports count because they are dependencies of meaning: `read_body(r: Reader)`
in one file extending a class in another is a circle even though it never runs, and
`from __future__ import annotations` makes such circles silent at run time, so they are
exactly the ones nothing else would catch.

What does not count: a submodule's implicit import of its parent package (Python runs
`pkg/__init__.py` before `pkg/sub.py`). Counting it would make every package that
re-exports its submodules a circle; an explicit `from exoterm.core.store import X`
inside `exoterm/core/store/` does count.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "exoterm" / "core"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool,
              known: Mapping[str, Path]) -> Iterable[str]:
    """The modules an import statement refers to, as absolute names: `from pkg import sub`
    is the submodule pkg.sub, `from pkg import name` is pkg (its `__init__`)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
        return
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        base = package[: len(package) - (node.level - 1)]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    for alias in node.names:
        submodule = f"{target}.{alias.name}"
        yield submodule if submodule in known else target


def import_graph(package_dir: Path, root: Path) -> dict[str, set[str]]:
    """Module → the modules of the same package tree it imports, from every .py file."""
    files = {module_name(p, root): p for p in sorted(package_dir.rglob("*.py"))
             if "__pycache__" not in p.parts}
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _imported(node, name, is_package, files):
                    if target in files and target != name:
                        graph[name].add(target)
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Concrete cycles (a → … → a) covering every module of each strongly connected group
    of modules (found with Tarjan's algorithm), shortest first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # the graph is small: recursion depth is fine
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    found: list[list[str]] = []
    for group in groups:
        covered: set[str] = set()
        for start in group:
            if start not in covered:
                path = _path_within(graph, set(group), start)
                covered.update(path)
                found.append(path)
    return found


def _path_within(graph: Mapping[str, set[str]], group: set[str], start: str) -> list[str]:
    """A shortest cycle through `start`, staying inside its group."""
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph[node] & group):
                if nxt == start:
                    return [*paths[node], start]
                if nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"no cycle in {group}")  # a strongly connected group always has one


def test_exoterm_core_has_no_import_cycles() -> None:
    graph = import_graph(CORE, ROOT)
    assert "exoterm.core.content.reader" in graph["exoterm.core.content.loader"]  # edges are read
    found = cycles(graph)
    assert not found, "import cycles in exoterm/core:\n" + "\n".join(" → ".join(c) for c in found)


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    """The checker itself: function-level, relative (`from . import x`, `from .. import`),
    TYPE_CHECKING and package imports are all edges, and a cycle is reported as a path."""
    pkg = tmp_path / "demo"
    (pkg / "sub").mkdir(parents=True)
    sources = {
        "__init__.py": "from demo.a import A\n",
        "a.py": "def f():\n    from . import b\n",
        "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from demo.sub import c\n",
        "sub/__init__.py": "",
        "sub/c.py": "from .. import a\nimport demo.sub.d\n",
        "sub/d.py": "from ..a import f\nfrom demo import A\n",
    }
    for name, text in sources.items():
        (pkg / name).write_text(text, "utf-8")
    graph = import_graph(pkg, tmp_path)
    assert graph["demo"] == {"demo.a"}
    assert graph["demo.a"] == {"demo.b"}  # function level, `from . import b`
    assert graph["demo.b"] == {"demo.sub.c"}  # TYPE_CHECKING
    assert graph["demo.sub.c"] == {"demo.a", "demo.sub.d"}
    assert graph["demo.sub.d"] == {"demo.a", "demo"}  # a name from the package: its __init__
    assert graph["demo.sub"] == set()
    found = cycles(graph)
    assert {m for cycle in found for m in cycle} == {"demo", "demo.a", "demo.b", "demo.sub.c",
                                                      "demo.sub.d"}
    for cycle in found:
        assert cycle[0] == cycle[-1] and len(cycle) >= 4
        for here, there in zip(cycle, cycle[1:], strict=False):
            assert there in graph[here]
    assert cycles({"x": {"y"}, "y": set()}) == []
