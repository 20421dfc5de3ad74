"""Merging a duplicate contact into the one to keep.

The duplicate's engagements, roles, e-mail addresses and phones move to the kept contact, empty fields
of the kept contact are filled from the duplicate, and the duplicate is deleted, all in one transaction
and audited on both. Choosing (GET) and confirming (GET, with the counts of what moves) change nothing;
only the confirmation's POST merges. Roles are moved by saving them, so contacts.signals keeps
focal-point access right; the cities of the kept contact's focal-point roles are synced again afterwards,
as its new addresses may belong to accounts.
"""

from dataclasses import dataclass, field
from uuid import uuid4

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import LogFormatter, log

from .choosers import ContactChooser
from .focal_point_sync import sync_city_focal_points
from .models import CityRole, Contact, ContactEmail, ContactPhone, Engagement
from .permissions import contact_policy

MERGE_ACTION = "contacts.merge"
FILLED_FIELDS = (
    "honorific",
    "family_name",
    "job_title",
    "organisation",
    "city",
    "notes",
    "consent_basis",
    "consent_date",
    "consent_source",
)


@hooks.register("register_log_actions")
def register_merge_action(actions):
    @actions.register_action(MERGE_ACTION)
    class MergeFormatter(LogFormatter):
        label = gettext_lazy("Merge contacts")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            if "merged" in data:
                return _("Merged %(name)s (#%(id)s) into this contact") % data["merged"]
            if "kept" in data:
                return _("Merged into contact #%(id)s") % data["kept"]
            return _("Merged")


def may_merge(user):
    """Merging changes the kept contact and deletes the other."""
    return contact_policy.user_has_permission(user, "change") and contact_policy.user_has_permission(
        user, "delete"
    )


@dataclass
class MergePlan:
    """What merging `merged` into `kept` moves, computed without changing anything."""

    merged: Contact
    kept: Contact
    engagements: list = field(default_factory=list)  # ids of engagements to re-point
    shared_engagements: int = 0  # already with the kept contact: the duplicate just leaves them
    roles: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    repeated_emails: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    filled: dict = field(default_factory=dict)  # {field name: value from the duplicate}

    @property
    def filled_labels(self):
        return [str(Contact._meta.get_field(name).verbose_name) for name in self.filled]


def plan_merge(merged, kept):
    through = Engagement.participants.through
    kept_engagements = set(through.objects.filter(contact=kept).values_list("engagement_id", flat=True))
    merged_engagements = set(through.objects.filter(contact=merged).values_list("engagement_id", flat=True))
    kept_addresses = {address.lower() for address in kept.emails.values_list("address", flat=True)}
    kept_numbers = {"".join(number.split()) for number in kept.phones.values_list("number", flat=True)}
    plan = MergePlan(
        merged=merged,
        kept=kept,
        engagements=sorted(merged_engagements - kept_engagements),
        shared_engagements=len(merged_engagements & kept_engagements),
        roles=list(merged.roles.select_related("city").order_by("sort_order", "pk")),
    )
    for email in merged.emails.order_by("sort_order", "pk"):
        repeated = email.address.lower() in kept_addresses
        (plan.repeated_emails if repeated else plan.emails).append(email)
        kept_addresses.add(email.address.lower())
    for phone in merged.phones.order_by("sort_order", "pk"):
        if "".join(phone.number.split()) not in kept_numbers:
            plan.phones.append(phone)
            kept_numbers.add("".join(phone.number.split()))
    for name in FILLED_FIELDS:
        value = getattr(merged, name)
        if value not in (None, "") and getattr(kept, name) in (None, ""):
            plan.filled[name] = value
    return plan


def next_order(model, contact):
    return (model.objects.filter(contact=contact).aggregate(last=Max("sort_order"))["last"] or 0) + 1


