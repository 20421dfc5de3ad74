"""The admin views of a city's progress report: the focal point's list and editor, and the staff review.

The editor saves as the focal point types (progress/static/progress/js/report-autosave.js posts the
form and reads a JSON answer) and with its buttons when JavaScript is off. Every save names the version
of the report it started from: one made over someone else's newer save is refused with a message.

Why this module is long: the editor's save has several outcomes a focal point must each see (saved, saved
but for some answers, refused over a newer save or a submission, signed out), as JSON and as a page, and
they share its form and context with the list and the review.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.formats import time_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cities.focal_points import cities_of
from network.record_ids import record_id

from . import reports
from .forms import ReportForm, ReviewForm, is_carried_over, items_of, shown_value
from .models import Cycle, QuestionKind, Report, ReportState
from .permissions import is_city_focal_point, may_edit, reads_reports, reviews_reports
from .results import medians_for
from .status import open_reports
from .submissions import has_newer_draft, submission_under_review, submitted_answers, submitted_questions


def report_or_404(report_id):
    return get_object_or_404(
        Report.objects.select_related("cycle__framework", "city", "updated_by"), pk=report_id
    )


class MyReportsView(WagtailAdminTemplateMixin, TemplateView):
    """A focal point's cities and the open cycles, each with its report's standing and what to do next."""

    template_name = "progress/admin/my_reports.html"
    page_title = gettext_lazy("Progress reports")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        self.cities = list(cities_of(request.user)) if request.user.is_authenticated else []
        if not self.cities:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=open_reports(self.cities), **kwargs)

    def post(self, request):
        """Start a city's report for a cycle (or open it, if it was started meanwhile)."""
        city = next((city for city in self.cities if str(city.pk) == request.POST.get("city")), None)
        cycle_id = record_id(request.POST.get("cycle", ""))
        open_cycles = Cycle.objects.filter(opens_on__lte=timezone.localdate())
        cycle = open_cycles.filter(pk=cycle_id).first() if cycle_id is not None else None
        if city is None or cycle is None:
            messages.error(request, _("Choose one of your cities and an open cycle."))
            return redirect("progress_city:index")
        if cycle.is_closed() and not Report.objects.filter(city=city, cycle=cycle).exists():
            messages.error(
                request,
                _("The %(cycle)s cycle closed on %(date)s: a report can no longer be started in it.")
                % {"cycle": cycle.title, "date": formats.date_format(cycle.closes_on)},
            )
            return redirect("progress_city:index")
        report = reports.start_report(city, cycle, request.user)
        return redirect("progress_city:edit", report.pk)


