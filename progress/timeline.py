"""The steps of a city's progress reports (started, submitted, returned, accepted, reopened) as Wagtail
audit-log entries, for the city's timeline (contacts/views.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from wagtail.models import ModelLogEntry

from .models import Report


def report_log_entries(city):
    """The audit log's entries about the city's reports, in one query (their ids are text in the log)."""
    report_ids = Report.objects.filter(city=city).annotate(text_id=Cast("pk", CharField())).values("text_id")
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Report), object_id__in=report_ids
    )
