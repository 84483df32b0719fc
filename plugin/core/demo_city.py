"""A generated demo district of 香洲区 (Xiangzhou, Zhuhai): roads and streetlights.

Everything is drawn from one seeded random generator, so the same seed always
gives the same city, the same delivery and the same defects. The delivery uses
the Chinese column names a contractor would use (mapped through ``x-aliases``)
and carries a known set of defects, one kind per validation rule.
"""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from osgeo import ogr, osr

from .reader import gdal_exceptions
from .standard import Standard

# the names of the demo (roads, streets, the bureau, the maintainer) are data: demo_city.toml
with Path(__file__).with_name("demo_city.toml").open("rb") as _handle:
    NAMES: dict[str, Any] = tomllib.load(_handle)

DEFAULT_SEED = 20261122
ADMIN_CODE = "440402"  # 香洲区
CITY_BUREAU: tuple[str, str] = tuple(NAMES["city_bureau"])
MAINTAINER: tuple[str, str] = tuple(NAMES["maintainer"])
ORIGIN_LONLAT = (113.520, 22.245)  # south-west corner of the demo district
REGISTRY_EPSG = 4547

# (name, road class, orientation, offset along the other axis in m, from m, to m)
ROADS = [tuple(road) for road in NAMES["roads"]]
# light spacing in m and whether both sides of the road are lit
LIGHTING = {"expressway": (35, True), "arterial": (30, True), "secondary": (30, False), "branch": (25, False)}
POLE_HEIGHT = {"expressway": (12, 14), "arterial": (10, 12), "secondary": (8, 10), "branch": (6, 8)}
STREETS = [tuple(street) for street in NAMES["streets"]]  # (code, name, short name)

# each kind of defect the demo delivery carries, with how many features get it
DEFECTS = [
    ("missing_lamp_type", 6),
    ("unknown_lamp_type", 6),
    ("bad_grid_code", 5),
    ("negative_power", 5),
    ("impossible_date", 4),
    ("foreign_admin_code", 4),
    ("wrong_class_code", 3),
    ("duplicate_id", 4),
    ("swapped_axes", 2),
    ("outside_extent", 2),
    ("null_island", 1),
    ("future_date", 2),
    ("no_geometry", 2),
]
# defect kind -> the rule that must find it
DEFECT_RULES = {
    "missing_lamp_type": "schema.required",
    "unknown_lamp_type": "schema.codelist",
    "bad_grid_code": "schema.pattern",
    "negative_power": "schema.range",
    "impossible_date": "schema.date_format",
    "foreign_admin_code": "identifier.admin_code",
    "wrong_class_code": "identifier.class_code",
    "duplicate_id": "record.duplicate_id",
    "swapped_axes": "geometry.swapped_axes",
    "outside_extent": "geometry.outside_extent",
    "null_island": "geometry.null_island",
    "future_date": "crossfield.future_date",
    "no_geometry": "geometry.empty",
}
EXTRA_COLUMN, EXTRA_VALUE = NAMES["extra_column"]  # a contractor's own column: the unknown-field warning


@dataclass
class Light:
    properties: dict[str, Any]
    xy: tuple[float, float] | None


@dataclass
class DemoCity:
    origin: tuple[float, float]
    roads: list[tuple[str, str, list[tuple[float, float]]]]
    lights: list[Light]
    defects: dict[str, list[int]] = field(default_factory=dict)  # kind -> 1-based feature numbers
    cabinets: list[Light] = field(default_factory=list)  # the lighting cabinets the lights name (standard 1.1)


def _origin_in_registry_crs() -> tuple[float, float]:
    with gdal_exceptions():
        lonlat = osr.SpatialReference()
        lonlat.ImportFromEPSG(4490)
        lonlat.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        target = osr.SpatialReference()
        target.ImportFromEPSG(REGISTRY_EPSG)
        target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        x, y, _ = osr.CoordinateTransformation(lonlat, target).TransformPoint(*ORIGIN_LONLAT)
    return round(x, 1), round(y, 1)


