"""The attachment file store without a database (storage/filestore.py) and the patrol marks (core/patrol.py)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from asset_registry.core.errors import InputError, RefusedError
from asset_registry.core.patrol import PatrolMarks
from asset_registry.core.standard import Profile
from asset_registry.storage.filestore import STORE_ENV, open_store, store_location


def test_a_file_is_kept_once_under_its_hash_and_leaves_no_temporary_file(tmp_path):
    source = tmp_path / "Lamp.JPEG"
    source.write_bytes(b"photo bytes")
    store = open_store(str(tmp_path / "store"))
    first, second = store.put(source), store.put(source)
    digest = hashlib.sha256(b"photo bytes").hexdigest()
    assert first.path == tmp_path / "store" / digest[:2] / digest[2:4] / f"{digest}.jpeg"
    assert (first.sha256, first.size_bytes, first.already_stored, second.already_stored) == (digest, 11, False, True)
    assert [p for p in (tmp_path / "store").rglob("*") if p.is_file()] == [first.path]  # no .incoming- left
    assert store.fetch(first.uri, digest, 11, "Lamp.JPEG") == first.path


def test_an_odd_extension_is_not_carried_into_the_store(tmp_path):
    source = tmp_path / "notes.tar;rm -rf"
    source.write_bytes(b"x")
    assert open_store(str(tmp_path / "s")).put(source).path.name == hashlib.sha256(b"x").hexdigest()


def test_a_changed_or_missing_file_is_refused_on_fetch(tmp_path):
    source = tmp_path / "a.pdf"
    source.write_bytes(b"report")
    store = open_store(str(tmp_path / "s"))
    kept = store.put(source)
    kept.path.write_bytes(b"Report")
    with pytest.raises(RefusedError, match="SHA-256"):
        store.fetch(kept.uri, kept.sha256, kept.size_bytes, "a.pdf")
    kept.path.unlink()
    with pytest.raises(RefusedError):
        store.fetch(kept.uri, kept.sha256, kept.size_bytes, "a.pdf")


def test_where_the_store_is(tmp_path, monkeypatch):
    profile = Profile("test", {"attachment_store": {"location": str(tmp_path / "profile")}})
    monkeypatch.delenv(STORE_ENV, raising=False)
    assert store_location(profile) == str(tmp_path / "profile")
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "env"))
    assert store_location(profile) == str(tmp_path / "env")
    assert store_location(profile, "given") == "given"
    monkeypatch.delenv(STORE_ENV)
    with pytest.raises(InputError):
        store_location(None)
    assert open_store((tmp_path / "u").as_uri()).root == (tmp_path / "u").resolve()
    for url in ("s3://bucket/a", "https://storage.example/b"):
        with pytest.raises(InputError, match="client library|客户端库"):
            open_store(url)


def test_patrol_marks_become_one_record_per_light_lit_unless_marked():
    marks = PatrolMarks()
    assert marks.take_in(["A", "B", "C"]) == 3 and marks.take_in(["B"]) == 0
    marks.mark_unlit(["D"])
    assert marks.toggle_unlit("B") and not marks.toggle_unlit("B") and marks.toggle_unlit("C")
    night = datetime(2026, 4, 20, 21, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    records = marks.records(night, " 李明 ")
    assert [(r["component_id"], r["lit"]) for r in records] == [("A", True), ("B", True), ("C", False), ("D", False)]
    assert {r["kind"] for r in records} == {"lighting_patrol"} and {r["inspector"] for r in records} == {"李明"}
    assert {r["inspected_at"] for r in records} == {"2026-04-20T21:30:00+08:00"}
    assert len({r["inspection_id"] for r in records}) == 4
    with pytest.raises(InputError):
        marks.records(night.replace(tzinfo=None), "李明")
    marks.clear()
    with pytest.raises(InputError):
        marks.records(night, "李明")
