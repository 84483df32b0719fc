"""The demo city's areas agree with the grid codes of its lights."""

from __future__ import annotations

import hashlib
import json

from asset_registry.core.demo_city import DEFECTS, demo_areas, generate_city
from osgeo import ogr


def test_every_light_lies_in_exactly_the_grid_its_code_names():
    city = generate_city()
    areas = demo_areas(city.origin)
    grids = [(code, geometry) for level, code, _, geometry in areas if level == "grid"]
    spoiled = 0
    for light in city.lights:
        code = light.properties.get("grid_code")
        if light.xy is None or code is None or len(code) != 15:
            spoiled += 1
            continue
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(*light.xy)
        containing = [grid for grid, geometry in grids if geometry.Intersects(point)]
        if containing != [code]:
            spoiled += 1
    # only lights the demo spoils on purpose (moved, emptied, a truncated grid code) may disagree
    assert spoiled <= sum(count for _, count in DEFECTS)
    assert {level for level, *_ in areas} == {"district", "street", "community", "grid"}
    assert len([a for a in areas if a[0] == "street"]) == 4


def test_areas_nest_street_community_grid():
    areas = demo_areas(generate_city().origin)
    by_code = {code: geometry for _, code, _, geometry in areas}
    for level, code, _, geometry in areas:
        if level != "district":
            parent = by_code[code[: {"street": 6, "community": 9, "grid": 12}[level]]]
            assert parent.Buffer(0.01).Contains(geometry), code


# The digest of the city the default seed generates: its roads, every light's attributes and position, the
# defects and the names and codes of its areas. A change here changes every demo, benchmark and test built on it.
DEMO_DIGEST = "bee26d11066a2bc934f8f66a2b2e9e0edef60d457ea6ca9dd4c4a043a355d1dc"


def test_the_same_seed_gives_the_same_city():
    city = generate_city()
    areas = [(level, code, name) for level, code, name, _ in demo_areas(city.origin)]
    body = [city.roads, [(light.properties, light.xy) for light in city.lights], city.defects, areas]
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == DEMO_DIGEST
    assert city.lights[0].properties["name"] == "珠海大道路灯001" and areas[0] == ("district", "440402", "香洲区（演示）")
