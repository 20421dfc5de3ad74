"""The bulk deletes of the Mailings and Segments listings, each button saying what it deletes (Wagtail's
says "snippets"); for mailings, drafts only, as the single delete view (views.DraftOnlyMixin).

A mailing that left the draft state (queued, being sent, sent) is the record of what went to whom. If the
chosen mailings include one, the confirmation says which and offers no button, and a delete request
deletes none of them and says why. The check is made again on the rows, locked, in the deletion's
transaction: a mailing queued meanwhile is kept all the same.
"""

from django.shortcuts import redirect
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
        return redirect(self.next_url)

    @classmethod
    def execute_action(cls, objects, **kwargs):
        # In Wagtail's transaction: the rows stay as checked until they are deleted.
        chosen = Mailing.objects.select_for_update().filter(pk__in=[mailing.pk for mailing in objects])
        if not_drafts := [mailing for mailing in chosen.order_by("pk") if not mailing.is_draft]:
            raise NotADraft(not_drafts)
        return super().execute_action(objects, **kwargs)


class DeleteSegmentsBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete, for segments, registered after it as DeleteDraftsBulkAction is."""

    models = [Segment]
    aria_label = gettext_lazy("Delete selected segments")


def subjects(mailings):
    return ", ".join(f"“{mailing}”" for mailing in mailings)
