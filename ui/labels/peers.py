"""Labels of the peer group shown beside a flag's quartiles (ui.peer_text)."""
from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "peer_group_line": {
        "es": "Grupo de comparación: {group} ({n} sujetos con valor). {rule}",
        "en": "Peer group: {group} ({n} subjects with a value). {rule}",
    },
    "peer_group_rule": {"es": "Grupo de comparación: {rule}", "en": "Peer group: {rule}"},
}
