"""Auditing an import: Wagtail's audit log and reference index know what it wrote.

Bulk writes skip `save()` and its signals, so nothing else records them: each record created or
changed gets the log entry that `wagtail.log_actions.log` would write, all sharing one uuid per
import, and its reference index rows (Wagtail's "Used N times") are brought up to date.

Wagtail's public `ReferenceIndex.create_or_update_for_object` costs two queries per record: 10,000 for a
file of 5,000 rows, which took 20-25 s of a 25 s confirm (docs/performance.md, "Imports"). So the rows
of a new record whose only references are foreign keys (its own and its child rows') are written in
bulk, as that method would write them, with two private helpers of `ReferenceIndex` (listed in
docs/upgrading.md; a test compares the rows with Wagtail's). Changed records, and records with richer
references, go through the public method.
"""

import functools
import uuid

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRel
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import prefetch_related_objects
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry, ReferenceIndex

from .lookups import BATCH_SIZE, chunks


class AuditTrail:
    """Audit log entries for everything an import creates or changes, written in bulk by `save()`.

    The entries' data name the file and its lines, and for an edit the fields it changed.
    """

    def __init__(self, filename, user):
        self.filename, self.user = filename, user
        self.uuid = uuid.uuid4()
        self.timestamp = timezone.now()
        self.entries, self.created, self.changed = [], [], []

    def add(self, instance, action, lines, fields=None):
        """Record the action; `fields` are the names of the fields an edit changed."""
        data = {"import": {"file": self.filename, "lines": lines}}
        if fields:
            data["import"]["fields"] = fields
        if action == "wagtail.create":
            self.created.append(instance)
        elif any(_is_indexed_field(type(instance), name) for name in fields or ()):
            self.changed.append(instance)
        if log_registry.get_log_model_for_instance(instance) is not ModelLogEntry:
            log(instance, action, user=self.user, uuid=self.uuid, data=data, content_changed=True)
            return
        self.entries.append(
            ModelLogEntry(
                content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
                label=ModelLogEntry.objects.get_instance_title(instance),
                action=action,
                data=data,
                timestamp=self.timestamp,
                uuid=self.uuid,
                user=self.user,
                object_id=str(instance.pk),
                content_changed=True,
            )
        )

    def save(self):
        ModelLogEntry.objects.bulk_create(self.entries, batch_size=BATCH_SIZE)
        in_bulk, one_by_one = [], list(self.changed)
        for instance in self.created:
            (in_bulk if _foreign_keys_only(type(instance)) else one_by_one).append(instance)
        index_foreign_keys(in_bulk)
        update_reference_index(one_by_one)


def _is_indexed_field(model, name):
    """Whether the reference index may hold something of this field: a foreign key, child rows, or a
    field with references inside (StreamField, rich text). Many-to-many fields are not indexed."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    if model_field.is_relation:
        return not model_field.many_to_many
    return hasattr(model_field, "extract_references")


def update_reference_index(instances):
    """Index these records' references, reading their child rows (which may refer to other records)
    a batch at a time rather than one query per record and relation."""
    by_model = {}
    for instance in instances:
        by_model.setdefault(type(instance), []).append(instance)
    for model, records in by_model.items():
        if not ReferenceIndex.is_indexed(model):
            continue
        relations = []
        if issubclass(model, ClusterableModel):
            relations = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
        for chunk in chunks(records):
            prefetch_related_objects(chunk, *relations)
            for instance in chunk:
                ReferenceIndex.create_or_update_for_object(instance)


def _child_relations(model):
    if not issubclass(model, ClusterableModel):
        return []
    relations = get_all_child_relations(model)
    return [(relation.get_accessor_name(), relation.related_model) for relation in relations]


@functools.cache
def _foreign_keys_only(model):
    """Whether the reference index holds nothing of the model's records but foreign keys, its own and
    its child rows' (modelcluster, one level): no generic relation, no field with references inside."""
    if not ReferenceIndex.is_indexed(model):
        return False
    for child in [model] + [child for _name, child in _child_relations(model)]:
        if child is not model and _child_relations(child):
            return False
        for model_field in child._meta.get_fields():
            if isinstance(model_field, GenericForeignKey) or hasattr(model_field, "extract_references"):
                return False
    return True


@functools.cache
def _indexed_foreign_keys(model):
    """The foreign keys Wagtail's reference index records for a record of the model (its rules for
    foreign keys: not a parental key, not marked `wagtail_reference_index_ignore`)."""
    return [
        model_field
        for model_field in model._meta.get_fields()
        if model_field.is_relation
        and model_field.many_to_one
        and not isinstance(model_field, ParentalKey | GenericRel | GenericForeignKey)
        and not getattr(model_field, "wagtail_reference_index_ignore", False)
        and not getattr(model_field.related_model, "wagtail_reference_index_ignore", False)
    ]


def _foreign_key_rows(instance):
    """(model_path, content_path, related model, id) of every foreign key the index records for it."""
    for model_field in _indexed_foreign_keys(type(instance)):
        value = model_field.value_from_object(instance)
        if value is not None:
            yield model_field.name, model_field.name, model_field.related_model, value
    for name, child_model in _child_relations(type(instance)):
        if not _indexed_foreign_keys(child_model):
            continue
        for child in getattr(instance, name).all():
            for model_path, content_path, related_model, value in _foreign_key_rows(child):
                yield f"{name}.item.{model_path}", f"{name}.{child.pk}.{content_path}", related_model, value


def index_foreign_keys(instances):
    """The reference index rows of new records, in bulk: the rows `create_or_update_for_object` writes."""
    rows = []
    for chunk in chunks(instances):
        by_model = {}
        for instance in chunk:
            by_model.setdefault(type(instance), []).append(instance)
        for model, records in by_model.items():
            relations = [name for name, child in _child_relations(model) if _indexed_foreign_keys(child)]
            prefetch_related_objects(records, *relations)
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            base_content_type = ReferenceIndex._get_base_content_type(model)
            for instance in records:
                for model_path, content_path, related_model, value in _foreign_key_rows(instance):
                    rows.append(
                        ReferenceIndex(
                            content_type=content_type,
                            base_content_type=base_content_type,
                            object_id=str(instance.pk),
                            to_content_type=ReferenceIndex._get_base_content_type(related_model),
                            to_object_id=str(value),
                            model_path=model_path,
                            content_path=content_path,
                            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                        )
                    )
    ReferenceIndex.objects.bulk_create(
        rows, batch_size=BATCH_SIZE, ignore_conflicts=connection.features.supports_ignore_conflicts
    )
