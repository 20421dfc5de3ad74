from django import template
from django.utils import timezone

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
