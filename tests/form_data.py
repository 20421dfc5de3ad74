"""What the admin's forms post, for tests that submit them: city pages, contacts and engagements."""

from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cities.models import CityPage


def _blank(value):
    return "" if value is None else value


def city_edit_data(page, **changes):
    """The edit form of a city page as it is, with some values changed.

    Add an action such as {"action-publish": "action-publish"} or {"action-submit": "action-submit"}.
    """
    page = CityPage.objects.get(pk=page.pk)
    values = {
        "title": page.title,
        "slug": page.slug,
        "country": page.country.code,
        "region": page.region,
        "latitude": _blank(page.latitude),
        "longitude": _blank(page.longitude),
        "population": _blank(page.population),
        "population_year": _blank(page.population_year),
        "summary": page.summary,
        "hero_image": _blank(page.hero_image_id),
        "body": streamfield([]),
        "mayor_name": page.mayor_name,
        "mayor_title": page.mayor_title,
        "mayor_term_start": _blank(page.mayor_term_start),
        "mayor_term_end": _blank(page.mayor_term_end),
        "website": page.website,
        "links": inline_formset([]),
        "year_joined": _blank(page.year_joined),
        "membership_status": page.membership_status,
        "awards": page.awards,
        "membership_sources": page.membership_sources,
        "geonames_id": _blank(page.geonames_id),
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "go_live_at": "",
        "expire_at": "",
    }
    values.update(changes)
    return nested_form_data(values)


def contact_form_data(given_name, family_name="", emails=(), phones=(), roles=(), initial=None, **fields):
    """The contact form. emails: addresses; phones: dicts of number/label; roles: dicts of city (page
    id), role, start_date, end_date. Existing children carry their "id"; pass initial counts to edit."""
    initial = initial or {}
    values = {
        "honorific": "",
        "given_name": given_name,
        "family_name": family_name,
        "job_title": "",
        "organisation": "",
        "city": "",
        "preferred_language": "es",
        "notes": "",
        "consent_basis": "",
        "consent_date": "",
        "consent_source": "",
        "emails": inline_formset(
            [email if isinstance(email, dict) else {"address": email} for email in emails],
            initial=initial.get("emails", 0),
        ),
        "phones": inline_formset(list(phones), initial=initial.get("phones", 0)),
        "roles": inline_formset(
            [{"start_date": "", "end_date": "", **role} for role in roles],
            initial=initial.get("roles", 0),
        ),
    }
    values.update(fields)
    return nested_form_data(values)


def engagement_form_data(cities=(), participants=(), themes=(), **changes):
    """The engagement form (add and edit): cities, participants and themes are model instances, the
    other fields form values."""
    values = {
        "date": timezone.localdate().isoformat(),
        "kind": "workshop",
        "title": "Taller de ciudades del aprendizaje",
        "owner": "",
        "summary": "",
        "outcome": "",
        "follow_up_date": "",
    }
    values.update(changes)
    data = nested_form_data(values)
    # Multiple choices are posted as repeated keys (nested_form_data would number them).
    data.update(
        {
            "cities": [city.pk for city in cities],
            "organisations": [],
            "participants": [contact.pk for contact in participants],
            "themes": [theme.pk for theme in themes],
            "documents": [],
        }
    )
    return data
