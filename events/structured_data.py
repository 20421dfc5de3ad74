"""What search engines read of an event's page besides its text: a schema.org Event in JSON-LD, so that a
forum or a workshop can show in their event listings with its dates and place.

It says only what the page shows: the title, summary, dates in the event's own time zone, whether it is
in person or online, the venue, the address, the host city, the languages and whether staff cancelled it.
Never the online link, which goes to registrants only: an online event's virtual location is its public
page.
"""

import json

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import EventPage

SCHEMA = "https://schema.org/"
ATTENDANCE_MODES = {
    EventPage.Format.IN_PERSON: f"{SCHEMA}OfflineEventAttendanceMode",
    EventPage.Format.ONLINE: f"{SCHEMA}OnlineEventAttendanceMode",
    EventPage.Format.HYBRID: f"{SCHEMA}MixedEventAttendanceMode",
}
# Characters that could end the script element or open markup inside it, written as JSON escapes.
SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


def event_data(event, host_city, page_url):
    """The schema.org Event of `event` (its page at `page_url`); `host_city` is the city page visitors may
    see in the page's language, or None."""
    starts = timezone.localtime(event.starts_at, event.zone)
    ends = timezone.localtime(event.ends_at, event.zone)
    if event.all_day:
        starts, ends = starts.date(), ends.date()
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "url": page_url,
        "startDate": starts.isoformat(),
        "endDate": ends.isoformat(),
        "eventAttendanceMode": ATTENDANCE_MODES[event.event_format],
        "eventStatus": f"{SCHEMA}{'EventCancelled' if event.is_cancelled else 'EventScheduled'}",
    }
    if event.summary:
        data["description"] = event.summary
    if event.language_codes:
        data["inLanguage"] = event.language_codes
    locations = []
    if event.event_format != EventPage.Format.ONLINE:
        place = venue(event, host_city)
        if place:
            locations.append(place)
    if event.event_format != EventPage.Format.IN_PERSON:
        locations.append({"@type": "VirtualLocation", "url": page_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    return data


def venue(event, host_city):
    """The Place an event happens at, as far as the page knows it; None when it names no place."""
    address = {"@type": "PostalAddress"}
    if event.address:
        address["streetAddress"] = event.address
    if host_city is not None:
        address["addressLocality"] = host_city.title
        address["addressCountry"] = host_city.country.code
    name = event.venue or (host_city.title if host_city is not None else "")
    if not name and len(address) == 1:
        return None
    place = {"@type": "Place", "name": name or event.address}
    if len(address) > 1:
        place["address"] = address
    if event.latitude is not None and event.longitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": event.latitude, "longitude": event.longitude}
    return place


def json_ld_script(data):
    """`data` in a JSON-LD script element that no text inside it can close."""
    text = json.dumps(data, ensure_ascii=False).translate(SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
