"""Backups of the whole site (database and media files) and their restore: `manage.py backup_site` and
`manage.py restore_site`, run by `make backup` and `make restore ARCHIVE=…` (README, Deploying).

One backup is one directory named with its UTC time, readable by its owner only (it holds the CRM):

    <BACKUP_DIR>/20260112T023000Z/
        database.dump        pg_dump's custom format (PostgreSQL), or database.sqlite3 (SQLite)
        media/…              a copy of MEDIA_ROOT
        manifest.json        what was backed up and the figures a restore is checked against (manifest.py)
        SHA256SUMS           every file's checksum, manifest.json's too (`sha256sum -c SHA256SUMS` works)
"""
