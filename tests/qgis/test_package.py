"""The zip from `make package` installs into a clean QGIS profile and serves qgis_process."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

from tests.db.conftest import query
from tests.helpers import XIANGZHOU_XY, light, numbered_lights, write_geojson
from tests.qgis.conftest import PROFILE, package, qgis_process, user_environment


def test_zip_has_one_plugin_folder_with_metadata_standard_and_migrations():
    archive = package.build(Path(os.environ.get("TMPDIR", "/tmp")) / "assetreg-package-test")
    names = zipfile.ZipFile(archive).namelist()
    assert archive.name == f"asset_registry-{package.version()}.zip"
    assert {name.split("/")[0] for name in names} == {"asset_registry"}
    for required in (
        "asset_registry/__init__.py",
        "asset_registry/cli/__init__.py",
        "asset_registry/cli/__main__.py",
        "asset_registry/cli/common.py",
        "asset_registry/cli/demo.py",
        "asset_registry/qgis_common/settings.py",
        "asset_registry/qgis_common/sources.py",
        "asset_registry/storage/import_summary.py",
        "asset_registry/metadata.txt",
        "asset_registry/standards/1.0/streetlight.schema.json",
        "asset_registry/standards/1.1/streetlight.schema.json",
        "asset_registry/standards/1.1/CHANGELOG.md",
        "asset_registry/standards/published.json",
        "asset_registry/standards/profiles/zhuhai.json",
        "asset_registry/db/versions/0001_streetlight_slice.py",
        "asset_registry/db/versions/0002_all_families_areas_history.py",
        "asset_registry/db/versions/0004_inspections.py",
        "asset_registry/db/versions/sql/0001_upgrade.sql",  # the frozen SQL the revisions run
        "asset_registry/db/versions/sql/0009_downgrade.sql",
        "asset_registry/db/app/45_patrols.sql",
        "asset_registry/db/app/15_history.sql",
        "asset_registry/db/app/90_roles.sql",
        "asset_registry/resources/icon.svg",
        "asset_registry/i18n/asset_registry_zh_CN.qm",  # the Qt translation, compiled from the .ts
        "asset_registry/i18n/messages/qgis.toml",
    ):
        assert required in names
    assert not [name for name in names if "__pycache__" in name or name.endswith((".pyc", ".so", ".c", ".ts"))]


def test_zip_ships_every_version_of_the_standard_and_published_ones_unchanged(tmp_path):
    from asset_registry.core.standard import available_versions, content_hash

    archive = package.build(Path(os.environ.get("TMPDIR", "/tmp")) / "assetreg-package-test")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path, [name for name in opened.namelist() if name.startswith("asset_registry/standards/")])
    shipped = tmp_path / "asset_registry" / "standards"
    assert available_versions(shipped) == available_versions()
    published = json.loads((shipped / "published.json").read_text(encoding="utf-8"))["published"]
    for version, digest in published.items():
        assert content_hash(shipped / version) == digest


def test_qgis_process_lists_the_provider_from_the_installed_zip(installed_home):
    result = qgis_process(installed_home, "list")
    assert result.returncode == 0, result.stderr
    assert "asset_registry:validate_submission" in result.stdout


def test_qgis_process_runs_the_algorithm_from_the_installed_zip(installed_home, tmp_path):
    path = write_geojson(
        tmp_path / "d.geojson", [*numbered_lights(2), (light(component_id="44040201037000009", grid_code="1"), XIANGZHOU_XY)]
    )
    report = tmp_path / "report.json"
    result = qgis_process(
        installed_home,
        "run",
        "asset_registry:validate_submission",
        "--",
        f"INPUT={path}",
        "CLASS=1",
        "PROFILE=zhuhai",
        f"REPORT={report}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"]["by_rule"] == {"schema.pattern": 1}
    assert data["summary"]["valid_features"] == 2


def test_qgis_process_creates_cases_on_a_registry_layer_from_the_installed_zip(installed_home, lights_db, standard):
    # headless, without a selection: the layer's subset names the assets, every one gets its case
    from asset_registry.qgis_common.sources import registry_uri

    uri = registry_uri(lights_db, standard.family("streetlight"))
    uri.setSql("component_id IN ('44040201037000001', '44040201037000002')")
    matter_class = list(standard.codelists["matter_class"].codes).index("01037")
    result = qgis_process(
        installed_home,
        "run",
        "asset_registry:create_work_orders",
        "--",
        f"INPUT=postgres://{uri.uri(False)}",
        f"MATTER_CLASS={matter_class}",
        "DESCRIPTION=灯不亮",
        "ONE_PER_ASSET=true",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "COUNT:\t2" in result.stdout
    rows = query(lights_db, "SELECT matter_code, source FROM assetreg.work_order ORDER BY id")
    assert rows == [("44040201037", "gis_user")] * 2


# Traditional names: Big5 bytes are GB18030 pairs too, and would be read as other characters
BIG5_NAMES = ["人民路路燈一號", "人民路路燈二號", "鳳凰路路燈三號", "情侶路路燈四號", "迎賓路路燈五號"]


def hiding_charset_normalizer(folder: Path) -> dict[str, str]:
    """PYTHONPATH to a charset_normalizer that cannot be imported, as in a QGIS whose Python lacks it
    (Debian's QGIS has one through python3-requests: hidden, only the plugin's own copy can detect)."""
    stub = folder / "charset_normalizer"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text("raise ImportError('hidden by the test')\n", encoding="utf-8")
    return {"PYTHONPATH": str(folder)}


def test_zip_vendors_charset_normalizer_with_its_licence_and_no_import_of_another_copy():
    archive = package.build(Path(os.environ.get("TMPDIR", "/tmp")) / "assetreg-package-test")
    with zipfile.ZipFile(archive) as opened:
        vendored = {n: opened.read(n) for n in opened.namelist() if n.startswith("asset_registry/_vendor/")}
    assert "asset_registry/_vendor/charset_normalizer/api.py" in vendored
    assert b"MIT License" in vendored["asset_registry/_vendor/charset_normalizer/LICENSE"]
    assert not [n for n in vendored if "/cli/" in n or n.endswith("__main__.py")]
    sources = [text.decode("utf-8") for name, text in vendored.items() if name.endswith(".py")]
    assert not [text for text in sources if "from charset_normalizer" in text or "import charset_normalizer" in text]


def test_qgis_python_takes_the_vendored_detector_when_its_own_is_missing(installed_home, tmp_path):
    plugins = installed_home / PROFILE / "python" / "plugins"
    code = "from asset_registry.core.reader import charset_detector; print(charset_detector().__module__)"
    env = user_environment(installed_home) | hiding_charset_normalizer(tmp_path / "hidden")
    env["PYTHONPATH"] += f":{plugins}"
    result = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "asset_registry._vendor.charset_normalizer.api"


def test_qgis_process_reports_a_big5_shapefile_declared_1252_from_the_installed_zip(installed_home, tmp_path):
    from tests.unit.test_encodings import shapefile

    path = tmp_path / "lights.shp"
    shapefile(path, [name.encode("big5") for name in BIG5_NAMES], "1252", "big5")
    report = tmp_path / "report.json"
    env = user_environment(installed_home) | {"QT_QPA_PLATFORM": "offscreen"} | hiding_charset_normalizer(tmp_path / "hidden")
    arguments = [
        "run",
        "asset_registry:validate_submission",
        "--",
        f"INPUT={path}",
        "CLASS=1",
        "PROFILE=zhuhai",
        f"REPORT={report}",
    ]
    result = subprocess.run(
        ["/usr/bin/qgis_process.bin", *arguments], capture_output=True, text=True, env=env, timeout=300, cwd=installed_home
    )
    assert result.returncode == 0, result.stdout + result.stderr
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    [misdeclared] = [f for f in findings if f["rule"] == "file.encoding_misdeclared"]
    assert misdeclared["value"] == "1252"
    assert str(misdeclared["detail"]).startswith("Big5: 10 (1/GLBJMC, 1/ZGBMMC, 2/GLBJMC")


def test_qgis_python_validates_a_zipped_shapefile_on_the_arrow_path_without_the_compiled_scanner(installed_home, tmp_path):
    """The zip ships no compiled _fastscan: QGIS's own Python still reads a Shapefile through OGR's Arrow stream
    (fastshape.py), not feature by feature, with the findings the reference path gives."""
    from tests.unit.test_fastshape import as_shapefile, zipped

    source = write_geojson(
        tmp_path / "d.geojson", [*numbered_lights(40), (light(component_id="44040201037000099", lamp_type="BAD"), XIANGZHOU_XY)]
    )
    path = zipped(as_shapefile(source, tmp_path / "lights.shp"))
    plugins = installed_home / PROFILE / "python" / "plugins"
    code = (
        "import json, sys\n"
        "from asset_registry.core import fastpath\n"
        "from asset_registry.core.standard import Standard, load_profile\n"
        "from asset_registry.core.validate import validate_delivery\n"
        "standard, profile = Standard(), load_profile('zhuhai')\n"
        "fast = validate_delivery(sys.argv[1], standard, profile, 'streetlight')\n"
        "reference = validate_delivery(sys.argv[1], standard, profile, 'streetlight', fast=False)\n"
        "print(json.dumps([fastpath.__file__, fastpath._fastscan is None, fast.engine, fast.counts_by_rule(),"
        " [f.to_dict() for f in fast.findings] == [f.to_dict() for f in reference.findings]]))\n"
    )
    env = user_environment(installed_home)
    env["PYTHONPATH"] = f"{plugins}:{env.get('PYTHONPATH', '')}"
    result = subprocess.run(["/usr/bin/python3", "-c", code, str(path)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    where, no_scanner, engine, by_rule, same = json.loads(result.stdout)
    assert where.startswith(str(plugins)) and no_scanner
    assert engine == "fast" and by_rule == {"schema.codelist": 1} and same
