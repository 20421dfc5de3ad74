"""A site with no media file yet (a new deployment, or media on S3) is backed up and restored like any
other: the archive's media folder is empty and the restore creates none of its own files.

Real processes, as tests/test_backup_restore.py runs them (whose helpers it uses).
"""

import shutil

import pytest

from tests import suite_database
from tests.test_backup_restore import Site, backup, empty_target, media_content, restore

pytestmark = pytest.mark.own_database


def test_a_site_without_media_files_is_restored(tmp_path):
    with suite_database.locked_sqlite_template() as template:
        shutil.copyfile(template, tmp_path / "site.sqlite3")
    site = Site(
        "sqlite", f"sqlite:///{tmp_path / 'site.sqlite3'}", tmp_path / "media", tmp_path / "backups", ""
    )
    site.media.mkdir()
    archive = backup(site)
    target = tmp_path / "copy"
    target.mkdir()

    completed = restore(site, archive, **empty_target(target))

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "0 media files match" in completed.stdout
    assert media_content(target / "media") == {}
