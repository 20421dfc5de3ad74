"""A page per person: the contact's inspect view, and what staff do from there.

The page shows the person's roles (current and past), e-mail addresses, phones, organisation, consent,
every engagement they took part in (newest first, paginated, with its documents) and, for each current
focal-point role, whether the person was invited and has an account. From there: log an engagement
with them, invite them as the city's focal point without retyping anything, download everything held
about them (audited), or erase them (the contact's delete view, contacts/deletion.py).
"""

import json
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Prefetch
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import get_supported_language_variant, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import View
from wagtail import hooks
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import log

from cities.focal_point_views import MANAGE_PERMISSION
from cities.invitations import InvitationRefused, invite, pending_invitations
from cities.models import CityAccess, CityPage
from network.inspect_views import ReadableInspectView
from network.record_ids import record_id

from .merge import may_merge
from .models import CityRole, Contact
from .permissions import contact_policy, engagement_policy
from .privacy import export_contact
from .views import EngagementCreateView

ENGAGEMENTS_PER_PAGE = 20
# Hook functions (contact, user) -> (template name, context), or (None, None) to add nothing.
PERSON_SECTIONS_HOOK = "contacts_person_sections"
EXPORT_ACTION = "contacts.export"


@hooks.register("register_log_actions")
def register_export_action(actions):
    actions.register_action(
        EXPORT_ACTION, gettext_lazy("Export personal data"), gettext_lazy("Personal data exported")
    )


@dataclass
class FocalPointState:
    """Where a current focal-point role stands: no access yet, invited (since `since`), or active."""

    role: CityRole
    state: str = "none"
    since: object = None
    account: object = None


def focal_point_states(contact, roles, emails):
    """The state of each current focal-point role, in a fixed number of queries.

    An account is the person's when it is active and has one of their addresses (as in
    contacts.focal_point_sync). It is active in the city once it belongs to the city's group and has
    chosen a password; invited while it has not, or while an invitation to it waits for confirmation.
    """
    roles = [role for role in roles if role.role == CityRole.Role.FOCAL_POINT and role.is_current]
    if not roles:
        return []
    addresses = {email.address.lower() for email in emails}
    city_ids = {role.city_id for role in roles}
    groups = dict(CityAccess.objects.filter(page__in=city_ids).values_list("page_id", "group_id"))
    accounts = list(
        get_user_model()
        .objects.annotate(address=Lower("email"))
        .filter(address__in=addresses, is_active=True)
        .prefetch_related("groups")
        .order_by("pk")
    )
    invitations = {}
    for invitation in (
        pending_invitations()
        .annotate(address=Lower("email"))
        .filter(page__in=city_ids, address__in=addresses)
        .order_by("created_at")
    ):
        invitations[invitation.page_id] = invitation
    states = []
    for role in roles:
        members = [
            account
            for account in accounts
            if groups.get(role.city_id) in {group.pk for group in account.groups.all()}
        ]
        active = next((account for account in members if account.has_usable_password()), None)
        if active is not None:
            states.append(FocalPointState(role, "active", active.last_login, active))
        elif members:
            states.append(FocalPointState(role, "invited", members[0].date_joined, members[0]))
        elif role.city_id in invitations:
            invitation = invitations[role.city_id]
            states.append(FocalPointState(role, "invited", invitation.created_at, invitation.user))
        else:
            states.append(FocalPointState(role, "none"))
    return states


