"""The dashboard's finishing pass (issue 13): counts take their noun in the right number everywhere."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from ui.i18n import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
NOUNS = ("procesos|banderas|días|proyectos|contratos|resultados|coincidencias|entregas|documentos|pares|"
         "ubicaciones|indicadores|proveedores|compradores")
COUNTED = re.compile(r"\{\w+\} (?:%s)\b" % NOUNS)


def test_every_label_that_counts_has_a_singular_form():
    """A label saying "{n} procesos" also says "{n} proceso" ("one|many", picked by ui.fmt.plural)."""
    # shown only when the count is above a limit of two or more
    always_many = {"map_projects_limited", "flags_limited"}
    missing = sorted(k for k, v in CATALOGUE.items()
                     if COUNTED.search(v.get("es", "")) and "|" not in v["es"] and k not in always_many)
    assert missing == []
    both = sorted(k for k, v in CATALOGUE.items() if ("|" in v.get("es", "")) != ("|" in v.get("en", "")))
    assert both == []


def _calls(tree) -> list[tuple[ast.Call, list[ast.AST]]]:
    out, stack = [], []

    def visit(node):
        if isinstance(node, ast.Call):
            out.append((node, list(stack)))
        stack.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)
        stack.pop()

    visit(tree)
    return out


def test_every_singular_plural_label_is_shown_through_plural():
    """A "one|many" label shown without ui.fmt.plural would show both forms and the bar."""
    forms = {k for k, v in CATALOGUE.items() if "|" in v.get("es", "")}
    assert {"risk_flags", "days_value", "search_total", "n_processes"} <= forms
    bare, seen = [], set()
    for path in list((ROOT / "ui").glob("*.py")) + list((ROOT / "views").glob("*.py")):
        for call, parents in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(call.func, "id", getattr(call.func, "attr", None))
            if name not in ("t", "translate") or not call.args or not isinstance(call.args[0], ast.Constant):
                continue
            key = call.args[0].value
            if key not in forms:
                continue
            seen.add(key)
            if not any(isinstance(p, ast.Call) and getattr(p.func, "id", None) == "plural" for p in parents):
                bare.append(f"{path.name}:{call.lineno} {key}")
    assert bare == []
    assert len(seen) >= 15


def test_map_tooltip_and_days_say_one_flag_and_one_day():
    from ui.explore_view import fmt_value
    from ui.fmt import plural
    from ui.i18n import translate

    assert fmt_value(1, "days") == "1 día"
    assert fmt_value(12, "days") == "12 días"
    assert plural(1, translate("risk_flags", "es", n="1")) == "1 bandera"
    assert plural(3, translate("risk_flags", "en", n="3")) == "3 flags"


def test_filter_labels_of_methods_and_categories_come_from_codelabels_only():
    """One source for codelist labels: the filters' method and category names are ui.codelabels'
    (and an unknown code is shown as published, marked), with no second copy in the labels files."""
    from ui import codelabels
    from ui.filters import code_label

    for kind, codes in (("method", ("open", "selective", "limited", "direct")),
                        ("category", ("works", "services", "goods"))):
        for code in codes:
            assert code_label(kind, code) == codelabels.label(kind, code, "es")
            assert f"{kind}_{code}" not in CATALOGUE
    assert code_label("method", "lottery").startswith("lottery (")


def test_the_unused_circle_map_is_gone():
    from ui import maps

    assert not hasattr(maps, "state_circles") and "map_states_circles" not in CATALOGUE
