"""A backup's manifest: the figures that describe what was backed up, computed the same way on SQLite and
PostgreSQL, once inside the backup's database snapshot and again after a restore, to compare.
"""

import hashlib
import json
import os
import platform
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import django
import wagtail
from django.apps import apps
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
# The CRM: every table of the contacts app, the many-to-many ones included.
CRM_APP = "contacts"
CHUNK_BYTES = 1024 * 1024
CHUNK_ROWS = 2000
# One canonical JSON form per row; values that JSON has no type for are converted first (_canonical).
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
_PLAIN = {type(None), bool, int, float, str}


def versions():
    return {
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "python": platform.python_version(),
    }


# --- Database ---------------------------------------------------------------------------------------------


def database_figures(connection):
    """Row counts of every table, the CRM checksum and the applied migrations, as `connection` sees them
    (inside the backup's snapshot, or after a restore)."""
    return {
        "tables": table_row_counts(connection),
        "crm": crm_checksums(connection.alias),
        "migrations": applied_migrations(connection),
    }


def table_row_counts(connection):
    with connection.cursor() as cursor:
        tables = sorted(
            info.name for info in connection.introspection.get_table_list(cursor) if info.type == "t"
        )
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def crm_models():
    models = apps.get_app_config(CRM_APP).get_models(include_auto_created=True)
    return sorted(
        (m for m in models if m._meta.managed and not m._meta.proxy), key=lambda m: m._meta.db_table
    )


def crm_checksums(using):
    """sha256 of each CRM table's content (its own columns, rows by primary key) and of them all.

    Rows are read through the ORM, whose values (dates, booleans, decimals, JSON) are the same Python
    values on both engines, then written out in one canonical JSON form.
    """
    tables = {}
    overall = hashlib.sha256()
    for model in crm_models():
        fields = model._meta.local_concrete_fields
        digest = hashlib.sha256(
            _json_line([model._meta.db_table, [field.column for field in fields]]).encode()
        )
        rows = (
            model._base_manager.using(using).order_by("pk").values_list(*(field.attname for field in fields))
        )
        lines = []
        for row in rows.iterator(chunk_size=CHUNK_ROWS):
            lines.append(_json_line([_canonical(value) for value in row]))
            if len(lines) == CHUNK_ROWS:
                digest.update("".join(lines).encode())
                lines = []
        digest.update("".join(lines).encode())
        tables[model._meta.db_table] = digest.hexdigest()
        overall.update(f"{model._meta.db_table} {tables[model._meta.db_table]}\n".encode())
    return {"sha256": overall.hexdigest(), "tables": tables}


def _canonical(value):
    if type(value) in _PLAIN:
        return value
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, UUID):
        return str(value)
    return value


def _json_line(value):
    return _ENCODER.encode(value) + "\n"


def applied_migrations(connection):
    applied = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


# --- Files ------------------------------------------------------------------------------------------------


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def walk_files(root):
    """(relative POSIX path, path) of every file under `root`, sorted; symbolic links to folders are not
    followed."""
    root = Path(root)
    found = []
    for folder, _folders, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_file():
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


def media_inventory(root):
    return [
        {"path": relative, "size": path.stat().st_size, "sha256": file_sha256(path)}
        for relative, path in walk_files(root)
    ]


# --- Comparing a restored site with its manifest ----------------------------------------------------------


def compare_database(manifest, figures):
    """(problems, notes): how the restored database differs from the manifest."""
    problems, notes = [], []
    expected, actual = manifest["tables"], figures["tables"]
    for table, count in expected.items():
        if table not in actual:
            problems.append(f"table {table}: in the backup ({count} rows), missing after the restore")
        elif actual[table] != count:
            problems.append(f"table {table}: {count} rows in the backup, {actual[table]} after the restore")
    extra = sorted(set(actual) - set(expected))
    if extra:
        notes.append(f"{len(extra)} table(s) not in the backup: {', '.join(extra)}")

    expected_crm, actual_crm = manifest["crm"], figures["crm"]
    if expected_crm["sha256"] != actual_crm["sha256"]:
        differing = sorted(
            table
            for table in set(expected_crm["tables"]) | set(actual_crm["tables"])
            if expected_crm["tables"].get(table) != actual_crm["tables"].get(table)
        )
        problems.append(f"CRM checksum differs from the backup's (tables: {', '.join(differing) or 'none'})")

    if manifest["migrations"] != figures["migrations"]:
        problems.append("the applied migrations differ from the backup's")
    return problems, notes


def compare_media(expected_files, actual_files):
    """(problems, notes): how the restored media files differ from the manifest's list."""
    problems, notes = [], []
    actual = {entry["path"]: entry for entry in actual_files}
    for entry in expected_files:
        found = actual.get(entry["path"])
        if found is None:
            problems.append(f"media file {entry['path']}: missing after the restore")
        elif (found["size"], found["sha256"]) != (entry["size"], entry["sha256"]):
            problems.append(f"media file {entry['path']}: content differs from the backup's (sha256)")
    extra = sorted(set(actual) - {entry["path"] for entry in expected_files})
    if extra:
        notes.append(f"{len(extra)} media file(s) not in the backup, e.g. {extra[0]}")
    return problems, notes
