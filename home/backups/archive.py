"""A backup archive on disk: where it goes, its owner-only permissions, its files and SHA256SUMS."""

import contextlib
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from django.conf import settings

from .database import BackupError
from .manifest import CHUNK_BYTES, file_sha256, walk_files

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
MEDIA = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


def backup_root():
    """BACKUP_DIR (a setting, else the environment variable), by default backups/ in the project."""
    configured = getattr(settings, "BACKUP_DIR", None) or os.environ.get("BACKUP_DIR")
    return Path(configured) if configured else Path(settings.BASE_DIR) / "backups"


@contextlib.contextmanager
def owner_only():
    """Whatever is created inside (by this process or the pg_dump it starts) is for its owner only."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def start_archive(root, now):
    """Create `.<UTC time>.partial` (0700) under `root`; return it and the name it gets when complete.

    A backup that fails halfway is never mistaken for a complete one.
    """
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(1, 100):
        final = root / (stamp if attempt == 1 else f"{stamp}-{attempt}")
        partial = root / f".{final.name}.partial"
        if final.exists():
            continue
        try:
            partial.mkdir(mode=0o700)
        except FileExistsError:
            continue
        os.chmod(partial, 0o700)
        return partial, final
    raise FileExistsError(f"{root / stamp} already exists")


def copy_file(source, target, private):
    """Copy `source` to `target` and return the copy's size and sha256. A private copy is 0600 (its
    folders 0700); a restored one gets the process's usual permissions, for the web server to read."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700 if private else 0o777)
    digest = hashlib.sha256()
    size = 0
    with open(source, "rb") as reader, open(target, "wb") as writer:
        while chunk := reader.read(CHUNK_BYTES):
            writer.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    if private:
        os.chmod(target, 0o600)
    return size, digest.hexdigest()


def copy_media(source_root, target_root, private):
    """Copy every file under `source_root`; return the copies' inventory (path, size, sha256). A file
    deleted while the site runs (an image rendition, say) between listing and copying is left out."""
    inventory = []
    for relative, path in walk_files(source_root):
        try:
            size, sha256 = copy_file(path, target_root / relative, private)
        except FileNotFoundError:
            if path.exists():
                raise
            continue
        inventory.append({"path": relative, "size": size, "sha256": sha256})
    return inventory


def unsafe_media_paths(entries):
    """Manifest paths that would land outside the media folder."""
    return [
        entry["path"]
        for entry in entries
        if not entry["path"] or Path(entry["path"]).is_absolute() or ".." in Path(entry["path"]).parts
    ]


# A restore's media files wait here, inside the media folder (so that moving them in stays on one file
# system), until the database is restored; a restore that fails before that removes it.
STAGING = ".restore-in-progress"
# Problems with media files named in a refusal; past these it gives their number.
NAMED_PROBLEMS = 10


class StagedMedia:
    """The manifest's media files (and no others; restore_site checked their paths), copied from the archive
    into `media_root`/STAGING and checked against the manifest on the way, before anything else is changed
    (`stage`). Then `publish` moves them into place, or `discard` leaves `media_root` as it was."""

    def __init__(self, archive, entries, media_root):
        self.archive, self.entries, self.media_root = archive, entries, media_root
        self.folder = media_root / STAGING
        self.created_root = not media_root.exists()

    def stage(self):
        """Copy and check every file; raise BackupError, with nothing left behind, if one is missing or
        differs from the manifest."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)  # even for a backup without media files: publish removes it
        problems = []
        try:
            for entry in self.entries:
                name = f"{MEDIA}/{entry['path']}"
                source = self.archive / MEDIA / entry["path"]
                if not source.is_file():
                    problems.append(f"{name} is missing from the archive")
                elif copy_file(source, self.folder / entry["path"], private=False) != (
                    entry["size"],
                    entry["sha256"],
                ):
                    problems.append(f"{name} does not match its checksum in {MANIFEST}")
        except BaseException:
            self.discard()
            raise
        if problems:
            self.discard()
            if len(problems) > NAMED_PROBLEMS:
                problems[NAMED_PROBLEMS:] = [f"and {len(problems) - NAMED_PROBLEMS} more"]
            damaged = "; ".join(problems)
            raise BackupError(f"{self.archive} cannot be restored, it was changed or damaged: {damaged}.")
        return self

    def publish(self):
        for relative, path in walk_files(self.folder):
            target = self.media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
        shutil.rmtree(self.folder)

    def discard(self):
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.created_root:
            with contextlib.suppress(OSError):
                self.media_root.rmdir()


def write_private_text(path, text):
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    os.chmod(path, 0o600)


def write_manifest(archive, manifest):
    write_private_text(archive / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def read_manifest(archive):
    return json.loads((archive / MANIFEST).read_text(encoding="utf-8"))


# --- SHA256SUMS, in the format of coreutils' sha256sum ----------------------------------------------------


def write_sums(archive, checksums):
    """`checksums`: {path relative to the archive: sha256}. A name with a backslash or a line break is
    escaped as sha256sum escapes it (the line starts with a backslash)."""
    lines = []
    for name, digest in sorted(checksums.items()):
        escaped = name.replace("\\", "\\\\").replace("\n", "\\n")
        lines.append(f"{digest}  {name}" if escaped == name else f"\\{digest}  {escaped}")
    write_private_text(archive / SUMS, "\n".join(lines) + "\n")


def read_sums(archive):
    checksums = {}
    for line in filter(None, (archive / SUMS).read_text(encoding="utf-8").split("\n")):
        digest, _, name = line.removeprefix("\\").partition("  ")
        if line.startswith("\\"):
            name = re.sub(r"\\(.)", lambda match: "\n" if match[1] == "n" else match[1], name)
        checksums[name] = digest
    return checksums


def check_files(archive, names):
    """Problems with `names` (relative to the archive): missing, or not matching SHA256SUMS."""
    try:
        checksums = read_sums(archive)
    except FileNotFoundError:
        return [f"{archive / SUMS} is missing"]
    problems = []
    for name in names:
        path = archive / name
        if name not in checksums:
            problems.append(f"{name} is not listed in {SUMS}")
        elif not path.is_file():
            problems.append(f"{name} is missing from the archive")
        elif file_sha256(path) != checksums[name]:
            problems.append(
                f"{name} does not match its checksum in {SUMS}: the archive was changed or damaged"
            )
    return problems