class ReportEditView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "progress/admin/report_edit.html"
    header_icon = "tasks"

    def dispatch(self, request, report_id):
        self.report = report_or_404(report_id)
        if not may_edit(request.user, self.report):
            raise PermissionDenied
        return super().dispatch(request, report_id)

    def get_page_title(self):
        return _("Progress report %(cycle)s") % {"cycle": self.report.cycle.title}

    def get_page_subtitle(self):
        return self.report.city.title

    def get_breadcrumbs_items(self):
        """Up to the focal point's list of reports; staff helping a city, who have none, to the cycle's."""
        if is_city_focal_point(self.request.user, self.report.city):
            up = {"url": reverse("progress_city:index"), "label": _("Progress reports")}
        else:
            url = f"{reverse('progress_status:index')}?cycle={self.report.cycle_id}"
            up = {"url": url, "label": _("Progress reports by city")}
        return self.breadcrumbs_items + [
            up,
            {"url": "", "label": f"{self.get_page_title()}: {self.report.city.title}"},
        ]

    def questions(self):
        """The framework version's questions; for a report that cannot be edited (submitted or accepted),
        those it was submitted with: a question added to the version since is not shown or counted."""
        questions = self.report.cycle.framework.questions()
        if self.report.is_editable:
            return questions
        submission = submission_under_review(self.report, list(self.report.submissions.order_by("-number")))
        return submitted_questions(submission, questions) if submission else questions

    def make_form(self, data=None, files=None):
        return ReportForm(
            data,
            files,
            questions=self.questions(),
            answers=reports.answers_by_question(self.report),
            city=self.report.city,
            initial={"version": self.report.version},
        )

    def get_context_data(self, form=None, **kwargs):
        form = form or self.make_form()
        sections = form.sections()
        medians = medians_for(self.report.cycle)
        items = list(items_of(sections))
        for item in items:
            item.median = medians.get((item.question.code, item.question.kind))
        # Said only where answers are marked so: a report of another framework may carry none over.
        carries_over = self.report.is_editable and any(is_carried_over(item) for item in items)
        required = sum(section.required for section in sections)
        answered = sum(section.answered for section in sections)
        submissions = list(self.report.submissions.order_by("-number"))
        return super().get_context_data(
            report=self.report,
            form=form,
            sections=sections,
            required=required,
            answered=answered,
            submissions=submissions,
            accepted=next((s for s in submissions if s.accepted_at), None),
            # As the focal point's list says it: late once past due and neither submitted nor accepted.
            late=reports.standing(self.report.cycle, self.report.state, self.report.has_accepted_version)
            == reports.LATE,
            carried_from=self.report.carried_from.cycle.title if carries_over else "",
            # The questions UIL staff commented on when they returned the report, listed at the top.
            commented=[item for item in items if item.answer and item.answer.comment],
            # Signing in again (in another tab, the session having ended) sets a new CSRF token in this
            # cookie: the autosave sends that one, as the page's own would be refused.
            csrf_cookie_name=settings.CSRF_COOKIE_NAME,
            **kwargs,
        )

    def post(self, request, report_id):
        """Save what the form says (the answers it could read, when some have errors); then submit, if
        asked and every answer could be read."""
        action = request.POST.get("action", "save")
        wants_json = "application/json" in request.headers.get("Accept", "")
        if action == "reopen":
            return self.reopen(request)
        form = self.make_form(request.POST, request.FILES)
        form.is_valid()
        if "version" in form.errors:
            return self.refused(request, _("The form is incomplete: reload the page."), 400, wants_json)
        try:
            with transaction.atomic():
                self.report = reports.save_answers(
                    self.report, form.values(request.user), form.cleaned_data["version"], request.user
                )
        except reports.ReportError as error:
            for document in form.new_documents:  # their rows are rolled back; the files are not
                document.file.delete(save=False)
            if isinstance(error, reports.Conflict):
                if not wants_json:
                    return self.in_conflict(request, form, error)
                # The autosave's message: reloading would lose what was typed; "Save draft" shows it
                # beside the saved answers, or the submitted ones (in_conflict).
                if error.report.is_editable:
                    then = _(
                        "Nothing of yours was saved since then, and what you typed is still on this page: do "
                        "not reload it. Press “Save draft” to see your answers next to the saved ones."
                    )
                else:
                    then = _(
                        "It can no longer be changed, and nothing of yours was saved since then: what you "
                        "typed is still on this page; do not reload it. Press “Save draft” to see it next "
                        "to the submitted answers, and copy what you need."
                    )
                message = f"{error.saved_since} {then}"
                return self.refused(request, message, 409, wants_json)
            return self.refused(request, str(error), 400, wants_json)
        if form.errors:
            return self.with_errors(request, form, wants_json)
        if action == "submit":
            return self.submit(request)
        if wants_json:
            return JsonResponse({**self.progress(), "message": self.saved_message()})
        messages.success(request, _("Your answers are saved."))
        return redirect("progress_city:edit", self.report.pk)

    def refused(self, request, message, status, wants_json):
        if wants_json:
            return JsonResponse({"error": message}, status=status)
        messages.error(request, message)
        return redirect("progress_city:edit", self.report.pk)

    def in_conflict(self, request, form, error):
        """Someone saved the report after this page was opened: the form comes back as it was sent, so that
        nothing typed is lost, with the stored answer under each of its answers that differs. It keeps the
        version it was sent with, so that saving it again is refused too: at the stored version, the answers
        the focal point left as they were (older than the other save) would silently undo the other
        person's. They make their changes again in the stored report, copying them from this page."""
        messages.error(request, error.saved_since)  # what to do next is said on the page
        for question in form.questions:  # a file sent with a refused save is not kept
            name = f"q{question.pk}"
            if question.kind == QuestionKind.FILE and form.cleaned_data.get(name):
                form.add_error(name, _("This file was not saved: choose it again in the saved report."))
        differing = form.differing_from_stored()
        context = self.get_context_data(form=form, conflict=True, differing=differing)
        if not error.report.is_editable:
            # Submitted (or accepted) meanwhile: the page is the report as it was sent, read-only, with what
            # was typed shown under each answer it differs from, to be copied, never silently dropped.
            self.report = error.report
            context = self.get_context_data(conflict=True)
            typed = form.typed_answers(differing)
            for item in items_of(context["sections"]):
                item.typed = typed.get(item.question.pk)
        return self.render_to_response(context, status=409)

    def with_errors(self, request, form, wants_json):
        """The answers that could not be read, with their messages; the others are saved (the form shown
        again keeps what was typed, at the report's new version)."""
        message = _("Some answers could not be saved: see the messages next to them. The others are saved.")
        if wants_json:
            fields = {
                name: {"label": str(form.fields[name].label), "errors": [str(error) for error in errors]}
                for name, errors in form.errors.items()
            }
            return JsonResponse({**self.progress(), "error": message, "fields": fields}, status=400)
        messages.error(request, message)
        data = form.with_stored(request.POST.copy())
        data["version"] = self.report.version
        shown = self.make_form(data)
        shown.is_valid()
        for name, errors in form.errors.items():  # a refused file is not sent again
            if name not in shown.errors:
                for error in errors:
                    shown.add_error(name, error)
        return self.render_to_response(self.get_context_data(form=shown), status=400)

    def saved_message(self):
        # On the admin's clock (the user's time zone setting, or the site's), as every time the admin shows,
        # the conflict message's among them (reports.Conflict).
        return _("Saved at %(time)s") % {"time": time_format(timezone.localtime(), "H:i")}

    def progress(self):
        """The report's version and how many required answers each section has, for the autosave."""
        sections = self.make_form().sections()
        return {
            "version": self.report.version,
            # The answers still as carried over: the page stops marking those changed meanwhile.
            "carried_over": [item.field.name for item in items_of(sections) if is_carried_over(item)],
            "sections": {
                section.anchor: {"answered": section.answered, "required": section.required}
                for section in sections
            },
            "answered": sum(section.answered for section in sections),
            "required": sum(section.required for section in sections),
        }

    def submit(self, request):
        try:
            reports.submit(self.report, self.report.version, request.user)
        except reports.ReportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The report is submitted: UIL staff will review it."))
        return redirect("progress_city:edit", self.report.pk)

    def reopen(self, request):
        try:
            reports.reopen(self.report, request.POST.get("version"), request.user)
        except reports.ReportError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("You are editing a new version; the accepted one stays as it is until the next review."),
            )
        return redirect("progress_city:edit", self.report.pk)


