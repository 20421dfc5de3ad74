"""The search's filters by type, theme and country: checked, applied, and offered with result counts.

The filters live in the query string (?type=event&theme=<slug>&country=MX). Like the directory's, a bad
value is reported next to its filter and ignored. Each filter's options are counted over the results of
the text with the other filters applied, so every option says how many results choosing it gives. The
filters and the counts read what search.facet_data keeps of every page: no query, however many results.
"""

from collections import Counter

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .types import SEARCHABLE_TYPES

FACETS = ("type", "theme", "country")


class FacetForm(forms.Form):
    type = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.SlugField(label=_("Theme"), required=False, max_length=100)
    country = forms.CharField(label=_("Country"), required=False, max_length=2)

    def __init__(self, *args, theme_labels, **kwargs):
        """`theme_labels`: {original theme id: ThemeLabel} in the page's language (cities.themes)."""
        super().__init__(*args, **kwargs)
        self.theme_labels = theme_labels
        self.fields["type"].choices = [("", "")] + [(t.key, t.plural) for t in SEARCHABLE_TYPES]

    def clean_theme(self):
        slug = self.cleaned_data["theme"]
        if slug and slug not in {label.slug for label in self.theme_labels.values()}:
            raise forms.ValidationError(_("There is no theme “%(slug)s”."), params={"slug": slug})
        return slug

    def clean_country(self):
        code = self.cleaned_data["country"].upper()
        if code and code not in countries:
            raise forms.ValidationError(
                _("%(code)s is not a country code (ISO 3166-1 alpha-2, e.g. MX)."), params={"code": code}
            )
        return code

    @property
    def criteria(self):
        """The valid filters: {facet: value}, invalid or empty ones left out."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in FACETS if cleaned.get(name)}


def passes(facts, criteria, theme_by_slug, leave_out=None):
    """Whether a page (its search.facet_data.PageFacts) passes the filters, but the one left out."""
    for name, value in criteria.items():
        if name == leave_out:
            continue
        if name == "type" and facts.type != value:
            return False
        if name == "country" and value not in facts.countries:
            return False
        if name == "theme" and theme_by_slug[value] not in facts.themes:
            return False
    return True


def themes_by_slug(theme_labels):
    return {label.slug: pk for pk, label in theme_labels.items()}


def filtered(ids, facts, criteria, theme_labels):
    """The ids, in their order, of the pages that pass the filters."""
    theme_by_slug = themes_by_slug(theme_labels)
    return [pk for pk in ids if pk in facts and passes(facts[pk], criteria, theme_by_slug)]


def facet_options(ids, facts, criteria, theme_labels, query):
    """Each facet's options with their counts and links, for the template.

    `ids`: every page matching the text; `facts`: search.facet_data.facts_by_page; `query`: the request's
    QueryDict (the links keep its other parameters).
    """
    matched = [facts[pk] for pk in ids if pk in facts]
    theme_by_slug = themes_by_slug(theme_labels)

    def counted(leave_out):
        return [page for page in matched if passes(page, criteria, theme_by_slug, leave_out)]

    types = Counter(page.type for page in counted("type"))
    in_countries = Counter(code for page in counted("country") for code in page.countries)
    themes = Counter(
        theme_labels[pk].slug for page in counted("theme") for pk in page.themes if pk in theme_labels
    )
    type_options = [(t.key, t.plural, types[t.key]) for t in SEARCHABLE_TYPES]
    country_options = sorted(
        ((code, countries.name(code), count) for code, count in in_countries.items()),
        key=lambda option: str(option[1]),
    )
    theme_options = [
        (label.slug, label.name, themes[label.slug])
        for label in theme_labels.values()
        if label.slug in themes
    ]
    facets = [
        facet("type", _("Kind"), _("All kinds"), type_options, criteria, query),
        facet("theme", _("Theme"), _("All themes"), theme_options, criteria, query),
        facet("country", _("Country"), _("All countries"), country_options, criteria, query),
    ]
    return [offered for offered in facets if offered is not None]


def facet(name, label, everything, options, criteria, query):
    """The facet's options for the template, or None when it has nothing to choose: no option with
    results and none chosen (a lone "All themes" would only push the results down)."""
    chosen = criteria.get(name, "")
    shown = [(value, text, count) for value, text, count in options if count or value == chosen]
    if not shown and not chosen:
        return None
    return {
        "name": name,
        "label": label,
        "options": [
            {"label": everything, "url": link(query, name, ""), "selected": not chosen, "count": None},
            *(
                {"label": text, "url": link(query, name, value), "selected": value == chosen, "count": count}
                for value, text, count in shown
            ),
        ],
    }


def link(query, name, value):
    """The query string with this facet set to `value` (or removed), back on the first page."""
    changed = query.copy()
    changed.pop("page", None)
    changed.pop(name, None)
    if value:
        changed[name] = value
    return f"?{changed.urlencode()}"
