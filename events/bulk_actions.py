"""Accept or decline in bulk, from the staff's registrations listing (Wagtail's bulk actions, as
mailings/bulk_actions.py): each registration chosen goes through the same service as a single decision
(events/registration.py), so each person gets the same e-mail, and the places go in the order the people
registered, after the people waiting. A registration that no longer awaits approval is listed apart and
left as it is; the service checks it again under the event's lock, and skips one deleted meanwhile.

Accepting more people than an event has free places puts the rest on its waiting list: the confirmation
page says how many places are free and who will wait, and the message afterwards counts the people given
a place and those put on the waiting list apart.
"""

from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext
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
    # The statuses this decision gives, which its success message counts.
    outcomes = ()

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

    def get_execution_context(self):
        """A tally of the statuses the decisions gave, for the success message."""
        self.outcome = Counter()
        return {"outcome": self.outcome}

    @classmethod
    def execute_action(cls, objects, outcome=None, **kwargs):
        outcome = Counter() if outcome is None else outcome
        for registration in objects:
            if not is_pending(registration):
                continue
            try:
                decided = cls.decide(registration)
            except (Registration.DoesNotExist, EventPage.DoesNotExist):  # Deleted since it was chosen.
                continue
            if not is_pending(decided):
                outcome[decided.status] += 1
        # A registration decided otherwise in between (cancelled, declined) is not counted as this decision.
        return sum(outcome[status] for status in cls.outcomes), 0


class AcceptBulkAction(DecisionBulkAction):
    display_name = gettext_lazy("Accept")
    action_type = "accept"
    aria_label = gettext_lazy("Accept the selected registrations")
    decide = staticmethod(service.approve)
    outcomes = (Registration.Status.CONFIRMED, Registration.Status.WAITING)
    button_label = gettext_lazy("Yes, accept")

    def question(self, count):
        return ngettext(
            "Accept this registration? The person is told by e-mail.",
            "Accept these %(count)d registrations? Each person is told by e-mail.",
            count,
        ) % {"count": count}

    def get_context_data(self, **kwargs):
        """Each event with limited places says how many are free; each person, whether they would get a
        place or go on the waiting list, as the service gives places: in the order people registered."""
        context = super().get_context_data(**kwargs)
        chosen = [item["item"] for item in context["items"]]
        free = places_for_newcomers({registration.event for registration in chosen})
        given = Counter()
        for item in context["items"]:
            event = item["item"].event
            if free.get(event.pk) is not None:
                place = given[event.pk] < free[event.pk]
                given[event.pk] += 1
                status = Registration.Status.CONFIRMED if place else Registration.Status.WAITING
                item["outcome"] = status.label
        context["places_notes"] = [
            places_note(event, free[event.pk], given[event.pk])
            for event in unique_events(chosen)
            if free.get(event.pk) is not None
        ]
        return context

    def get_success_message(self, num_parent_objects, num_child_objects):
        confirmed = self.outcome[Registration.Status.CONFIRMED]
        waiting = self.outcome[Registration.Status.WAITING]
        with_a_place = ngettext("%(count)d with a place", "%(count)d with a place", confirmed) % {
            "count": confirmed
        }
        on_the_list = ngettext("%(count)d on the waiting list", "%(count)d on the waiting list", waiting) % {
            "count": waiting
        }
        if not waiting:
            outcome = with_a_place
        elif not confirmed:
            outcome = on_the_list
        else:
            # Translators: "1 with a place and 2 on the waiting list".
            outcome = gettext("%(with_a_place)s and %(on_the_list)s") % {
                "with_a_place": with_a_place,
                "on_the_list": on_the_list,
            }
        return ngettext(
            "%(count)d registration accepted (%(outcome)s); the person is told by e-mail.",
            "%(count)d registrations accepted (%(outcome)s); each person is told by e-mail.",
            num_parent_objects,
        ) % {"count": num_parent_objects, "outcome": outcome}


class DeclineBulkAction(DecisionBulkAction):
    display_name = gettext_lazy("Decline")
    action_type = "decline"
    aria_label = gettext_lazy("Decline the selected registrations")
    decide = staticmethod(service.decline)
    outcomes = (Registration.Status.DECLINED,)
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


def unique_events(registrations):
    """The registrations' events, each once, in the order they first appear."""
    return list({registration.event.pk: registration.event for registration in registrations}.values())


def places_for_newcomers(events):
    """{event id: places a person accepted now would get, None without a limit}, in one query. As the
    service gives them (events/registration.py `approve`): the people waiting come first, and once the
    event is over nobody waiting moves up, so a newcomer waits behind them."""
    counts = {
        row["event"]: row
        for row in Registration.objects.filter(event__in=[event.pk for event in events])
        .values("event")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        )
    }
    now = timezone.now()
    free = {}
    for event in events:
        if event.capacity is None:
            free[event.pk] = None
            continue
        row = counts.get(event.pk, {"confirmed": 0, "waiting": 0})
        if row["waiting"] and event.ends_at <= now:
            free[event.pk] = 0
        else:
            free[event.pk] = max(event.capacity - row["confirmed"] - row["waiting"], 0)
    return free


def places_note(event, free, chosen):
    """What accepting `chosen` people of an event with `free` places for them does."""
    if not free:
        return ngettext(
            "“%(event)s” has no place free: the person accepted will go on the waiting list.",
            "“%(event)s” has no place free: the %(count)d people accepted will go on the waiting list.",
            chosen,
        ) % {"event": event.title, "count": chosen}
    note = ngettext(
        "“%(event)s” has %(count)d place free, given in the order people registered.",
        "“%(event)s” has %(count)d places free, given in the order people registered.",
        free,
    ) % {"event": event.title, "count": free}
    if chosen <= free:
        return note
    rest = chosen - free
    return " ".join(
        [
            note,
            ngettext(
                "The other %(count)d person will go on the waiting list.",
                "The other %(count)d people will go on the waiting list.",
                rest,
            )
            % {"count": rest},
        ]
    )