class ReviewView(WagtailAdminTemplateMixin, TemplateView):
    """A report as staff read it: every answer with its comment field, and accept or return."""

    template_name = "progress/admin/report_review.html"
    header_icon = "tasks"

    def dispatch(self, request, report_id):
        self.report = report_or_404(report_id)
        if not reads_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, report_id)

    def get_page_title(self):
        # One separator in the header title: "Review of the progress report 2026–2027: Medellín".
        return _("Review of the progress report %(cycle)s") % {"cycle": self.report.cycle.title}

    def get_page_subtitle(self):
        return self.report.city.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": f"{reverse('progress_status:index')}?cycle={self.report.cycle_id}",
                "label": _("Progress reports by city"),
            },
            {"url": "", "label": f"{self.report.city.title} · {self.report.cycle.title}"},
        ]

    @cached_property
    def answers(self):
        return reports.answers_by_question(self.report)

    @cached_property
    def submissions(self):
        return list(self.report.submissions.order_by("-number"))

    @cached_property
    def reviewed(self):
        """The version under review, as it was submitted: not the draft the city may be writing since."""
        return submission_under_review(self.report, self.submissions)

    def make_form(self, data=None):
        questions = self.report.cycle.framework.questions()
        return ReviewForm(
            data,
            # A question added to the framework version since the submission is no part of it.
            questions=submitted_questions(self.reviewed, questions) if self.reviewed else questions,
            answers=self.answers,
            initial={"note": self.report.review_note, "version": self.report.version},
        )

    def get_context_data(self, form=None, **kwargs):
        form = form or self.make_form()
        submissions, reviewed = self.submissions, self.reviewed
        answers = self.answers
        if reviewed:
            answers = submitted_answers(reviewed, form.questions, answers)
        rows = [
            {
                "question": question,
                "shown": shown_value(question, answers.get(question.pk)),
                "answer": answers.get(question.pk),
                "comment": form[f"comment_{question.pk}"],
            }
            for question in form.questions
        ]
        may_decide = self.report.state == ReportState.SUBMITTED and reviews_reports(self.request.user)
        return super().get_context_data(
            report=self.report,
            form=form,
            rows=rows,
            may_decide=may_decide,
            # The comments of the last return: editable when deciding again, else shown as they were sent.
            commented=any(answer.comment for answer in self.answers.values()),
            submissions=submissions,
            reviewed=reviewed,
            newer_draft=has_newer_draft(self.report, reviewed),
            editor_url=reverse("progress_city:edit", args=[self.report.pk])
            if may_edit(self.request.user, self.report)
            else "",
            **kwargs,
        )

    def post(self, request, report_id):
        if not reviews_reports(request.user):
            raise PermissionDenied
        form = self.make_form(request.POST)
        form.is_valid()
        version = request.POST.get("version")
        try:
            if request.POST.get("action") == "accept":
                reports.accept(self.report, version, request.user)
                messages.success(request, _("The report is accepted."))
            else:
                reports.return_for_corrections(
                    self.report, version, form.comments(), form.cleaned_data.get("note", ""), request.user
                )
                messages.success(
                    request, _("The report is returned to the city's focal points with your comments.")
                )
        except reports.ReportError as error:
            status = 400
            if isinstance(error, reports.Conflict):
                then = _(
                    "Nothing was decided: the page now shows the report as it is, with your comments kept. "
                    "Read it again, then accept it or return it."
                )
                message = f"{error.saved_since} {then}"
                messages.error(request, message)
                # The page shown again holds the report as it is now, with the reviewer's comments kept.
                status, data = 409, request.POST.copy()
                data["version"] = error.report.version
                form = self.make_form(data)
                form.is_valid()
            else:
                messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=status)
        return redirect(reverse("progress_review:review", args=[self.report.pk]))


my_reports = MyReportsView.as_view()
edit_report = ReportEditView.as_view()
review_report = ReviewView.as_view()
