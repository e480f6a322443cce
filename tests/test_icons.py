"""Icons are Streamlit Material icons (":material/name:") or none: an emoji icon renders as an empty box
where the system has no emoji font (headless Chromium on a server, many Linux desktops)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]


def icon_values(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string given as icon= or page_icon=, and of the icons in a TARGET-like table
    (string constants starting with ':material/' are accepted, anything else non-ASCII is reported)."""
    found: dict[int, tuple[int, str]] = {}  # by node: an icon= emoji is found once
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and node.arg in ("icon", "page_icon") and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            found[id(node.value)] = (node.value.lineno, node.value.value)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and any(ord(ch) >= 0x1F000 for ch in node.value):
            found[id(node)] = (node.lineno, node.value)  # an emoji anywhere in the code (a table of icons, a label)
    return sorted(found.values())


def test_the_checker_catches_an_emoji_icon():
    assert icon_values('st.button("x", icon="🔍")') == [(1, "🔍")]
    assert icon_values('st.button("x", icon=":material/search:")') == [(1, ":material/search:")]
    assert icon_values('T = {"a": ("p", "q", "📄")}') == [(1, "📄")]


def test_every_icon_is_a_material_icon():
    bad = [f"{path.relative_to(ROOT)}:{line}: {value!r}" for path in FILES
           for line, value in icon_values(path.read_text(encoding="utf-8"))
           if not (value.startswith(":material/") and value.endswith(":"))]
    assert bad == [], "\n".join(bad)


def test_the_page_icon_is_a_file_of_the_project_not_fetched_from_outside():
    """The favicon: a Material icon as page_icon is fetched from fonts.gstatic.com (an outside request the
    browser test forbids); the project ships its own image."""
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "page_icon=\":material" not in source
    assert (ROOT / "ui" / "assets" / "favicon.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
