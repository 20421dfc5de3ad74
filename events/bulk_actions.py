"""Accept or decline in bulk, from the staff's registrations listing (Wagtail's bulk actions, as
mailings/bulk_actions.py): each registration chosen goes through the same service as a single decision
(events/registration.py), so each person gets the same e-mail, and the places go in the order the people
registered, after the people waiting. A registration that no longer awaits approval is listed apart and
left as it is; the service checks it again under the event's lock, and skips one deleted meanwhile.
"""

from django.utils.translation import gettext_lazy, ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from network.admin_search import matching_words

from . import registration as service
from .filters import SEARCH_FIELDS, RegistrationFilterSet
from .models import EventPage, Registration
from .permissions import registration_policy


class DecisionBulkAction(SnippetBulkAction):
    models = [Registration]
    template_name = "events/admin/bulk_decide.html"
    action_priority = 20

    @classmethod
    def decide(cls, registration):
        raise NotImplementedError

    def get_all_objects_in_listing_query(self, parent_id):
        """What "select all in the listing" means: the registrations awaiting approval that the listing shows
        with its filters and search, which the browser sends along. Wagtail's own would take every
        registration of every event."""
        pending = Registration.objects.filter(status=Registration.Status.PENDING)
        listing = RegistrationFilterSet(self.request.GET, queryset=pending, request=self.request)
        if not listing.is_valid():
            return Registration.objects.none().values_list("pk", flat=True)
        chosen = listing.qs
        if query := self.request.GET.get("q", "").strip():
            chosen = matching_words(chosen, query, SEARCH_FIELDS)
        return chosen.values_list("pk", flat=True)

    @classmethod
    def get_queryset(cls, model, object_ids):
        # In the order the people registered, as single decisions taken down the list would give places.
        return list(
            model.objects.filter(pk__in=object_ids).select_related("event").order_by("created_at", "pk")
        )

    def check_perm(self, registration):
        return registration_policy.user_has_permission_for_instance(self.request.user, "change", registration)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decided"] = [item for item in context["items"] if not is_pending(item["item"])]
        context["items"] = [item for item in context["items"] if is_pending(item["item"])]
        context["action_label"] = self.display_name
        context["question"] = self.question(len(context["items"]))
        context["button_label"] = self.button_label
        context["button_class"] = " ".join(sorted(self.classes))
        return context

    @classmethod
    def execute_action(cls, objects, **kwargs):
        decided = 0
        for registration in objects:
            if not is_pending(registration):
                continue
            try:
                decided += not is_pending(cls.decide(registration))
            except (Registration.DoesNotExist, EventPage.DoesNotExist):  # Deleted since it was chosen.
                continue
        return decided, 0


class AcceptBulkAction(DecisionBulkAction):
    display_name = gettext_lazy("Accept")
    action_type = "accept"
    aria_label = gettext_lazy("Accept the selected registrations")
    decide = staticmethod(service.approve)
    button_label = gettext_lazy("Yes, accept")

    def question(self, count):
        return ngettext(
            "Accept this registration? The person is told by e-mail.",
            "Accept these %(count)d registrations? Each person is told by e-mail.",
            count,
        ) % {"count": count}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d registration accepted; the person is told by e-mail.",
            "%(count)d registrations accepted; each person is told by e-mail.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class DeclineBulkAction(DecisionBulkAction):
    display_name = gettext_lazy("Decline")
    action_type = "decline"
    aria_label = gettext_lazy("Decline the selected registrations")
    decide = staticmethod(service.decline)
    classes = {"serious"}
    button_label = gettext_lazy("Yes, decline")

    def question(self, count):
        return ngettext(
            "Decline this registration? The person is told by e-mail.",
            "Decline these %(count)d registrations? Each person is told by e-mail.",
            count,
        ) % {"count": count}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d registration declined; the person is told by e-mail.",
            "%(count)d registrations declined; each person is told by e-mail.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


def is_pending(registration):
    return registration.status == Registration.Status.PENDING
