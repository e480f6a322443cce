"""Dependencies point one way: each top-level package imports only the packages below it, and the
bottom layer (core) imports nothing of the project. Read from the source with ast, so a late import
inside a function counts too."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bottom first; a package may import only packages listed before it
LAYERS = ("core", "loaders", "demo", "metrics", "quality", "obras", "ui", "views")


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
    return out


def _edges() -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = {}
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            for module in _imports(path):
                top = module.split(".")[0]
                if top in LAYERS and top != layer:
                    edges.setdefault((layer, top), []).append(f"{path.relative_to(ROOT)} imports {module}")
    return edges


def test_every_import_between_packages_points_down():
    upward = [where for (src, dst), places in _edges().items()
              if LAYERS.index(dst) > LAYERS.index(src) for where in places]
    assert upward == []


def test_core_imports_nothing_of_the_project():
    assert [where for (src, _), places in _edges().items() if src == "core" for where in places] == []


def test_the_app_entry_imports_only_the_layers():
    tops = {m.split(".")[0] for m in _imports(ROOT / "app.py")}
    assert tops & {"loaders", "metrics", "quality", "demo"} == set()


def test_within_loaders_reading_never_imports_compiling_or_writing():
    wrong = []
    for path in sorted((ROOT / "loaders" / "read").rglob("*.py")):
        wrong += [f"{path.name}: {m}" for m in _imports(path) if m.startswith(("loaders.compile", "loaders.write"))]
    for path in sorted((ROOT / "loaders" / "compile").rglob("*.py")):
        wrong += [f"{path.name}: {m}" for m in _imports(path) if m.startswith("loaders.write")]
    assert wrong == []
