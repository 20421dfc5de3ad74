"""The bulk deletes of the Mailings and Segments listings, each button saying what it deletes (Wagtail's
says "snippets"); for mailings, drafts only, as the single delete view (views.DraftOnlyMixin).

A mailing that left the draft state (queued, being sent, sent) is the record of what went to whom. If the
chosen mailings include one, the confirmation says which and offers no button, and a delete request
deletes none of them and says why. The check is made again on the rows, locked, in the deletion's
transaction: a mailing queued meanwhile is kept all the same.
"""

from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from .models import Mailing, Segment


class NotADraft(Exception):
    """Chosen mailings left the draft state while the deletion was being confirmed."""

    def __init__(self, mailings):
        super().__init__()
        self.mailings = mailings


class DeleteDraftsBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete, for mailings: drafts only (see the module's docstring). The registry keeps
    the last bulk action registered per model and action: mailings/wagtail_hooks.py registers this one
    after Wagtail's."""

    models = [Mailing]
    aria_label = gettext_lazy("Delete selected mailings")

    @cached_property
    def not_drafts(self):
        return [mailing for mailing in self.get_actionable_objects()[0] if not mailing.is_draft]

    def get(self, request, *args, **kwargs):
        if self.not_drafts:
            messages.error(
                request,
                _("Only draft mailings can be deleted; these were queued or sent: %(mailings)s.")
                % {"mailings": subjects(self.not_drafts)},
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.not_drafts:
            context["is_protected"] = True
        return context

    def prepare_action(self, objects, objects_without_access):
        if self.not_drafts:
            return self.refuse(self.not_drafts)
        return super().prepare_action(objects, objects_without_access)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except NotADraft as refusal:
            return self.refuse(refusal.mailings)

    def refuse(self, mailings):
        messages.error(
            self.request,
            _(
                "Nothing was deleted: only draft mailings can be deleted, and these were queued or sent: "
                "%(mailings)s."
            )
            % {"mailings": subjects(mailings)},
        )
        return HttpResponseRedirect(self.next_url)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        # In Wagtail's transaction: the rows stay as checked until they are deleted.
        chosen = Mailing.objects.select_for_update().filter(pk__in=[mailing.pk for mailing in objects])
        if not_drafts := [mailing for mailing in chosen.order_by("pk") if not mailing.is_draft]:
            raise NotADraft(not_drafts)
        return super().execute_action(objects, **kwargs)


class DeleteSegmentsBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete, for segments, registered after it as DeleteDraftsBulkAction is.

    A segment that mailings use is kept (on_delete=PROTECT). Wagtail's confirmation offers no button then;
    a delete sent from a confirmation opened before a mailing came to use one deletes none of them and
    names the mailings, where Wagtail would answer "no permission". A mailing written while the deletion
    runs keeps its segment all the same (the database refuses; nothing is deleted)."""

    models = [Segment]
    aria_label = gettext_lazy("Delete selected segments")

    def uses(self, segments):
        """Which of `segments` mailings use, named (as named_uses), or "" when none."""
        return named_uses(Mailing.objects.filter(segment__in=segments).select_related("segment"))

    def get(self, request, *args, **kwargs):
        if uses := self.uses(self.get_actionable_objects()[0]):
            messages.error(
                request, _("These segments cannot be deleted: mailings use them: %(uses)s.") % {"uses": uses}
            )
        return super().get(request, *args, **kwargs)

    def prepare_action(self, objects, objects_without_access):
        if uses := self.uses(objects):
            return self.refuse(uses)
        return super().prepare_action(objects, objects_without_access)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError as refusal:
            # The deletion's transaction was rolled back: the mailings are named as the database found them.
            return self.refuse(named_uses(refusal.protected_objects))

    def refuse(self, uses):
        messages.error(
            self.request,
            _("Nothing was deleted: mailings use these segments: %(uses)s.") % {"uses": uses},
        )
        return HttpResponseRedirect(self.next_url)


def named_uses(mailings):
    """“Segment” (“Mailing”, …) for each segment of `mailings`, segments and mailings by name."""
    by_segment = {}
    for mailing in sorted(
        mailings, key=lambda mailing: (mailing.segment.name, mailing.subject_es, mailing.pk)
    ):
        by_segment.setdefault(mailing.segment, []).append(mailing)
    return "; ".join(f"“{segment}” ({subjects(mailings)})" for segment, mailings in by_segment.items())


def subjects(mailings):
    return ", ".join(f"“{mailing}”" for mailing in mailings)
