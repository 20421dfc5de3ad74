"""Backups and restores given bad input: a damaged or partial archive, a backed-up database file that is not
one, a manifest missing a part, a backup folder inside the media folder. Each is refused with the reason,
before anything is changed, and never with a traceback; a refused restore leaves no database file and no
media file behind.

The archive is made once for the module by `backup_site` from a copy of the suite's migrated template and
two media files, in real processes as tests/test_backup_restore.py runs them (whose helpers it uses).
"""

import json
import shutil

import pytest

from tests import suite_database
from tests.test_backup_restore import (
    Site,
    backup,
    empty_target,
    manage,
    manifest_of,
    media_content,
    restore,
    sign,
    tampered_copy,
)

pytestmark = pytest.mark.own_database

PHOTO = "original_images/plaza.png"
MINUTES = "documents/acta año 2025.txt"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("backup-bad-input")
    with suite_database.locked_sqlite_template() as template:
        shutil.copyfile(template, root / "site.sqlite3")
    made = Site("sqlite", f"sqlite:///{root / 'site.sqlite3'}", root / "media", root / "backups", "")
    for name, data in {PHOTO: b"\x89PNG plaza", MINUTES: "Acta de la reunión".encode()}.items():
        (made.media / name).parent.mkdir(parents=True, exist_ok=True)
        (made.media / name).write_bytes(data)
    return made


@pytest.fixture(scope="module")
def archive(site):
    return backup(site)


def assert_nothing_restored(completed, tmp_path):
    assert completed.returncode == 1, completed.stdout
    assert "Traceback" not in completed.stderr, completed.stderr
    assert "Nothing was changed" in completed.stderr
    assert not (tmp_path / "restored.sqlite3").exists()
    assert not (tmp_path / "media").exists() or media_content(tmp_path / "media") == {}


@pytest.mark.parametrize("damage", ["missing", "changed"])
def test_a_damaged_media_file_is_refused_before_anything_is_restored(site, archive, tmp_path, damage):
    damaged = tampered_copy(archive, tmp_path)
    if damage == "missing":
        (damaged / "media" / MINUTES).unlink()
    else:
        (damaged / "media" / MINUTES).write_text("Acta cambiada")

    completed = restore(site, damaged, **empty_target(tmp_path))
    assert_nothing_restored(completed, tmp_path)
    assert f"media/{MINUTES}" in completed.stderr


def test_a_database_file_that_is_not_one_is_refused_and_leaves_no_file(site, archive, tmp_path):
    """Re-signed, so that only the restore itself can tell."""
    damaged = tampered_copy(archive, tmp_path)
    (damaged / "database.sqlite3").write_bytes(b"not a database " * 400)
    sign(damaged, "database.sqlite3")

    completed = restore(site, damaged, **empty_target(tmp_path))
    assert_nothing_restored(completed, tmp_path)
    assert "database.sqlite3" in completed.stderr


def test_a_manifest_missing_a_part_is_refused(site, archive, tmp_path):
    damaged = tampered_copy(archive, tmp_path)
    manifest = manifest_of(damaged)
    del manifest["media"]
    (damaged / "manifest.json").write_text(json.dumps(manifest))
    sign(damaged, "manifest.json")

    completed = restore(site, damaged, **empty_target(tmp_path))
    assert_nothing_restored(completed, tmp_path)
    assert "manifest.json cannot be read" in completed.stderr


def test_a_partial_archive_left_by_a_stopped_backup_is_refused(site, archive, tmp_path):
    """A backup stopped half way leaves `.<time>.partial` without its manifest, which is written last."""
    partial = tmp_path / f".{archive.name}.partial"
    shutil.copytree(archive, partial)
    (partial / "manifest.json").unlink()
    (partial / "SHA256SUMS").unlink()

    completed = restore(site, partial, **empty_target(tmp_path))
    assert_nothing_restored(completed, tmp_path)
    assert "is not a backup" in completed.stderr


def test_a_missing_archive_is_named_as_missing(site, tmp_path):
    completed = restore(site, tmp_path / "20260101T000000Z", **empty_target(tmp_path))
    assert_nothing_restored(completed, tmp_path)
    assert "does not exist" in completed.stderr


def test_a_backup_folder_inside_the_media_folder_is_refused(site, tmp_path):
    """Its archives would be copied into every later backup, and served wherever the media files are."""
    inside = site.media / "backups"
    completed = manage(site, "backup_site", BACKUP_DIR=str(inside))
    assert completed.returncode == 1, completed.stdout
    assert "Traceback" not in completed.stderr
    assert "inside the media folder" in completed.stderr and "No backup was written" in completed.stderr
    assert not inside.exists()
