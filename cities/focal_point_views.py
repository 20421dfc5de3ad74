"""Admin views for UIL staff: a city's focal points (invite, remove) and their recent activity."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import PageLogEntry

from network.exports import ReadableExportMixin
from network.record_ids import record_id

from .focal_points import city_language, focal_points_of, remove_focal_point
from .invitations import InvitationRefused, invite, open_invitations_of, withdraw_invitation
from .models import CityPage
from .permissions import STAFF_GROUP_NAME

MANAGE_PERMISSION = "cities.manage_focal_points"
ACTIVITY_PERMISSION = "cities.view_focal_point_activity"


class InviteFocalPointForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Full name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=gettext_lazy(
            "The invitation and the admin are in this language. An existing account keeps its own choice."
        ),
    )


class FocalPointsView(WagtailAdminTemplateMixin, FormView):
    """A city's focal points: who they are, invite one by name and e-mail, remove one; the invitations
    that existing accounts have not confirmed yet, which staff can withdraw."""

    template_name = "cities/admin/focal_points.html"
    form_class = InviteFocalPointForm
    header_icon = "group"

    def dispatch(self, request, page_id):
        if not request.user.has_perm(MANAGE_PERMISSION):
            raise PermissionDenied
        page = get_object_or_404(CityPage, pk=page_id)
        # A translation's focal points are its city's: access, group and collection hang on the original.
        self.city = page.original()
        if self.city is None:
            raise Http404
        if self.city.pk != page.pk and request.method == "GET":
            return redirect("cities:focal_points", self.city.pk)
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return _("Focal points")

    def get_page_subtitle(self):
        return self.city.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_pages:edit", args=[self.city.pk]), "label": self.city.title},
            {"url": "", "label": _("Focal points")},
        ]

    def get_initial(self):
        return {"language": city_language(self.city)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "city": self.city,
                "focal_points": focal_points_of(self.city),
                "invitations": open_invitations_of(self.city),
                "self_url": self.request.path,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if "remove" in request.POST:
            return self.remove(request)
        if "withdraw" in request.POST:
            return self.withdraw(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            outcome = invite(
                self.city,
                form.cleaned_data["email"],
                form.cleaned_data["name"],
                language=form.cleaned_data["language"] or None,
                invited_by=self.request.user,
            )
        except InvitationRefused as refusal:
            form.add_error("email", refusal.message)
            return self.form_invalid(form)
        values = {"email": outcome.user.email, "city": self.city.title}
        if outcome.already:
            messages.info(self.request, _("%(email)s is already a focal point of %(city)s.") % values)
        elif outcome.pending:
            message = _(
                "%(email)s belongs to an existing account: it becomes a focal point of %(city)s once its "
                "owner, signed in, confirms with the link that was e-mailed."
            )
            messages.success(self.request, message % values)
        else:
            message = _(
                "%(email)s is now a focal point of %(city)s; an invitation to choose a password was sent."
            )
            messages.success(self.request, message % values)
        return redirect(self.request.path)

    def withdraw(self, request):
        invitation_id = record_id(request.POST.get("withdraw", ""))
        invitation = withdraw_invitation(self.city, invitation_id) if invitation_id is not None else None
        if invitation is None:
            messages.error(request, _("That invitation is not pending."))
        else:
            messages.success(
                request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
            )
        return redirect(request.path)

    def remove(self, request):
        user_id = record_id(request.POST.get("remove", ""))
        user = get_user_model().objects.filter(pk=user_id).first() if user_id is not None else None
        if user is None or not focal_points_of(self.city).filter(pk=user.pk).exists():
            messages.error(request, _("That person is not a focal point of this city."))
        else:
            remove_focal_point(self.city, user)
            messages.success(
                request,
                _("%(name)s is no longer a focal point of %(city)s.")
                % {"name": user.get_full_name() or user.email, "city": self.city.title},
            )
        return redirect(request.path)


class FocalPointActivityReport(ReadableExportMixin, ReportView):
    """Who among the focal points changed which city page, when, and how."""

    page_title = gettext_lazy("Recent focal point activity")
    header_icon = "history"
    results_template_name = "cities/admin/focal_point_activity_results.html"
    list_export = ["timestamp", "user_email", "city", "action_label"]
    export_headings = {
        "timestamp": gettext_lazy("Date and time"),
        "user_email": gettext_lazy("Focal point"),
        "city": gettext_lazy("City"),
        "action_label": gettext_lazy("Action"),
    }
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(ACTIVITY_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        """Changes to city pages by people who are neither UIL staff nor administrators.

        Not "current members of a focal-point group": a removed focal point's changes stay listed.
        """
        return (
            PageLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(CityPage), user__isnull=False
            )
            .exclude(user__is_superuser=True)
            .exclude(user__groups__name=STAFF_GROUP_NAME)
            .select_related("user", "page")
            .order_by("-timestamp")
        )

    def to_row_dict(self, item):
        return {
            "timestamp": item.timestamp,
            "user_email": item.user.email if item.user else "",
            "city": item.label,
            "action_label": item.message,
        }
