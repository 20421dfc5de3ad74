"""Files attached to engagements (minutes, agendas, letters) live in a collection only UIL staff see.

Wagtail serves a document only to those who pass its collection's view restriction, and leaves it
out of its APIs for everyone else; focal points have no permission on this collection, so its files
appear in none of their listings or choosers.
"""

from django.db import transaction
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from cities.staff import staff_group
from network.data_names import top_collection

# Shown as stored in Wagtail's screens, so in the site's first language (network/data_names.py); a site set
# up before has it renamed by setup_network.
ENGAGEMENT_FILES_COLLECTION = "Archivos del registro de interacciones"
FORMER_ENGAGEMENT_FILES_COLLECTION = "Engagement log files"


def private_documents():
    """Documents in a collection restricted to some groups (or under one): those an engagement may hold."""
    paths = Collection.objects.filter(
        view_restrictions__restriction_type=CollectionViewRestriction.GROUPS
    ).values_list("path", flat=True)
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(collection__path__startswith=path)
    return query


@transaction.atomic
def ensure_engagement_files_collection():
    """The staff-only collection, and every file already attached to an engagement moved into it."""
    collection = top_collection(ENGAGEMENT_FILES_COLLECTION, FORMER_ENGAGEMENT_FILES_COLLECTION)
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=ENGAGEMENT_FILES_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    ).first()
    if restriction is None:
        CollectionViewRestriction.objects.filter(collection=collection).delete()
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    restriction.groups.add(staff_group())
    get_document_model().objects.filter(engagements__isnull=False).exclude(private_documents()).update(
        collection=collection
    )
    return collection
