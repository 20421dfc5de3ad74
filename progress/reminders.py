"""The button "Remind the focal points of late cities" of the cycle's list (progress/status.py).

Its POST writes a draft mailing to the current focal points of the cities whose report for the cycle is
late (past its due date, neither submitted nor accepted), through the CRM's segments and mailings
(mailings/reminders.py). Staff review it and send it from the mailing's page; nothing is sent here.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin.viewsets.base import ViewSet

from mailings.reminders import LANGUAGES, draft_mailing, focal_points_segment, warn_of_cities_out_of_reach

from .models import Cycle
from .permissions import may_remind
from .status import late_cities

# Each version written in its own language (the messages: templates/progress/email/late_report_*.txt).
SUBJECTS = {
    "es": "Informe de progreso %(cycle)s de su ciudad: el plazo venció",
    "pt": "Relatório de progresso %(cycle)s da sua cidade: o prazo venceu",
    "en": "Your city's %(cycle)s progress report is overdue",
}


class RemindLateView(View):
    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not may_remind(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, cycle_id):
        cycle = get_object_or_404(Cycle, pk=cycle_id)
        back = redirect(f"{redirect('progress_status:index').url}?cycle={cycle.pk}")
        if cycle.is_closed():
            messages.error(
                request,
                _("The %(cycle)s cycle closed on %(date)s: its late cities can no longer submit a report.")
                % {"cycle": cycle.title, "date": formats.date_format(cycle.closes_on)},
            )
            return back
        late = list(late_cities(cycle))
        if not late:
            messages.info(request, _("No city is late with its report: there is nobody to remind."))
            return back
        with translation.override(settings.LANGUAGE_CODE):
            name = _("Focal points of late progress reports %(cycle)s (%(date)s)") % {
                "cycle": cycle.title,
                "date": timezone.localdate().isoformat(),
            }
            description = _("The current focal points of the cities whose %(cycle)s report was late.") % {
                "cycle": cycle.title
            }
        segment = focal_points_segment(late, request.user, name, description)
        subjects = {}
        for code, subject in SUBJECTS.items():
            with translation.override(LANGUAGES[code]):
                subjects[code] = subject % {"cycle": cycle.title}
        mailing = draft_mailing(
            segment,
            request.user,
            subjects,
            "progress/email/late_report_%(language)s.txt",
            {"cycle": cycle, "due_on": cycle.due_on},
        )
        messages.success(
            request,
            ngettext(
                "The reminder to the focal points of %(count)s late city is a draft: "
                "review it, then send it.",
                "The reminder to the focal points of %(count)s late cities is a draft: "
                "review it, then send it.",
                len(late),
            )
            % {"count": len(late)},
        )
        warn_of_cities_out_of_reach(request, late)
        return redirect("wagtailsnippets_mailings_mailing:edit", mailing.pk)


class ReminderViewSet(ViewSet):
    name = "progress_reminders"
    url_prefix = "progress/reminders"

    def get_urlpatterns(self):
        return [path("<int:cycle_id>/", RemindLateView.as_view(), name="remind")]
