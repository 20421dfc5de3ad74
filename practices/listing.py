"""The practices list (/practices/) with its filters in the query string, the practices a city page
shows, and what a practice's page shows besides its fields."""

import re

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cities.directory import FilterForm
from cities.themes import request_theme_labels
from network.languages import active_locale_id
from network.visibility import open_to_everyone

from .models import PracticePage

PER_PAGE = 20
# The city's population, as the list's filter offers it: (key, label, lowest, below).
POPULATION_BANDS = [
    ("small", _("Under 100,000 inhabitants"), 0, 100_000),
    ("medium", _("100,000 to 500,000 inhabitants"), 100_000, 500_000),
    ("large", _("500,000 to 1 million inhabitants"), 500_000, 1_000_000),
    ("metropolis", _("Over 1 million inhabitants"), 1_000_000, None),
]


def visible_practices():
    """Published practices of the page's language that any visitor may see (network.visibility)."""
    return open_to_everyone(PracticePage.objects.live().filter(locale=active_locale_id()))


# A country's code as cities store it. django-countries would also read numeric codes, with int(), which
# refuses "²" and numbers of more than 4,300 digits.
COUNTRY_CODE = re.compile(r"[A-Z]{2}")


class CountryField(forms.ChoiceField):
    """Offers the countries that have practices and accepts any country: a shared link or the directory's
    map may name one that has none (yet). Codes are stored in capitals; a link may write them in any case."""

    def to_python(self, value):
        return super().to_python(value).upper()

    def valid_value(self, value):
        return bool(COUNTRY_CODE.fullmatch(value) and countries.name(value)) or super().valid_value(value)


YES = {"on", "true", "1", "yes"}
NO = {"", "off", "false", "0", "no"}


class YesNoCheckbox(forms.CheckboxInput):
    """A checkbox that hands its field the value as written, so a value that is neither yes nor no can be
    refused (Django's checkbox reads any text but "false" as ticked), and is ticked only for a yes."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: value is True or str(value).strip().lower() in YES)

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class YesNoField(forms.BooleanField):
    """A filter that is on or off: the list's checkbox sends "on"; a link may write true/1/yes or
    false/0/no/off. Anything else is a mistake the form reports."""

    widget = YesNoCheckbox

    def to_python(self, value):
        if isinstance(value, str):
            written = value.strip().lower()
            if written in YES:
                return True
            if written in NO:
                return False
            raise forms.ValidationError(
                _("“%(value)s” is neither yes nor no: write on, true or 1 (or leave it out)."),
                code="invalid",
                params={"value": value},
            )
        return super().to_python(value)


class PracticeFilterForm(FilterForm):
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    country = CountryField(label=_("Country"), required=False)
    population = forms.ChoiceField(label=_("City size"), required=False)
    measured = YesNoField(label=_("Only practices with measured results"), required=False)

    def __init__(self, *args, practices, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (label.slug, label.name) for label in request_theme_labels(request).values()
        ]
        codes = set(practices.exclude(city=None).values_list("city__country", flat=True).distinct())
        self.fields["country"].choices = [("", _("All countries"))] + sorted(
            ((code, countries.name(code)) for code in codes if code), key=lambda choice: str(choice[1])
        )
        self.fields["population"].choices = [("", _("All sizes"))] + [
            (key, label) for key, label, _lowest, _below in POPULATION_BANDS
        ]

    def filtered(self, practices):
        criteria = self.criteria
        if criteria.get("theme"):
            practices = practices.filter(themes__slug=criteria["theme"])
        if criteria.get("country"):
            practices = practices.filter(city__country=criteria["country"])
        if criteria.get("population"):
            _key, _label, lowest, below = next(
                band for band in POPULATION_BANDS if band[0] == criteria["population"]
            )
            size = Q(city__population__gte=lowest)
            if below is not None:
                size &= Q(city__population__lt=below)
            practices = practices.filter(size)
        if criteria.get("measured"):
            practices = practices.filter(has_measured_results=True)
        return practices.distinct()


def index_context(index, request):
    practices = visible_practices()
    form = PracticeFilterForm(request.GET or None, practices=practices, request=request)
    chosen = (
        form.filtered(practices)
        .order_by("-start_year", "title", "pk")
        .select_related("city", "alias_of__locale")
    )
    paginator = Paginator(chosen.prefetch_related("themes"), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "practices": page,
        "paginator": paginator,
        "filter_query": query.urlencode(),
        "filtered": bool(form.criteria),
    }


def index_response(index, request):
    return index.render(request, context_overrides=index_context(index, request))


def city_practices(city, request):
    """The published practices under this city page (in its language), newest first; no query for a city
    without child pages (the tree keeps their number on the page)."""
    if not city.numchild:
        return {"practices": []}
    practices = open_to_everyone(PracticePage.objects.live().child_of(city)).order_by("-start_year", "title")
    return {"practices": list(practices.select_related("alias_of__locale").prefetch_related("themes"))}


def practice_context(practice, request):
    return {"practice_city": practice.get_parent().specific}
