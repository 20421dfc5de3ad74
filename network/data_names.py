"""Rows our setup makes and finds by name (a group, a collection, a workflow), whose names are data: Wagtail
shows a stored name as it is, in a privacy dialog, a listing, a chooser or a mail, in the admin's every
language, so they are named in the site's first language.

A site set up before a name was translated holds its row under the former name. Looking it up by either name
and renaming it keeps the same row (its permissions, members and files) and never makes a second one, before
or after the rename; setup_network's next run renames every such row.
"""

from wagtail.models import Collection


def renamed(rows, name, *formers):
    """The row of `rows` named `name`, or else the first one named as in `formers`, renamed to `name`; None
    if none."""
    found = rows.filter(name=name).first() or rows.filter(name__in=formers).order_by("pk").first()
    if found is not None and found.name != name:
        found.name = name
        found.save(update_fields=["name"])
    return found


def top_collection(name, *formers):
    """The collection named `name` (or as in `formers`, renamed) right under the root collection; None if
    none."""
    return renamed(Collection.get_first_root_node().get_children(), name, *formers)
