"""A small framework for importing files: read → map columns → plan → preview → apply → audit.

- `files` reads an uploaded CSV or XLSX file (or CSV text) into a header and numbered rows, within
  limits, and defines the one way a whole file is refused: `ImportRejected`;
- `columns` maps the header to fields, in Spanish, Portuguese or English;
- `values` parses cells: text, dates, numbers, yes/no, choices, countries;
- `plan` turns rows into a plan (what each row would create or change, its errors and likely
  duplicates) that writes nothing, and applies a plan in one transaction, or nothing;
- `lookups` and `writing` read and write many records in a few queries;
- `audit` records what an import wrote in Wagtail's audit log and reference index.

Each importer declares its columns and how its rows match existing records. This package imports no
feature app.
"""
