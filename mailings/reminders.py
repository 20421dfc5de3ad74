"""Reminders to the focal points of some cities, written as a draft mailing for staff to review and send.

A reminder is the day's segment of the current focal points of the cities concerned (one per subject and
day: pressing the button again updates its cities) and a draft mailing to it in Spanish, Portuguese and
English. Nothing is sent here; staff are told which cities the mailing will not reach. Used by the profile
completeness report (mailings/profile_reminders.py) and by the progress reports' cycle
(progress/reminders.py).
"""

from django.contrib import messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from cities.models import CityPage
from cities.ordering import by_name
from contacts.models import CityRole
from network.links import absolute_url

from .models import Mailing, Segment

# Writing the draft adds a segment and a mailing; on a second press the same day it updates the segment.
REQUIRED_PERMISSIONS = ("mailings.add_mailing", "mailings.add_segment", "mailings.change_segment")
# A mailing's versions, each with the site language its text is written in.
LANGUAGES = {"es": "es", "pt": "pt-br", "en": "en"}


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
    for code, language in LANGUAGES.items():
        texts[f"subject_{code}"] = subjects[code]
        with translation.override(language):  # the context in words in the version's language
            texts[f"body_{code}"] = render_to_string(template % {"language": code}, context)
    mailing = Mailing.objects.create(segment=segment, created_by=user, **texts)
    log(mailing, "wagtail.create", user=user)
    return mailing


# Names of the cities out of reach that the warning lists; past these it gives their number.
NAMED_OUT_OF_REACH = 10


def cities_out_of_reach(city_ids):
    """The cities among `city_ids` whose current focal points no mailing reaches: none of them is a contact
    with an e-mail address and a basis for contacting them who has not unsubscribed. A focal point invited
    by hand has an account but need not be a contact."""
    reached = (
        CityRole.objects.current()
        .filter(
            role=CityRole.Role.FOCAL_POINT,
            city__in=city_ids,
            contact__unsubscribed_at__isnull=True,
            contact__emails__isnull=False,
        )
        .exclude(contact__consent_basis="")
        .values("city")
    )
    return CityPage.objects.filter(pk__in=city_ids).exclude(pk__in=reached).order_by(by_name(), "pk")


def warn_of_cities_out_of_reach(request, city_ids):
    """Tell staff, beside the draft, which of the reminder's cities it will not reach."""
    out_of_reach = list(cities_out_of_reach(city_ids).values_list("title", flat=True))
    if not out_of_reach:
        return
    names = ", ".join(out_of_reach[:NAMED_OUT_OF_REACH])
    if len(out_of_reach) > NAMED_OUT_OF_REACH:
        names = _("%(names)s and %(count)s more") % {
            "names": names,
            "count": len(out_of_reach) - NAMED_OUT_OF_REACH,
        }
    messages.warning(
        request,
        ngettext(
            "The reminder will not reach %(count)s city, which has no current focal point among the contacts "
            "with an e-mail address and a basis for contacting them: %(names)s. Add its focal point under "
            "Contacts before sending.",
            "The reminder will not reach %(count)s cities, which have no current focal point among the "
            "contacts with an e-mail address and a basis for contacting them: %(names)s. Add their focal "
            "points under Contacts before sending.",
            len(out_of_reach),
        )
        % {"count": len(out_of_reach), "names": names},
    )
