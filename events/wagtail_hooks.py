"""The staff's side of events: registrations as a snippet listing (filters, search, CSV/XLSX export),
under the engagement log's permissions model (UIL staff and administrators only)."""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from cities.admin_views import ReportViewSet
from cities.focal_points import cities_of
from contacts.choosers import CityChooser
from contacts.permissions import reads_the_log
from contacts.person import PERSON_SECTIONS_HOOK
from network.admin_search import AccentInsensitiveSearchMixin
from network.exports import ReadableExportMixin
from network.record_ids import record_id
from network.snippet_breadcrumbs import LazyBreadcrumbsMixin

from . import (
    approval_views,
    cancellation_views,
    check_in_views,
    city_views,
    deletion,
    invitations,
    reports,
    staff_views,
)
from . import registration as service
from .approval_views import ApprovalButton
from .bulk_actions import AcceptBulkAction, DeclineBulkAction
from .cancellation import EVENT_CANCELLED_ACTION
from .filters import SEARCH_FIELDS, RegistrationFilterSet
from .inspect_views import RegistrationInspectView
from .models import EventPage, Registration
from .permissions import registration_policy
from .registration_edit import RegistrationEditForm
from .staff_registration import CANCELLED_BY_STAFF_ACTION


@hooks.register("register_log_actions")
def register_registration_actions(actions):
    """What a registrant did to their consent on their personal page, in their contact's history; a
    cancellation staff made, in the registration's."""

    @actions.register_action(service.CONSENT_GIVEN_ACTION)
    class ConsentGiven(LogFormatter):
        label = _("Consent given on a registration page")

        def format_message(self, log_entry):
            title = (log_entry.data or {}).get("event", {}).get("title", "")
            return gettext("Consent given on their registration page for “%(title)s”") % {"title": title}

    @actions.register_action(service.CONSENT_WITHDRAWN_ACTION)
    class ConsentWithdrawn(LogFormatter):
        label = _("Consent withdrawn on a registration page")

        def format_message(self, log_entry):
            title = (log_entry.data or {}).get("event", {}).get("title", "")
            return gettext(
                "Consent withdrawn on their registration page for “%(title)s”: unsubscribed from mailings"
            ) % {"title": title}

    @actions.register_action(CANCELLED_BY_STAFF_ACTION)
    class CancelledByStaff(LogFormatter):
        label = _("Cancelled by staff")
        message = _("Cancelled by staff; the person was told by e-mail")

    @actions.register_action(EVENT_CANCELLED_ACTION)
    class EventCancelled(LogFormatter):
        label = _("Event cancelled")

        def format_message(self, log_entry):
            told = (log_entry.data or {}).get("told", 0)
            return ngettext(
                "Event cancelled; %(count)s person registered was told by e-mail",
                "Event cancelled; %(count)s people registered were told by e-mail",
                told,
            ) % {"count": told}


hooks.register("register_bulk_action", AcceptBulkAction)
hooks.register("register_bulk_action", DeclineBulkAction)

# Deleting a page never deletes an event's registrations (events/deletion.py).
hooks.register("before_delete_page", deletion.refuse_deleting_registered_events)
hooks.register("before_bulk_action", deletion.refuse_bulk_deleting_registered_events)


# Before anything asks Wagtail's registry for the policy (it would make a default one).
register_permission_policy(Registration, registration_policy)


