"""What uses a part of the framework or a cycle, said on its edit page in words.

Wagtail's status panel counts the references of its reference index, which records no answers or reports
(indexing every answer would slow each autosave): a question cities had answered read "Used 0 times", and
its link led to a page listing nothing. The panel says instead how many reports answer a question (or the
questions of a feature, focus area or area), how many cycles ask a framework and how many cities started a
cycle's report, without the link.
"""

from django.utils.translation import gettext, ngettext
from wagtail.snippets.side_panels import SnippetStatusSidePanel
from wagtail.snippets.views.snippets import EditView

from .admin_deletion import ANSWERS_TO
from .models import Cycle, Framework, Report


def usage_text(obj):
    """What uses `obj` (a framework, a part of it or a cycle), as a short sentence."""
    if isinstance(obj, Framework):
        count = obj.cycles.count()
        if not count:
            return gettext("No cycle asks it yet")
        return ngettext("Asked by %(count)d cycle", "Asked by %(count)d cycles", count) % {"count": count}
    if isinstance(obj, Cycle):
        count = obj.reports.count()
        if not count:
            return gettext("No city has started its report yet")
        return ngettext(
            "%(count)d city has started its report", "%(count)d cities have started their reports", count
        ) % {"count": count}
    lookup, _reason = ANSWERS_TO[type(obj)]
    count = Report.objects.filter(**{f"answers__{lookup}": obj}).distinct().count()
    if not count:
        return gettext("No report has answered it yet")
    return ngettext("Answered in %(count)d report", "Answered in %(count)d reports", count) % {"count": count}


class UsageSaidStatusSidePanel(SnippetStatusSidePanel):
    def get_usage_context(self):
        return {"usage_count": None, "usage_url": "", "usage_url_text": usage_text(self.object)}


class UsageSaidEditView(EditView):
    """Wagtail's snippet edit view, whose status panel says what uses the object (module docstring)."""

    def get_side_panels(self):
        """The panels Wagtail builds, its status panel made one that words the usage: Wagtail gives it
        arguments of its own view, which this subclass only reads."""
        panels = super().get_side_panels()
        for panel in panels:
            if type(panel) is SnippetStatusSidePanel:
                panel.__class__ = UsageSaidStatusSidePanel
        return panels
