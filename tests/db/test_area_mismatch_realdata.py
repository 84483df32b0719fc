"""registry.area_mismatch (issue 16 item 7) on a real delivery: Washington DC's DDOT streetlights, whose WARD
column states the ward each light lies in.

What is real: the 3,963 lights, their positions (lon/lat) and their WARD (2 or 6), as published
(shared/realdata/dc-streetlights). What is not: shared/ holds no ward boundary file, so the ward areas are
drawn from the data itself, each cell of 0.004 degrees (about 400 m) given to the ward most of its lights
state, the cells of one ward united into its area. Near the border of the two wards a cell holds lights of
both: those stating the other ward than the cell's majority disagree with the area they lie in, and the
finding must name exactly them, at their real positions taken through the registry's CRS (EPSG:26985), and
none of the lights that agree.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict

import pytest
from asset_registry.core.mapping import MappingProfile
from asset_registry.core.standard import load_profile
from asset_registry.core.validate import validate_delivery
from asset_registry.paths import PACKAGE_DIR
from asset_registry.storage import migrate
from asset_registry.storage.areas import load_areas
from asset_registry.storage.registry_checks import check_against_registry
from osgeo import ogr

from tests.helpers import shared_file

RULE = "registry.area_mismatch"
EXAMPLE = PACKAGE_DIR.parent / "examples" / "realdata" / "dc-streetlights"
CELL = 0.004  # degrees
DISTRICT = "900101"  # the DC test profile's made-up administrative code


def ward_code(ward: str) -> str:
    """A ward as the street level's 9-digit code (district + 3 digits), as the mapping's template writes it."""
    return f"{DISTRICT}{int(ward):03d}"


def cell_of(x: float, y: float) -> tuple[int, int]:
    return int(x // CELL), int(y // CELL)


@pytest.fixture(scope="module")
def lights() -> list[dict[str, str]]:
    with shared_file("realdata", "dc-streetlights", "streetlights.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def dc_registry(empty_db):
    """A registry migrated with the DC test profile: its CRS is EPSG:26985 (Maryland State Plane, metres)."""
    profile = load_profile(str(EXAMPLE / "profile.json"))
    migrate.init(empty_db, profile)
    return empty_db, profile


def ward_areas(lights: list[dict[str, str]]) -> tuple[dict[tuple[int, int], str], list[dict]]:
    """Each cell's majority ward, and the wards (street level) and the district as GeoJSON features in lon/lat."""
    counts: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for light in lights:
        counts[cell_of(float(light["XCOORD"]), float(light["YCOORD"]))][light["WARD"]] += 1
    majority = {cell: count.most_common(1)[0][0] for cell, count in counts.items()}
    shapes: dict[str, ogr.Geometry] = defaultdict(lambda: ogr.Geometry(ogr.wkbMultiPolygon))
    for (i, j), ward in majority.items():
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in ((i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1), (i, j)):
            ring.AddPoint_2D(x * CELL, y * CELL)
        square = ogr.Geometry(ogr.wkbPolygon)
        square.AddGeometry(ring)
        shapes[ward].AddGeometry(square)
        shapes["district"].AddGeometry(square.Clone())
    features = [
        {
            "type": "Feature",
            "properties": {
                "level": "district" if key == "district" else "street",
                "code": DISTRICT if key == "district" else ward_code(key),
                "name": "Washington DC" if key == "district" else f"Ward {key}",
            },
            "geometry": json.loads(shape.UnionCascaded().ExportToJson()),
        }
        for key, shape in shapes.items()
    ]
    return majority, features


def test_a_real_ward_column_that_disagrees_with_the_ward_area_is_found_and_no_other(dc_registry, lights, standard, tmp_path):
    dsn, profile = dc_registry
    majority, features = ward_areas(lights)
    areas = tmp_path / "wards.geojson"
    areas.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    loaded = load_areas(dsn, areas, profile)
    assert loaded.counts["street"] == 2 and loaded.counts["district"] == 1

    # the published mapping, with the WARD column stating the street-level area instead of being ignored
    body = json.loads((EXAMPLE / "mapping.json").read_text(encoding="utf-8"))
    body["ignore"].remove("WARD")
    body["templates"]["street_code"] = DISTRICT + "{WARD:03d}"
    body["profile"] = str(EXAMPLE / "profile.json")
    (tmp_path / "mapping.json").write_text(json.dumps(body), encoding="utf-8")
    mapping = MappingProfile.load(tmp_path / "mapping.json")

    path = shared_file("realdata", "dc-streetlights", "streetlights.csv")
    report = validate_delivery(path, standard, profile, mapping=mapping)
    assert report.valid_count == len(lights) == 3963
    check_against_registry(dsn, report, standard, profile, path, mapping)

    found = {(f.feature, f.field, f.value) for f in report.findings if f.rule == RULE}
    disagreeing = {
        (number, "street_code", ward_code(light["WARD"]))
        for number, light in enumerate(lights, start=1)
        if majority[cell_of(float(light["XCOORD"]), float(light["YCOORD"]))] != light["WARD"]
    }
    assert found == disagreeing
    assert 100 < len(found) < 200  # the border cells' minority: 126 lights of 3,963 as published
    assert {
        light["WARD"]
        for number, light in enumerate(lights, start=1)
        if (number, "street_code", ward_code(light["WARD"])) in found
    } == {"2", "6"}
    # the identifier's district (900101) agrees everywhere: no finding on it
    assert not [f for f in report.findings if f.rule == RULE and f.field == "component_id"]
    finding = next(f for f in report.findings if f.rule == RULE)
    other = "6" if finding.value == ward_code("2") else "2"
    assert f"{ward_code(other)} Ward {other}" in finding.message("en")
    assert report.is_valid  # a warning: the position decides where the registry locates a light
