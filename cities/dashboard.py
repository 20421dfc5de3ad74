"""Dashboard panels of the Wagtail admin."""

from django.utils.translation import gettext_lazy
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState
from wagtail.permissions import page_permission_policy

from .focal_points import REVIEW_TASK_NAME, cities_of

# The review task keeps its Spanish name in the database (focal_points.ensure_review_workflow); the panel
# gives it in the reader's language.
REVIEW_TASK_LABEL = gettext_lazy("UIL staff review")


def task_label(task):
    return REVIEW_TASK_LABEL if task.name == REVIEW_TASK_NAME else task.name


class FocalPointCityPanel(Component):
    """For a focal point: their city page, its status, an edit link and their pending submissions."""

    name = "focal_point_city"
    order = 10
    template_name = "cities/admin/focal_point_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        cities = list(cities_of(self.user).select_related("locale"))
        pending = (
            WorkflowState.objects.filter(
                base_content_type__model="page",
                object_id__in=[str(city.pk) for city in cities],
                status=WorkflowState.STATUS_IN_PROGRESS,
                requested_by=self.user,
            )
            .select_related("current_task_state__task")
            .order_by("-created_at")
        )
        pending_by_city = {state.object_id: state for state in pending}
        rows = []
        for city in cities:
            state = pending_by_city.get(str(city.pk))
            rows.append((city, state, task_label(state.current_task_state.task) if state else None))
        return {"cities": rows}


class FocalPointPagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count for a focal point: the pages they may edit. Wagtail counts everything
    under the page their explorer opens on, which for a focal point of two cities is the directory of
    every city, while the explorer lists only theirs."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["total_pages"] = page_permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        ).count()
        return context
