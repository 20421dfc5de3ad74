"""The code's shape (docs/upgrading.md, README "What is where"): modules that do one job, `network/` that
knows no feature, and apps without import circles, counting imports inside functions too.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "cities",
    "contacts",
    "events",
    "home",
    "knowledge",
    "mailings",
    "network",
    "practices",
    "progress",
    "search",
)
FEATURE_APPS = tuple(app for app in APPS if app != "network")
# The root URLconf mounts every app's URLs: that is its job.
NETWORK_MAY_IMPORT_FEATURES = {"network.urls"}
LONG_MODULE_LINES = 400
LONG_MODULE_REASON = "Why this module is long:"


def python_files(*folders):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path):
    """Every module `path` imports, at the top or inside a function, as dotted names."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def import_graph(app):
    modules = {module_name(path): path for path in python_files(app)}
    return {
        name: {other for other in imported_modules(path) if other in modules} - {name}
        for name, path in modules.items()
    }


def circles(graph):
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.add(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("app", APPS)
def test_no_import_circle_inside_an_app(app):
    assert circles(import_graph(app)) == []


def test_the_circle_check_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_network_imports_no_feature_app():
    offending = {
        module_name(path): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in FEATURE_APPS
        )
        for path in python_files("network")
        if module_name(path) not in NETWORK_MAY_IMPORT_FEATURES
    }
    assert {module: names for module, names in offending.items() if names} == {}


def test_long_modules_say_why():
    unexplained = [
        f"{path.relative_to(ROOT)} ({lines} lines)"
        for path in python_files(*APPS, "tests", "bench")
        if (lines := len(path.read_text().splitlines())) > LONG_MODULE_LINES
        and LONG_MODULE_REASON not in (ast.get_docstring(ast.parse(path.read_text())) or "")
    ]
    assert unexplained == []
