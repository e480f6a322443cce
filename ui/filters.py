"""The shared filters (state, implementer, years, method, category, project), kept in the URL.

Three things to know, for every page:

    from ui.filters import Filters, current_filters, sidebar_filters

    f = sidebar_filters()            # draws the filters in the sidebar, returns a Filters
    f = current_filters()            # the same values without drawing anything
    sql, params = f.where({"state": "p.state_code", "year": "year(p.tender_start)"})
    con.execute(f"SELECT count(*) FROM processes p WHERE {sql}", params)

Each filter is kept in a query parameter (QUERY_KEYS) as codes, through ui.url_state, so a copied
link reproduces the view in either language, and the values survive page switches. `Filters` is a frozen dataclass of tuples
(hashable), so it can be passed to the cached query functions (`ui.db.cached_query`).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import streamlit as st

# Filters field -> query parameter (also the widget key). Spanish, since the links are shared in Mexico.
QUERY_KEYS = {
    "states": "estado",
    "implementers": "implementador",
    "years": "anios",
    "methods": "metodo",
    "categories": "categoria",
    "project": "proyecto",
}


@dataclass(frozen=True)
class Filters:
    """The active filters. Empty tuples / None mean "no filter on this field"."""

    states: tuple[str, ...] = ()  # INEGI state codes
    implementers: tuple[str, ...] = ()  # implementer ids
    years: tuple[int, int] | None = None  # inclusive year range
    methods: tuple[str, ...] = ()  # OCDS procurementMethod codes
    categories: tuple[str, ...] = ()  # OCDS mainProcurementCategory codes
    project: str | None = None  # one OC4IDS project id

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return self == Filters()

    def where(self, alias_map: dict[str, str]) -> tuple[str, list[Any]]:
        """A SQL condition and its parameters for the fields `alias_map` maps to SQL expressions.

        Keys of alias_map: "state", "implementer", "year", "method", "category" (column expressions),
        "project" (a column holding the project id) and/or "ocid" (a column holding the ocid: the
        project filter then keeps the project's linked processes). Filters on fields the map does not
        name are not applied (see `unapplied`). Returns ("TRUE", []) when nothing applies.
        """
        parts: list[str] = []
        params: list[Any] = []
        for field, key in (("states", "state"), ("implementers", "implementer"), ("methods", "method"),
                           ("categories", "category")):
            values = getattr(self, field)
            if values and key in alias_map:
                parts.append(f"{alias_map[key]} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        if self.years is not None and "year" in alias_map:
            parts.append(f"{alias_map['year']} BETWEEN ? AND ?")
            params.extend([int(self.years[0]), int(self.years[1])])
        if self.project is not None:
            if "project" in alias_map:
                parts.append(f"{alias_map['project']} = ?")
                params.append(self.project)
            elif "ocid" in alias_map:
                parts.append(f"{alias_map['ocid']} IN (SELECT ocid FROM project_processes WHERE project_id = ?)")
                params.append(self.project)
        return (" AND ".join(parts) or "TRUE"), params

    def unapplied(self, alias_map: dict[str, str]) -> list[str]:
        """Names of the set fields that `where(alias_map)` cannot apply (to tell the reader)."""
        keys = {"states": "state", "implementers": "implementer", "years": "year", "methods": "method",
                "categories": "category"}
        out = [f for f, k in keys.items() if getattr(self, f) not in ((), None) and k not in alias_map]
        if self.project is not None and not ({"project", "ocid"} & set(alias_map)):
            out.append("project")
        return out

    def replace(self, **changes: Any) -> Filters:
        """A copy with some fields changed."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Filters(**values)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value if v not in (None, ""))


def _years(value: Any, bounds: tuple[int, int] | None = None) -> tuple[int, int] | None:
    try:
        lo, hi = (int(v) for v in value)
    except (TypeError, ValueError):
        return None
    if lo > hi:
        lo, hi = hi, lo
    if bounds is not None and (lo, hi) == tuple(bounds):
        return None  # the full range is no filter (keeps processes without dates)
    return lo, hi


def from_values(values: dict[str, Any], year_bounds: tuple[int, int] | None = None) -> Filters:
    """Filters from {query key: value(s)} (widget states or query parameters); bad values dropped."""
    project = values.get(QUERY_KEYS["project"])
    if isinstance(project, (list, tuple)):
        project = project[0] if project else None
    project = (project or "").strip() or None
    return Filters(
        states=_as_tuple(values.get(QUERY_KEYS["states"])),
        implementers=_as_tuple(values.get(QUERY_KEYS["implementers"])),
        years=_years(values.get(QUERY_KEYS["years"]), year_bounds),
        methods=_as_tuple(values.get(QUERY_KEYS["methods"])),
        categories=_as_tuple(values.get(QUERY_KEYS["categories"])),
        project=project,
    )


def _parsers(options: dict) -> dict[str, Any]:
    """How each filter reads its URL value, given the options the database offers."""
    from ui import url_state

    bounds = options.get("years")
    return {
        "states": url_state.codes(list(options["state_names"])),
        "implementers": url_state.codes(list(options["implementer_names"])),
        "years": url_state.int_range(*bounds) if bounds else (lambda raw: None),
        "methods": url_state.codes(options["methods"]),
        "categories": url_state.codes(options["categories"]),
        "project": url_state.text,
    }


_MULTI = {"states", "implementers", "years", "methods", "categories"}


def _defaults(options: dict) -> dict[str, Any]:
    bounds = options.get("years")
    return {"states": [], "implementers": [], "years": tuple(bounds) if bounds else None, "methods": [],
            "categories": [], "project": None}


def current_filters() -> Filters:
    """The filters in effect (from this session, else from the URL), without drawing anything."""
    from ui import url_state

    options = _options()
    if options is None:
        return Filters()
    parsers, defaults = _parsers(options), _defaults(options)
    values = {key: url_state.get(key, defaults[field], parsers[field], field in _MULTI)
              for field, key in QUERY_KEYS.items()}
    return from_values(values, options.get("years"))


def _options() -> dict | None:
    from ui import queries_explore  # imported here: it imports Filters from this module

    return queries_explore.filter_options()


def clear_filters() -> None:
    """Reset every filter (a button callback)."""
    from ui import url_state

    options = _options() or {"years": None}
    defaults = _defaults(options)
    for field, key in QUERY_KEYS.items():
        url_state.set_value(key, defaults[field])


def set_filter(field: str, value: Any) -> None:
    """Set one filter from code ("states" -> ["19"], "project" -> "id"); e.g. from a map click callback."""
    from ui import url_state

    url_state.set_value(QUERY_KEYS[field], value)


def sidebar_filters() -> Filters:
    """Draw the shared filters in the sidebar (their values kept in the URL) and return them."""
    from ui import url_state
    from ui.common import t

    options = _options()
    if options is None:
        return Filters()
    parsers, defaults = _parsers(options), _defaults(options)

    def bind(field: str, **kw: Any) -> dict:
        return url_state.bind(QUERY_KEYS[field], defaults[field], parsers[field], field in _MULTI, **kw)

    side = st.sidebar
    side.subheader(t("filters_title"))
    names = options["state_names"]
    states = side.multiselect(t("filter_state"), list(names), format_func=lambda c: names.get(c, c),
                              placeholder=t("filter_all"), **bind("states"))
    impl = options["implementer_names"]
    # implementers of the chosen states first; the others stay choosable
    order = sorted(impl, key=lambda i: (bool(states) and options["implementer_states"].get(i) not in states,
                                        impl[i]))
    implementers = side.multiselect(t("filter_implementer"), order, format_func=lambda i: impl.get(i, i),
                                    placeholder=t("filter_all"), **bind("implementers"))
    years = None
    bounds = options["years"]
    if bounds and bounds[0] < bounds[1]:
        value = side.slider(t("filter_years"), bounds[0], bounds[1], step=1,
                            **bind("years", to_value=lambda v: tuple(v) if v else None,
                                   to_widget=lambda v: tuple(v) if v else tuple(bounds)))
        years = _years(value, tuple(bounds))
    methods = side.multiselect(t("filter_method"), options["methods"], format_func=lambda c: code_label("method", c),
                               placeholder=t("filter_all"), **bind("methods"))
    categories = side.multiselect(t("filter_category"), options["categories"],
                                  format_func=lambda c: code_label("category", c), placeholder=t("filter_all"),
                                  **bind("categories"))
    project = side.text_input(t("filter_project"), placeholder=t("filter_project_placeholder"),
                              help=t("filter_project_help"),
                              **bind("project", to_value=url_state.text, to_widget=lambda v: v or ""))
    side.button(t("filters_clear"), on_click=clear_filters, key="filters_clear")
    return Filters(tuple(states), tuple(implementers), years, tuple(methods), tuple(categories),
                   (project or "").strip() or None)


def code_label(kind: str, code: str | None) -> str:
    """The label of a code ("method", "open" -> "Licitación pública") from ui.codelabels, the one source
    of codelist labels; an unknown code as published, marked."""
    from ui import codelabels
    from ui.common import lang, t

    if code is None:
        return t("unknown_value")
    return codelabels.label(kind, code, lang())


def describe(f: Filters) -> list[str]:
    """One readable line per active filter, in the current language (for "filtros activos")."""
    from ui.common import t

    options = _options() or {"state_names": {}, "implementer_names": {}}
    out = []
    if f.states:
        out.append(f"{t('filter_state')}: " + ", ".join(options["state_names"].get(s, s) for s in f.states))
    if f.implementers:
        out.append(f"{t('filter_implementer')}: "
                   + ", ".join(options["implementer_names"].get(i, i) for i in f.implementers))
    if f.years:
        out.append(f"{t('filter_years')}: {f.years[0]}–{f.years[1]}")
    if f.methods:
        out.append(f"{t('filter_method')}: " + ", ".join(code_label("method", m) for m in f.methods))
    if f.categories:
        out.append(f"{t('filter_category')}: " + ", ".join(code_label("category", c) for c in f.categories))
    if f.project:
        out.append(f"{t('filter_project')}: {f.project}")
    return out
