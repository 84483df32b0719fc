"""A light's circuit within its cabinet's circuits (issue 17 follow-up): a circuit is one of the cabinet's outgoing
circuits, numbered 1..circuit_count. A circuit beyond its cabinet's is an error (record.circuit_out_of_range) when the
delivery holds the cabinet with its number of circuits; a circuit named without a cabinet is a warning
(crossfield.circuit_without_cabinet). Both validator paths, the fast one and the reference one, say the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from asset_registry.core import fastpath
from asset_registry.core.references import resolve_across_layers
from asset_registry.core.submission import prepare, validate_submission
from asset_registry.core.validate import validate_delivery
from osgeo import gdal

from tests.helpers import COMMON, XIANGZHOU_XY, light, write_geojson

CABINET = "44040201060000001"
UNCOUNTED = "44040201060000002"  # delivered without its number of circuits


def lights(tmp_path: Path, named: list[tuple[str | None, str | None]]) -> Path:
    features = [
        (
            light(component_id=f"4404020103700000{i + 1}", cabinet_id=cabinet, circuit_id=circuit),
            (XIANGZHOU_XY[0] + 30 * i, XIANGZHOU_XY[1]),
        )
        for i, (cabinet, circuit) in enumerate(named)
    ]
    return write_geojson(tmp_path / "lights.geojson", features)


def cabinets(tmp_path: Path) -> Path:
    return write_geojson(
        tmp_path / "cabinets.geojson",
        [
            ({**COMMON, "component_id": CABINET, "name": "配电箱1", "circuit_count": 4}, XIANGZHOU_XY),
            ({**COMMON, "component_id": UNCOUNTED, "name": "配电箱2"}, (XIANGZHOU_XY[0] + 400, XIANGZHOU_XY[1])),
        ],
    )


def delivery(tmp_path: Path, named: list[tuple[str | None, str | None]]) -> Path:
    path = tmp_path / "delivery.gpkg"
    gdal.VectorTranslate(str(path), str(lights(tmp_path, named)), layerName="lights")
    gdal.VectorTranslate(str(path), str(cabinets(tmp_path)), layerName="cabinets", accessMode="append")
    return path


NAMED = [(CABINET, "1"), (CABINET, "HL04"), (CABINET, "5"), (CABINET, "0"), (CABINET, "HL"), (UNCOUNTED, "9"), (CABINET, "1-2")]


@pytest.mark.parametrize("exact_limit", [fastpath.EXACT_LIMIT, 0])
def test_a_circuit_beyond_its_delivered_cabinets_circuits_is_an_error(standard, profile, tmp_path, monkeypatch, exact_limit):
    monkeypatch.setattr(fastpath, "EXACT_LIMIT", exact_limit)
    """The lights and the cabinets as two files of one delivery (the fast path reads GeoJSON), the cabinets'
    circuits applied across them as validate_submission does."""
    files = [(lights(tmp_path, NAMED), "streetlight"), (cabinets(tmp_path), "lighting_cabinet")]
    for fast in (True, False):
        reports = [validate_delivery(path, standard, profile, family, fast=fast) for path, family in files]
        assert reports[0].engine == ("fast" if fast else "reference")
        resolve_across_layers(reports, standard)
        found = [(f.rule, f.feature, f.value, f.severity) for f in reports[0].findings]
        # circuits 1 and HL04 of a 4-circuit cabinet are its own; a cabinet without its count is not judged; a text
        # without a number or with two names no one circuit
        assert found == [
            ("record.circuit_out_of_range", 3, "5", "error"),
            ("record.circuit_out_of_range", 4, "0", "error"),
            ("record.circuit_out_of_range", 5, "HL", "error"),
            ("record.circuit_out_of_range", 7, "1-2", "error"),
        ], fast
        assert reports[1].findings == []
        said = reports[0].findings[0]
        assert said.message("zh") == f"“回路编号” '5' 不是配电箱 {CABINET}（共 4 个回路，编号 1–4）的回路。"
        assert (
            said.message("en")
            == f"'Circuit number' '5' is not a circuit of the cabinet {CABINET} (it has 4 circuits, numbered 1–4)."
        )


def test_the_submission_judges_circuits_by_the_cabinets_of_its_other_layers(tmp_path):
    path = delivery(tmp_path, [(CABINET, "2"), (CABINET, "7")])
    by_layer = {r.layer: r for r in validate_submission(path, prepare(path, "zhuhai"))}
    assert [(f.rule, f.feature) for f in by_layer["lights"].findings] == [("record.circuit_out_of_range", 2)]
    assert not by_layer["lights"].is_valid


@pytest.mark.parametrize("exact_limit", [fastpath.EXACT_LIMIT, 0])
def test_a_circuit_without_a_cabinet_is_a_warning(standard, profile, tmp_path, monkeypatch, exact_limit):
    monkeypatch.setattr(fastpath, "EXACT_LIMIT", exact_limit)
    path = lights(tmp_path, [(None, "3"), (None, None), (CABINET, "2")])
    for fast in (True, False):
        report = validate_delivery(path, standard, profile, "streetlight", fast=fast)
        assert report.engine == ("fast" if fast else "reference")
        found = [(f.rule, f.feature, f.value, f.severity) for f in report.findings]
        assert found == [
            ("crossfield.circuit_without_cabinet", 1, "3", "warning"),
            ("record.reference_not_delivered", 3, CABINET, "warning"),
        ], fast
        assert report.findings[0].message("zh") == "填写了“回路编号” '3'，但没有填写配电箱编号：回路编号只在其配电箱内有意义。"


def test_the_demo_delivers_every_cabinet_its_lights_name_with_their_circuits(standard, profile, tmp_path):
    """The demo's lights and cabinets, read as one delivery of two files: no light names a cabinet the delivery
    lacks nor a circuit its cabinet does not have (before issue 17's follow-up, 21 cabinets were named, none
    delivered)."""
    from asset_registry.core.demo_city import CABINETS_FILE, write_demo_files

    city, _, delivery = write_demo_files(tmp_path, standard)
    assert len(city.cabinets) == 21 and all(c.properties["circuit_count"] >= 1 for c in city.cabinets)
    for fast in (True, False):
        reports = [
            validate_delivery(delivery, standard, profile, "streetlight", fast=fast),
            validate_delivery(tmp_path / CABINETS_FILE, standard, profile, "lighting_cabinet", fast=fast),
        ]
        assert any(f.rule == "record.reference_not_delivered" for f in reports[0].findings)  # the lights alone
        resolve_across_layers(reports, standard)
        named = {f.rule for f in reports[0].findings}
        assert not named & {"record.reference_not_delivered", "record.circuit_out_of_range"}, fast
        assert "crossfield.circuit_without_cabinet" not in named
        assert reports[1].findings == [], fast
        assert len(reports[0].circuits) > 2300
