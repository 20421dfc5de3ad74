"""Everything the site keeps in a cache, and what makes it stale, in one place.

- `versions`: the named versions of shared data (published content, the engagement log).
  A feature reads `VERSION.current()` to key what it keeps, and calls `VERSION.changed()` after a change
  that no signal reports (bulk writes); everything else is invalidated by the table in `invalidation`.
- `invalidation`: the one table of which model changes start a new version of which data.
- `shared`: the building blocks (`SharedVersion`, per-process memos by version or by content, files).
- `public_responses`: whole responses for anonymous visitors (the page cache middleware).
- `outage`: how the site keeps serving while the shared cache is unreachable.

This package imports no feature app: the table names models by their app label.
"""
