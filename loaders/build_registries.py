"""Fill the derived columns of data/states.csv (centroid_lon, centroid_lat) from a states GeoJSON. Run once.

    python -m loaders.build_registries ../shared/data/mexico-geo/states/mexicoHigh.json

The GeoJSON's features are matched to states.csv rows by ISO 3166-2 id (feature `id` or `properties.id`).
Centroids are area centroids of the (Multi)Polygon in lon/lat degrees, rounded to 4 decimals (the source's
precision); when a centroid falls outside its state (a crescent or island shape) the script uses shapely's
point_on_surface instead and says so. Only these derived numbers are written: the GeoJSON is not copied.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from shapely.geometry import shape

from loaders.compile.registries import STATES_CSV


def centroids(geojson: Path) -> dict[str, tuple[float, float, str]]:
    """{ISO code: (lon, lat, method)} for every feature of a states FeatureCollection."""
    data = json.loads(geojson.read_text(encoding="utf-8"))
    out = {}
    for f in data["features"]:
        iso = f.get("id") or (f.get("properties") or {}).get("id")
        geom = shape(f["geometry"])
        point, method = geom.centroid, "centroid"
        if not geom.covers(point):
            point, method = geom.point_on_surface(), "point_on_surface"
        out[str(iso).upper()] = (round(point.x, 4), round(point.y, 4), method)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("states_geojson", type=Path)
    parser.add_argument("--csv", type=Path, default=STATES_CSV)
    args = parser.parse_args(argv)
    points = centroids(args.states_geojson)
    with args.csv.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    missing = []
    for row in rows:
        found = points.get(row["iso_code"].upper())
        if found is None:
            missing.append(row["iso_code"])
            continue
        row["centroid_lon"], row["centroid_lat"] = f"{found[0]:.4f}", f"{found[1]:.4f}"
        if found[2] != "centroid":
            print(f"{row['iso_code']}: centroid outside the state, used {found[2]}")
    with args.csv.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows) - len(missing)} centroids written to {args.csv}")
    if missing:
        print("no feature for: " + ", ".join(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
