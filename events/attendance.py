"""Check-in at the door and what attendance leaves in the engagement log.

Staff check people in on each day of the event (`check_in`). Recording the attendance
(`record_attendance`) writes one engagement for the event, on the timeline of every city the attendees
come from and every city taking part, with the attendees as participants and the event's themes;
recording again later (more check-ins) updates the same engagement instead of adding another.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cities.models import CityPage
from contacts.models import Contact, Engagement

from .models import AttendanceRecord, CheckIn, EventPage, Registration

ENGAGEMENT_KIND = {
    EventPage.Kind.FORUM: Engagement.Kind.FORUM,
    EventPage.Kind.WORKSHOP: Engagement.Kind.WORKSHOP,
    EventPage.Kind.WEBINAR: Engagement.Kind.WEBINAR,
    EventPage.Kind.COURSE: Engagement.Kind.TRAINING,
}
MOST_DAYS = 31


def event_days(event):
    """The days of the event in its own time zone (at most a month's worth)."""
    first = timezone.localtime(event.starts_at, event.zone).date()
    last = timezone.localtime(event.ends_at, event.zone).date()
    count = min((last - first).days + 1, MOST_DAYS)
    return [first + timedelta(days=offset) for offset in range(max(count, 1))]


def default_day(event, today=None):
    """Today when the event is on, else its first day."""
    days = event_days(event)
    today = today or timezone.localtime(timezone.now(), event.zone).date()
    return today if today in days else days[0]


def check_in(registration, day, user):
    """Mark a person with a place as present on one day; a second tap changes nothing."""
    if registration.status != Registration.Status.CONFIRMED:
        raise ValueError(_("Only people with a confirmed place can be checked in."))
    if day not in event_days(registration.event):
        raise ValueError(_("That day is not a day of the event."))
    try:
        with transaction.atomic():
            CheckIn.objects.get_or_create(
                registration=registration, day=day, defaults={"checked_in_by": user}
            )
    except IntegrityError:  # Two phones at the door tapped the same person at once.
        pass


def undo_check_in(registration, day):
    CheckIn.objects.filter(registration=registration, day=day).delete()


def attendees(event):
    return Registration.objects.filter(event=event, check_ins__isnull=False).distinct()


@transaction.atomic
def record_attendance(event, user):
    """Write (or update) the event's engagement from its check-ins; returns it, or None if nobody came."""
    present = attendees(event)
    contact_ids = set(present.values_list("contact_id", flat=True))
    if not contact_ids:
        return None
    city_ids = (
        set(present.exclude(city=None).values_list("city_id", flat=True))
        | set(Contact.objects.filter(pk__in=contact_ids).exclude(city=None).values_list("city_id", flat=True))
        | {city.pk for city in event.cities.all()}
    )
    record = AttendanceRecord.objects.select_related("engagement").filter(event=event).first()
    engagement = record.engagement if record else Engagement(owner=user)
    engagement.date = timezone.localtime(event.starts_at, event.zone).date()
    engagement.kind = ENGAGEMENT_KIND[event.kind]
    engagement.title = event.title
    engagement.summary = _("Attendance recorded at the door: %(people)d people from %(cities)d cities.") % {
        "people": len(contact_ids),
        "cities": len(city_ids),
    }
    engagement.cities = list(CityPage.objects.filter(pk__in=city_ids).only("pk"))
    engagement.participants = list(Contact.objects.filter(pk__in=contact_ids).only("pk"))
    engagement.themes = list(event.themes.all())
    engagement.save()
    if record is None:
        AttendanceRecord.objects.create(event=event, engagement=engagement)
    else:
        record.save(update_fields=["recorded_at"])
    return engagement
