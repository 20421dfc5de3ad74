"""`make run` runs the site and the background worker as two processes (network/settings/dev.py): a new
version of shared data that one starts (the worker logging a mailing's engagements) is the version the
other reads, so the site's cached counts and pages follow. Each database has its own versions."""

import os
import subprocess
import sys

from django.conf import settings

READ = "from network.caching.versions import ENGAGEMENT_LOG as V; print(V.current())"
BUMP = "from network.caching.versions import ENGAGEMENT_LOG as V; V.bump(); print(V.current())"


def in_a_process(code, database, tmp_path):
    env = {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "network.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / database}",
        "TMPDIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_a_version_one_process_starts_is_the_one_another_reads(tmp_path):
    started = in_a_process(BUMP, "site.sqlite3", tmp_path)
    assert in_a_process(READ, "site.sqlite3", tmp_path) == started
    assert in_a_process(READ, "other.sqlite3", tmp_path) != started, "another database, other versions"
