"""Reminders to the focal points of some cities, written as a draft mailing for staff to review and send.

A reminder is the day's segment of the current focal points of the cities concerned (one per subject and
day: pressing the button again updates its cities) and a draft mailing to it in Spanish, Portuguese and
English. Nothing is sent here. Used by the profile completeness report (mailings/profile_reminders.py)
and by the progress reports' cycle (progress/reminders.py).
"""

from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.log_actions import log

from contacts.models import CityRole
from network.links import absolute_url

from .models import Mailing, Segment

# Writing the draft adds a segment and a mailing; on a second press the same day it updates the segment.
REQUIRED_PERMISSIONS = ("mailings.add_mailing", "mailings.add_segment", "mailings.change_segment")
LANGUAGES = ("es", "pt", "en")


def may_write_reminders(user):
    return all(user.has_perm(permission) for permission in REQUIRED_PERMISSIONS)


def focal_points_segment(city_ids, user, name, description):
    """The segment named `name` (in the site's first language, so that it is the same whoever presses the
    button), its cities set to `city_ids`."""
    segment, created = Segment.objects.get_or_create(
        name=name,
        defaults={
            "description": description,
            "roles": [CityRole.Role.FOCAL_POINT.value],
            "current_roles_only": True,
        },
    )
    segment.cities.set(city_ids)
    log(segment, "wagtail.create" if created else "wagtail.edit", user=user)
    return segment


def draft_mailing(segment, user, subjects, template, context=None):
    """The segment's draft mailing, left as staff may have edited it, or a new one: `subjects` by language
    and the bodies from `template` (with %(language)s), which get the admin's address and `context`."""
    draft = segment.mailings.filter(status=Mailing.Status.DRAFT).order_by("-created_at", "-pk").first()
    if draft is not None:
        return draft
    context = {"admin_url": absolute_url(reverse("wagtailadmin_home")), **(context or {})}
    texts = {}
    for code in LANGUAGES:
        texts[f"subject_{code}"] = subjects[code]
        texts[f"body_{code}"] = render_to_string(template % {"language": code}, context)
    mailing = Mailing.objects.create(segment=segment, created_by=user, **texts)
    log(mailing, "wagtail.create", user=user)
    return mailing
