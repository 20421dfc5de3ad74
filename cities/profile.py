"""What a city page says before its focal point has written a profile: the facts the network holds, in
sentences of our own, where they come from, and an invitation to the focal point to complete it."""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import get_text_list
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _

from network.languages import locale_id

from .activity_themes import city_themes
from .models import CityPage, MembershipStatus
from .themes import in_label_order, name_in, request_theme_labels

GEONAMES_PAGE = "https://www.geonames.org/{id}"
LINK = re.compile(r"https?://\S+")
# A source is described by the words in brackets right after its address. What else the shipped list's
# compilers wrote (how they placed the city, "[coords: …]"; their reasoning; after "||", how their reading
# changed from one revision to the next) is for staff: it stays in the field, off the page. A revision's
# own addresses are still sources.
PLACEMENT_NOTE = re.compile(r"\[coords:[^\]]*\]")
REVISIONS = "||"
# The shipped list's notes are in English; this file has them in the other languages (columns en, es,
# pt_BR), each note as description() reads it from the list.
SOURCE_NOTES = Path(__file__).parent / "data" / "source_notes.csv"


@dataclass
class Source:
    """A public source of the city's facts: an address, and what it is (the note written beside it)."""

    url: str
    note: str


def membership_sentence(city):
    place = f"{city.region}, {city.country.name}" if city.region else str(city.country.name)
    values = {"city": city.title, "place": place, "year": city.year_joined}
    if city.membership_status == MembershipStatus.LAPSED:
        return (
            _("%(city)s (%(place)s) was a member of the UNESCO Global Network of Learning Cities.") % values
        )
    if city.membership_status == MembershipStatus.UNDER_REVIEW:
        return (
            _(
                "Public sources name %(city)s (%(place)s) among the cities that joined the UNESCO Global "
                "Network of Learning Cities in %(year)s; the network is confirming its membership."
            )
            if city.year_joined
            else _(
                "Public sources name %(city)s (%(place)s) as a member of the UNESCO Global Network of "
                "Learning Cities; the network is confirming its membership."
            )
        ) % values
    if city.year_joined:
        return (
            _(
                "%(city)s (%(place)s) has been a member of the UNESCO Global Network of Learning Cities "
                "since %(year)s."
            )
            % values
        )
    return _("%(city)s (%(place)s) is a member of the UNESCO Global Network of Learning Cities.") % values


def known_facts(city, theme_names):
    """Sentences about the city from its page's facts, for a page without a written profile."""
    sentences = [membership_sentence(city)]
    if city.population and city.population_year:
        sentences.append(
            _("It had %(population)s inhabitants in %(year)s.")
            % {"population": intcomma(city.population), "year": city.population_year}
        )
    elif city.population:
        sentences.append(
            _("It has about %(population)s inhabitants.") % {"population": intcomma(city.population)}
        )
    awards = [award.strip() for award in city.awards.splitlines() if award.strip()]
    if awards:
        sentences.append(_("Distinctions: %(awards)s.") % {"awards": get_text_list(awards, _("and"))})
    if theme_names:
        sentences.append(
            _("Its work in the network covers %(themes)s.") % {"themes": get_text_list(theme_names, _("and"))}
        )
    return sentences


def description(text):
    """The bracketed words at the start of `text` (brackets inside them kept), or nothing."""
    text = text.lstrip(" ;,")
    if not text.startswith("("):
        return ""
    depth = 0
    for index, character in enumerate(text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0:
            return text[1:index].strip()
    return text[1:].strip(" ;,")


@cache
def note_translations():
    """The shipped list's notes by their English text: {note: {locale name: translation}}, read once."""
    with SOURCE_NOTES.open(encoding="utf-8", newline="") as file:
        return {row["en"]: row for row in csv.DictReader(file)}


def in_reader_language(note):
    """A source's note in the active language where the file has it (notes written or changed by staff
    are not in it), otherwise as written."""
    translations = note_translations().get(note, {})
    return (translations.get(to_locale(get_language() or settings.LANGUAGE_CODE)) or "").strip() or note


def sources(city):
    """The membership sources (each address described by its citation, and the addresses the compilers'
    revisions add) and GeoNames' page of the place, which the shipped list's coordinates and population
    come from. The notes are in the reader's language where source_notes.csv has them."""
    by_url = {}
    for line in city.membership_sources.splitlines():
        citation, _separator, revisions = line.partition(REVISIONS)
        citation = PLACEMENT_NOTE.sub("", citation)
        links = list(LINK.finditer(citation))
        for index, link in enumerate(links):
            end = links[index + 1].start() if index + 1 < len(links) else len(citation)
            url = link.group().rstrip(".,;)")
            by_url.setdefault(url, Source(url, in_reader_language(description(citation[link.end() : end]))))
        for link in LINK.finditer(revisions):
            url = link.group().rstrip(".,;)")
            by_url.setdefault(url, Source(url, ""))
    found = list(by_url.values())
    if city.geonames_id:
        found.append(Source(GEONAMES_PAGE.format(id=city.geonames_id), _("GeoNames record of the place")))
    return found


def completion_url(city):
    """Where the city's focal point completes the profile: the admin's editor of the city's original
    page (its facts and text live there), through the sign-in page for a visitor not signed in."""
    default_locale_id = locale_id(settings.LANGUAGE_CODE)
    original_pk = city.pk
    if city.locale_id != default_locale_id:
        original = CityPage.objects.filter(translation_key=city.translation_key, locale_id=default_locale_id)
        original_pk = original.values_list("pk", flat=True).first() or city.pk
    edit = reverse("wagtailadmin_pages:edit", args=[original_pk])
    return f"{reverse('wagtailadmin_login')}?{urlencode({'next': edit})}"


def profile_context(city, request):
    """The city page's themes (chosen or from its activity) and sources, and without a written profile
    what it says instead (cities.page_context)."""
    themes = city_themes(city)
    labels = request_theme_labels(request) if themes else {}
    themes = in_label_order(themes, labels)
    context = {"city_themes": themes, "city_sources": sources(city)}
    if not city.body:
        names = [name_in(labels, theme) for theme in themes]
        context.update(known_facts=known_facts(city, names), completion_url=completion_url(city))
    return context
