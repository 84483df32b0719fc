"""Delivery formats and report formats, through the command line as a user calls it."""

from __future__ import annotations

import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from asset_registry.core.report_html import render_html
from asset_registry.core.submission import Submission, validate_submission
from asset_registry.paths import standards_dir
from jsonschema import Draft202012Validator
from osgeo import ogr, osr

from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson
from tests.unit.test_cli import assetreg

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "rules"


def test_json_report_follows_its_documented_schema(tmp_path):
    path = write_geojson(
        tmp_path / "d.geojson", [*numbered_lights(2), (light(component_id="44040201037000009", lamp_type="钠灯X"), XIANGZHOU_XY)]
    )
    report = tmp_path / "report.json"
    assert assetreg("validate", str(path), "--report", str(report)).returncode == 1
    schema = json.loads((standards_dir() / "report.schema.json").read_text(encoding="utf-8"))
    data = json.loads(report.read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []
    assert data["summary"]["by_rule"] == {"schema.codelist": 1}


def test_html_report_is_one_self_contained_page(tmp_path):
    path = write_geojson(tmp_path / "d.geojson", [(light(lamp_type="钠灯X"), XIANGZHOU_XY)])
    page = tmp_path / "report.html"
    assert assetreg("validate", str(path), "--report", str(page)).returncode == 1
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "schema.codelist" in text and "钠灯X" in text
    assert "<script src" not in text and "<link" not in text and "http" not in text.replace("https://json", "")
    assert 'id="search"' in text and 'data-key="feature"' in text  # filter and sort


def test_html_report_escapes_hostile_values(tmp_path):
    path = write_geojson(tmp_path / "d.geojson", [(light(lamp_type="</script><script>alert(1)</script>"), XIANGZHOU_XY)])
    page = tmp_path / "report.html"
    assetreg("validate", str(path), "--report", str(page))
    assert "</script><script>alert(1)" not in page.read_text(encoding="utf-8")


class _ScriptData(HTMLParser):
    """The text of <script id="data"> as an HTML parser (a browser's tokenizer) delimits it."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "script" and ("id", "data") in attrs

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.text += data


def test_html_report_data_cannot_end_its_script_block(tmp_path, standard, profile):
    hostile = ["<!--<script>", "</script><script>alert(1)</script>", "a & b > c", "</SCRIPT >"]
    features = [(light(component_id=f"4404020103700000{n}", lamp_type=value), XIANGZHOU_XY) for n, value in enumerate(hostile)]
    path = write_geojson(tmp_path / "d.geojson", features)
    report = validate_submission(path, Submission(standard, profile), "streetlight")[0]
    page = render_html(report)
    parser = _ScriptData()
    parser.feed(page)
    assert json.loads(parser.text) == json.loads(json.dumps([f.to_dict() for f in report.findings], default=str))
    assert sorted(f["value"] for f in json.loads(parser.text) if f["rule"] == "schema.codelist") == sorted(hostile)
    for raw in ("<", ">", "&"):
        assert raw not in parser.text
    assert page.count("</script>") == 2  # the data block's own end and the code's


def test_error_layer_holds_the_failing_features_with_their_findings(tmp_path):
    path = write_geojson(
        tmp_path / "d.geojson", [*numbered_lights(2), (light(component_id="44040201037000009", grid_code="1"), XIANGZHOU_XY)]
    )
    out = tmp_path / "errors.gpkg"
    result = assetreg("--lang", "en", "validate", str(path), "--error-layer", str(out))
    assert result.returncode == 1 and "1 failing features" in result.stdout
    dataset = ogr.Open(str(out))
    layer = dataset.GetLayer(0)
    assert layer.GetName() == "d_errors" and layer.GetFeatureCount() == 1
    feature = layer.GetNextFeature()
    assert feature.GetField("chk_feature") == 3 and feature.GetField("chk_rules") == "schema.pattern"
    assert "15位" in feature.GetField("chk_messages_zh") and feature.GetGeometryRef().GetX() == XIANGZHOU_XY[0]


def test_every_layer_of_a_geopackage_is_checked(standard, profile):
    reports = validate_submission(CORPUS / "file.unknown_layer" / "delivery.gpkg", Submission(standard, profile), "streetlight")
    assert [report.layer for report in reports] == ["streetlight", "notes"]
    assert all(report.is_valid for report in reports)


def test_zipped_shapefile_is_read_in_place(tmp_path, standard, profile):
    archive = tmp_path / "lights.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in (CORPUS / "file.encoding").glob("valid.*"):
            zipped.write(part, f"lights/{part.name}")
    (report,) = validate_submission(archive, Submission(standard, profile), "streetlight")
    assert report.findings == [] and report.feature_count == 1 and report.crs == "EPSG:4547"
    (broken,) = validate_submission(_zip(tmp_path, "invalid"), Submission(standard, profile), "streetlight")
    assert [f.rule for f in broken.findings] == ["file.encoding"]


def _zip(tmp_path: Path, stem: str) -> Path:
    archive = tmp_path / f"{stem}.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in (CORPUS / "file.encoding").glob(f"{stem}.*"):
            zipped.write(part, part.name)
    return archive


def test_gbk_shapefile_without_cpg_is_guessed(tmp_path, standard, profile):
    for part in (CORPUS / "file.encoding").glob("invalid.*"):
        if part.suffix != ".cpg":
            (tmp_path / f"gbk{part.suffix}").write_bytes(part.read_bytes())
    (report,) = validate_submission(tmp_path / "gbk.shp", Submission(standard, profile), "streetlight")
    assert [f.rule for f in report.findings] == ["file.encoding_guessed"]
    assert report.findings[0].value == "GB18030"


def test_xlsx_with_x_y_columns(tmp_path, standard, profile):
    path = tmp_path / "lights.xlsx"
    dataset = ogr.GetDriverByName("XLSX").CreateDataSource(str(path))
    layer = dataset.CreateLayer("路灯", None, ogr.wkbNone)
    properties = light()
    for column in [*properties, "x", "y"]:
        layer.CreateField(ogr.FieldDefn(column, ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    for key, value in {**properties, "x": XIANGZHOU_XY[0], "y": XIANGZHOU_XY[1]}.items():
        feature.SetField(key, str(value))
    layer.CreateFeature(feature)
    dataset = None
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"geometry": {"x": "x", "y": "y", "crs": "EPSG:4547"}}), encoding="utf-8")
    result = assetreg("--lang", "en", "validate", str(path), "--class", "streetlight", "--mapping", str(mapping))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "features 1, valid 1" in result.stdout


def test_utf8_bom_csv_with_wkt(tmp_path, standard, profile):
    properties = light()
    header = ",".join([*properties, "WKT"])
    row = ",".join([*(str(v) for v in properties.values()), f'"POINT ({XIANGZHOU_XY[0]} {XIANGZHOU_XY[1]})"'])
    path = tmp_path / "lights.csv"
    path.write_bytes(f"{header}\n{row}\n".encode("utf-8-sig"))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"geometry": {"crs": "EPSG:4547"}}), encoding="utf-8")
    result = assetreg("--lang", "en", "validate", str(path), "--class", "streetlight", "--mapping", str(mapping))
    assert result.returncode == 0, result.stdout + result.stderr


def test_wrong_mapping_file_is_a_usage_error(tmp_path):
    path = write_geojson(tmp_path / "d.geojson", numbered_lights(1))
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"columns": {"X": "no_such_field"}, "family": "streetlight"}), encoding="utf-8")
    result = assetreg("--lang", "en", "validate", str(path), "--mapping", str(mapping))
    assert result.returncode == 2 and "no_such_field" in result.stderr and "Traceback" not in result.stderr
    mapping.write_text('{"columns": [1, 2]}', encoding="utf-8")
    result = assetreg("--lang", "en", "validate", str(path), "--mapping", str(mapping))
    assert result.returncode == 2 and "mapping.schema.json" in result.stderr


def test_mapping_suggest_on_the_command_line(tmp_path):
    path = write_geojson(
        tmp_path / "d.geojson", [({"ObjID": "44040201037000001", "LampKind": "钠灯", "Watts": 150}, XIANGZHOU_XY)]
    )
    out = tmp_path / "draft.json"
    result = assetreg("--lang", "en", "mapping", "suggest", str(path), "--class", "streetlight", "--out", str(out))
    assert result.returncode == 0
    draft = json.loads(out.read_text(encoding="utf-8"))
    assert draft["family"] == "streetlight" and "lamp_type" in draft["constants"]
    assert "recognised by alias: ObjID -> component_id" in result.stderr


def test_unreadable_file_still_gets_a_json_report(tmp_path):
    broken = tmp_path / "broken.geojson"
    broken.write_text("{", encoding="utf-8")
    report = tmp_path / "report.json"
    result = assetreg("validate", str(broken), "--class", "streetlight", "--report", str(report))
    assert result.returncode == 2
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [f["rule"] for f in data["findings"]] == ["file.unreadable"]


def test_crs_helpers_do_not_leak_gdal_exception_mode():
    before = osr.GetUseExceptions()
    from asset_registry.core.reader import gdal_exceptions

    with gdal_exceptions():
        pass
    assert osr.GetUseExceptions() == before


def test_envelope_beside_the_file_names_family_and_profile_and_its_crs_is_checked(tmp_path):
    lights = write_geojson(tmp_path / "lights.geojson", numbered_lights(2))
    envelope = {
        "delivery_id": "ZH-2026-002",
        "deliverer_name": "某测绘有限公司",
        "standard_version": "1.0",
        "profile": "zhuhai",
        "crs": "EPSG:4490",
        "files": [{"path": "lights.geojson", "family": "streetlight"}],
    }
    (tmp_path / "delivery.json").write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    result = assetreg("--lang", "en", "validate", str(lights))
    assert result.returncode == 1
    assert "family streetlight" in result.stdout and "file.crs_mismatch" in result.stdout
    envelope["crs"] = "EPSG:4547"
    (tmp_path / "delivery.json").write_text(json.dumps(envelope, ensure_ascii=False), encoding="utf-8")
    assert assetreg("validate", str(lights)).returncode == 0


def test_envelope_that_breaks_its_schema_is_a_usage_error(tmp_path):
    lights = write_geojson(tmp_path / "lights.geojson", numbered_lights(1))
    bad = tmp_path / "envelope.json"
    bad.write_text(json.dumps({"delivery_id": "x", "files": []}), encoding="utf-8")
    result = assetreg("--lang", "en", "validate", str(lights), "--envelope", str(bad))
    assert result.returncode == 2 and "delivery envelope" in result.stderr and "Traceback" not in result.stderr
