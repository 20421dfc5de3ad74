import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.utils.module_loading import import_string

from home.backups import archive, manifest
from home.backups.database import BackupError, for_connection


class Command(BaseCommand):
    help = (
        "Back up the database and the media files (MEDIA_ROOT) into a new folder named with the UTC time "
        "under BACKUP_DIR (default: backups/ in the project), with a manifest of row counts and checksums. "
        "The folder is readable by its owner only: it holds the CRM."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backup-dir", help="where to write the backup (default: BACKUP_DIR, else backups/)"
        )

    def handle(self, *args, backup_dir=None, **options):
        started = time.monotonic()
        root = Path(backup_dir) if backup_dir else archive.backup_root()
        media_root = Path(settings.MEDIA_ROOT)
        if root.resolve().is_relative_to(media_root.resolve()):
            # Each backup would copy the ones before it, and be served wherever the media files are.
            raise CommandError(
                f"The backup folder {root} is inside the media folder {media_root}: choose one outside it "
                "(--backup-dir or BACKUP_DIR). No backup was written."
            )
        try:
            database = for_connection(connection)
            with archive.owner_only():
                partial, final = archive.start_archive(root, datetime.now(UTC))
                try:
                    contents = self.write(partial, database, media_root)
                    partial.rename(final)
                except BaseException:
                    shutil.rmtree(partial, ignore_errors=True)
                    raise
        except BackupError as error:
            raise CommandError(f"{error} No backup was written.") from None
        except (OSError, DatabaseError) as error:
            raise CommandError(f"The backup failed: {error}. No backup was written.") from None

        tables = contents["tables"]
        media = contents["media"]
        size = sum(path.stat().st_size for _name, path in manifest.walk_files(final))
        self.stdout.write(
            f"Database {database.label}: {len(tables)} tables, {sum(tables.values())} rows, "
            f"{contents['database']['size']} bytes dumped. "
            f"Media: {media['count']} files, {media['bytes']} bytes."
        )
        if media.get("warning"):
            self.stdout.write(self.style.WARNING(media["warning"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written in {time.monotonic() - started:.1f} s, {size} bytes, readable by its owner "
                f"only: {final}"
            )
        )

    def write(self, folder, database, media_root):
        """Write the database, the media files, the manifest and SHA256SUMS into `folder`; return the
        manifest."""
        created_at = datetime.now(UTC)
        described = database.describe()
        database_file = folder / archive.DATABASE_FILES[database.engine]
        with database.snapshot(), database.dumping(database_file):
            figures = manifest.database_figures(connection)
        os.chmod(database_file, 0o600)
        database_sha256 = manifest.file_sha256(database_file)
        media_files = archive.copy_media(media_root, folder / archive.MEDIA, private=True)

        contents = {
            "format": manifest.FORMAT,
            "created_at": created_at.isoformat().replace("+00:00", "Z"),
            "database": {
                **described,
                "file": database_file.name,
                "size": database_file.stat().st_size,
                "sha256": database_sha256,
            },
            "versions": manifest.versions(),
            **figures,
            "media": {
                "root": str(media_root),
                "count": len(media_files),
                "bytes": sum(entry["size"] for entry in media_files),
                "files": media_files,
                **self.storage_warning(),
            },
        }
        archive.write_manifest(folder, contents)
        archive.write_sums(
            folder,
            {
                database_file.name: database_sha256,
                archive.MANIFEST: manifest.file_sha256(folder / archive.MANIFEST),
                **{f"{archive.MEDIA}/{entry['path']}": entry["sha256"] for entry in media_files},
            },
        )
        return contents

    def storage_warning(self):
        backend = import_string(settings.STORAGES["default"]["BACKEND"])
        if issubclass(backend, FileSystemStorage):
            return {}
        return {
            "warning": (
                f"Uploaded files are stored by {backend.__name__}, not in MEDIA_ROOT: they are not in this "
                "backup (keep the bucket's own versioning or backups)."
            )
        }
