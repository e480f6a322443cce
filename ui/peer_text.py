"""The peer group beside a flag's quartiles: which subjects the fence was computed over, and how many.

The group's name and size come from the flag's detail (`peer_group`, `peers`, written by the fenced
indicators through metrics.peers); the rule is the indicator's documented peer group (metrics.peers.PEER_GROUPS).
"""
from __future__ import annotations

import json
import math
from typing import Any

from metrics import peers
from ui.fmt import integer
from ui.i18n import translate
from ui.safe_text import md


def _detail(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return detail
    if isinstance(detail, str) and detail:
        try:
            value = json.loads(detail)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}
    return {}


def peer_line(code: str, detail: Any, n_subjects: Any, lang: str) -> str | None:
    """Markdown-safe sentence naming the peer group of a fenced indicator's result and its size; None for
    an indicator without peers (judged on its own data)."""
    group = peers.peer_group(code)
    if not group.fenced:
        return None
    rule = group.es if lang == "es" else group.en
    found = _detail(detail)
    name = found.get("peer_group")
    size = found.get("peers", n_subjects)
    if name is None or size is None or (isinstance(size, float) and math.isnan(size)):
        return translate("peer_group_rule", lang, rule=rule)
    # the group's name comes from the data (implementer ids, methods): literal text; the rest is ours
    return translate("peer_group_line", lang, group=md(name), n=integer(size), rule=rule)
