"""A save made from an edit form opened before the record last changed is refused, with what changed
since, and the form comes back with what the user typed.

For models without revisions (the engagement log's: revisions would keep copies of personal data that
erasure must remove), where Wagtail's own concurrency checks do not apply. The form carries the version
of the record it showed: a digest of the record as stored (its editable fields, its many-to-many links
and its inline children) and the time the form was opened. A digest rather than a counter or an
`updated_at` field: no code has to remember to change it, so every change counts, however it was made
(the person's own unsubscribe saves one field, an import adds an address, an erasure takes a participant
out of an engagement). Fields the form does not show (a reminder's bookkeeping) are left out: the form
cannot overwrite them, so their changes are no conflict.

The edit view locks the record's row before the form reads it (admin POSTs run in one transaction,
network/admin_transactions.py): no other save can land between the check and the save.
"""

import hashlib
import json
from datetime import UTC, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import ModelLogEntry
from wagtail.snippets.views.snippets import EditView

VERSION_FIELD = "edited_version"


def stored_digest(model, pk):
    """A digest of the record as stored, with its many-to-many links and inline children ("" if gone)."""
    record = model._default_manager.filter(pk=pk).first()
    if record is None:
        return ""
    state = [editable_values(record)]
    for field in model._meta.many_to_many:
        state.append(sorted(getattr(record, field.name).values_list("pk", flat=True)))
    for relation in get_all_child_relations(model):
        children = relation.related_model._default_manager.filter(**{relation.field.name: pk}).order_by("pk")
        state.append([editable_values(child) for child in children])
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()


def editable_values(record):
    return [field.value_to_string(record) for field in record._meta.concrete_fields if field.editable]


def version_of(instance, opened_at=None):
    """The version a form opened now shows: "<digest>:<when it was opened, as a POSIX timestamp>"."""
    opened_at = opened_at or timezone.now()
    return f"{stored_digest(type(instance), instance.pk)}:{opened_at.timestamp():.6f}"


def opened_at_of(version):
    try:
        return datetime.fromtimestamp(float(version.rpartition(":")[2]), tz=UTC)
    except (ValueError, OverflowError, OSError):  # not a time this form could have been opened at
        return None


def changes_since(instance, opened_at):
    """The record's audit-log entries since the form was opened, in words ("" when none are known)."""
    if opened_at is None:
        return ""
    entries = (
        ModelLogEntry.objects.for_instance(instance)
        .filter(timestamp__gt=opened_at)
        .select_related("user")
        .order_by("timestamp")
    )
    described = []
    for entry in entries:
        values = {
            "action": entry.message,
            "user": entry.user_display_name,
            "time": formats.date_format(timezone.localtime(entry.timestamp), "SHORT_DATETIME_FORMAT"),
        }
        if entry.user_id:
            described.append(_("“%(action)s” by %(user)s on %(time)s") % values)
        else:
            described.append(_("“%(action)s” on %(time)s") % values)
    return "; ".join(described)


class VersionCheckedForm(WagtailAdminModelForm):
    """An edit form that carries the version of the record it showed, and is invalid once that is not the
    stored one any more. A form sent without a version (a script's) is not checked."""

    edited_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields.pop(VERSION_FIELD)
        elif not self.is_bound:
            self.fields[VERSION_FIELD].initial = version_of(self.instance)

    def clean(self):
        """The conflict first: a stale form's other problems (a likely duplicate) are not worth solving."""
        sent = self.cleaned_data.get(VERSION_FIELD)
        if sent and sent.partition(":")[0] != stored_digest(type(self.instance), self.instance.pk):
            self.add_error(None, ValidationError(self.conflict_message(sent), code="edit_conflict"))
        return super().clean()

    def conflict_message(self, sent):
        changes = changes_since(self.instance, opened_at_of(sent))
        if changes:
            message = _(
                "This was changed after you opened the form (%(changes)s). Nothing of yours was saved: what "
                "you typed is still below. Open this page again in a new tab to see the saved version, and "
                "make your changes there."
            )
            return message % {"changes": changes}
        return _(
            "Someone else changed this after you opened the form. Nothing of yours was saved: what you typed "
            "is still below. Open this page again in a new tab to see the saved version, and make your "
            "changes there."
        )


class VersionCheckedEditView(EditView):
    """A snippet's edit view whose save locks the record's row first, for a VersionCheckedForm's check."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.method == "POST":
            return queryset.select_for_update(of=("self",))
        return queryset
