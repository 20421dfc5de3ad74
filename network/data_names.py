"""Rows our setup makes and finds by name (a group, a collection, a workflow), whose names are data: Wagtail
shows a stored name as it is, in a privacy dialog, a listing, a chooser or a mail, in the admin's every
language, so they are named in the site's first language.

A site set up before a name was translated holds its row under the former name. Looking it up by either name
and renaming it keeps the same row (its permissions, members and files) and never makes a second one, before
or after the rename; setup_network's next run renames every such row.
"""

from wagtail.models import Collection


def renamed(rows, name, former):
    """The row of `rows` named `name`, or else the one named `former`, renamed to `name`; None if neither."""
    found = rows.filter(name=name).first() or rows.filter(name=former).first()
    if found is not None and found.name != name:
        found.name = name
        found.save(update_fields=["name"])
    return found


def top_collection(name, former):
    """The collection named `name` (or `former`, renamed) right under the root collection; None if neither."""
    return renamed(Collection.get_first_root_node().get_children(), name, former)
