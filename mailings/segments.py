"""Who is in a segment: one query per use, built from subqueries so that it stays one query at any size."""

from django.db.models import Q

from cities.models import CityPage
from contacts.models import CityRole, Contact, Engagement, TaggedContact


def members_of(segment):
    contacts = Contact.objects.all()
    city_ids = list(segment.cities.values_list("pk", flat=True))
    countries = [country.code for country in segment.countries]
    roles = CityRole.objects.current() if segment.current_roles_only else CityRole.objects.all()
    if segment.roles:
        roles = roles.filter(role__in=segment.roles)
        if city_ids:
            roles = roles.filter(city__in=city_ids)
        if countries:
            roles = roles.filter(city__country__in=countries)
        contacts = contacts.filter(pk__in=roles.values("contact"))
    else:
        if city_ids:
            contacts = contacts.filter(
                Q(city__in=city_ids)
                | Q(organisation__city__in=city_ids)
                | Q(pk__in=roles.filter(city__in=city_ids).values("contact"))
            )
        if countries:
            contacts = contacts.filter(
                Q(city__country__in=countries)
                | Q(organisation__country__in=countries)
                | Q(organisation__city__country__in=countries)
                | Q(pk__in=roles.filter(city__country__in=countries).values("contact"))
            )
    theme_ids = list(segment.themes.values_list("pk", flat=True))
    if theme_ids:
        took_part = Engagement.participants.through.objects.filter(engagement__themes__in=theme_ids)
        cities_on_theme = CityPage.objects.filter(themes__in=theme_ids)
        contacts = contacts.filter(
            Q(pk__in=took_part.values("contact")) | Q(city__in=cities_on_theme.values("pk"))
        )
    if segment.organisation_kinds:
        contacts = contacts.filter(organisation__kind__in=segment.organisation_kinds)
    tag_ids = list(segment.tags.values_list("pk", flat=True))
    if tag_ids:
        tagged = TaggedContact.objects.filter(tag__in=tag_ids)
        contacts = contacts.filter(pk__in=tagged.values("content_object"))
    return contacts