@transaction.atomic
def merge_contacts(merged, kept, user):
    """Merge the duplicate into the kept contact; returns the plan carried out."""
    locked = Contact.objects.select_for_update().filter(pk__in=[merged.pk, kept.pk]).order_by("pk")
    if len(locked) != 2:
        raise Contact.DoesNotExist
    plan = plan_merge(merged, kept)
    through = Engagement.participants.through
    through.objects.filter(contact=merged, engagement_id__in=plan.engagements).update(contact=kept)
    through.objects.filter(contact=merged).delete()
    # Addresses first: roles saved afterwards give access to the accounts of all the kept addresses.
    for model, moved in ((ContactEmail, plan.emails), (ContactPhone, plan.phones)):
        order = next_order(model, kept)
        for offset, child in enumerate(moved):
            model.objects.filter(pk=child.pk).update(contact=kept, sort_order=order + offset)
    order = next_order(CityRole, kept)
    for offset, role in enumerate(plan.roles):
        role.contact = kept
        role.sort_order = order + offset
        role.save()
    for name, value in plan.filled.items():
        setattr(kept, name, value)
    if plan.filled:
        kept.save(update_fields=[Contact._meta.get_field(name).attname for name in plan.filled])
    focal_cities = {
        role.city
        for role in CityRole.objects.filter(contact=kept, role=CityRole.Role.FOCAL_POINT).select_related(
            "city"
        )
    }
    for city in focal_cities:
        sync_city_focal_points(city)
    # Their own uuids: Wagtail's history shows one entry per uuid and action, across all contacts.
    log(kept, MERGE_ACTION, user=user, uuid=uuid4(), data={"merged": {"id": merged.pk, "name": str(merged)}})
    log(merged, MERGE_ACTION, user=user, uuid=uuid4(), data={"kept": {"id": kept.pk}}, deleted=True)
    merged.delete()
    return plan


class KeepForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Contact.objects.none(), widget=ContactChooser, label=gettext_lazy("Contact to keep")
    )

    def __init__(self, *args, merged, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = Contact.objects.exclude(pk=merged.pk)


class MergeView(WagtailAdminTemplateMixin, TemplateView):
    """Choose the contact to keep (GET), see what moves (GET with `keep`), merge (POST)."""

    header_icon = "user"

    def dispatch(self, request, pk):
        if not may_merge(request.user):
            raise PermissionDenied
        self.merged = get_object_or_404(Contact, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Merge into another contact")

    def get_page_subtitle(self):
        return str(self.merged)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_contacts_contact:list"), "label": _("Contacts")},
            {"url": person_url(self.merged), "label": str(self.merged)},
            {"url": "", "label": _("Merge")},
        ]

    def get(self, request, pk):
        form = KeepForm(request.GET if "keep" in request.GET else None, merged=self.merged)
        if not form.is_valid():
            self.template_name = "contacts/admin/merge_choose.html"
            return self.render_to_response(self.get_context_data(form=form))
        plan = plan_merge(self.merged, form.cleaned_data["keep"])
        self.template_name = "contacts/admin/merge_confirm.html"
        return self.render_to_response(self.get_context_data(plan=plan))

    def post(self, request, pk):
        form = KeepForm(request.POST, merged=self.merged)
        if not form.is_valid():
            self.template_name = "contacts/admin/merge_choose.html"
            return self.render_to_response(self.get_context_data(form=form))
        kept = form.cleaned_data["keep"]
        merged_name = str(self.merged)
        try:
            merge_contacts(self.merged, kept, request.user)
        except Contact.DoesNotExist:
            messages.error(request, _("One of the two contacts no longer exists: nothing was merged."))
            return redirect("wagtailsnippets_contacts_contact:list")
        messages.success(
            request, _("%(merged)s was merged into %(kept)s.") % {"merged": merged_name, "kept": kept}
        )
        return redirect(person_url(kept))


def person_url(contact):
    return reverse("wagtailsnippets_contacts_contact:inspect", args=[contact.pk])


class MergeViewSet(ViewSet):
    """`contacts_merge:merge` for a contact: reached from its person page."""

    name = "contacts_merge"
    url_prefix = "engagement-log/merge"

    def get_urlpatterns(self):
        return [path("<int:pk>/", MergeView.as_view(), name="merge")]


merge_viewset = MergeViewSet()
