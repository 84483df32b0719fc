"""The light's form holds its circuit within its cabinet's circuits (issue 17 follow-up), in the real QGIS 3.22
against a real PostGIS: the circuit field's hard constraint reads the chosen cabinet's circuit_count from the
cabinets' layer (get_feature), and says so in the form's language."""

from __future__ import annotations

import pytest

from tests.qgis.test_cabinets import LIGHTS_LAYER, cabinet_registry, show_tab_of  # noqa: F401  (a fixture)

COUNTED = "44040201060000001"  # 4 circuits (tests/qgis/test_cabinets.py)


@pytest.fixture
def project(cabinet_registry, standard, profile):  # noqa: F811
    from asset_registry.qgis_common.project import build_project
    from qgis.core import QgsProject

    made = build_project(QgsProject.instance(), cabinet_registry, standard, profile, "zh")
    yield made
    made.clear()


def holds(layer, feature, field: str) -> tuple[bool, list[str]]:
    from qgis.core import QgsFieldConstraints, QgsVectorLayerUtils

    ok, errors = QgsVectorLayerUtils.validateAttribute(
        layer, feature, layer.fields().indexFromName(field), QgsFieldConstraints.ConstraintStrengthHard
    )
    return ok, errors


@pytest.mark.parametrize(
    ("cabinet", "circuit", "allowed"),
    [
        (COUNTED, "HL01", True),
        (COUNTED, "4", True),
        (COUNTED, "HL05", False),
        (COUNTED, "0", False),
        (COUNTED, "HL", False),
        (None, None, True),
        (COUNTED, None, True),
        ("44040201060000009", "HL09", True),  # a cabinet the layer lacks: the registry's checks say it
    ],
)
def test_the_circuit_must_be_one_of_the_chosen_cabinets(project, cabinet, circuit, allowed):
    from qgis.core import QgsFeatureRequest

    lights = project.mapLayer(LIGHTS_LAYER)
    light = next(lights.getFeatures(QgsFeatureRequest().setFilterExpression('"cabinet_id" IS NOT NULL')))
    light["cabinet_id"], light["circuit_id"] = cabinet, circuit
    ok, errors = holds(lights, light, "circuit_id")
    assert ok == allowed, errors
    index = lights.fields().indexFromName("circuit_id")
    assert "回路编号须是所选配电箱的回路之一（1 至该配电箱的回路数）。" in lights.constraintDescription(index)
