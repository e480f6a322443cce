"""Where a point is: Mexican state and municipality by point in polygon, from boundary files.

Boundaries are optional (settings.state_boundaries(), settings.municipality_boundaries()); without them
locate() answers (None, None) and callers fall back to the address region.

Boundary sets handled (see ../shared/data/mexico-geo/SOURCE.md):
- states: features whose `id` or `properties.id` is an ISO 3166-2 code (MX-NLE) or whose name is a state
  name; mapped to INEGI codes through data/states.csv.
- municipalities with INEGI keys: `CVEGEO` (5 digits) or `CVE_ENT` + `CVE_MUN` (INEGI/CONABIO sets).
- municipalities with names only (`NAME_1` state, `NAME_2` municipality: GADM-style sets): codes come from
  features of other loaded files that have both a key and a name, or from an optional catalogue CSV with
  columns CVE_ENT, CVE_MUN, NOM_MUN (e.g. municip_centroids.csv). Unmatched names (such as the Oaxaca
  districts of the 2019 set) get no municipality code; the state is still taken from `NAME_1`.
- projected coordinates (any |x| > 180): read as INEGI's Lambert Conformal Conic (EPSG:6372/6362, the CRS of
  Nuevo León's municipios-geo.json, which has no `crs` member) and converted to WGS84 lon/lat.
"""
from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

# Mexico's extent with its Pacific islands (Guadalupe, Revillagigedo); used to tell [lat, lon] from [lon, lat]
MEXICO_BBOX = (-118.7, 14.3, -86.5, 32.8)  # lon_min, lat_min, lon_max, lat_max


def in_mexico(lon: Any, lat: Any) -> bool:
    """True when (lon, lat) are numbers inside Mexico's bounding box."""
    if isinstance(lon, bool) or isinstance(lat, bool) or not isinstance(lon, (int, float)) \
            or not isinstance(lat, (int, float)):
        return False
    return MEXICO_BBOX[0] <= lon <= MEXICO_BBOX[2] and MEXICO_BBOX[1] <= lat <= MEXICO_BBOX[3]


# --- INEGI Lambert Conformal Conic (EPSG:6372 / 6362) -> WGS84, Snyder (1987) eqs. 15-5..15-11, 7-9 ---------
_A = 6378137.0
_F = 1 / 298.257222101  # GRS80
_E = math.sqrt(2 * _F - _F * _F)
_LAT1, _LAT2, _LAT0, _LON0 = map(math.radians, (17.5, 29.5, 12.0, -102.0))
_X0, _Y0 = 2_500_000.0, 0.0


def _m(phi: float) -> float:
    return math.cos(phi) / math.sqrt(1 - (_E * math.sin(phi)) ** 2)


def _t(phi: float) -> float:
    s = _E * math.sin(phi)
    return math.tan(math.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (_E / 2)


_N = (math.log(_m(_LAT1)) - math.log(_m(_LAT2))) / (math.log(_t(_LAT1)) - math.log(_t(_LAT2)))
_BIG_F = _m(_LAT1) / (_N * _t(_LAT1) ** _N)
_RHO0 = _A * _BIG_F * _t(_LAT0) ** _N


def inegi_lcc_to_lonlat(coords):
    """Convert an (n, 2) numpy array of INEGI LCC metres to WGS84 (lon, lat) degrees."""
    import numpy as np

    x = coords[:, 0] - _X0
    y = _RHO0 - (coords[:, 1] - _Y0)
    rho = np.sign(_N) * np.hypot(x, y)
    theta = np.arctan2(x, y)
    t = (rho / (_A * _BIG_F)) ** (1 / _N)
    phi = np.pi / 2 - 2 * np.arctan(t)
    for _ in range(8):  # converges to < 1e-12 rad in 4-5 steps
        s = _E * np.sin(phi)
        phi = np.pi / 2 - 2 * np.arctan(t * ((1 - s) / (1 + s)) ** (_E / 2))
    lon = np.degrees(theta / _N + _LON0)
    return np.column_stack([lon, np.degrees(phi)])


# --- reading boundary files ------------------------------------------------------------------------------
def _geojson_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix.lower() in (".json", ".geojson") and p.is_file())
    return [path]


def _features(path: Path) -> Iterable[dict]:
    for file in _geojson_files(path):
        try:
            with file.open("rb") as fh:
                data = json.load(fh)
        except (OSError, ValueError) as e:
            raise ValueError(f"boundary file {file} is not readable GeoJSON: {e}") from e
        if isinstance(data, dict) and data.get("type") == "FeatureCollection":
            yield from (f for f in data.get("features") or [] if isinstance(f, dict))
        elif isinstance(data, dict) and data.get("type") == "Feature":
            yield data


def _shape(geometry: Any):
    """A valid shapely (Multi)Polygon in WGS84 from a GeoJSON geometry, or None."""
    import numpy as np
    import shapely
    from shapely.geometry import shape

    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return None
    try:
        geom = shape(geometry)
    except Exception:  # shapely raises several types for malformed coordinates
        return None
    if geom.is_empty:
        return None
    minx, miny, maxx, maxy = geom.bounds
    if max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90:  # projected metres
        geom = shapely.transform(geom, lambda c: inegi_lcc_to_lonlat(np.asarray(c, dtype=float)))
    if not geom.is_valid:
        geom = geom.buffer(0)
    return geom


