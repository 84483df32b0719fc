"""Attachments kept in the file store under their SHA-256 (storage/filestore.py, storage/attachments.attach)
and `assetreg attach`: stored once, recorded with hash, size, type and URI, verified on open (a changed or
missing file refused in words), and the limits of roles and owners."""

from __future__ import annotations

import hashlib

import pytest
from asset_registry.core.errors import InputError, RefusedError
from asset_registry.storage import attachments
from asset_registry.storage.connection import connection
from asset_registry.storage.filestore import open_store
from asset_registry.storage.importing import import_delivery
from asset_registry.storage.workorders import record_outages

from tests.db.conftest import query
from tests.db.test_inspections import LIGHT, import_patrols, patrol
from tests.helpers import numbered_lights, write_geojson
from tests.unit.test_cli import assetreg

PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40


@pytest.fixture
def patrolled(registry, standard, profile, tmp_path):
    """A registry with two lights, a patrol that found light 1 unlit, and an outage case of it."""
    import_delivery(registry, write_geojson(tmp_path / "lights.geojson", numbered_lights(2)), standard, profile)
    import_patrols(registry, standard, profile, write_geojson(tmp_path / "p.geojson", [(patrol(1, False), None)]))
    with connection(registry) as conn, conn:
        record_outages(conn, "streetlight", [LIGHT.format(1)], "out")
    inspection_uid = query(registry, "SELECT uid::text FROM assetreg.inspection")[0][0]
    case_id = query(registry, "SELECT work_order_id FROM assetreg.work_order_asset")[0][0]
    return registry, inspection_uid, case_id


def test_a_photo_is_stored_under_its_hash_recorded_and_verified_on_open(patrolled, tmp_path):
    dsn, inspection_uid, case_id = patrolled
    photo = tmp_path / "灯杆.JPG"
    photo.write_bytes(PHOTO)
    digest = hashlib.sha256(PHOTO).hexdigest()
    store = open_store(str(tmp_path / "store"))
    with connection(dsn) as conn, conn:
        first, was_there = attachments.attach(conn, photo, store, work_order_id=case_id)
        second, second_was_there = attachments.attach(conn, photo, store, inspection_uid=inspection_uid)
    kept = tmp_path / "store" / digest[:2] / digest[2:4] / f"{digest}.jpg"
    assert kept.read_bytes() == PHOTO
    assert (was_there, second_was_there) == (False, True)  # the second is the same bytes: stored once
    assert [p.name for p in (tmp_path / "store").rglob("*") if p.is_file()] == [kept.name]
    assert query(
        dsn,
        "SELECT work_order_id, inspection_uid::text, sha256, size_bytes, media_type, uri, file_name"
        " FROM assetreg.attachment ORDER BY id",
    ) == [  # fmt: skip
        (case_id, None, digest, len(PHOTO), "image/jpeg", kept.as_uri(), "灯杆.JPG"),
        (None, inspection_uid, digest, len(PHOTO), "image/jpeg", kept.as_uri(), "灯杆.JPG"),
    ]
    with connection(dsn) as conn:
        listed = attachments.attachments_of(conn, work_order_id=case_id)
        assert [a.id for a in listed] == [first.id] and listed[0].is_image
        assert attachments.open_verified(store, listed[0]) == kept
        # the source may change or go afterwards: the store keeps its own copy
        photo.write_bytes(b"edited later")
        assert attachments.open_verified(store, attachments.attachment(conn, second.id)).read_bytes() == PHOTO