def _road_line(
    origin: tuple[float, float], orientation: str, offset: float, start: float, end: float
) -> list[tuple[float, float]]:
    ox, oy = origin
    if orientation == "EW":
        return [(ox + start, oy + offset), (ox + end, oy + offset)]
    return [(ox + offset, oy + start), (ox + offset, oy + end)]


LIGHT_STAGGER_M = 2.5


def _light_positions(line: list[tuple[float, float]], spacing: float, both_sides: bool) -> Iterator[tuple[float, float]]:
    (x0, y0), (x1, y1) = line
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    sides = (12.0, -12.0) if both_sides else (10.0,)
    # lights start 2.5 m in, so that none stands exactly on a unit grid boundary (multiples of 100 m)
    steps = int((length - LIGHT_STAGGER_M) // spacing)
    for step in range(steps + 1):
        along = LIGHT_STAGGER_M + step * spacing
        for side in sides:
            yield (x0 + ux * along - uy * side, y0 + uy * along + ux * side)


def _grid(origin: tuple[float, float], xy: tuple[float, float]) -> dict[str, str]:
    dx, dy = xy[0] - origin[0], xy[1] - origin[1]
    street_index = (0 if dx < 2600 else 1) + (0 if dy < 2000 else 2)
    street_code, street_name, street_short = STREETS[street_index]
    community = 1 + int(dx // 1300) % 2 + 2 * (int(dy // 1000) % 2)
    serial = 1 + int(dx // 400) % 4 + 4 * (int(dy // 400) % 4)
    community_code = f"{ADMIN_CODE}{street_code}{community:03d}"
    return {
        "grid_code": f"{community_code}{serial:03d}",
        "street_code": f"{ADMIN_CODE}{street_code}",
        "street_name": street_name,
        "community_code": community_code,
        "community_name": NAMES["community_name"].format(street=street_short, number=community),
    }


def _light_properties(
    rng: random.Random, serial: int, road: str, road_class: str, index_on_road: int, grid: dict[str, str]
) -> dict[str, Any]:
    class_code = "01077" if rng.random() < 0.05 else "01037"
    lamp_type = rng.choices(["LED", "HPS", "MH"], weights=[70, 25, 5])[0]
    power = rng.choice([60, 90, 120, 150, 200, 250]) if lamp_type == "LED" else rng.choice([150, 250, 400])
    low, high = POLE_HEIGHT[road_class]
    installed = f"{rng.randint(2012, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    status = rng.choices(["intact", "damaged", "lost", "removed"], weights=[955, 35, 5, 5])[0]
    changed = f"{rng.randint(2024, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {
        "component_id": f"{ADMIN_CODE}{class_code}{serial:06d}",
        "name": f"{road}{NAMES['light_kinds'][class_code]}{index_on_road:03d}",
        "competent_dept_code": CITY_BUREAU[0],
        "competent_dept_name": CITY_BUREAU[1],
        "maintainer_code": MAINTAINER[0],
        "maintainer_name": MAINTAINER[1],
        **grid,
        "status": status,
        "initial_date": installed,
        **({"change_date": changed} if status != "intact" else {}),
        "data_source": "survey",
        "lamp_type": lamp_type,
        "lamp_power_w": power,
        "lamp_count": rng.choice([1, 1, 1, 2]),
        "pole_height_m": float(rng.randint(low, high)),
        "pole_material": rng.choices(["steel", "aluminium", "concrete"], weights=[80, 15, 5])[0],
        "arm_count": rng.choice([1, 1, 2]),
        "circuit_id": f"XZ-{road[:2]}-HL{index_on_road // 20 + 1:02d}",
        "cabinet_id": f"{ADMIN_CODE}01060{serial // 120 + 1:06d}",  # a cabinet per 120 lights
        "road_name": road,
        "road_class": road_class,
        "installation_date": installed,
    }


def generate_city(seed: int = DEFAULT_SEED) -> DemoCity:
    rng = random.Random(seed)
    origin = _origin_in_registry_crs()
    roads, lights = [], []
    for name, road_class, orientation, offset, start, end in ROADS:
        line = _road_line(origin, orientation, offset, start, end)
        roads.append((name, road_class, line))
        spacing, both_sides = LIGHTING[road_class]
        for index, xy in enumerate(_light_positions(line, spacing, both_sides), start=1):
            props = _light_properties(rng, len(lights) + 1, name, road_class, index, _grid(origin, xy))
            lights.append(Light(props, (round(xy[0], 3), round(xy[1], 3))))
    city = DemoCity(origin, roads, lights, cabinets=_cabinets(origin, lights))
    _inject_defects(city, rng)
    return city


CABINET_SET_BACK_M = 8.0  # a cabinet stands beside the first light it feeds, off the carriageway


def _cabinets(origin: tuple[float, float], lights: list[Light]) -> list[Light]:
    """The cabinets the lights name (before any defect), each beside its first light, with as many circuits as
    the highest its lights hang on: the demo's lights all name a delivered cabinet and one of its circuits.
    Drawn without the random generator, so the lights and their defects stay as they were."""
    fed: dict[str, list[Light]] = {}
    for light in lights:
        fed.setdefault(light.properties["cabinet_id"], []).append(light)
    cabinets = []
    for number, (ident, its_lights) in enumerate(fed.items(), start=1):
        first = its_lights[0]
        xy = (first.xy[0], round(first.xy[1] + CABINET_SET_BACK_M, 3))
        circuits = max(int(re.findall(r"[0-9]+", light.properties["circuit_id"])[0]) for light in its_lights)
        properties = {
            "component_id": ident,
            "name": NAMES["cabinet_name"].format(road=first.properties["road_name"], number=number),
            "competent_dept_code": CITY_BUREAU[0],
            "competent_dept_name": CITY_BUREAU[1],
            "maintainer_code": MAINTAINER[0],
            "maintainer_name": MAINTAINER[1],
            **_grid(origin, xy),
            "status": "intact",
            "initial_date": first.properties["initial_date"],
            "data_source": "survey",
            "mounting": "ground",
            "rated_capacity_kva": 50,
            "circuit_count": circuits,
            "control_mode": "time_light",
            "road_name": first.properties["road_name"],
        }
        cabinets.append(Light(properties, xy))
    return cabinets


def _inject_defects(city: DemoCity, rng: random.Random) -> None:
    """Spoil a known set of features, each with exactly one defect."""
    numbers = rng.sample(range(2, len(city.lights) + 1), sum(count for _, count in DEFECTS))
    for kind, count in DEFECTS:
        chosen, numbers = sorted(numbers[:count]), numbers[count:]
        city.defects[kind] = chosen
        for number in chosen:
            _spoil(city, kind, number)


def _spoil(city: DemoCity, kind: str, number: int) -> None:
    light = city.lights[number - 1]
    props = light.properties
    if kind == "missing_lamp_type":
        del props["lamp_type"]
    elif kind == "unknown_lamp_type":
        props["lamp_type"] = NAMES["unknown_lamp_type"]
    elif kind == "bad_grid_code":
        props["grid_code"] = props["grid_code"][:-1]
    elif kind == "negative_power":
        props["lamp_power_w"] = -props["lamp_power_w"]
    elif kind == "impossible_date":
        props["initial_date"] = "2019-02-30"
    elif kind == "foreign_admin_code":
        props["component_id"] = "440499" + props["component_id"][6:]
    elif kind == "wrong_class_code":
        props["component_id"] = props["component_id"][:6] + "01060" + props["component_id"][11:]
    elif kind == "duplicate_id":
        props["component_id"] = city.lights[0].properties["component_id"]  # feature 1 is never spoiled
    elif kind == "swapped_axes":
        light.xy = (light.xy[1], light.xy[0])
    elif kind == "outside_extent":
        light.xy = (light.xy[0] + 250_000, light.xy[1])  # 250 km east, in the sea off Huizhou
    elif kind == "null_island":
        light.xy = (0.0, 0.0)
    elif kind == "future_date":
        props["installation_date"] = "2031-06-01"
    elif kind == "no_geometry":
        light.xy = None


_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def delivery_column(spec: Any) -> str:
    """The column a Chinese contractor would use: the first Chinese alias of the field."""
    return next((alias for alias in spec.aliases if _CHINESE.search(alias)), spec.name)


def _srs() -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(REGISTRY_EPSG)
    return srs


def write_roads(city: DemoCity, path: Path) -> None:
    with gdal_exceptions():
        driver = ogr.GetDriverByName("GPKG")
        if path.exists():
            driver.DeleteDataSource(str(path))
        dataset = driver.CreateDataSource(str(path))
        layer = dataset.CreateLayer("road", _srs(), ogr.wkbLineString)
        layer.CreateField(ogr.FieldDefn("name", ogr.OFTString))
        layer.CreateField(ogr.FieldDefn("road_class", ogr.OFTString))
        layer.StartTransaction()
        for name, road_class, line in city.roads:
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("name", name)
            feature.SetField("road_class", road_class)
            geometry = ogr.Geometry(ogr.wkbLineString)
            for x, y in line:
                geometry.AddPoint_2D(x, y)
            feature.SetGeometry(geometry)
            layer.CreateFeature(feature)
        layer.CommitTransaction()
        dataset = None


_OGR_TYPES = {"string": ogr.OFTString, "number": ogr.OFTReal, "integer": ogr.OFTInteger}


def _as_delivered(spec: Any, value: Any, standard: Standard) -> Any:
    """Contractors write code-list values as their Chinese labels (完好, 主干路)."""
    if spec.codelist and value in standard.codelists[spec.codelist].labels:
        return standard.codelists[spec.codelist].label(value, "zh")
    return value


def write_delivery(city: DemoCity, standard: Standard, path: Path) -> None:
    """Write the streetlights as a contractor's GeoJSON delivery in EPSG:4547."""
    _write_features(standard.family("streetlight"), city.lights, standard, path, with_extra_column=True)


def write_cabinets(city: DemoCity, standard: Standard, path: Path) -> None:
    """Write the lighting cabinets the lights name as a delivery of their own, in EPSG:4547."""
    _write_features(standard.family("lighting_cabinet"), city.cabinets, standard, path)


def _write_features(family: Any, features: list[Light], standard: Standard, path: Path, with_extra_column: bool = False) -> None:
    """with_extra_column: the contractor's own column (the unknown-field warning), in the lights' delivery only."""
    with gdal_exceptions():
        driver = ogr.GetDriverByName("GeoJSON")
        if path.exists():
            driver.DeleteDataSource(str(path))
        dataset = driver.CreateDataSource(str(path))
        layer = dataset.CreateLayer(path.stem, _srs(), ogr.wkbPoint, options=["COORDINATE_PRECISION=3"])
        columns = {spec.name: delivery_column(spec) for spec in family.fields}
        for spec in family.fields:
            layer.CreateField(ogr.FieldDefn(columns[spec.name], _OGR_TYPES[spec.json_type]))
        if with_extra_column:
            layer.CreateField(ogr.FieldDefn(EXTRA_COLUMN, ogr.OFTString))
        definition = layer.GetLayerDefn()
        for light in features:
            feature = ogr.Feature(definition)
            for name, value in light.properties.items():
                feature.SetField(columns[name], _as_delivered(family.field(name), value, standard))
            if with_extra_column:
                feature.SetField(EXTRA_COLUMN, EXTRA_VALUE)
            if light.xy is not None:
                point = ogr.Geometry(ogr.wkbPoint)
                point.AddPoint_2D(*light.xy)
                feature.SetGeometry(point)
            layer.CreateFeature(feature)
        dataset = None


# the demo's areas cover the lights with a margin, in metres from the origin
AREA_SPAN = ((-400.0, 5600.0), (-400.0, 4400.0))
# where _grid's codes change: the grid cells (400 m), the communities and the streets
_X_STEPS, _Y_STEPS = (400, 1300, 2600), (400, 1000, 2000)


def _breaks(span: tuple[float, float], steps: tuple[int, ...]) -> list[float]:
    low, high = span
    cuts = {low, high}
    for step in steps:
        cuts.update(float(k * step) for k in range(int(low // step), int(high // step) + 1) if low < k * step < high)
    return sorted(cuts)


def demo_areas(origin: tuple[float, float]) -> list[tuple[str, str, str, ogr.Geometry]]:
    """(level, code, name, polygon) of the district, its streets, communities and unit grids.

    Derived from _grid itself: the plane is cut where any of its codes can change, each
    piece takes the codes of its centre, and the pieces are merged by code.
    """
    pieces: dict[tuple[str, str], list[ogr.Geometry]] = {}
    names: dict[tuple[str, str], str] = {}
    xs, ys = _breaks(AREA_SPAN[0], _X_STEPS), _breaks(AREA_SPAN[1], _Y_STEPS)
    for x0, x1 in pairwise(xs):
        for y0, y1 in pairwise(ys):
            codes = _grid(origin, (origin[0] + (x0 + x1) / 2, origin[1] + (y0 + y1) / 2))
            box = _box(origin[0] + x0, origin[1] + y0, origin[0] + x1, origin[1] + y1)
            serial = int(codes["grid_code"][-3:])
            for key, name in (
                (("district", ADMIN_CODE), NAMES["district"]),
                (("street", codes["street_code"]), codes["street_name"]),
                (("community", codes["community_code"]), codes["community_name"]),
                (("grid", codes["grid_code"]), NAMES["grid_name"].format(community=codes["community_name"], number=serial)),
            ):
                pieces.setdefault(key, []).append(box)
                names[key] = name
    areas = []
    for (level, code), boxes in sorted(pieces.items(), key=lambda item: (len(item[0][1]), item[0][1])):
        union = ogr.Geometry(ogr.wkbMultiPolygon)
        for box in boxes:
            union.AddGeometry(box)
        areas.append((level, code, names[(level, code)], union.UnionCascaded()))
    return areas


def _box(x0: float, y0: float, x1: float, y1: float) -> ogr.Geometry:
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)):
        ring.AddPoint_2D(x, y)
    polygon = ogr.Geometry(ogr.wkbPolygon)
    polygon.AddGeometry(ring)
    return polygon


def write_areas(city: DemoCity, path: Path) -> int:
    """The demo's areas as a layer ``assetreg areas import`` reads; return how many."""
    areas = demo_areas(city.origin)
    with gdal_exceptions():
        driver = ogr.GetDriverByName("GeoJSON")
        if path.exists():
            driver.DeleteDataSource(str(path))
        dataset = driver.CreateDataSource(str(path))
        layer = dataset.CreateLayer(path.stem, _srs(), ogr.wkbMultiPolygon, options=["COORDINATE_PRECISION=3"])
        for name in ("level", "code", "name"):
            layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
        for level, code, name, geometry in areas:
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("level", level)
            feature.SetField("code", code)
            feature.SetField("name", name)
            feature.SetGeometry(ogr.ForceToMultiPolygon(geometry))
            layer.CreateFeature(feature)
        dataset = None
    return len(areas)


AREAS_FILE = "xiangzhou_areas.geojson"
CABINETS_FILE = "xiangzhou_cabinets_delivery.geojson"


def write_demo_files(directory: Path, standard: Standard, seed: int = DEFAULT_SEED) -> tuple[DemoCity, Path, Path]:
    """The city, its roads and the contractor's delivery; the areas and grids go to AREAS_FILE beside them."""
    directory.mkdir(parents=True, exist_ok=True)
    city = generate_city(seed)
    roads = directory / "xiangzhou_roads.gpkg"
    delivery = directory / "xiangzhou_streetlights_delivery.geojson"
    write_roads(city, roads)
    write_delivery(city, standard, delivery)
    write_cabinets(city, standard, directory / CABINETS_FILE)
    write_areas(city, directory / AREAS_FILE)
    return city, roads, delivery


def choose_outages(component_ids_by_class: dict[str, list[str]], seed: int = DEFAULT_SEED) -> list[str]:
    """Lights that get an open outage work order in the demo; branch roads fare worst."""
    share = {"expressway": 0.01, "arterial": 0.012, "secondary": 0.03, "branch": 0.055}
    rng = random.Random(seed + 1)
    chosen = []
    for road_class in sorted(component_ids_by_class):
        ids = sorted(component_ids_by_class[road_class])
        chosen.extend(rng.sample(ids, round(len(ids) * share.get(road_class, 0.02))))
    return chosen
