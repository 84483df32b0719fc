"""What a delivery may expand to and how many columns a layer may have (issue 16): a hostile file is
refused early (exit 2) in both languages, without inflating it or letting OGR build its schema."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from asset_registry.core.errors import InputError
from asset_registry.core.reader import MAX_COLUMNS
from asset_registry.core.validate import validate_delivery

from tests.helpers import numbered_lights, write_geojson
from tests.unit.test_cli import assetreg
from tests.unit.test_hostile_files import csv_rows, write_csv

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
MB = 1024 * 1024


def zipped_lights(path, padding: int = 0):
    """The corpus's one-light Shapefile zipped, with `padding` bytes of blanks in a file beside it."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for part in (CORPUS / "file.encoding").glob("valid.*"):
            archive.write(part, f"lights/{part.name}")
        if padding:
            with archive.open("lights/readme.txt", "w", force_zip64=True) as out:
                block = b" " * (16 * MB)
                for start in range(0, padding, len(block)):
                    out.write(block[: min(len(block), padding - start)])
    return path


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory):
    """A few MB that would expand to more than 1 GB."""
    path = zipped_lights(tmp_path_factory.mktemp("bomb") / "lights.zip", 1100 * MB)
    assert path.stat().st_size < 5 * MB
    return path


def test_a_zip_bomb_is_refused_quickly_without_inflating_it(zip_bomb):
    started = time.monotonic()
    result = assetreg("--lang", "en", "validate", str(zip_bomb), "--class", "streetlight")
    assert result.returncode == 2, result.stdout + result.stderr
    assert time.monotonic() - started < 10  # inflating 1.1 GB alone takes longer than starting the command
    assert "would expand to 1,1" in result.stderr and "limit of 256 MB" in result.stderr
    assert "Traceback" not in result.stderr
    zh = assetreg("--lang", "zh", "validate", str(zip_bomb), "--class", "streetlight")
    assert zh.returncode == 2 and "解压后将达" in zh.stderr


def test_a_zip_bomb_is_refused_with_little_memory(zip_bomb):
    code = (
        "import resource, sys\n"
        "from asset_registry.core.errors import InputError\n"
        "from asset_registry.core.reader import Delivery\n"
        "try:\n"
        "    Delivery(sys.argv[1]).__enter__()\n"
        "except InputError as error:\n"
        "    print(error.id, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(zip_bomb)], capture_output=True, text=True, check=True)
    message, peak_mb = result.stdout.split()
    assert message == "reader.zip_too_large" and int(peak_mb) < 400


def test_the_expansion_maximum_is_configurable(tmp_path, standard, profile, monkeypatch):
    archive = zipped_lights(tmp_path / "lights.zip", 3 * MB)  # 3 MB of blanks: well within 20 times or 256 MB
    report = validate_delivery(archive, standard, profile, "streetlight")
    assert report.findings == [] and report.feature_count == 1
    monkeypatch.setenv("ASSETREG_MAX_EXPANDED_MB", "2")
    with pytest.raises(InputError) as refused:
        validate_delivery(archive, standard, profile, "streetlight")
    assert refused.value.id == "reader.zip_too_large" and refused.value.exit_code == 2


@pytest.fixture(scope="module")
def many_keys(tmp_path_factory):
    """6 features with 100,000 distinct property keys between them."""
    features = numbered_lights(6)
    for n, (properties, _) in enumerate(features):
        properties.update({f"attribute_{n}_{i:06d}": i for i in range(100_000 // 6 + 1)})
    return write_geojson(tmp_path_factory.mktemp("keys") / "lights.geojson", features)


@pytest.mark.parametrize("fast", [True, False])
def test_a_geojson_with_100000_keys_is_refused_quickly(many_keys, standard, profile, fast):
    started = time.monotonic()
    with pytest.raises(InputError) as refused:
        validate_delivery(many_keys, standard, profile, "streetlight", fast=fast)
    assert time.monotonic() - started < 5
    assert refused.value.id == "reader.too_many_columns"


def test_a_geojson_with_100000_keys_exits_2_naming_the_limit(many_keys):
    result = assetreg("--lang", "en", "validate", str(many_keys), "--class", "streetlight")
    assert result.returncode == 2 and f"limit of {MAX_COLUMNS}" in result.stderr and "Traceback" not in result.stderr
    zh = assetreg("--lang", "zh", "validate", str(many_keys), "--class", "streetlight")
    assert zh.returncode == 2 and f"超过上限 {MAX_COLUMNS} 列" in zh.stderr


def test_keys_up_to_the_limit_are_read(tmp_path, standard, profile):
    features = numbered_lights(2)
    features[0][0].update({f"extra_{i:04d}": i for i in range(MAX_COLUMNS - len(features[0][0]) - 1)})
    path = write_geojson(tmp_path / "lights.geojson", features)
    report = validate_delivery(path, standard, profile, "streetlight", fast=False)
    assert report.feature_count == 2 and not report.errors


def test_a_csv_with_too_many_columns_is_refused(tmp_path, standard, profile):
    text = csv_rows(2, {})
    lines = text.splitlines()
    wide = [lines[0] + "".join(f",c{i}" for i in range(MAX_COLUMNS)), *(line + "," * MAX_COLUMNS for line in lines[1:])]
    path = write_csv(tmp_path, "\n".join(wide) + "\n")
    with pytest.raises(InputError) as refused:
        validate_delivery(path, standard, profile, "streetlight")
    assert refused.value.id == "reader.too_many_columns" and refused.value.params["count"] == 11 + MAX_COLUMNS


def test_json_text_is_not_counted_as_keys(tmp_path, standard, profile):
    """A value that looks like many keys (escaped quotes) is one value, not columns."""
    features = numbered_lights(1)
    features[0][0]["remarks"] = json.dumps({f"k{i}": i for i in range(2 * MAX_COLUMNS)})
    path = write_geojson(tmp_path / "lights.geojson", features)
    report = validate_delivery(path, standard, profile, "streetlight", fast=False)
    assert report.feature_count == 1


def forged_zip(path, size: int, declared: int):
    """A zip whose one entry holds `size` blanks deflated while its headers say it expands to `declared` bytes."""
    data = b" " * size
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = compressor.compress(data) + compressor.flush()
    crc, name = zlib.crc32(data), b"lights.csv"
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(raw), declared, len(name), 0) + name
    central = (
        struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(raw), declared, len(name), 0, 0, 0, 0, 0, 0
        )
        + name
    )
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local) + len(raw), 0)
    path.write_bytes(local + raw + central + end)
    return path


def test_a_zip_lying_about_its_sizes_is_refused(tmp_path):
    """GDAL inflates an entry to its end whatever size the directory declares: the directory's word is not taken."""
    path = forged_zip(tmp_path / "lights.zip", 300 * MB, 1000)
    started = time.monotonic()
    result = assetreg("--lang", "en", "validate", str(path), "--class", "streetlight")
    assert result.returncode == 2 and "lights.csv declare an expanded size" in result.stderr, result.stderr
    assert time.monotonic() - started < 10 and "Traceback" not in result.stderr
    zh = assetreg("--lang", "zh", "validate", str(path), "--class", "streetlight")
    assert zh.returncode == 2 and "被篡改" in zh.stderr
