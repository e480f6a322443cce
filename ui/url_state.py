"""Widget values that live in the URL as codes, so a copied link reproduces the view in any language.

Streamlit's own `bind="query-params"` writes the *displayed* label of an option to the URL (the name of
a state, a translated procurement method), which breaks links across languages; this module keeps
the canonical value (codes, numbers) instead:

    kwargs = url_state.bind("metodo", default=[], parse=url_state.codes(options))
    st.multiselect(label, options, format_func=label_of, **kwargs)

- the first time a session asks for a key, its value comes from the URL (a shared link);
- afterwards the value lives in st.session_state (it survives page switches) and every run writes it
  back to the URL (removed when it equals the default);
- a widget only displays the canonical value (its own key is `widget_key(key)`), and its on_change
  callback stores what the reader chose.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

_STORE = "_url_state"  # {url key: canonical value}
_WIDGET_PREFIX = "w_"
_MAX_NUMBER_CHARS = 40  # a number in a URL longer than this is garbage, not a value


def widget_key(key: str) -> str:
    """The Streamlit key of the widget showing `key` (tests use it to find the widget)."""
    return _WIDGET_PREFIX + key


def _store() -> dict[str, Any]:
    if _STORE not in st.session_state:
        st.session_state[_STORE] = {}
    return st.session_state[_STORE]


def _from_url(key: str, multi: bool) -> Any:
    if key not in st.query_params:
        return None
    return st.query_params.get_all(key) if multi else st.query_params.get(key)


def get(key: str, default: Any, parse: Callable[[Any], Any], multi: bool = False) -> Any:
    """The canonical value of `key`: from the session, else (first time) from the URL, else `default`.

    `parse` turns the URL's text into the value and returns None when it is not valid.
    """
    store = _store()
    if key not in store:
        raw = _from_url(key, multi)
        parsed = parse(raw) if raw is not None else None
        store[key] = default if parsed is None else parsed
    return store[key]


def set_value(key: str, value: Any) -> None:
    """Set the canonical value (for callbacks such as a map click); the widget shows it next run."""
    _store()[key] = value


def write_url(key: str, value: Any, default: Any) -> None:
    """Put the value in the URL, or take it out when it is the default."""
    empty = value is None or value == default or (isinstance(value, (list, tuple)) and not value and not default)
    if empty:
        if key in st.query_params:
            del st.query_params[key]
        return
    if isinstance(value, (list, tuple)):
        st.query_params[key] = [str(v) for v in value]
    else:
        st.query_params[key] = str(value)


def _commit(key: str, to_value: Callable[[Any], Any]) -> None:
    set_value(key, to_value(st.session_state.get(widget_key(key))))


def bind(key: str, default: Any, parse: Callable[[Any], Any], multi: bool = False,
         to_value: Callable[[Any], Any] = lambda v: v, to_widget: Callable[[Any], Any] = lambda v: v) -> dict:
    """Keyword arguments (key, on_change, args) for a widget that shows and edits `key`.

    The widget's state is set from the canonical value before it is drawn; `to_widget` / `to_value`
    convert between the canonical value and what the widget holds (e.g. tuple <-> list).
    """
    value = get(key, default, parse, multi)
    if value is not None and value != default:
        # a value set from code (a map click) may not be valid for the widget: check it like the URL's
        clean = parse(list(value) if isinstance(value, tuple) else value)
        value = default if clean is None else (tuple(clean) if isinstance(value, tuple) else clean)
        set_value(key, value)
    st.session_state[widget_key(key)] = to_widget(value)
    write_url(key, value, default)
    return {"key": widget_key(key), "on_change": _commit, "args": (key, to_value)}


# --- parsers for `parse` ------------------------------------------------------------------------------
def codes(options: Sequence[Any]) -> Callable[[Any], list | None]:
    """A list of values, keeping those among `options` (in URL order, without repeats)."""
    allowed = {str(o): o for o in options}

    def parse(raw: Any) -> list | None:
        values = raw if isinstance(raw, (list, tuple)) else [raw]
        out = [allowed[str(v)] for v in values if str(v) in allowed]
        return list(dict.fromkeys(out))
    return parse


def one_of(options: Sequence[Any]) -> Callable[[Any], Any]:
    """One value among `options`, else None."""
    allowed = {str(o): o for o in options}
    return lambda raw: allowed.get(str(raw)) if raw is not None else None


def int_range(lo: int, hi: int) -> Callable[[Any], tuple[int, int] | None]:
    """Two integers clipped to [lo, hi], in order."""
    def parse(raw: Any) -> tuple[int, int] | None:
        # inf, nan, 1e400, a 10,000-digit number, one value or three: not a range (never an exception)
        if isinstance(raw, (str, bytes)) or raw is None:
            return None
        try:
            values = [float(v) if isinstance(v, (str, bytes)) and len(v) <= _MAX_NUMBER_CHARS else v
                      for v in raw]
            a, b = (int(v) for v in values)
        except (TypeError, ValueError, OverflowError, ArithmeticError):
            return None
        a, b = sorted((min(max(a, lo), hi), min(max(b, lo), hi)))
        return a, b
    return parse


def number(raw: Any) -> float | None:
    """A non-negative number, else None."""
    if isinstance(raw, (str, bytes)) and len(raw) > _MAX_NUMBER_CHARS:
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    return value if value >= 0 and math.isfinite(value) else None


def text(raw: Any) -> str | None:
    """Stripped text, else None."""
    value = str(raw).strip() if raw is not None else ""
    return value or None