class RegistrationIndexView(AccentInsensitiveSearchMixin, ReadableExportMixin, IndexView):
    def get_base_queryset(self):
        # The days each person was checked in, for the export (counted as the person page counts them).
        return (
            super()
            .get_base_queryset()
            .select_related("event", "city")
            .annotate(days_present=Count("check_ins__day", distinct=True))
        )

    @cached_property
    def header_buttons(self):
        """Add an attendee by hand, to the event the listing shows (the form asks otherwise)."""
        buttons = list(super().header_buttons)
        if staff_views.may_change(self.request.user):
            event = record_id(self.request.GET.get("event"))
            url = reverse("wagtailsnippets_events_registration:add_attendee")
            buttons.append(
                HeaderButton(
                    _("Add attendee"),
                    url=url if event is None else f"{url}?event={event}",
                    icon_name="plus",
                )
            )
        return buttons

    def get_list_more_buttons(self, instance):
        """Accept and Decline for a registration awaiting approval, Cancel for one still active, each coming
        back to the listing as it is (filters, search, page; the results view, which redraws a filtered
        table, shares its query)."""
        buttons = super().get_list_more_buttons(instance)
        if not staff_views.may_change(self.request.user):
            return buttons
        back = urlencode({"next": f"{self.index_url}?{self.request.GET.urlencode()}"})
        if instance.status == Registration.Status.PENDING:
            for decision, label in (("approve", _("Accept")), ("decline", _("Decline"))):
                url = reverse("events_approval:decide", args=[instance.pk, decision])
                buttons.append(ApprovalButton(label, f"{url}?{back}"))
        if staff_views.cancellable(instance):
            url = reverse("wagtailsnippets_events_registration:cancel", args=[instance.pk])
            buttons.append(Button(_("Cancel registration"), f"{url}?{back}", icon_name="cross", priority=40))
        return buttons


class RegistrationViewSet(LazyBreadcrumbsMixin, SnippetViewSet):
    model = Registration
    icon = "group"
    menu_label = _("Event registrations")
    menu_name = "event-registrations"
    menu_order = 160
    add_to_admin_menu = True
    index_view_class = RegistrationIndexView
    filterset_class = RegistrationFilterSet
    list_display = ["name", "email", "event", "city", "organisation", "status", "created_at"]
    list_per_page = 50
    search_fields = SEARCH_FIELDS
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_enabled = True
    inspect_view_class = RegistrationInspectView
    # Not the key of the person's personal link: it is their password to change or cancel the registration.
    inspect_view_fields = [
        "name",
        "email",
        "event",
        "status",
        "organisation",
        "role",
        "city",
        "language",
        "accessibility_needs",
        "consent_to_contact",
        "contact",
        "created_contact",
        "created_at",
        "updated_at",
        "notices",
    ]
    list_export = [
        "name",
        "email",
        "event",
        "status",
        "days_present",
        "organisation",
        "role",
        "city",
        "language",
        "accessibility_needs",
        "consent_to_contact",
        "created_at",
    ]
    export_headings = {"days_present": _("Days present")}
    # The name, to correct it: registration_edit.RegistrationEditForm makes an issued certificate again.
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("organisation"),
            FieldPanel("role"),
            FieldPanel("city", widget=CityChooser),
            FieldPanel("language"),
            FieldPanel("accessibility_needs"),
            FieldPanel("consent_to_contact"),
        ],
        base_form_class=RegistrationEditForm,
    )

    def get_urlpatterns(self):
        """Staff cancel a registration and add an attendee by hand (events/staff_views.py)."""
        return super().get_urlpatterns() + [
            path(f"cancel/<{self.pk_path_converter}:pk>/", staff_views.cancel, name="cancel"),
            path("add-attendee/", staff_views.add_attendee, name="add_attendee"),
        ]


register_snippet(RegistrationViewSet)


class CheckInViewSet(ViewSet):
    """The door's check-in page and the recording of attendance, per event."""

    name = "events_check_in"
    url_prefix = "events/check-in"

    def get_urlpatterns(self):
        return [
            path("<int:event_id>/", check_in_views.check_in_page, name="page"),
            path("<int:event_id>/record/", check_in_views.record, name="record"),
            path("<int:event_id>/certificates/", check_in_views.certificates, name="certificates"),
        ]


class ApprovalViewSet(ViewSet):
    """Staff accept or decline registrations awaiting approval (POST only)."""

    name = "events_approval"
    url_prefix = "events/registrations"

    def get_urlpatterns(self):
        return [path("<int:pk>/<str:decision>/", approval_views.decide, name="decide")]


class EventCancellationViewSet(ViewSet):
    """Staff cancel an event: a confirmation page, then the cancellation (events/cancellation_views.py)."""

    name = "events_cancellation"
    url_prefix = "events/cancel"

    def get_urlpatterns(self):
        return [path("<int:event_id>/", cancellation_views.cancel_event_view, name="cancel")]


