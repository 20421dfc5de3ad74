"""The staff report "Measures across the network": for one cycle, each measure of the accepted reports over
the whole network and per country (progress.results.network_summary), exported in words like every report
(network/exports.py). A group of fewer than five cities shows no figure. A measure is a question's code and
kind: a question whose kind changed has a row per kind, named on the page and in the export's Kind column.
"""

from collections import Counter

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import QuestionKind
from .results import MIN_CITIES, kept_network_summary, shown
from .status import CycleFilterSet, CycleReportView


def written_figures(figures):
    """{figure: text} of a group's figures as the public city page writes them; the export keeps numbers."""
    if figures.too_few:
        return {}
    return {name: shown(getattr(figures, name)) for name in ("median", "minimum", "maximum")}


class MeasuresReport(CycleReportView):
    page_title = _("Measures across the network")
    header_icon = "table"
    results_template_name = "progress/admin/measures_results.html"
    filterset_class = CycleFilterSet
    paginate_by = 100
    list_export = ["code", "kind", "measure", "unit", "group", "cities", "median", "minimum", "maximum"]
    export_headings = {
        "code": _("Code"),
        "kind": _("Kind"),
        "measure": _("Measure"),
        "unit": _("Unit"),
        "group": _("Group"),
        "cities": _("Cities"),
        "median": _("Median"),
        "minimum": _("Minimum"),
        "maximum": _("Maximum"),
    }

    def get_page_subtitle(self):
        return str(self.cycle) if self.cycle else ""

    def get_queryset(self):
        """One row per measure and group: the whole network, then each country."""
        if self.cycle is None:
            return []
        too_few = gettext("fewer than %(minimum)d") % {"minimum": MIN_CITIES}
        summaries = kept_network_summary(self.cycle)
        kinds_of_code = Counter(measure.code for measure in summaries)
        return [
            {
                "code": measure.code,
                "kind": str(QuestionKind(measure.kind).label),
                # A question that changed kind has a measure per kind: the page names them apart.
                "names_kind": kinds_of_code[measure.code] > 1,
                "measure": measure.label,
                "unit": measure.unit,
                "group": figures.name,
                "is_network": figures is measure.network,
                "too_few": figures.too_few,
                "cities": too_few if figures.too_few else figures.cities,
                "median": figures.median,
                "minimum": figures.minimum,
                "maximum": figures.maximum,
                "written": written_figures(figures),
            }
            for measure in summaries
            for figures in (measure.network, *measure.countries)
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(min_cities=MIN_CITIES, **kwargs)
