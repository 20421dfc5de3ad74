"""Backups and restores (issue 18): `manage.py backup_site` and `restore_site`, run in real processes as
`make backup` and `make restore` run them, on a SQLite file and on a PostgreSQL database of their own.

Each site is built once for the module by tests/backup_sample_site.py (migrate, the site structure, a few
cities, CRM rows, media files) on a copy of the suite's migrated template; the two are built at the same
time. What a restore gives back is compared
with what was backed up by reading the databases directly (sqlite3, psycopg), every row of every table,
not through the figures the commands compute. Commands run with umask 022, as from cron, so the archive's
owner-only permissions must come from the command itself. The PostgreSQL part is skipped when PostgreSQL
is unreachable, except on CI (CI set), where it fails.

Why this module is long: every test reads the same two sites, which take a minute to build.
"""

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import suite_database

# Both sites are of the module's own, whatever DATABASE_URL names (tests/conftest.py).
pytestmark = pytest.mark.own_database

PROJECT_DIR = Path(__file__).resolve().parent.parent
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
DATABASE_PREFIX = "learning_cities_backuptest_"
PASSWORD = "never-shown-7f3a"
CRM_ROWS = {"contacts_contact": 2, "contacts_engagement": 3, "contacts_engagement_participants": 4}
MEDIA_FILES = {
    "original_images/plaza.png",
    "documents/acta-reunion.txt",
    "exports/informe año 2025.csv",
    "exports/empty.txt",
}


@dataclass
class Site:
    engine: str
    database_url: str
    media: Path
    backups: Path
    database: str  # the SQLite file, or the PostgreSQL database's name

    def env(self, **overrides):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/tmp"),
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "DJANGO_SETTINGS_MODULE": "network.settings.dev",
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.media),
            "BACKUP_DIR": str(self.backups),
            "GEOCODER_DOMAIN": "127.0.0.1:9",
            "GEOCODER_SCHEME": "http",
        }
        return {**env, **overrides}

    def content(self):
        return sqlite_content(self.database) if self.engine == "sqlite" else postgres_content(self.database)


def run(site, *args, **overrides):
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=site.env(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
        umask=0o022,
    )


def manage(site, *args, **overrides):
    return run(site, "manage.py", *args, **overrides)


def on_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# --- Reading a site directly ------------------------------------------------------------------------------


def sqlite_content(path):
    """{table: its rows, sorted}, for every table of the SQLite file."""
    connection = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: sorted(connection.execute(f'SELECT * FROM "{table}"'), key=repr) for table in tables}
    finally:
        connection.close()


def postgres_admin():
    import psycopg

    return psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **POSTGRES)


