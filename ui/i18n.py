"""Every label of the interface, Spanish first, English as a switch: one catalogue, imported everywhere.

The catalogue is assembled from the modules in ui/labels/ (one per area of the dashboard); a key may be
defined only once (tests/test_i18n.py checks it, and that every key has both languages).
"""
from __future__ import annotations

import importlib
import pkgutil

import ui.labels

LANGS = ("es", "en")


def _assemble() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    catalogue: dict[str, dict[str, str]] = {}
    owner: dict[str, str] = {}
    for mod in sorted(pkgutil.iter_modules(ui.labels.__path__), key=lambda m: m.name):
        labels = importlib.import_module(f"ui.labels.{mod.name}").LABELS
        for key, value in labels.items():
            if key in catalogue:
                raise ValueError(f"label {key!r} defined in ui/labels/{owner[key]}.py and {mod.name}.py")
            catalogue[key] = value
            owner[key] = mod.name
    return catalogue, owner


CATALOGUE, OWNER = _assemble()


def translate(key: str, lang: str = "es", **kwargs: object) -> str:
    """The label for `key` in `lang` (falls back to Spanish, then to the key itself)."""
    entry = CATALOGUE.get(key)
    text = (entry.get(lang) or entry.get("es")) if entry else key
    return text.format(**kwargs) if kwargs else text
