"""The Shapefile fast path (core/fastshape.py) gives exactly the reference path's report, or declines.

Parity is the contract, as for GeoJSON (tests/unit/test_fastpath.py): for every Shapefile here, loose or
zipped, either fastshape.fast_validate returns None (the reference path then runs) or its report equals
validate_delivery(..., fast=False) finding for finding, with the same summary, CRS, layer and identifiers.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from asset_registry.core import fastpath, fastshape, reader
from asset_registry.core.mapping import MappingProfile
from asset_registry.core.standard import Standard
from asset_registry.core.validate import validate_delivery
from osgeo import gdal, ogr, osr

from tests.helpers import VALID_LIGHT, XIANGZHOU_XY, light
from tests.unit.test_encodings import shapefile as raw_shapefile
from tests.unit.test_fastpath import assert_same, random_delivery

pytestmark = pytest.mark.skipif(not fastshape.available(), reason="OGR gives no Arrow stream as numpy arrays")


def parity(path: Path, standard, profile, family: str | None = "streetlight", **kwargs: Any):
    fast = fastshape.fast_validate(path, standard, profile, family, **kwargs)
    reference = validate_delivery(path, standard, profile, family, fast=False, **kwargs)
    assert_same(fast, reference)
    assert validate_delivery(path, standard, profile, family, **kwargs).engine == "fast"
    return fast


def dbf_name(name: str) -> str:
    """A column name a .dbf holds (10 characters): the field's short alias (GLBJBSM …), as Chinese deliveries write it."""
    family = Standard().family("streetlight")
    if name not in family.field_names:
        return name
    spec = family.field(name)
    return next((alias for alias in (name, *spec.aliases) if alias.isascii() and len(alias) <= 10), name)


def as_shapefile(source: Path, target: Path, encoding: str = "UTF-8", dates_as_text: bool = True) -> Path:
    """The GeoJSON's features as a point Shapefile: columns by their short aliases, OGR's types kept (a Date
    column as text unless dates_as_text is False), anything but a 2D point as no geometry."""
    opened = gdal.OpenEx(str(source), gdal.OF_VECTOR)
    layer = opened.GetLayer(0)
    definition = layer.GetLayerDefn()
    out = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(target))
    written = out.CreateLayer(target.stem, layer.GetSpatialRef(), ogr.wkbPoint, [f"ENCODING={encoding}"])
    names = []
    for i in range(definition.GetFieldCount()):
        field = definition.GetFieldDefn(i)
        name = dbf_name(field.GetName())
        if name in names or len(name.encode(encoding, "replace")) > 10:
            continue
        kind = field.GetType()
        if kind in (ogr.OFTStringList, ogr.OFTIntegerList, ogr.OFTRealList, ogr.OFTInteger64List):
            continue  # a .dbf holds no lists
        if kind == ogr.OFTDate and dates_as_text:
            kind = ogr.OFTString
        copy = ogr.FieldDefn(name, kind)
        if kind == ogr.OFTString:
            copy.SetWidth(80)
        written.CreateField(copy)
        names.append((i, name))
    for feature in layer:
        row = ogr.Feature(written.GetLayerDefn())
        for i, name in names:
            if feature.IsFieldSetAndNotNull(i):
                if definition.GetFieldDefn(i).GetType() == ogr.OFTDate and dates_as_text:
                    row.SetField(name, "%04d-%02d-%02d" % tuple(feature.GetFieldAsDateTime(i)[:3]))
                else:
                    row.SetField(name, feature.GetField(i))
        geometry = feature.GetGeometryRef()
        if geometry is not None and geometry.GetGeometryType() == ogr.wkbPoint and not geometry.IsEmpty():
            row.SetGeometry(geometry)
        written.CreateFeature(row)
    out = None
    return target


def zipped(shp: Path) -> Path:
    archive = shp.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for part in sorted(shp.parent.glob(shp.stem + ".*")):
            if part.suffix != ".zip":
                out.write(part, f"delivery/{part.name}")
    return archive


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("exact_limit", [fastpath.EXACT_LIMIT, 0])
def test_random_shapefiles_give_the_reference_findings(seed, exact_limit, tmp_path, standard, profile, monkeypatch):
    """exact_limit 0 sends every column through the vectorized tests, as a column with very many distinct values is."""
    monkeypatch.setattr(fastpath, "EXACT_LIMIT", exact_limit)
    source = random_delivery(tmp_path / f"random_{seed}.geojson", seed, 300, lonlat=seed % 3 == 2)
    path = as_shapefile(source, tmp_path / f"random_{seed}.shp")
    report = parity(path, standard, profile)
    assert len(report.counts_by_rule()) >= 6
    parity(zipped(path), standard, profile)


