"""The dashboard's chart of the network's engagements per month, over the last twelve months.

The chart is a table (month, engagements) whose rows carry a bar drawn in inline SVG: it needs no
JavaScript, and the numbers stay text for screen readers, copying and printing.
"""

from datetime import date, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from wagtail.admin.ui.components import Component

from network.caching.versions import ENGAGEMENT_LOG

from .models import Engagement

MONTHS = 12
# The key changes with the log and the day: the time limit only frees the memory.
COUNTS_SECONDS = 60 * 60


def month_starts(last, months=MONTHS):
    """The first days of the `months` months up to the month of `last`, oldest first."""
    starts = []
    year, month = last.year, last.month
    for _step in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


class EngagementsPerMonthPanel(Component):
    name = "engagements_per_month"
    order = 242  # after the recent engagements (contacts/dashboard.py)
    template_name = "contacts/admin/panels/engagements_per_month.html"

    def get_context_data(self, parent_context):
        starts = month_starts(timezone.localdate())
        next_month = (starts[-1] + timedelta(days=31)).replace(day=1)

        def count():
            """One query: the engagements of each month, the current one to its last day (planned ones too).
            It reads a year of the log (0.1 s for a million engagements): kept until the log changes."""
            return dict(
                Engagement.objects.filter(date__gte=starts[0], date__lt=next_month)
                .annotate(month=TruncMonth("date"))
                .values("month")
                .annotate(engagements=Count("pk"))
                .values_list("month", "engagements")
            )

        counts = ENGAGEMENT_LOG.remember(
            f"contacts:engagements-per-month:{starts[-1]}", count, COUNTS_SECONDS
        )
        highest = max(counts.values(), default=0)
        months = [
            {
                "start": start,
                "engagements": counts.get(start, 0),
                # The bar's length in hundredths of the longest.
                "bar": round(100 * counts.get(start, 0) / highest) if highest else 0,
            }
            for start in starts
        ]
        return {
            "months": months,
            "total": sum(counts.values()),
            "first_day": starts[0],
            "last_day": next_month - timedelta(days=1),
        }