class InvitationViewSet(ViewSet):
    """Write the draft invitation mailing of an event (POST only)."""

    name = "events_invitation"
    url_prefix = "events/invitation"

    def get_urlpatterns(self):
        return [path("<int:event_id>/", invitations.invite, name="write")]


class CityRegistrationsMenuItem(MenuItem):
    """For focal points: whoever cannot see every registration but has a city (no query for staff, whose
    permissions are read once per request anyway)."""

    def is_shown(self, request):
        user = request.user
        return not registration_policy.user_has_permission(user, "view") and cities_of(user).exists()


class CityRegistrationsViewSet(ViewSet):
    """A focal point's own city's registrants (cities/admin_scope.py lets focal points in)."""

    name = "events_city"
    url_prefix = "events/my-city"
    icon = "group"
    menu_label = _("Events: my city")
    menu_name = "events-my-city"
    add_to_admin_menu = True
    menu_order = 170
    menu_item_class = CityRegistrationsMenuItem

    def get_urlpatterns(self):
        return [path("", city_views.city_registrations, name="registrations")]

    @property
    def menu_url(self):
        return reverse("events_city:registrations")


# In the Reports menu after the engagement reports (contacts/viewsets.py), for the same readers.
attendance_report = ReportViewSet(
    "events_attendance_report",
    url_prefix="reports/event-attendance",
    view_class=reports.AttendanceReport,
    user_may_read=reads_the_log,
    menu_label=_("Attendance by city and theme"),
    menu_name="attendance-by-city-and-theme",
    menu_icon="group",
    menu_order=830,
)


@hooks.register("register_admin_viewset")
def register_event_viewsets():
    return [
        CheckInViewSet(),
        ApprovalViewSet(),
        InvitationViewSet(),
        EventCancellationViewSet(),
        CityRegistrationsViewSet(),
        attendance_report,
    ]


class EventButton(PageMenuItem):
    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, EventPage) and registration_policy.user_has_permission(
            user, "change"
        )


class CheckInButton(EventButton):
    label = _("Check-in")
    icon_name = "tick"

    @property
    def url(self):
        return reverse("events_check_in:page", args=[self.original_pk()])

    def original_pk(self):
        return self.page.specific_deferred.original().pk


class RegistrationsButton(CheckInButton):
    label = _("Registrations")
    icon_name = "group"

    @property
    def url(self):
        return reverse("wagtailsnippets_events_registration:list") + f"?event={self.original_pk()}"


class AddAttendeeButton(CheckInButton):
    label = _("Add attendee")
    icon_name = "plus"

    @property
    def url(self):
        return reverse("wagtailsnippets_events_registration:add_attendee") + f"?event={self.original_pk()}"


class InviteButton(CheckInButton):
    label = _("Invite a segment")
    icon_name = "mail"

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, EventPage) and invitations.may_invite(user)

    @property
    def url(self):
        return reverse("events_invitation:write", args=[self.original_pk()])


class CancelEventButton(CheckInButton):
    label = _("Cancel the event")
    icon_name = "cross"

    @property
    def url(self):
        return reverse("events_cancellation:cancel", args=[self.original_pk()])


@hooks.register("register_page_header_buttons")
def event_page_header_buttons(page, user, view_name, next_url=None):
    yield RegistrationsButton(page=page, priority=69)
    yield CheckInButton(page=page, priority=70)
    yield InviteButton(page=page, priority=71)
    yield AddAttendeeButton(page=page, priority=72)
    yield CancelEventButton(page=page, priority=73)


@hooks.register(PERSON_SECTIONS_HOOK)
def person_events(contact, user):
    """The person page lists the events the person registered for, with their state and attendance."""
    if not registration_policy.user_has_permission(user, "view"):
        return None, None
    registrations = (
        contact.registrations.select_related("event")
        .annotate(days_present=Count("check_ins__day", distinct=True))
        .order_by("-event__starts_at", "-pk")
    )
    return "events/admin/person_events.html", {"registrations": list(registrations)}
