from datetime import datetime

from django import template
from django.utils import timezone

from events.dates import date_range, date_range_parts
from events.structured_data import event_data, json_ld_script
from network.time_zones import time_zone_name

register = template.Library()


@register.inclusion_tag("events/includes/event_card.html", takes_context=True)
def event_card(context, event):
    return {"event": event, "request": context.get("request"), **event_times(event)}


def event_times(event):
    """The event's start and end in its own time zone, and whether it spans several days there."""
    starts = timezone.localtime(event.starts_at, event.zone)
    ends = timezone.localtime(event.ends_at, event.zone)
    return {"starts": starts, "ends": ends, "several_days": starts.date() != ends.date()}


@register.simple_tag
def event_dates(event):
    return event_times(event)


def _day(value):
    """The day of a date, or of a datetime as its own clock reads it (the event's zone, from event_times)."""
    return value.date() if isinstance(value, datetime) else value


@register.filter
def day_range(starts, ends):
    """`{{ starts|day_range:ends }}`: the days from one to the other as the active language writes them."""
    return date_range(_day(starts), _day(ends))


@register.simple_tag
def day_range_parts(starts, ends):
    """The same range as (first, separator, last), to wrap each end in its own <time>."""
    return date_range_parts(_day(starts), _day(ends))


@register.filter
def zone_name(event):
    """`{{ event|zone_name }}`: the event's time zone as the reader's language names it, with the offset
    from UTC when the event starts, and when it ends if the clocks change in between ("São Paulo time,
    UTC−3"; network/time_zones.py)."""
    return time_zone_name(event.time_zone, event.starts_at, event.ends_at)


@register.simple_tag(takes_context=True)
def event_structured_data(context, event, host_city):
    """The page's schema.org Event for search engines (events/structured_data.py). An untranslated copy (a
    Wagtail alias) gives its original's address, the one its canonical link names (templates/base.html)."""
    page_url = context["request"].build_absolute_uri((event.alias_of or event).url)
    return json_ld_script(event_data(event, host_city, page_url))
