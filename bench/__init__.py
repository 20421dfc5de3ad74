"""`make bench` and the data it generates; a package of scripts and helpers, not a Django app."""