@dataclass
class _Index:
    """Shapely STRtree over prepared polygons, with one label per polygon."""

    geoms: list
    labels: list

    def __post_init__(self):
        import shapely
        from shapely import STRtree

        self.tree = STRtree(self.geoms)
        shapely.prepare(self.geoms)

    def find(self, point) -> Any:
        for i in self.tree.query(point):  # bounding-box candidates, then the exact prepared test
            if self.geoms[i].intersects(point):
                return self.labels[i]
        return None


class Locator:
    """Point in polygon for states and municipalities, built once and reused for every project location."""

    def __init__(self, states_geojson: Path | str | None = None, municipalities: Path | str | None = None,
                 municipality_catalogue: Path | str | None = None):
        from loaders.compile.registries import Resolver

        self._region_code = Resolver().state_code_for
        self.states = self._load_states(Path(states_geojson)) if states_geojson else None
        self.municipalities = (
            self._load_municipalities(Path(municipalities), Path(municipality_catalogue) if municipality_catalogue else None)
            if municipalities else None
        )

    @classmethod
    def from_settings(cls) -> "Locator":
        """A Locator over the boundary files configured in core.settings (none: every answer is (None, None))."""
        from core import settings

        return cls(settings.state_boundaries(), settings.municipality_boundaries())

    def _load_states(self, path: Path) -> _Index | None:
        geoms, labels = [], []
        for f in _features(path):
            props = f.get("properties") if isinstance(f.get("properties"), dict) else {}
            code = None
            for candidate in (f.get("id"), props.get("id"), props.get("iso_code"), props.get("CVE_ENT"),
                              props.get("name"), props.get("NOMGEO"), props.get("NAME_1")):
                if isinstance(candidate, (str, int)) and not isinstance(candidate, bool):
                    code = self._region_code(region=str(candidate))
                    if code:
                        break
            geom = _shape(f.get("geometry"))
            if code and geom is not None:
                geoms.append(geom)
                labels.append(code)
        return _Index(geoms, labels) if geoms else None

    def _load_municipalities(self, path: Path, catalogue: Path | None) -> _Index | None:
        from loaders.compile.text import key

        coded, named = [], []  # (geom, state, muni code) / (geom, state, name key)
        names: dict[tuple[str, str], str] = {}  # (state, name key) -> INEGI municipality code
        for f in _features(path):
            props = f.get("properties") if isinstance(f.get("properties"), dict) else {}
            geom = _shape(f.get("geometry"))
            if geom is None:
                continue
            cvegeo = str(props.get("CVEGEO") or "").strip()
            if not (len(cvegeo) == 5 and cvegeo.isdigit()):
                ent, mun = str(props.get("CVE_ENT") or "").strip(), str(props.get("CVE_MUN") or "").strip()
                cvegeo = ent.zfill(2) + mun.zfill(3) if ent.isdigit() and mun.isdigit() else ""
            name = props.get("NOMGEO") or props.get("NOM_MUN") or props.get("NAME_2")
            if cvegeo:
                coded.append((geom, cvegeo[:2], cvegeo))
                if isinstance(name, str):
                    names[(cvegeo[:2], key(name))] = cvegeo
                continue
            state = self._region_code(region=str(props.get("NAME_1") or props.get("NOM_ENT") or ""))
            if state and isinstance(name, str):
                named.append((geom, state, key(name)))
        if catalogue is not None:
            with catalogue.open(encoding="utf-8-sig", newline="") as fh:
                for row in csv.DictReader(fh):
                    ent, mun = (row.get("CVE_ENT") or "").strip(), (row.get("CVE_MUN") or "").strip()
                    if ent.isdigit() and mun.isdigit() and row.get("NOM_MUN"):
                        names.setdefault((ent.zfill(2), key(row["NOM_MUN"])), ent.zfill(2) + mun.zfill(3))
        geoms = [g for g, _, _ in coded] + [g for g, _, _ in named]
        # label = (state code, municipality code or None); coded sets come first so they win on overlap
        labels = [(s, c) for _, s, c in coded] + [(s, names.get((s, n))) for _, s, n in named]
        return _Index(geoms, labels) if geoms else None

    def locate(self, lon: Any, lat: Any) -> tuple[str | None, str | None]:
        """(INEGI state code, INEGI municipality code) of the point, None where unknown.

        The municipality's state wins over the state boundaries when both answer: municipal boundaries are
        finer than the state file (coordinates rounded to 4 decimals).
        """
        if self.states is None and self.municipalities is None:
            return None, None
        try:
            x, y = float(lon), float(lat)
        except (TypeError, ValueError):
            return None, None
        if not (math.isfinite(x) and math.isfinite(y)):
            return None, None
        import shapely

        point = shapely.points(x, y)
        state = self.states.find(point) if self.states is not None else None
        municipality = None
        if self.municipalities is not None:
            found = self.municipalities.find(point)
            if found is not None:
                state = found[0]
                municipality = found[1]
        return state, municipality