class PersonView(ReadableInspectView):
    """The contact's inspect view, made into the person's page."""

    template_name = "contacts/admin/person.html"
    page_title = gettext_lazy("Person")
    permission_required = "view"
    any_permission_required = None
    export_url_name = None
    invite_url_name = None
    person_fields = [
        "job_title",
        "organisation",
        "city",
        "preferred_language",
        "tags",
        "notes",
        "consent_basis",
        "consent_date",
        "consent_source",
        "unsubscribed_at",
    ]

    def get_object(self, queryset=None):
        return get_object_or_404(Contact.objects.select_related("organisation", "city"), pk=self.pk)

    def get_fields(self):
        return self.person_fields

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    def get_tags_display_value(self):
        """The tags by name, in order; "—" as for the page's other empty facts (Wagtail writes "-")."""
        return ", ".join(sorted(tag.name for tag in self.object.tags.all())) or "—"

    @cached_property
    def roles(self):
        return list(
            self.object.roles.select_related("city").order_by(
                F("start_date").desc(nulls_last=True), "sort_order", "pk"
            )
        )

    def engagements_page(self):
        engagements = self.object.engagements.order_by("-date", "-pk").prefetch_related(
            Prefetch("cities", queryset=CityPage.objects.only("title")), "documents"
        )
        return Paginator(engagements, ENGAGEMENTS_PER_PAGE).get_page(self.request.GET.get("p"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        contact = self.object
        emails = list(contact.emails.all())
        may_invite = bool(emails) and user.has_perm(MANAGE_PERMISSION)
        log_url = None
        if engagement_policy.user_has_permission(user, "add"):
            log_url = reverse("wagtailsnippets_contacts_engagement:add") + f"?participant={contact.pk}"
        context.update(
            {
                "contact": contact,
                "emails": emails,
                "phones": list(contact.phones.all()),
                "current_roles": [role for role in self.roles if role.is_current],
                "past_roles": [role for role in self.roles if not role.is_current],
                "focal_point_states": focal_point_states(contact, self.roles, emails),
                "engagements": self.engagements_page(),
                "log_url": log_url,
                "invite_url": may_invite and reverse(self.invite_url_name, args=[contact.pk]),
                "export_url": self.user_has_permission("delete")
                and reverse(self.export_url_name, args=[contact.pk]),
                "merge_url": may_merge(self.request.user)
                and reverse("contacts_merge:merge", args=[contact.pk]),
                "erase_url": self.get_delete_url(),
                # Sections other apps add (events: the person's registrations), through a hook, so that
                # the engagement log imports none of them.
                "extra_sections": [
                    render_to_string(template, section_context, request=self.request)
                    for hook in hooks.get_hooks(PERSON_SECTIONS_HOOK)
                    for template, section_context in [hook(contact, user)]
                    if template
                ],
            }
        )
        return context


class PersonActionView(PermissionCheckedMixin, View):
    """An action on one person, by POST only; `inspect_url_name` is the page it returns to."""

    model = Contact
    inspect_url_name = None
    http_method_names = ["post"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.contact = get_object_or_404(Contact, pk=kwargs["pk"])

    def back(self):
        return redirect(self.inspect_url_name, self.contact.pk)


class ExportView(PersonActionView):
    """Everything held about the person as a JSON file (contacts.privacy), with an entry in the audit log."""

    permission_required = "delete"

    def post(self, request, pk):
        data = json.dumps(export_contact(self.contact), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        log(self.contact, EXPORT_ACTION, user=request.user)
        response = HttpResponse(data, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="contact-{self.contact.pk}.json"'
        return response


class InviteView(PersonActionView):
    """Invite the person as focal point of the city of one of their current focal-point roles, with their
    first e-mail address, their name and their preferred language: nothing is typed again."""

    permission_required = "view"

    def post(self, request, pk):
        if not request.user.has_perm(MANAGE_PERMISSION):
            raise PermissionDenied
        city_id = request.POST.get("city", "")
        role = next(
            (
                role
                for role in self.contact.roles.filter(role=CityRole.Role.FOCAL_POINT).select_related("city")
                if role.is_current and str(role.city_id) == city_id
            ),
            None,
        )
        email = self.contact.emails.order_by("sort_order", "pk").first()
        if role is None or email is None:
            messages.error(
                request, _("This person has no current focal-point role in that city, or no e-mail.")
            )
            return self.back()
        name = " ".join(part for part in (self.contact.given_name, self.contact.family_name) if part)
        try:
            outcome = invite(
                role.city, email.address, name, language=admin_language(self.contact), invited_by=request.user
            )
        except InvitationRefused as refusal:
            messages.error(request, refusal.message)
            return self.back()
        values = {"email": outcome.user.email, "city": role.city.title}
        if outcome.already:
            messages.info(request, _("%(email)s is already a focal point of %(city)s.") % values)
        elif outcome.pending:
            message = _(
                "%(email)s belongs to an existing account: it becomes a focal point of %(city)s once its "
                "owner, signed in, confirms with the link that was e-mailed."
            )
            messages.success(request, message % values)
        else:
            message = _(
                "%(email)s is now a focal point of %(city)s; an invitation to choose a password was sent."
            )
            messages.success(request, message % values)
        return self.back()


def admin_language(contact):
    """The admin language closest to the person's preferred one, or None (the city's language)."""
    try:
        return get_supported_language_variant(contact.preferred_language)
    except LookupError:
        return None


class PersonEngagementCreateView(EngagementCreateView):
    """ "Log an engagement with them": `?participant=<id>` fills in the person and, unless a city is
    given, the cities of their current roles (or their own city)."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance()
        contact_id = record_id(self.request.GET.get("participant", ""))
        if contact_id is None or not contact_policy.user_has_permission(self.request.user, "view"):
            return instance
        contact = Contact.objects.select_related("city").filter(pk=contact_id).first()
        if contact is None:
            return instance
        instance.participants = [contact]
        if "city" not in self.request.GET:
            roles = contact.roles.current().select_related("city").order_by("sort_order", "pk")
            cities = {role.city.pk: role.city for role in roles}
            if not cities and contact.city is not None:
                cities[contact.city.pk] = contact.city
            instance.cities = list(cities.values())
        return instance


class PersonPageViewSetMixin:
    """For the contacts' SnippetViewSet: the person page as inspect view, and its export and invite URLs."""

    inspect_view_class = PersonView

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            export_url_name=self.get_url_name("export_data"),
            invite_url_name=self.get_url_name("invite_focal_point"),
            **kwargs,
        )

    def action_view(self, view_class):
        return self.construct_view(view_class, inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("export-data/<int:pk>/", self.action_view(ExportView), name="export_data"),
            path("invite/<int:pk>/", self.action_view(InviteView), name="invite_focal_point"),
        ]
