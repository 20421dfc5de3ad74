"""Evidence files of progress reports: for each city a collection that only UIL staff and the city's
focal points may open.

The city's media collection would not do: its files are served to anyone who has their address, and its
focal points may replace or delete them (they edit the city page's media), which would change the file
behind an answer already submitted or accepted. The evidence collections hang under one collection of
their own, outside the cities' media; each has a view restriction to the staff group and the city's
group, and no group has permissions on them but staff, so a focal point opens their evidence through its
address and finds it in none of the admin's listings, choosers or APIs, and cannot change it there.

A file an answer of a report being written no longer names (replaced, or removed) is deleted once that save
commits, if nothing refers to it any more (`delete_unused_evidence`).
"""

from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, ReferenceIndex

from cities.focal_points import collection_name, ensure_city_access
from cities.models import CityAccess, CityPage
from cities.staff import staff_group
from network.data_names import top_collection

from .models import Answer, EvidenceCollection, QuestionKind, Submission

# Shown as stored in Wagtail's screens, so in the site's first language (network/data_names.py); a site set
# up before has it renamed by setup_network, or when a city's evidence collection is next made.
EVIDENCE_COLLECTION = "Evidencias de los informes de progreso"
FORMER_EVIDENCE_COLLECTION = "Progress report evidence"


def evidence_root():
    existing = top_collection(EVIDENCE_COLLECTION, FORMER_EVIDENCE_COLLECTION)
    return existing or Collection.get_first_root_node().add_child(name=EVIDENCE_COLLECTION)


@transaction.atomic
def evidence_collection(city):
    """The city's evidence collection, made the first time a file is uploaded. Its link to the city
    (EvidenceCollection) keeps it the city's whatever the collection is renamed to or whoever else its
    restriction admits. Locks: the city's access row, then the collection tree's root (in that order)."""
    access = CityAccess.objects.select_for_update().select_related("group").filter(page=city).first()
    if access is None:
        access = ensure_city_access(city)
    link = EvidenceCollection.objects.select_related("collection").filter(city=city).first()
    if link is not None:
        return link.collection
    # Other cities' first files may arrive meanwhile: they add to the same part of the collection tree,
    # which its root's lock keeps to one at a time (the city's lock above is only the city's).
    Collection.objects.select_for_update().filter(pk=Collection.get_first_root_node().pk).get()
    root = evidence_root()
    collection = root.add_child(name=free_name(root, collection_name(city)))
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(staff_group(), access.group)
    EvidenceCollection.objects.create(city=city, collection=collection)
    return collection


def free_name(parent, name):
    taken = set(parent.get_children().values_list("name", flat=True))
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name} {number}"
    return candidate


@transaction.atomic
def move_evidence():
    """Move every file a report's answer or submission names into its city's evidence collection (files
    uploaded before these collections existed went to the city's media collection). Returns how many."""
    Document = get_document_model()
    by_city = {}
    for city_id, document_id in Answer.objects.filter(document__isnull=False).values_list(
        "report__city_id", "document_id"
    ):
        by_city.setdefault(city_id, set()).add(document_id)
    # A few at a time: 5,000 cities' submissions are gigabytes of JSON once read.
    submitted = Submission.objects.values_list("report__city_id", "answers")
    for city_id, frozen in submitted.iterator(chunk_size=100):
        by_city.setdefault(city_id, set()).update(files_named(frozen))
    moved = 0
    for city_id, city in CityPage.objects.in_bulk(by_city).items():
        collection = evidence_collection(city)
        documents = Document.objects.filter(pk__in=by_city[city_id]).exclude(collection=collection)
        moved += documents.update(collection=collection)
    return moved


def files_named(frozen_answers):
    """The ids of the documents a submission's frozen answers name."""
    return {row["value"] for row in frozen_answers if row["kind"] == QuestionKind.FILE and row.get("value")}


def delete_when_unused(document_ids, city):
    """Once the current transaction commits, delete those of `document_ids` (files that answers of a report
    of `city` named until now) that nothing refers to any more. A save rolled back deletes nothing; a
    clean-up that fails leaves a file too many and is logged, the save being done."""
    document_ids = set(document_ids)
    if document_ids:
        transaction.on_commit(lambda: delete_unused_evidence(document_ids, city), robust=True)


@transaction.atomic
def delete_unused_evidence(document_ids, city):
    """Delete those of `document_ids` that were evidence uploads (in an evidence collection) and that no
    answer, submission, record or page refers to any more, their files with them. Returns how many.

    Submissions are read of `city` and of the city whose evidence collection holds the file: a file goes to
    its report's city's collection and is carried over only to that city's later reports."""
    Document = get_document_model()
    named = Document.objects.filter(pk__in=document_ids)
    evidence = EvidenceCollection.objects.filter(collection_id__in=named.values("collection_id"))
    documents = list(
        Document.objects.select_for_update().filter(
            pk__in=document_ids, collection_id__in=evidence.values("collection_id")
        )
    )
    if not documents:
        return 0
    cities = {city.pk, *evidence.values_list("city_id", flat=True)}
    submitted = set()
    for frozen in Submission.objects.filter(report__city__in=cities).values_list("answers", flat=True):
        submitted.update(files_named(frozen))
    unused = [document for document in documents if document.pk not in submitted and not is_used(document)]
    for document in unused:
        document.delete()  # Wagtail deletes its file once this commits
    return len(unused)


def is_used(document):
    """Whether any record links to the document (answers of any report, engagements, a library item's full
    text, …) or any page or snippet names it (Wagtail's reference index)."""
    for relation in document._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and relation.is_relation:
            linking = relation.related_model._base_manager.filter(**{relation.field.name: document})
            if linking.exists():
                return True
    return ReferenceIndex.get_references_to(document).exists()
