"""No import cycle between the modules of one app (issue 16): the graph of every `import` and
`from … import` in antq/<app>/, those inside functions included (a function-level import is
how a cycle hides), with `from package import module` read as an import of the module and a
submodule's import not counted as one of its package."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # antq/


def _module_name(path):
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules():
    return {
        _module_name(path): path
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and "node_modules" not in path.parts
    }


def _resolve(module, node, is_package):
    """The absolute module a relative `from … import` starts from."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph():
    """{module: {modules it imports}} for the modules of antq/, migrations left out."""
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        out = set()
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                out.update(alias.name for alias in node.names if alias.name in modules)
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(module, node, path.name == "__init__.py")
                for alias in node.names:
                    name = f"{source}.{alias.name}"
                    if name in modules:
                        out.add(name)
                    elif source in modules:
                        out.add(source)
        out.discard(module)
        graph[module] = out
    return graph


def _app(module):
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 or parts[-1] != "antq" else module


def cycles(graph):
    """The strongly connected components of more than one module within one app (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if _app(w) != _app(v):
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_the_graph_sees_imports_inside_functions_and_from_packages():
    graph = import_graph()
    # rollup/__init__.py imports its submodules; receivers.py imports keep.py
    assert "antq.indicators.rollup.build" in graph["antq.indicators.rollup"]
    assert "antq.indicators.rollup.keep" in graph["antq.indicators.rollup.receivers"]
    assert cycles({"antq.a.x": {"antq.a.y"}, "antq.a.y": {"antq.a.x"}, "antq.b.z": set()}) == [
        ["antq.a.x", "antq.a.y"]
    ]


def test_no_import_cycle_between_the_modules_of_one_app():
    assert cycles(import_graph()) == []