def test_a_tampered_or_missing_stored_file_is_refused_on_open(patrolled, tmp_path):
    dsn, _, case_id = patrolled
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(PHOTO)
    store = open_store((tmp_path / "store").as_uri())  # a file:// URL names a folder store as well
    with connection(dsn) as conn, conn:
        added, _ = attachments.attach(conn, photo, store, work_order_id=case_id)
    kept = store.path_of(added.sha256, ".jpg")
    kept.write_bytes(PHOTO[:-1] + b"\x00")  # one byte changed, same size
    with connection(dsn) as conn:
        with pytest.raises(RefusedError) as changed:
            attachments.open_verified(store, attachments.attachment(conn, added.id))
        assert "SHA-256" in changed.value.zh and "lamp.jpg" in changed.value.en
        kept.unlink()
        with pytest.raises(RefusedError) as gone:
            attachments.open_verified(store, attachments.attachment(conn, added.id))
        assert "不在文件库" in gone.value.zh
    # attaching the original again mends the store: the damaged copy is not taken for the file
    kept.write_bytes(b"damaged")
    with connection(dsn) as conn, conn:
        attachments.attach(conn, photo, store, work_order_id=case_id)
    assert kept.read_bytes() == PHOTO


def test_cli_attach_to_a_case_and_an_inspection(patrolled, tmp_path):
    dsn, inspection_uid, case_id = patrolled
    report = tmp_path / "检测报告.pdf"
    report.write_bytes(b"%PDF-1.4 patrol report")
    store = tmp_path / "store"
    result = assetreg("--lang", "en", "attach", str(report), "--case", str(case_id), "--store", str(store), "--dsn", dsn)
    assert result.returncode == 0, result.stderr
    digest = hashlib.sha256(report.read_bytes()).hexdigest()
    assert digest in result.stdout and "Attachment" in result.stdout
    result = assetreg("attach", str(report), "--inspection", inspection_uid, "--dsn", dsn,
                      env={"ASSETREG_ATTACHMENT_STORE": str(store)})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "未重复存放" in result.stdout
    assert query(dsn, "SELECT media_type, count(*) FROM assetreg.attachment GROUP BY 1") == [("application/pdf", 2)]


@pytest.mark.parametrize(
    ("owner", "expected"),
    [
        (["--case", "999999"], "no case 999999"),
        (["--case", "99999999999999999999"], "no case"),
        (["--inspection", "not-a-uuid"], "not an inspection record's UUID"),
        (["--inspection", "0b5e9d1c-4f0a-4d8e-9a51-6c2f3e7b8a90"], "no inspection record"),
    ],
)
def test_cli_attach_to_what_does_not_exist_exits_2_and_stores_nothing(patrolled, tmp_path, owner, expected):
    dsn = patrolled[0]
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(PHOTO)
    store = tmp_path / "store"
    result = assetreg("--lang", "en", "attach", str(photo), *owner, "--store", str(store), "--dsn", dsn)
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert not store.exists() or not any(p.is_file() for p in store.rglob("*"))
    assert query(dsn, "SELECT count(*) FROM assetreg.attachment") == [(0,)]


def test_an_object_storage_url_is_refused_in_words(patrolled, tmp_path):
    dsn, _, case_id = patrolled
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(PHOTO)
    result = assetreg("attach", str(photo), "--case", str(case_id), "--store", "s3://assetreg/attachments", "--dsn", dsn)
    assert result.returncode == 2 and "s3://" in result.stderr and "客户端库" in result.stderr
    with pytest.raises(InputError):
        open_store("https://storage.example/bucket")


def test_a_viewer_may_not_attach_and_a_crew_may(patrolled, login_as, tmp_path):
    dsn, _, case_id = patrolled
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(PHOTO)
    store = str(tmp_path / "store")
    viewer = assetreg("--lang", "en", "attach", str(photo), "--case", str(case_id), "--store", store,
                      "--dsn", login_as("assetreg_viewer"))  # fmt: skip
    assert viewer.returncode == 1 and "may not add attachments" in viewer.stderr, viewer.stderr
    crew = assetreg("attach", str(photo), "--case", str(case_id), "--store", store, "--dsn", login_as("assetreg_crew"))
    assert crew.returncode == 0, crew.stderr
    assert query(dsn, "SELECT added_by LIKE 'test_crew_%' FROM assetreg.attachment") == [(True,)]
