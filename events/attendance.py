"""Check-in at the door and what attendance leaves in the engagement log.

Staff check people in at each session of the programme, or on each day of the event when the day has
no sessions with a start time (`check_in`), each day and its sessions from that day on (in the event's
time zone). Recording the attendance (`record_attendance`) writes one engagement for the event, on the
timeline of every city the attendees come from, every city taking part and the host city, with the
attendees as participants and the event's themes; recording again later (more check-ins) updates the same
engagement instead of adding another. Its summary counts the cities the people come from or that take
part, not the host city on its own: it is where the event happened, which says nothing of where the
people came from ("5 people", not "5 people from 1 city", when nobody's city is known).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


@dataclass(frozen=True)
class Session:
    """A session of the programme that people are checked in to: the block's id, title and times."""

    id: str
    title: str
    starts_at: datetime
    ends_at: datetime | None


def sessions_on(event, day):
    """The programme's sessions that start on a day of the event (in its time zone), in time order."""
    found = []
    for block in event.programme:
        starts = in_event_zone(event, block.value.get("starts_at"))
        if block.block_type == "session" and starts and starts.date() == day:
            ends = in_event_zone(event, block.value.get("ends_at"))
            found.append(Session(block.id, block.value["title"], starts, ends))
    return sorted(found, key=lambda session: session.starts_at)


def in_event_zone(event, moment):
    """A programme time in the event's time zone (a time saved without one is read as the event's)."""
    if moment is None:
        return None
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, event.zone)
    return timezone.localtime(moment, event.zone)


def default_session(sessions, now=None):
    """On the day itself, the session running now (or the next one, or the last one after the day's end);
    on another day, its first session. None for a day without sessions."""
    if not sessions:
        return None
    now = now or timezone.now()
    first = sessions[0].starts_at
    if timezone.localtime(now, first.tzinfo).date() != first.date():
        return sessions[0]
    for session in sessions:
        if now < (session.ends_at or session.starts_at + timedelta(hours=1)):
            return session
    return sessions[-1]


def check_in_is_open(event, now=None, day=None):
    """Check-in opens at midnight of the event's first day in its time zone, not at its start: staff set up
    the door and people arrive before the opening, and a day's sessions start at different times. A later
    day (its sessions with it) opens likewise at its own midnight: nobody is present at it before."""
    today = timezone.localtime(now or timezone.now(), event.zone).date()
    return today >= (day or event_days(event)[0])


def check_moment(event, day, session):
    """Refuse (ValueError) a day that is not one of the event's or a session not in that day's programme."""
    if day not in event_days(event):
        raise ValueError(_("That day is not a day of the event."))
    sessions = {found.id for found in sessions_on(event, day)}
    if (session or sessions) and session not in sessions:
        raise ValueError(_("That session is not in the programme of this day."))


def check_in(registration, day, user, session=""):
    """Mark a person with a place as present at a session (or on a day without sessions) of a day that has
    come; a second tap changes nothing."""
    if registration.status != Registration.Status.CONFIRMED:
        raise ValueError(_("Only people with a confirmed place can be checked in."))
    if not check_in_is_open(registration.event):
        first_day = date_format(event_days(registration.event)[0], "DATE_FORMAT")
        raise ValueError(_("Check-in opens on %(day)s, the first day of the event.") % {"day": first_day})
    check_moment(registration.event, day, session)
    if not check_in_is_open(registration.event, day=day):
        when = date_format(day, "DATE_FORMAT")
        raise ValueError(_("Check-in for %(day)s opens on that day, not before.") % {"day": when})
    try:
        with transaction.atomic():
            CheckIn.objects.get_or_create(
                registration=registration, day=day, session=session, defaults={"checked_in_by": user}
            )
    except IntegrityError:  # Two phones at the door tapped the same person at once.
        pass


def undo_check_in(registration, day, session=""):
    check_moment(registration.event, day, session)
    CheckIn.objects.filter(registration=registration, day=day, session=session).delete()


def attendees(event):
    return Registration.objects.filter(event=event, check_ins__isnull=False).distinct()


def attendance_summary(people, cities):
    """The engagement's summary, each count in its own grammatical number ("1 person from 3 cities"),
    without a city count when no city is known."""
    if not cities:
        return ngettext(
            "Attendance recorded at the door: %(people)d person.",
            "Attendance recorded at the door: %(people)d people.",
            people,
        ) % {"people": people}
    # Translators: the end of "Attendance recorded at the door: 3 people from 2 cities."
    from_cities = ngettext("from %(cities)d city", "from %(cities)d cities", cities) % {"cities": cities}
    return ngettext(
        "Attendance recorded at the door: %(people)d person %(from_cities)s.",
        "Attendance recorded at the door: %(people)d people %(from_cities)s.",
        people,
    ) % {"people": people, "from_cities": from_cities}


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
    # The host city's timeline shows the event even when nobody's city is known; the summary does not
    # count it (the module's docstring says why).
    cities_counted = len(city_ids)
    if event.host_city_id:
        city_ids.add(event.host_city_id)
    record = AttendanceRecord.objects.select_related("engagement").filter(event=event).first()
    engagement = record.engagement if record else Engagement(owner=user)
    engagement.date = timezone.localtime(event.starts_at, event.zone).date()
    engagement.kind = ENGAGEMENT_KIND[event.kind]
    engagement.title = event.title
    engagement.summary = attendance_summary(len(contact_ids), cities_counted)
    engagement.cities = list(CityPage.objects.filter(pk__in=city_ids).only("pk"))
    engagement.participants = list(Contact.objects.filter(pk__in=contact_ids).only("pk"))
    engagement.themes = list(event.themes.all())
    engagement.save()
    if record is None:
        AttendanceRecord.objects.create(event=event, engagement=engagement)
    else:
        record.save(update_fields=["recorded_at"])
    return engagement
