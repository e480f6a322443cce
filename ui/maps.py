"""pydeck layers for the maps: pure functions of DataFrames and GeoJSON, tested without Streamlit.

- `state_choropleth`: a state layer coloured by one measure (a GeoJSON of state boundaries, when
  configured; without them the pages draw the tile grid of ui/tilegrid.py);
- `project_layer`: project locations coloured by risk and sized by amount;
- `make_deck`: the Deck, offline by default (`map_provider=None`: no basemap download);
  an online basemap is opt-in (`basemap="carto"`), and when it cannot load the layers still draw.
Tooltips are text templates (deck.gl renders them as text, never as HTML).
"""
from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd
import pydeck as pdk

STATE_LAYER_ID = "states"
PROJECT_LAYER_ID = "projects"
NO_DATA_COLOR = [200, 200, 200, 90]
# ColorBrewer YlOrRd (light = low, dark red = high): states measure
SEQUENTIAL = [(255, 255, 204), (255, 237, 160), (254, 217, 118), (254, 178, 76), (253, 141, 60),
              (252, 78, 42), (227, 26, 28), (177, 0, 38)]
# green (low risk) -> amber -> red (high risk): projects
RISK = [(26, 152, 80), (145, 207, 96), (254, 224, 139), (252, 141, 89), (215, 48, 39)]
RISK_FLAG_CAP = 4  # 4 or more flags get the darkest colour
MEXICO_VIEW = {"longitude": -102.0, "latitude": 23.6, "zoom": 4.0}
SIMPLIFY_ABOVE_BYTES = 1_500_000  # boundary files larger than this are simplified before drawing
SIMPLIFY_TOLERANCE = 0.01  # degrees (about 1 km)
TITLE_CHARS = 90  # tooltips show the start of long titles


def _interpolate(palette: list[tuple[int, int, int]], x: float) -> list[int]:
    x = min(max(x, 0.0), 1.0) * (len(palette) - 1)
    i = min(int(x), len(palette) - 2)
    frac = x - i
    a, b = palette[i], palette[i + 1]
    return [round(a[k] + (b[k] - a[k]) * frac) for k in range(3)]


def scale_colors(values: Iterable[float | None], alpha: int = 190,
                 palette: list[tuple[int, int, int]] | None = None) -> list[list[int]]:
    """RGBA per value on a sequential palette from the minimum (0 included) to the maximum;
    missing values get NO_DATA_COLOR."""
    vals = [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]
    present = [v for v in vals if v is not None]
    palette = palette or SEQUENTIAL
    if not present:
        return [list(NO_DATA_COLOR) for _ in vals]
    lo, hi = min(0.0, min(present)), max(present)
    span = hi - lo
    return [list(NO_DATA_COLOR) if v is None else _interpolate(palette, (v - lo) / span if span else 1.0) + [alpha]
            for v in vals]


def risk_top(risk: Iterable[float | None]) -> float:
    """The score that gets the reddest colour: the highest in view (scores cluster well below 100)."""
    present = [float(r) for r in risk if r is not None and not (isinstance(r, float) and math.isnan(r))]
    return max(present, default=0.0) or 100.0


def risk_colors(risk: Iterable[float | None], kind: str, alpha: int = 220) -> list[list[int]]:
    """RGBA per project, green (low) to red (high): kind "score" is a 0-100 score scaled to the highest
    in view (risk_top); kind "flags" a count of flags, capped at RISK_FLAG_CAP."""
    risk = list(risk)
    top = risk_top(risk)
    out = []
    for r in risk:
        if r is None or (isinstance(r, float) and math.isnan(r)):
            out.append(list(NO_DATA_COLOR))
            continue
        x = float(r) / top if kind == "score" else min(float(r), RISK_FLAG_CAP) / RISK_FLAG_CAP
        out.append(_interpolate(RISK, x) + [alpha])
    return out


def radius_m(amounts: Iterable[float | None], min_m: float = 800.0, max_m: float = 12000.0) -> list[float]:
    """Circle radius in metres: area proportional to the amount, between min_m and max_m."""
    vals = [0.0 if a is None or (isinstance(a, float) and math.isnan(a)) or a < 0 else float(a) for a in amounts]
    top = max(vals, default=0.0)
    if top <= 0:
        return [min_m for _ in vals]
    return [min_m + (max_m - min_m) * math.sqrt(v / top) for v in vals]


