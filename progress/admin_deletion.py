"""Deleting the framework and cycles in the admin: what cities' reports use is kept, and staff are told why.

Answers protect their question, reports their cycle and cycles their framework (on_delete=PROTECT), so
deleting a question with answers, anything above it (feature, focus area, area, framework), a framework a
cycle uses or a cycle with reports would fail. The snippets' delete view and the listing's bulk delete
check first: the confirmation offers no delete button and says why, and a delete request keeps everything
and sends the user back with the reason. A protected reference these checks do not foresee is refused the
same way when the deletion meets it.
"""

from django.contrib.admin.utils import quote
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.snippets import DeleteView

from .models import Answer, Area, Cycle, Feature, FocusArea, Framework, Question

# For each part of the framework: how an answer reaches it, and what staff are told when one does.
ANSWERS_TO = {
    Question: (
        "question",
        _(
            "This question has answers in cities' reports: it cannot be deleted. "
            "Make a new framework version instead."
        ),
    ),
    Feature: (
        "question__feature",
        _(
            "Questions of this feature have answers in cities' reports: it cannot be deleted. "
            "Make a new framework version instead."
        ),
    ),
    FocusArea: (
        "question__focus_area",
        _(
            "Questions of this focus area have answers in cities' reports: it cannot be deleted. "
            "Make a new framework version instead."
        ),
    ),
    Area: (
        "question__focus_area__area",
        _(
            "Questions of this area have answers in cities' reports: it cannot be deleted. "
            "Make a new framework version instead."
        ),
    ),
    Framework: (
        "question__focus_area__area__framework",
        _("Questions of this framework have answers in cities' reports: it cannot be deleted."),
    ),
}
FRAMEWORK_OF_A_CYCLE = _("A reporting cycle uses this framework: it cannot be deleted.")
CYCLE_WITH_REPORTS = _("Cities have started their reports for this cycle: it cannot be deleted.")
# The models whose admin deletion goes through this module (progress/wagtail_hooks.py).
MODELS = [Cycle, Framework, Area, FocusArea, Feature, Question]


def why_kept(obj):
    """Why `obj` cannot be deleted (the message for staff), or None if nothing of a report uses it."""
    if type(obj) in ANSWERS_TO:
        lookup, reason = ANSWERS_TO[type(obj)]
        if Answer.objects.filter(**{lookup: obj}).exists():
            return reason
    if isinstance(obj, Framework) and obj.cycles.exists():
        return FRAMEWORK_OF_A_CYCLE
    if isinstance(obj, Cycle) and obj.reports.exists():
        return CYCLE_WITH_REPORTS
    return None


def protected_reason(model):
    """The message for a protected reference that why_kept() does not foresee."""
    return gettext("Other records use this %(model_name)s: it cannot be deleted.") % {
        "model_name": model._meta.verbose_name
    }


class DeleteUnlessUsedView(DeleteView):
    """Wagtail's snippet delete view, refusing what reports use (see the module's docstring)."""

    @cached_property
    def reason_kept(self):
        return why_kept(self.object)

    def get(self, request, *args, **kwargs):
        if self.reason_kept:
            messages.error(request, self.reason_kept)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.reason_kept:
            # No confirmation and no button; and no link to the usage page, which lists no answers or
            # reports (Wagtail's reference index does not record them).
            context["is_protected"] = True
            context.pop("usage_url", None)
        return context

    def form_valid(self, form):
        if self.reason_kept:
            return self.refuse(self.reason_kept)
        try:
            return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            return self.refuse(protected_reason(self.model))

    def refuse(self, reason):
        messages.error(self.request, reason)
        return HttpResponseRedirect(self.get_back_url())

    def get_back_url(self):
        """Where the user came from (the listing) if the request names it, else the object's edit view."""
        if next_url := get_valid_next_url_from_request(self.request):
            return next_url
        if self.user_has_permission("change"):
            return reverse(self.edit_url_name, args=(quote(self.object.pk),))
        return reverse(self.index_url_name)


class DeleteUnlessUsedBulkAction(DeleteBulkAction):
    """The listing's bulk delete for the framework and cycles: if reports use any chosen object, nothing
    is deleted and the confirmation says why instead of offering the button."""

    models = MODELS

    @cached_property
    def reasons_kept(self):
        """{reason: [objects it keeps]} for the chosen objects that cannot be deleted."""
        kept = {}
        for obj in self.get_actionable_objects()[0]:
            if reason := why_kept(obj):
                kept.setdefault(reason, []).append(obj)
        return kept

    def show_reasons(self):
        for reason, objects in self.reasons_kept.items():
            names = ", ".join(f"“{obj}”" for obj in objects)
            messages.error(self.request, f"{names}: {reason}")

    def get(self, request, *args, **kwargs):
        self.show_reasons()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.reasons_kept:
            context["is_protected"] = True
        return context

    def prepare_action(self, objects, objects_without_access):
        if self.reasons_kept:
            self.show_reasons()
            return HttpResponseRedirect(self.next_url)
        return super().prepare_action(objects, objects_without_access)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            messages.error(self.request, protected_reason(self.model))
            return HttpResponseRedirect(self.next_url)
