"""The button "Remind the focal points of incomplete profiles" of the profile completeness report.

Its POST writes a draft: the day's segment of the current focal points of the cities whose profile is
incomplete (as cities.completeness counts it), and a mailing to them in Spanish, Portuguese and English.
Staff land on the mailing's edit view to review it and send it themselves; nothing is sent here.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin.viewsets.base import ViewSet

from cities.completeness import incomplete, may_read, profile_rows

from .reminders import draft_mailing, focal_points_segment, may_write_reminders, warn_of_cities_out_of_reach

# The subjects in the mailing's three languages (the messages are in
# templates/mailings/admin/profile_reminder_*.txt), written in each language rather than through the
# catalogues: every version must exist in its own language, whatever language staff read the admin in.
SUBJECTS = {
    "es": "Complete el perfil de su ciudad en la Red de Ciudades del Aprendizaje",
    "pt": "Complete o perfil da sua cidade na Rede de Cidades de Aprendizagem",
    "en": "Please complete your city's profile in the Learning Cities Network",
}


def may_remind(user):
    """Who may read the report (which cities lack what) and write mailings."""
    return may_read(user) and may_write_reminders(user)


def reminder_segment(city_ids, user):
    """The day's segment of the focal points of incomplete profiles."""
    day = timezone.localdate().isoformat()
    with translation.override(settings.LANGUAGE_CODE):
        name = _("Focal points of incomplete profiles (%(date)s)") % {"date": day}
        description = _("The current focal points of the cities whose profile was incomplete on %(date)s.")
        description %= {"date": day}
    return focal_points_segment(city_ids, user, name, description)


class RemindView(View):
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not may_remind(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        city_ids = [row["pk"] for row in incomplete(profile_rows())]
        if not city_ids:
            # A segment of focal points without cities would hold every focal point of the network.
            messages.info(request, _("Every city profile is complete: there is nobody to remind."))
            return redirect("cities_profile_completeness:index")
        segment = reminder_segment(city_ids, request.user)
        mailing = draft_mailing(
            segment, request.user, SUBJECTS, "mailings/admin/profile_reminder_%(language)s.txt"
        )
        messages.success(
            request,
            ngettext(
                "The reminder to the focal points of %(count)s incomplete profile is a draft: "
                "review it, then send it.",
                "The reminder to the focal points of %(count)s incomplete profiles is a draft: "
                "review it, then send it.",
                len(city_ids),
            )
            % {"count": len(city_ids)},
        )
        warn_of_cities_out_of_reach(request, city_ids)
        return redirect("wagtailsnippets_mailings_mailing:edit", mailing.pk)


class ProfileReminderViewSet(ViewSet):
    """`mailings_profile_reminders:remind`: reached from the profile completeness report."""

    name = "mailings_profile_reminders"
    url_prefix = "mailings/profile-reminders"

    def get_urlpatterns(self):
        return [path("", RemindView.as_view(), name="remind")]


profile_reminder_viewset = ProfileReminderViewSet()
