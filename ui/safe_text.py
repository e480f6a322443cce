"""Text from data or from the URL, made inert for the places that would interpret it.

- `md(text)`: for everything Streamlit renders as markdown (st.markdown, caption, warning, info, error,
  header, metric labels/values/deltas, button and link labels, progress text). Every ASCII punctuation
  character is backslash-escaped (CommonMark allows escaping any of them), so no link, image, emphasis,
  heading, HTML, LaTeX ($), emoji shortcode (:x:), coloured text (:red[..]) or autolink (the ":" and "."
  of a URL, the "@" of an address) can be formed; line breaks become spaces. The reader sees the text as
  it is.
- `plotly(text)`: for Plotly labels, category axes, legends and hover text (Plotly renders a subset of
  HTML there: <a href>, <b>, <br>...): &, < and > become entities, which Plotly shows as the characters.
- `plotly_column(df, *cols)`: the same on DataFrame columns, before they go to plotly.express.
- `safe_url(url)`: a link target from data, kept only when it is http(s) (no javascript:, data:, file:).
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029\x85]+")


def md(text: Any) -> str:
    """`text` as literal text for Streamlit markdown (None -> "")."""
    if text is None:
        return ""
    return _MD_PUNCT.sub(r"\\\1", _BREAKS.sub(" ", str(text)))


def plotly(text: Any) -> Any:
    """`text` as literal text for a Plotly label or hover (non-strings are returned unchanged)."""
    if not isinstance(text, str):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plotly_column(df, *cols: str):
    """A copy of `df` whose text columns `cols` are safe for Plotly (see `plotly`)."""
    return df.assign(**{c: df[c].map(plotly) for c in cols if c in df.columns})


def safe_url(url: Any) -> str | None:
    """`url` when it is an http(s) address with a host, else None (javascript:, data:, relative...)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ord(c) < 32 for c in url):
        return None
    return url
