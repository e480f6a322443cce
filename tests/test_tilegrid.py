"""The tile-grid map of Mexico (ui/tilegrid.py): every state one tile, coloured by a measure, no geometry."""
from __future__ import annotations

import pandas as pd

from ui import tilegrid

REGISTRY = pd.read_csv(tilegrid.LAYOUT_CSV.parent / "states.csv", dtype=str)


def _states(values: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"state_code": REGISTRY["state_code"], "name": REGISTRY["name"],
                         "v": [values.get(c) for c in REGISTRY["state_code"]]})


def test_the_layout_places_each_of_the_32_registry_states_on_its_own_tile():
    grid = tilegrid.layout()
    assert sorted(grid["state_code"]) == sorted(REGISTRY["state_code"])
    assert len(set(zip(grid["row"], grid["col"]))) == 32
    assert grid["short"].str.len().between(2, 5).all()


def test_the_layout_reads_as_the_map_north_west_to_south_east():
    pos = tilegrid.layout().set_index("short")
    assert pos.loc["BC", "row"] < pos.loc["BCS", "row"] and pos.loc["BC", "col"] < pos.loc["NL", "col"]
    assert pos.loc["CHIH", "row"] < pos.loc["JAL", "row"] < pos.loc["GRO", "row"]
    assert pos.loc["JAL", "col"] < pos.loc["CDMX", "col"] < pos.loc["VER", "col"] < pos.loc["YUC", "col"]
    assert pos.loc["CHIS", "row"] == pos["row"].max()


def test_every_tile_is_drawn_and_coloured_from_zero_with_missing_states_grey():
    fig = tilegrid.figure(_states({"19": 800.0, "14": 300.0}), "v", lambda v: f"{v:.0f} procesos")
    base, value, points = fig.data
    assert sum(z is not None for row in base.z for z in row) == 32  # the grey base: the whole country
    assert sum(z is not None for row in value.z for z in row) == 2
    assert value.zmin == 0 and value.zmax == 800
    hover = dict(zip(points.customdata, points.hovertext))
    assert hover["19"] == "<b>Nuevo León</b><br>800 procesos" and hover["09"].endswith("—")
    assert len(points.x) == 32 and set(points.text) == set(tilegrid.layout()["short"])


def test_values_are_scaled_for_the_colour_bar_and_the_chosen_state_is_outlined():
    fig = tilegrid.figure(_states({"19": 2.5e9}), "v", str, title="Monto (mdp)", scale=1e-6, highlight=["19"])
    assert fig.data[1].zmax == 2500
    assert fig.data[1].colorbar.title.text == "Monto (mdp)"
    (shape,) = fig.layout.shapes
    pos = tilegrid.layout().set_index("state_code").loc["19"]
    assert (shape.x0 + shape.x1) / 2 == pos["col"] and (shape.y0 + shape.y1) / 2 == pos["row"]


def test_names_from_data_are_shown_as_text_in_the_hover():
    states = _states({"19": 1.0})
    states.loc[states["state_code"] == "19", "name"] = "<img src=x onerror=alert(1)>"
    points = tilegrid.figure(states, "v", str).data[2]
    hover = dict(zip(points.customdata, points.hovertext))
    assert "<img" not in hover["19"] and "&lt;img" in hover["19"]


def test_labels_are_dark_on_grey_and_light_tiles_and_white_on_the_darkest():
    fig = tilegrid.figure(_states({"19": 800.0, "14": 100.0}), "v", str)
    colour = dict(zip(fig.data[2].customdata, fig.data[2].textfont.color))
    assert colour["19"] == "#ffffff" and colour["14"] == "#111111" and colour["09"] == "#111111"


def test_no_data_at_all_draws_the_grey_country_without_a_colour_bar():
    fig = tilegrid.figure(_states({}), "v", str)
    assert [d.name for d in fig.data] == ["base", tilegrid.PICK_TRACE]


def test_a_clicked_tile_gives_its_state_code():
    assert tilegrid.picked({"points": [{"customdata": "19", "x": 4, "y": 0}]}) == "19"
    assert tilegrid.picked({"points": [{"customdata": ["09"]}]}) == "09"
    assert tilegrid.picked({"points": []}) is None and tilegrid.picked(None) is None
