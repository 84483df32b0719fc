"""The attachments widget in a real QGIS against a real registry and a real file store: files dropped on it
are kept under their SHA-256 and shown (photos as thumbnails), opening checks the hash again and refuses a
tampered file in words; ``asset_registry:attach_file`` through processing.run does what ``assetreg attach`` does."""

from __future__ import annotations

import hashlib

import pytest
from asset_registry.storage.connection import connection
from asset_registry.storage.filestore import open_store
from asset_registry.storage.workorders import record_outages
from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QMimeData, QPoint, Qt, QUrl
from qgis.PyQt.QtGui import QColor, QDropEvent, QImage

from tests.db.conftest import query

LIGHT = "44040201037000002"


@pytest.fixture
def case_of_a_light(lights_db):
    with connection(lights_db) as conn, conn:
        record_outages(conn, "streetlight", [LIGHT], "out")
    return lights_db, query(lights_db, "SELECT work_order_id FROM assetreg.work_order_asset")[0][0]


@pytest.fixture
def files(tmp_path):
    photo = tmp_path / "灯杆倾斜.jpg"
    image = QImage(320, 240, QImage.Format_RGB32)
    image.fill(QColor("#2a6fdb"))
    assert image.save(str(photo), "JPG")
    document = tmp_path / "维修单.pdf"
    document.write_bytes(b"%PDF-1.4 repair sheet")
    return photo, document


def drop(widget, paths) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    event = QDropEvent(QPoint(10, 10), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    widget.dropEvent(event)


def test_dropped_files_are_stored_under_their_hash_shown_and_verified_on_open(case_of_a_light, files, tmp_path):
    from asset_registry.gui.attachments_widget import AttachmentsWidget

    dsn, case_id = case_of_a_light
    photo, document = files
    store = open_store(str(tmp_path / "store"))
    widget = AttachmentsWidget(dsn, case_id=case_id, store=store)
    assert widget.items.count() == 0 and widget.heading.text() == "附件（0）"
    drop(widget, [photo, document])

    assert widget.items.count() == 2 and widget.heading.text() == "附件（2）"
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    kept = tmp_path / "store" / digest[:2] / digest[2:4] / f"{digest}.jpg"
    assert kept.read_bytes() == photo.read_bytes()
    assert query(dsn, "SELECT file_name, media_type, sha256 FROM assetreg.attachment ORDER BY id") == [
        ("灯杆倾斜.jpg", "image/jpeg", digest),
        ("维修单.pdf", "application/pdf", hashlib.sha256(document.read_bytes()).hexdigest()),
    ]
    thumbnail = widget.items.item(0).icon().pixmap(96, 96).toImage()
    assert thumbnail.pixelColor(48, 48).blue() > 150  # the photo itself, not a file icon
    assert "SHA-256 " + digest in widget.items.item(0).toolTip()

    opened = []
    widget.opener = opened.append
    assert widget.open_attachment(widget.items.item(0).data(Qt.UserRole)) == kept and opened == [kept]

    kept.write_bytes(kept.read_bytes()[:-2] + b"\x00\x00")  # tampered in the store
    assert widget.open_attachment(widget.items.item(0).data(Qt.UserRole)) is None and opened == [kept]
    assert "SHA-256" in widget.status.text() and "灯杆倾斜.jpg" in widget.status.text()
    widget.reload()
    assert "已被改动" in widget.items.item(0).toolTip()


def test_a_widget_without_owner_is_disabled_and_a_drop_on_it_adds_nothing(lights_db, files, tmp_path):
    from asset_registry.gui.attachments_widget import AttachmentsWidget

    widget = AttachmentsWidget(lights_db, store=open_store(str(tmp_path / "store")))
    assert not widget.isEnabled()
    widget.set_owner(case_id=987654)  # no such case: said, nothing stored
    assert widget.add_files([files[0]]) == 0 and "987654" in widget.status.text()
    assert not (tmp_path / "store").exists() or not any(p.is_file() for p in (tmp_path / "store").rglob("*"))


def test_attach_file_through_processing(case_of_a_light, files, tmp_path, qgis_processing):
    import processing
    from asset_registry import classFactory

    dsn, case_id = case_of_a_light
    store = str(tmp_path / "store")
    plugin = classFactory(None)
    plugin.initProcessing()
    try:
        result = processing.run(
            "asset_registry:attach_file", {"FILE": str(files[1]), "CASE": case_id, "STORE": store, "DSN": dsn}
        )
        assert result["SHA256"] == hashlib.sha256(files[1].read_bytes()).hexdigest()
        assert query(dsn, "SELECT id, work_order_id, uri FROM assetreg.attachment") == [
            (result["ATTACHMENT"], case_id, result["URI"])
        ]
        with pytest.raises(QgsProcessingException) as refused:
            processing.run("asset_registry:attach_file", {"FILE": str(files[1]), "STORE": store, "DSN": dsn})
        assert "一条巡查记录或一个案卷" in str(refused.value)
    finally:
        plugin.unload()
