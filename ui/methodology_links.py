"""Links from a flag to its indicator's section of the Metodología page (`metodologia?lang=es#oa-p1`).

Built from our own registry only: a code read from the data is looked up among the registered
indicators, and the link uses the registry's code, never the data's text; an unknown code gets no link.
"""
from __future__ import annotations

from collections.abc import Iterable

from metrics.methodology import anchor
from ui.flag_text import metas
from ui.i18n import translate
from ui.safe_text import md

PAGE = "metodologia"


def href(code: object, lang: str = "es") -> str | None:
    """The relative address of the indicator's section, or None for a code that is not registered."""
    meta = metas().get(str(code))
    if meta is None:
        return None
    return f"{PAGE}?lang={'en' if lang == 'en' else 'es'}#{anchor(meta.code)}"


def link(code: object, lang: str = "es") -> str:
    """A Markdown link "Metodología de OA-P1" to the indicator's section ("" for an unknown code)."""
    target = href(code, lang)
    if target is None:
        return ""
    return f"[{md(translate('meth_link', lang, code=metas()[str(code)].code))}]({target})"


def links(codes: Iterable[object], lang: str = "es") -> str:
    """"Metodología: OA-C1 · OA-P1 · R018", each code a link to its section (registered codes only, each
    once, sorted); "" when none is registered."""
    known = sorted({metas()[str(c)].code for c in codes if href(c, lang)})
    if not known:
        return ""
    return f"{translate('page_methodology', lang)}: " + " · ".join(f"[{md(c)}]({href(c, lang)})" for c in known)
