"""The progress reports' admin: the framework and cycles as snippets (menu "Progress reports"), the
focal point's reports and the staff review under namespaces of their own, two reports in the Reports
menu, the framework import, the dashboard panel and the audit log's actions."""

import django_filters
from django.forms import Media
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from cities.admin_views import ReportViewSet
from cities.focal_points import cities_of
from network.admin_search import AccentInsensitiveIndexView
from network.exports import NoEmptyExportMixin, yes_or_no
from network.snippet_breadcrumbs import LazyBreadcrumbsMixin

from . import choosers, reports, status, views
from .admin_deletion import DeleteUnlessUsedBulkAction, DeleteUnlessUsedView
from .admin_usage import UsageSaidEditView
from .framework_import import FrameworkImporter
from .import_views import ImportPreviewView, ImportUploadView, download_buttons, download_urlpatterns
from .measures_views import MeasuresReport
from .models import Area, Cycle, Feature, FocusArea, Framework, Question
from .permissions import reads_reports
from .reminders import ReminderViewSet


class CycleIndexView(NoEmptyExportMixin, IndexView):
    """The cycles' listing keeps each cycle's name on one line (progress/static/progress/css/cycles.css)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["media"] += Media(css={"all": ["progress/css/cycles.css"]})
        return context


class CycleViewSet(LazyBreadcrumbsMixin, SnippetViewSet):
    model = Cycle
    icon = "date"
    menu_label = _("Cycles")
    menu_name = "cycles"
    list_display = ["name", "framework", "opens_on", "due_on", "closes_on"]
    index_view_class = CycleIndexView
    copy_view_enabled = False
    delete_view_class = DeleteUnlessUsedView
    edit_view_class = UsageSaidEditView


class FrameworkIndexView(NoEmptyExportMixin, IndexView):
    """The frameworks' listing, with "Import a framework" for those who may load one, and in each version's
    menu its downloads as a file to load back."""

    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance), *download_buttons(instance, self.request.user)]

    @cached_property
    def columns(self):
        """The name column, sorted by the stored name, shows the shipped framework's name in the reader's
        language (Framework.title), not the English name it is stored with."""
        columns = super().columns
        for column in columns:
            if column.name == "name":
                column.accessor = "title"
        return columns

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if FrameworkImporter().user_may_import(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Import a framework"), url=reverse("progress_import:upload"), icon_name="upload"
                )
            )
        return buttons


class FrameworkEditView(UsageSaidEditView):
    """A version's edit page, whose menu offers its downloads too."""

    @cached_property
    def header_more_buttons(self):
        return [*super().header_more_buttons, *download_buttons(self.object, self.request.user)]


class FrameworkViewSet(LazyBreadcrumbsMixin, SnippetViewSet):
    model = Framework
    icon = "list-ul"
    menu_label = _("Frameworks")
    menu_name = "frameworks"
    list_display = ["name", "version"]
    index_view_class = FrameworkIndexView
    delete_view_class = DeleteUnlessUsedView
    edit_view_class = FrameworkEditView
    chooser_viewset_class = choosers.FrameworkChooserViewSet

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), *download_urlpatterns()]


def framework_filter(path):
    """A filter by framework version, labelled so (Wagtail would join the verbose names of the path's
    fields: "Focus area area framework")."""
    return django_filters.ModelChoiceFilter(
        field_name=path, label=_("Framework"), queryset=Framework.objects.order_by("name", "version")
    )


def framework_column(path):
    """The framework version a row belongs to: the listings hold every version, whose codes repeat."""
    return Column("framework", label=_("Framework"), accessor=path)


def in_framework_order(path):
    """A listing's order: by framework version, then as the framework orders its parts."""
    return [f"{path}name", f"{path}version"]


class AreaFilterSet(WagtailFilterSet):
    framework = framework_filter("framework")

    class Meta:
        model = Area
        fields = []


class FocusAreaFilterSet(WagtailFilterSet):
    framework = framework_filter("area__framework")

    class Meta:
        model = FocusArea
        fields = []


class FeatureFilterSet(WagtailFilterSet):
    framework = framework_filter("focus_area__area__framework")

    class Meta:
        model = Feature
        fields = []


class QuestionFilterSet(WagtailFilterSet):
    framework = framework_filter("focus_area__area__framework")

    class Meta:
        model = Question
        fields = ["kind", "required"]


class LabelledViewSet(LazyBreadcrumbsMixin, SnippetViewSet):
    icon = "list-ul"
    list_display = ["code", "label_es", "label_pt_br", "label_en"]
    index_view_class = AccentInsensitiveIndexView
    search_fields = ["code", "label_es", "label_pt_br", "label_en"]
    search_backend_name = None
    ordering = ["sort_order", "code"]
    delete_view_class = DeleteUnlessUsedView
    edit_view_class = UsageSaidEditView
    framework_path = None  # from the model to its framework version, which each row names

    def get_queryset(self, request):
        return self.model.objects.select_related(self.framework_path)


class AreaViewSet(LabelledViewSet):
    model = Area
    framework_path = "framework"
    menu_label = _("Areas")
    menu_name = "areas"
    list_display = [*LabelledViewSet.list_display, framework_column("framework")]
    filterset_class = AreaFilterSet
    ordering = [*in_framework_order("framework__"), "sort_order", "code"]
    chooser_viewset_class = choosers.AreaChooserViewSet