# --- Boundaries ---------------------------------------------------------------------------------
def _norm(text: Any) -> str:
    s = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in s).split())


# Official long names and old names of states whose short names differ (matched after _norm).
NAME_ALIASES = {
    "coahuila de zaragoza": "coahuila", "michoacan de ocampo": "michoacan", "veracruz de ignacio de la llave":
    "veracruz", "distrito federal": "ciudad de mexico", "estado de mexico": "mexico", "queretaro de arteaga":
    "queretaro", "cdmx": "ciudad de mexico", "mexico city": "ciudad de mexico",
}
_CODE_KEYS = ("CVE_ENT", "cve_ent", "state_code", "CVEGEO", "cvegeo", "inegi", "INEGI", "cve_edo")
_NAME_KEYS = ("name", "NOMGEO", "NOM_ENT", "nom_ent", "NAME_1", "nombre", "estado", "state", "ESTADO")


def load_boundaries(path: str | Path) -> dict | None:
    """The GeoJSON FeatureCollection at `path`, simplified when large; None when unreadable."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        data = json.loads(raw)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        return None
    if len(raw) > SIMPLIFY_ABOVE_BYTES:
        data = simplify(data, SIMPLIFY_TOLERANCE)
    return data


def simplify(geojson: dict, tolerance: float) -> dict:
    """A copy of the FeatureCollection with geometries simplified (topology kept) and rounded."""
    from shapely.geometry import mapping, shape

    features = []
    for feat in geojson.get("features", []):
        try:
            geom = shape(feat["geometry"]).simplify(tolerance, preserve_topology=True)
            geometry = json.loads(json.dumps(mapping(geom)), parse_float=lambda s: round(float(s), 4))
        except Exception:  # noqa: BLE001 - a bad geometry is dropped, the rest still draw
            continue
        features.append({**feat, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def match_state(feature: dict, states: pd.DataFrame) -> str | None:
    """INEGI state code of a boundary feature: by ISO 3166-2 id, by INEGI code, else by name."""
    props = feature.get("properties") or {}
    iso = {str(v).upper(): c for v, c in zip(states["iso_code"], states["state_code"]) if v}
    for value in [feature.get("id"), *props.values()]:
        if isinstance(value, str) and value.upper() in iso:
            return iso[value.upper()]
    codes = set(states["state_code"])
    for k in _CODE_KEYS:
        if props.get(k) is not None:
            raw = str(props[k]).strip()
            code = raw[:2] if k.lower() == "cvegeo" else raw.zfill(2)
            if code in codes:
                return code
    names = {_norm(n): c for n, c in zip(states["name"], states["state_code"])}
    for k in _NAME_KEYS:
        if props.get(k):
            n = _norm(props[k])
            n = NAME_ALIASES.get(n, n)
            if n in names:
                return names[n]
    return None


def state_choropleth(geojson: dict, states: pd.DataFrame, value_col: str,
                     label: Callable[[Any], str]) -> tuple[pdk.Layer, int]:
    """GeoJsonLayer of the boundaries coloured by `value_col` of `states` (one row per state_code),
    and how many features matched a state. Tooltip fields: name, value_label, detail."""
    by_code = states.set_index("state_code")
    colors = dict(zip(states["state_code"], scale_colors(states[value_col].tolist())))
    features, matched = [], 0
    for feat in geojson.get("features", []):
        code = match_state(feat, states)
        if code is not None:
            matched += 1
            row = by_code.loc[code]
            value = row[value_col]
            props = {"state_code": code, "name": str(row["name"]), "value_label": label(value), "detail": "",
                     "fill": colors[code]}
        else:
            props = {"state_code": None, "name": str((feat.get("properties") or {}).get("name", "")),
                     "value_label": "", "detail": "", "fill": list(NO_DATA_COLOR)}
        features.append({"type": "Feature", "geometry": feat.get("geometry"), "properties": props})
    layer = pdk.Layer(
        "GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id=STATE_LAYER_ID, pickable=True,
        stroked=True, filled=True, get_fill_color="properties.fill", get_line_color=[90, 90, 90, 200],
        line_width_min_pixels=1, auto_highlight=True)
    return layer, matched


def project_layer(points: pd.DataFrame, amount_label: Callable[[Any], str],
                  risk_label: Callable[[Any], str], radius_scale: float = 1.0) -> pdk.Layer:
    """ScatterplotLayer of project locations: colour by `risk` (points.attrs["risk_kind"]), size by
    `amount`. Tooltip fields (shared with the state layer): name (the title), value_label (the
    amount), detail (implementer and risk)."""
    kind = points.attrs.get("risk_kind", "flags")
    records = pd.DataFrame({
        "project_id": points["project_id"].astype(str),
        "name": [t if len(t) <= TITLE_CHARS else t[:TITLE_CHARS - 1] + "…" for t in points["title"].fillna("").astype(str)],
        "lon": points["lon"].round(5), "lat": points["lat"].round(5),
        "value_label": [amount_label(a) for a in points["amount"]],
        "detail": [f"{i} · {risk_label(r)}" if i else risk_label(r)
                   for i, r in zip(points["implementer"].fillna("").astype(str), points["risk"])],
        "fill": risk_colors(points["risk"].tolist(), kind),
        "radius": [round(r * radius_scale) for r in radius_m(points["amount"].tolist())],
    })
    return pdk.Layer(
        "ScatterplotLayer", records, id=PROJECT_LAYER_ID, pickable=True, get_position=["lon", "lat"],
        get_fill_color="fill", get_radius="radius", radius_min_pixels=3, radius_max_pixels=40, stroked=True,
        get_line_color=[40, 40, 40, 220], line_width_min_pixels=1, auto_highlight=True)


def view_for(lons: Iterable[float], lats: Iterable[float]) -> dict[str, float]:
    """longitude, latitude and zoom that frame the points (all of Mexico when there are none)."""
    pts = [(x, y) for x, y in zip(lons, lats) if x is not None and y is not None
           and not (isinstance(x, float) and math.isnan(x)) and not (isinstance(y, float) and math.isnan(y))]
    if not pts:
        return dict(MEXICO_VIEW)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 0.05)
    zoom = max(3.5, min(11.0, math.log2(360 / span) - 0.6))
    return {"longitude": (max(xs) + min(xs)) / 2, "latitude": (max(ys) + min(ys)) / 2, "zoom": round(zoom, 2)}


TOOLTIP = "{name}\n{value_label}\n{detail}"


# pydeck's "no style given" marker. With map_style=None, Streamlit's map component fills in Carto's
# basemap (a download from basemaps.cartocdn.com); with this marker and no provider it draws none.
NO_BASEMAP_STYLE = pdk.bindings.deck._DEFAULT_MAP_STYLE_SENTINEL


def make_deck(layers: list[pdk.Layer], view: dict[str, float], tooltip_text: str = TOOLTIP,
              basemap: str | None = None) -> pdk.Deck:
    """The Deck: no basemap (nothing downloaded) unless `basemap` names a provider ("carto");
    text tooltips only."""
    kwargs: dict[str, Any] = {"map_provider": None, "map_style": NO_BASEMAP_STYLE}
    if basemap == "carto":
        kwargs = {"map_provider": "carto", "map_style": "light"}
    return pdk.Deck(layers=layers, initial_view_state=pdk.ViewState(**view, pitch=0),
                    tooltip={"text": tooltip_text}, **kwargs)


def picked(selection: Any) -> tuple[str | None, str | None]:
    """(state_code, project_id) picked in a st.pydeck_chart selection (either may be None)."""
    objects = {}
    try:
        objects = dict(selection.get("objects", {}) if isinstance(selection, dict) else selection.objects)
    except (AttributeError, TypeError):
        return None, None
    project = state = None
    for obj in objects.get(PROJECT_LAYER_ID) or []:
        project = (obj or {}).get("project_id") or project
    for obj in objects.get(STATE_LAYER_ID) or []:
        obj = obj or {}
        state = obj.get("state_code") or (obj.get("properties") or {}).get("state_code") or state
    return state, project