def test_a_gbk_shapefile_and_its_zip(tmp_path, standard, profile):
    source = random_delivery(tmp_path / "random.geojson", 11, 200)
    path = as_shapefile(source, tmp_path / "gbk.shp", encoding="GBK")
    assert path.with_suffix(".cpg").read_text(encoding="ascii").strip().upper() in ("GBK", "936", "CP936")
    parity(path, standard, profile)
    parity(zipped(path), standard, profile)


def test_a_wide_bench_like_shapefile_with_defects(tmp_path, standard, profile):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4547)
    path = tmp_path / "lights.shp"
    dataset = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    layer = dataset.CreateLayer("lights", srs, ogr.wkbPoint, ["ENCODING=UTF-8"])
    names = [*VALID_LIGHT, *(f"extra_{n}" for n in range(1, 9))]
    for name in names:
        layer.CreateField(ogr.FieldDefn(dbf_name(name)[:10], ogr.OFTString))
    for serial in range(1, 3001):
        values = dict(VALID_LIGHT, component_id=f"44040201037{serial:06d}", **{f"extra_{n}": f"x{serial}" for n in range(1, 9)})
        if serial % 97 == 0:
            values["lamp_type"] = "BAD"
        if serial % 211 == 0:
            values["component_id"] = "44040201037000005"  # a duplicate
        feature = ogr.Feature(layer.GetLayerDefn())
        for index, name in enumerate(names):
            feature.SetField(index, str(values[name]))
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(XIANGZHOU_XY[0] + (serial % 60) * 5.0, XIANGZHOU_XY[1] + (serial // 60) * 5.0)
        feature.SetGeometry(point)
        layer.CreateFeature(feature)
    dataset = None
    report = parity(zipped(path), standard, profile)
    assert report.counts_by_rule() == {"schema.unknown_field": 8, "schema.codelist": 30, "record.duplicate_id": 14}


def test_what_the_shapefile_fast_path_declines(tmp_path, standard, profile):
    source = random_delivery(tmp_path / "random.geojson", 3, 50)
    # a Date column: OGR's Arrow stream gives it in another form than its features
    dated = as_shapefile(source, tmp_path / "dated.shp", dates_as_text=False)
    assert fastshape.fast_validate(dated, standard, profile, "streetlight") is None
    # a mapping that converts values
    plain = as_shapefile(source, tmp_path / "plain.shp")
    mapping = MappingProfile(family="streetlight", constants={"road_class": "arterial"})
    assert fastshape.fast_validate(plain, standard, profile, mapping=mapping) is None
    # a family that is not point-only
    assert fastshape.fast_validate(plain, standard, profile, "road_segment") is None
    # a UTF-8 file with a value in GBK: the reference marks that value (schema.mixed_encoding)
    names = [f"人民路路灯{n}号".encode() for n in range(1, 6)]
    names[2] = "凤凰路路灯三号".encode("gbk")
    mixed = tmp_path / "mixed.shp"
    raw_shapefile(mixed, names, "UTF-8")
    assert fastshape.fast_validate(mixed, standard, profile, "streetlight") is None
    report = validate_delivery(mixed, standard, profile, "streetlight")
    assert report.engine == "reference" and "schema.mixed_encoding" in report.counts_by_rule()


def test_a_mis_declared_shapefile_keeps_its_file_finding(tmp_path, standard, profile):
    path = tmp_path / "lights.shp"
    raw_shapefile(path, [f"人民路路灯{n}号".encode("gbk") for n in range(1, 6)], "1252", "gbk")
    report = parity(path, standard, profile)
    assert "file.encoding_misdeclared" in report.counts_by_rule()


def test_an_empty_shapefile_takes_the_reference_path(tmp_path, standard, profile):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4547)
    path = tmp_path / "empty.shp"
    dataset = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    layer = dataset.CreateLayer("empty", srs, ogr.wkbPoint)
    layer.CreateField(ogr.FieldDefn("GLBJBSM", ogr.OFTString))
    dataset = None
    assert fastshape.fast_validate(path, standard, profile, "streetlight") is None
    assert "file.empty" in validate_delivery(path, standard, profile, "streetlight").counts_by_rule()


def test_family_detected_from_the_first_identifier(tmp_path, standard, profile):
    source = tmp_path / "d.geojson"
    from tests.helpers import write_geojson

    write_geojson(
        source, [(light(component_id=f"44040201037{n:06d}"), (XIANGZHOU_XY[0] + 9 * n, XIANGZHOU_XY[1])) for n in range(1, 40)]
    )
    path = as_shapefile(source, tmp_path / "export.shp")
    report = parity(path, standard, profile, None)
    assert report.family == "streetlight"


def test_without_the_compiled_scanner_shapefiles_still_take_the_arrow_path(tmp_path, standard, profile, monkeypatch):
    """The plugin zip ships no compiled _fastscan: a GeoJSON then takes the reference path, a Shapefile the
    Arrow path (it needs OGR's Arrow stream and numpy only), with the reference's findings."""
    monkeypatch.setattr(fastpath, "_fastscan", None)
    assert not fastpath.available() and fastshape.available()
    source = random_delivery(tmp_path / "random.geojson", 5, 200)
    assert validate_delivery(source, standard, profile, "streetlight").engine == "reference"
    report = parity(zipped(as_shapefile(source, tmp_path / "random.shp")), standard, profile)
    assert report.engine == "fast" and len(report.counts_by_rule()) >= 4


def test_the_space_lead_bytes_are_those_of_every_non_ascii_space():
    leads = {chr(c).encode("utf-8")[0] for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000 and chr(c).isspace()}
    assert leads == set(fastshape._SPACE_LEADS.tolist())


def edgy_shapefile(tmp_path: Path, count: int = 400) -> Path:
    """Names and roads repeating across batches, some starting or ending with U+3000, U+00A0 or U+2028,
    some with other non-ASCII characters at their edges (not spaces), identifiers all distinct but a few."""
    edges = ["\u3000", "\u00a0", "\u2028", "\u00e9", "\u4e00", "\u2030", ""]
    features = []
    for n in range(1, count + 1):
        edge = edges[n % len(edges)]
        name = f"{edge}人民路路灯{n % 23:03d}" if n % 2 else f"人民路路灯{n % 23:03d}{edge}"
        if n % 50 == 0:  # long enough not to look like a placeholder, one once its spaces are trimmed
            name = ("\u3000\u3000null", "none\u00a0\u00a0", "\u2028\u2028\u2028未知", "\u3000未知\u3000")[n // 50 % 4]
        features.append(
            (
                light(component_id=f"44040201037{n % (count - 7):06d}", name=name, road_name=f"凤凰路{n % 5}"),
                (XIANGZHOU_XY[0] + (n % 40) * 3.0, XIANGZHOU_XY[1] + (n // 40) * 3.0),
            )
        )
    from tests.helpers import write_geojson

    source = write_geojson(tmp_path / "edgy.geojson", features)
    return as_shapefile(source, tmp_path / "edgy.shp")


@pytest.mark.parametrize("batch", [reader.ARROW_BATCH, 37])
def test_texts_across_batches_and_non_ascii_spaces_at_their_edges(batch, tmp_path, standard, profile, monkeypatch):
    """Distinct texts are made global over the batches (37 features a batch here); a name starting or ending
    with a non-ASCII space is a finding as on the reference path, other non-ASCII characters there are not."""
    monkeypatch.setattr(reader, "ARROW_BATCH", batch)
    monkeypatch.setattr(fastpath, "EXACT_LIMIT", 0)  # every column through the vectorized tests
    report = parity(zipped(edgy_shapefile(tmp_path)), standard, profile)
    assert report.counts_by_rule().get("record.duplicate_id") == 7
    assert report.counts_by_rule().get("schema.placeholder") == 8  # the trimmed names, U+3000 and U+00A0 too


def test_a_hash_collision_falls_back_to_sorting_the_texts(tmp_path, standard, profile, monkeypatch):
    """Every text hashed alike: the texts themselves are compared, and the report is still the reference's."""
    monkeypatch.setattr(fastshape, "_text_hashes", lambda texts: fastpath.np.zeros(len(texts), fastpath.np.uint64))
    monkeypatch.setattr(reader, "ARROW_BATCH", 53)
    parity(edgy_shapefile(tmp_path), standard, profile)