def postgres_content(name):
    """{table: its rows, sorted}, for every table of the database, and its sequences' positions."""
    import psycopg

    with psycopg.connect(dbname=name, **POSTGRES) as connection:
        tables = [
            row[0]
            for row in connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        content = {
            table: sorted(connection.execute(f'SELECT * FROM "{table}"'), key=repr) for table in tables
        }
        content["(sequences)"] = connection.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
    return content


def media_content(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in Path(root).rglob("*")
        if path.is_file()
    }


def assert_same_content(before, after):
    assert sorted(after) == sorted(before), "the restored database has other tables"
    differing = [table for table in before if after[table] != before[table]]
    assert not differing, f"tables whose rows differ after the restore: {differing}"


# --- The sites and their backups --------------------------------------------------------------------------


def postgres_unreachable():
    try:
        postgres_admin().close()
    except Exception as error:
        return f"PostgreSQL on {POSTGRES['host']}:{POSTGRES['port']} is unreachable ({error})"
    return None


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """{"sqlite": Site, "postgresql": Site or the reason it is missing}, built in parallel."""
    root = tmp_path_factory.mktemp("backup-sites")
    # Each starts as a copy of the test suite's migrated template (tests/suite_database.py): the builder's
    # `migrate` and `setup_network` then find nothing to do, and it adds the cities, CRM rows and files.
    with suite_database.locked_sqlite_template() as template:
        shutil.copyfile(template, root / "site.sqlite3")
    built = {
        "sqlite": Site(
            "sqlite",
            f"sqlite:///{root / 'site.sqlite3'}",
            root / "media",
            root / "backups",
            str(root / "site.sqlite3"),
        )
    }
    problem = postgres_unreachable()
    name = f"{DATABASE_PREFIX}{secrets.token_hex(4)}"
    if problem:
        built["postgresql"] = problem
    else:
        server = {"HOST": POSTGRES["host"], "PORT": POSTGRES["port"], "USER": POSTGRES["user"]}
        with postgres_admin() as admin:
            template = suite_database.postgres_template(admin, server)
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        # The local server trusts its clients and ignores the password: it is here to be kept secret.
        url = f"postgres://{POSTGRES['user']}:{PASSWORD}@{POSTGRES['host']}:{POSTGRES['port']}/{name}"
        built["postgresql"] = Site("postgresql", url, root / "pg-media", root / "pg-backups", name)
    try:
        builders = {
            engine: subprocess.Popen(
                [sys.executable, "-m", "tests.backup_sample_site"],
                cwd=PROJECT_DIR,
                env=site.env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for engine, site in built.items()
            if isinstance(site, Site)
        }
        for engine, builder in builders.items():
            output, _ = builder.communicate(timeout=300)
            assert builder.returncode == 0, f"building the {engine} site failed:\n{output[-5000:]}"
        yield built
    finally:
        if not problem:
            with postgres_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def site_for(sites, engine):
    site = sites[engine]
    if not isinstance(site, Site):
        if on_ci():
            pytest.fail(f"{site} (CI is set: the PostgreSQL backup tests must run)")
        pytest.skip(site)
    return site


def backup(site, **overrides):
    """Run backup_site; return the new archive's folder."""
    backups = Path(overrides.get("BACKUP_DIR", site.backups))
    existing = set(backups.iterdir()) if backups.exists() else set()
    completed = manage(site, "backup_site", **overrides)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    (archive,) = set(backups.iterdir()) - existing
    assert str(archive) in completed.stdout
    assert PASSWORD not in completed.stdout + completed.stderr
    return archive


@pytest.fixture(scope="module")
def sqlite_backup(sites):
    return backup(sites["sqlite"])


@pytest.fixture(scope="module")
def postgres_backup(sites):
    return backup(site_for(sites, "postgresql"))


def manifest_of(archive):
    return json.loads((archive / "manifest.json").read_text(encoding="utf-8"))


def restore(site, archive, *options, **overrides):
    return manage(site, "restore_site", str(archive), *options, **overrides)


def empty_target(tmp_path):
    """Environment overrides for an empty SQLite database and media folder."""
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }


# --- What a backup holds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_the_archive_is_for_its_owner_only_and_lists_every_table_and_media_file(sites, engine, request):
    site = site_for(sites, engine)
    archive = request.getfixturevalue(f"{'sqlite' if engine == 'sqlite' else 'postgres'}_backup")
    assert archive.name[:8].isdigit() and archive.name.endswith("Z")

    paths = [archive, *archive.rglob("*")]
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path.relative_to(archive.parent)} is {mode:o}"
    assert stat.S_IMODE(site.backups.stat().st_mode) == 0o700

    manifest = manifest_of(archive)
    assert manifest["database"]["engine"] == engine
    assert PASSWORD not in (archive / "manifest.json").read_text()
    content = site.content()
    content.pop("sqlite_sequence", None)
    content.pop("(sequences)", None)
    assert manifest["tables"] == {table: len(rows) for table, rows in content.items()}
    for table, count in CRM_ROWS.items():
        assert manifest["tables"][table] == count
    assert set(manifest["crm"]["tables"]) >= {"contacts_contact", "contacts_engagement_cities"}
    assert all(not table.startswith("contacts_") or table in manifest["crm"]["tables"] for table in content)
    assert manifest["migrations"]["contacts"][0] == "0001_initial"
    assert {"django", "wagtail"} <= set(manifest["versions"])

    media = media_content(site.media)
    assert set(media) == MEDIA_FILES
    assert manifest["media"]["files"] == [
        {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for path, data in sorted(media.items())
    ]
    for path, data in media.items():
        assert (archive / "media" / path).read_bytes() == data

    sums = dict(reversed(line.split("  ", 1)) for line in (archive / "SHA256SUMS").read_text().splitlines())
    files = {path.relative_to(archive).as_posix(): path for path in archive.rglob("*") if path.is_file()}
    del files["SHA256SUMS"]
    assert sums == {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in files.items()}
    database_file = archive / manifest["database"]["file"]
    assert manifest["database"]["sha256"] == hashlib.sha256(database_file.read_bytes()).hexdigest()


def test_the_crm_checksum_is_the_same_on_sqlite_and_postgresql(sites, sqlite_backup, postgres_backup):
    """Both sites hold the same CRM rows (tests/backup_sample_site.py), and the rest differs."""
    on_sqlite, on_postgres = manifest_of(sqlite_backup), manifest_of(postgres_backup)
    assert on_sqlite["crm"] == on_postgres["crm"]
    assert on_sqlite["database"]["sha256"] != on_postgres["database"]["sha256"]


def test_the_crm_checksum_follows_the_crm_content(sites, sqlite_backup, tmp_path):
    """One more character in one contact's notes changes that table's checksum, and only that one."""
    copy = tmp_path / "changed.sqlite3"
    shutil.copyfile(sites["sqlite"].database, copy)
    connection = sqlite3.connect(copy)
    with connection:
        connection.execute("UPDATE contacts_contact SET notes = notes || '!' WHERE given_name = 'Ana María'")
    connection.close()

    changed = backup(sites["sqlite"], DATABASE_URL=f"sqlite:///{copy}", BACKUP_DIR=str(tmp_path / "backups"))
    changed, original = manifest_of(changed), manifest_of(sqlite_backup)
    assert changed["tables"] == original["tables"]
    crm_tables = original["crm"]["tables"]
    assert {table for table in crm_tables if changed["crm"]["tables"][table] != crm_tables[table]} == {
        "contacts_contact"
    }
    assert changed["crm"]["sha256"] != original["crm"]["sha256"]


def test_pg_dump_and_pg_restore_get_the_password_from_the_environment_not_the_command_line(monkeypatch):
    from home.backups import database

    started = []

    class Process:
        returncode = 0

        def communicate(self):
            return "", ""

    def popen(command, env, **options):
        started.append((command, env))
        return Process()

    class Connection:
        settings_dict = {
            "NAME": "lcn",
            "USER": "app",
            "PASSWORD": PASSWORD,
            "HOST": "db.example",
            "PORT": 5433,
        }

    monkeypatch.setattr(database.subprocess, "Popen", popen)
    postgres = database.PostgresDatabase(Connection())
    postgres._run(["pg_restore", "--version"])
    ((command, env),) = started
    assert PASSWORD not in " ".join(command)
    assert (env["PGPASSWORD"], env["PGUSER"], env["PGHOST"], env["PGPORT"]) == (
        PASSWORD,
        "app",
        "db.example",
        "5433",
    )
    assert PASSWORD not in postgres.label


# --- Refusals and damaged archives ------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_restore_refuses_a_database_with_tables_and_changes_nothing(sites, engine, request):
    site = site_for(sites, engine)
    archive = request.getfixturevalue(f"{'sqlite' if engine == 'sqlite' else 'postgres'}_backup")
    before, media_before = site.content(), media_content(site.media)

    refused = restore(site, archive)
    assert refused.returncode == 1
    assert "Refusing to restore" in refused.stderr and "Nothing was changed" in refused.stderr
    assert "table(s)" in refused.stderr and "file(s)" in refused.stderr
    assert_same_content(before, site.content())
    assert media_content(site.media) == media_before


def test_restore_refuses_a_media_folder_with_files_and_creates_no_database(sites, sqlite_backup, tmp_path):
    target = empty_target(tmp_path)
    media = Path(target["MEDIA_ROOT"]) / "original_images"
    media.mkdir(parents=True)
    (media / "kept.png").write_bytes(b"not from the backup")

    refused = restore(sites["sqlite"], sqlite_backup, **target)
    assert refused.returncode == 1
    assert "the media folder" in refused.stderr and "Nothing was changed" in refused.stderr
    assert not (tmp_path / "restored.sqlite3").exists()
    assert media_content(Path(target["MEDIA_ROOT"])) == {"original_images/kept.png": b"not from the backup"}


def tampered_copy(archive, tmp_path):
    copy = tmp_path / "archive"
    shutil.copytree(archive, copy)
    return copy


def sign(archive, name):
    """Rewrite `name`'s line of SHA256SUMS, as someone covering a change would."""
    digest = hashlib.sha256((archive / name).read_bytes()).hexdigest()
    lines = (archive / "SHA256SUMS").read_text().splitlines()
    lines = [f"{digest}  {name}" if line.endswith(f"  {name}") else line for line in lines]
    (archive / "SHA256SUMS").write_text("\n".join(lines) + "\n")


def test_a_changed_manifest_is_refused_before_anything_changes(sites, sqlite_backup, tmp_path):
    archive = tampered_copy(sqlite_backup, tmp_path)
    manifest = manifest_of(archive)
    manifest["tables"]["contacts_contact"] += 1
    (archive / "manifest.json").write_text(json.dumps(manifest))

    completed = restore(sites["sqlite"], archive, **empty_target(tmp_path))
    assert completed.returncode == 1
    assert "manifest.json does not match its checksum" in completed.stderr
    assert "Nothing was changed" in completed.stderr
    assert not (tmp_path / "restored.sqlite3").exists() and not (tmp_path / "media").exists()


def test_a_re_signed_manifest_is_caught_by_the_checks_after_the_restore(sites, sqlite_backup, tmp_path):
    """A manifest changed along with SHA256SUMS: the restored database itself contradicts it."""
    archive = tampered_copy(sqlite_backup, tmp_path)
    manifest = manifest_of(archive)
    manifest["tables"]["contacts_contact"] += 1
    manifest["crm"]["tables"]["contacts_engagement"] = "0" * 64
    manifest["crm"]["sha256"] = "0" * 64
    (archive / "manifest.json").write_text(json.dumps(manifest))
    sign(archive, "manifest.json")

    completed = restore(sites["sqlite"], archive, **empty_target(tmp_path))
    assert completed.returncode == 1, completed.stdout
    assert "Mismatch: table contacts_contact: 3 rows in the backup, 2 after the restore" in completed.stderr
    assert (
        "Mismatch: CRM checksum differs from the backup's (tables: contacts_engagement)" in completed.stderr
    )


# --- Round trips: backup, lose everything, restore -------------------------------------------------------


def check_round_trip(site, archive, before, media_before):
    restored = restore(site, archive)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "the CRM checksum and 4 media files match" in restored.stdout

    assert_same_content(before, site.content())
    assert media_content(site.media) == media_before
    # The restored site, backed up again, has the same figures: every table's count, the CRM checksum.
    again = manifest_of(backup(site, BACKUP_DIR=str(site.backups.parent / f"{site.engine}-again")))
    original = manifest_of(archive)
    for part in ("tables", "crm", "migrations", "media"):
        assert again[part] == original[part], part


def test_sqlite_round_trip(sites, sqlite_backup):
    site = sites["sqlite"]
    before, media_before = site.content(), media_content(site.media)
    assert all(len(before[table]) == count for table, count in CRM_ROWS.items())

    Path(site.database).unlink()
    shutil.rmtree(site.media)
    check_round_trip(site, sqlite_backup, before, media_before)


def test_postgresql_round_trip(sites, postgres_backup):
    site = site_for(sites, "postgresql")
    before, media_before = site.content(), media_content(site.media)
    assert all(len(before[table]) == count for table, count in CRM_ROWS.items())

    with postgres_admin() as admin:
        admin.execute(f'DROP DATABASE "{site.database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{site.database}" TEMPLATE template0')
    shutil.rmtree(site.media)
    check_round_trip(site, postgres_backup, before, media_before)