class FocusAreaViewSet(LabelledViewSet):
    model = FocusArea
    framework_path = "area__framework"
    menu_label = _("Focus areas")
    menu_name = "focus-areas"
    list_display = [*LabelledViewSet.list_display, framework_column("area.framework")]
    filterset_class = FocusAreaFilterSet
    ordering = [*in_framework_order("area__framework__"), "area__sort_order", "sort_order", "code"]
    chooser_viewset_class = choosers.FocusAreaChooserViewSet


class FeatureViewSet(LabelledViewSet):
    model = Feature
    framework_path = "focus_area__area__framework"
    menu_label = _("Features")
    menu_name = "features"
    list_display = [*LabelledViewSet.list_display, framework_column("focus_area.area.framework")]
    filterset_class = FeatureFilterSet
    ordering = [
        *in_framework_order("focus_area__area__framework__"),
        "focus_area__area__sort_order",
        "focus_area__sort_order",
        "sort_order",
        "code",
    ]
    chooser_viewset_class = choosers.FeatureChooserViewSet


class QuestionViewSet(LabelledViewSet):
    model = Question
    framework_path = "focus_area__area__framework"
    menu_label = _("Questions")
    menu_name = "questions"
    list_display = [
        "code",
        "label_es",
        "kind",
        Column("required", label=_("Required"), accessor=lambda question: yes_or_no(question.required)),
        framework_column("focus_area.area.framework"),
    ]
    filterset_class = QuestionFilterSet
    ordering = [
        *in_framework_order("focus_area__area__framework__"),
        "focus_area__area__sort_order",
        "focus_area__sort_order",
        "sort_order",
        "code",
    ]


# None of these listings downloads (NoEmptyExportMixin: ?export= is a 404 that says so). A framework comes
# from a file ("Import a framework"), which a listing's columns could not be loaded back from: each version
# downloads as that file from its row's menu and its edit page (progress/framework_export.py); what cities
# answer downloads from the reports (progress/status.py, progress/measures_views.py).
class ProgressGroup(SnippetViewSetGroup):
    menu_label = _("Progress reports")
    menu_name = "progress-reports"
    menu_icon = "tasks"
    menu_order = 165
    items = (CycleViewSet, FrameworkViewSet, AreaViewSet, FocusAreaViewSet, FeatureViewSet, QuestionViewSet)


register_snippet(ProgressGroup)
# After Wagtail's bulk delete for every snippet (order 0), so that it stands in for it on these models.
hooks.register("register_bulk_action", DeleteUnlessUsedBulkAction, order=1)


class MyReportsMenuItem(MenuItem):
    """For focal points: whoever has a city and does not read every report."""

    def is_shown(self, request):
        return not reads_reports(request.user) and cities_of(request.user).exists()


class CityReportsViewSet(ViewSet):
    """A focal point's reports (cities/admin_scope.py lets focal points in: each view checks the city)."""

    name = "progress_city"
    url_prefix = "progress/my-city"
    icon = "tasks"
    menu_label = _("Progress report")
    menu_name = "progress-report"
    add_to_admin_menu = True
    menu_order = 175
    menu_item_class = MyReportsMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.my_reports, name="index"),
            path("<int:report_id>/", views.edit_report, name="edit"),
        ]

    @property
    def menu_url(self):
        return reverse("progress_city:index")


class ReviewViewSet(ViewSet):
    name = "progress_review"
    url_prefix = "progress/review"

    def get_urlpatterns(self):
        return [path("<int:report_id>/", views.review_report, name="review")]


class FrameworkImportViewSet(ViewSet):
    name = "progress_import"
    url_prefix = "progress/import"

    def get_urlpatterns(self):
        return [
            path("", ImportUploadView.as_view(), name="upload"),
            path("<slug:token>/", ImportPreviewView.as_view(), name="preview"),
        ]


status_report = ReportViewSet(
    "progress_status",
    url_prefix="reports/progress-reports",
    view_class=status.CycleStatusReport,
    user_may_read=reads_reports,
    menu_label=_("Progress reports by city"),
    menu_name="progress-reports-by-city",
    menu_icon="tasks",
    menu_order=840,
)
answers_report = ReportViewSet(
    "progress_answers",
    url_prefix="reports/progress-answers",
    view_class=status.AnswersReport,
    user_may_read=reads_reports,
    menu_label=_("Progress report answers"),
    menu_name="progress-report-answers",
    menu_icon="table",
    menu_order=850,
)
measures_report = ReportViewSet(
    "progress_measures",
    url_prefix="reports/progress-measures",
    view_class=MeasuresReport,
    user_may_read=reads_reports,
    menu_label=_("Measures across the network"),
    menu_name="measures-across-the-network",
    menu_icon="table",
    menu_order=860,
)


@hooks.register("register_admin_viewset")
def register_progress_viewsets():
    return [
        CityReportsViewSet(),
        ReviewViewSet(),
        FrameworkImportViewSet(),
        ReminderViewSet(),
        status_report,
        answers_report,
        measures_report,
    ]


@hooks.register("construct_homepage_panels")
def add_progress_panels(request, panels):
    if reads_reports(request.user):
        panels.append(status.CycleStandingPanel())
    elif cities := list(cities_of(request.user)):
        panels.append(status.MyReportsPanel(cities))


@hooks.register("register_log_actions")
def register_report_actions(actions):
    for action, (label, message) in reports.LOG_ACTIONS.items():
        actions.register_action(action, label, message)
