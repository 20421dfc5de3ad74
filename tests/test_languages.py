"""Spanish first: the public site, its content, the map data and e-mails in es, pt-br and en."""

import json
from email.utils import parseaddr

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from wagtail.models import Locale, PageViewRestriction
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation, TranslationSource

from cities.models import CityPage, Theme
from cities.translation_sync import push_synchronised_fields
from tests.factories import SAMPLE_CITIES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_network_for_module")]

PREFIXES = {"es": "", "pt-br": "/pt-br", "en": "/en"}
PUBLIC_PATHS = ["/", "/cities/", "/cities/medellin/", "/cities/sao-paulo/", "/search/?query=Recife"]


def in_language(language, text):
    with translation.override(language):
        return gettext(text)


@pytest.fixture
def visitor():
    """A browser that prefers English: the URL decides the language all the same."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def get_page(visitor, soup, url):
    response = visitor.get(url)
    assert response.status_code == 200, url
    return soup(response)


def translate(page, language, **text):
    """Translate a page as an editor would: a real translation replacing the untranslated alias."""
    locale = Locale.objects.get(language_code=language)
    alias = page.get_translation(locale)
    alias.delete()
    translated = page.copy_for_translation(locale)
    for name, value in text.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return CityPage.objects.get(pk=translated.pk)


@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_public_page_is_served_in_each_language(visitor, soup, language, path):
    page = get_page(visitor, soup, PREFIXES[language] + path)
    assert page.html["lang"] == language
    assert in_language(language, "Skip to main content") in page.select_one(".skip-link").get_text()
    switcher = page.select_one("nav.language-switcher")
    assert switcher.select_one("[aria-current]").get_text(strip=True) == dict(settings.LANGUAGES)[language]


def test_the_root_is_spanish_whatever_the_browser_prefers(visitor, soup):
    page = get_page(visitor, soup, "/cities/")
    assert page.html["lang"] == "es"
    assert "Saltar al contenido principal" in page.get_text()
    assert get_page(visitor, soup, "/en/cities/").html["lang"] == "en"


def test_unknown_pages_are_404_in_each_language(visitor, soup):
    for language, prefix in PREFIXES.items():
        response = visitor.get(f"{prefix}/cities/no-such-city/")
        assert response.status_code == 404
        assert soup(response).html["lang"] == language


def test_navigation_stays_in_the_language(visitor, soup):
    page = get_page(visitor, soup, "/pt-br/cities/medellin/")
    nav = [link["href"] for link in page.select("nav.site-nav a")]
    sections = ("", "cities/", "practices/", "events/", "resources/", "search/")
    assert nav == [f"/pt-br/{section}" for section in sections]
    assert page.select_one(".site-brand")["href"] == "/pt-br/"


def test_switcher_leads_to_the_untranslated_original_with_a_notice(visitor, soup):
    spanish = get_page(visitor, soup, "/cities/medellin/")
    links = {link["hreflang"]: link["href"] for link in spanish.select("nav.language-switcher a")}
    assert links == {"pt-br": "/pt-br/cities/medellin/", "en": "/en/cities/medellin/"}
    assert spanish.select_one(".notice") is None

    english = get_page(visitor, soup, links["en"])
    assert english.h1.get_text(strip=True) == "Medellín"
    notice = english.select_one(".notice").get_text(" ", strip=True)
    assert "has not been translated yet" in notice and "Spanish" in notice
    # The untranslated copy points search engines at the original rather than competing with it.
    assert english.select_one('link[rel="canonical"]')["href"].endswith("/cities/medellin/")
    assert not english.select('link[rel="alternate"]')
    portuguese = get_page(visitor, soup, "/pt-br/cities/medellin/")
    assert "original, espanhol." in portuguese.select_one(".notice").get_text(" ", strip=True)
    assert "original language, Spanish." in notice


def test_switcher_keeps_the_directorys_filters(visitor, soup):
    """A filtered view stays filtered in the other language; hreflang still names the page itself."""
    spanish = get_page(visitor, soup, "/cities/?country=CO&year=2024")
    links = {link["hreflang"]: link["href"] for link in spanish.select("nav.language-switcher a")}
    assert links == {"pt-br": "/pt-br/cities/?country=CO&year=2024", "en": "/en/cities/?country=CO&year=2024"}
    english = get_page(visitor, soup, links["en"])
    assert english.html["lang"] == "en"
    back = english.select_one("nav.language-switcher a[hreflang=es]")["href"]
    assert back == "/cities/?country=CO&year=2024"
    alternates = {link["href"] for link in spanish.select('link[rel="alternate"]')}
    assert not any("?" in href for href in alternates)


def test_switcher_and_hreflang_lead_to_a_translation(visitor, soup, city_named):
    medellin = city_named("Medellín")
    translate(medellin, "en", summary="A city that learns together.")
    spanish = get_page(visitor, soup, "/cities/medellin/")
    alternates = {link["hreflang"]: link["href"] for link in spanish.select('link[rel="alternate"]')}
    assert alternates == {
        "es": "http://testserver/cities/medellin/",
        "x-default": "http://testserver/cities/medellin/",
        "en": "http://testserver/en/cities/medellin/",
    }, "an alias (Portuguese here) is not an alternate"

    english = get_page(visitor, soup, "/en/cities/medellin/")
    assert english.select_one(".notice") is None
    assert "A city that learns together." in english.get_text()
    assert {link["hreflang"] for link in english.select('link[rel="alternate"]')} == {"es", "x-default", "en"}


def test_search_engines_are_not_sent_to_a_translation_closed_on_its_own(visitor, soup, city_named):
    medellin = city_named("Medellín")
    english = translate(medellin, "en")
    translate(medellin, "pt-br")
    PageViewRestriction.objects.create(
        page=english, restriction_type=PageViewRestriction.PASSWORD, password="clave"
    )

    spanish = get_page(visitor, soup, "/cities/medellin/")

    alternates = {link["hreflang"] for link in spanish.select('link[rel="alternate"]')}
    assert alternates == {"es", "x-default", "pt-br"}
    switcher = {link["hreflang"] for link in spanish.select("nav.language-switcher a")}
    assert switcher == {"pt-br", "en"}, "readers with the password still find the English version"


def test_untranslated_cities_are_listed_and_mapped_in_every_language(visitor, soup):
    for language, prefix in PREFIXES.items():
        directory = get_page(visitor, soup, f"{prefix}/cities/")
        names = {link.get_text(strip=True) for link in directory.select("table.city-table th a")}
        assert "Jaboatão dos Guararapes" in names and "Medellín" in names
        hrefs = {link["href"] for link in directory.select("table.city-table th a")}
        assert f"{prefix}/cities/medellin/" in hrefs, language
        data = json.loads(visitor.get("/api/cities.geojson", {"lang": language}).content)
        assert len(data["features"]) == len(SAMPLE_CITIES)
        medellin = next(f for f in data["features"] if f["properties"]["name"] == "Medellín")
        assert medellin["properties"]["url"] == f"{prefix}/cities/medellin/"


@pytest.mark.parametrize(("language", "brazil"), [("es", "Brasil"), ("pt-br", "Brasil"), ("en", "Brazil")])
def test_country_names_follow_the_language(visitor, soup, language, brazil):
    page = get_page(visitor, soup, f"{PREFIXES[language]}/cities/sao-paulo/")
    assert brazil in [fact.get_text(strip=True) for fact in page.select("dl dd")]
    data = json.loads(visitor.get("/api/cities.geojson", {"lang": language, "country": "BR"}).content)
    assert {feature["properties"]["country_name"] for feature in data["features"]} == {brazil}


def test_dates_and_numbers_follow_the_language(visitor, soup, city_named):
    sao_paulo = city_named("São Paulo")
    for language, prefix in PREFIXES.items():
        page = get_page(visitor, soup, f"{prefix}/cities/sao-paulo/")
        with translation.override(language):
            published = formats.date_format(timezone.localtime(sao_paulo.last_published_at), "DATE_FORMAT")
            population = formats.number_format(sao_paulo.population, use_l10n=True, force_grouping=True)
        assert page.select_one("aside time").get_text(strip=True) == published
        assert population in page.get_text(), language
    english = get_page(visitor, soup, "/en/cities/sao-paulo/").get_text()
    spanish = get_page(visitor, soup, "/cities/sao-paulo/").get_text()
    assert "12,400,232" in english and "12\xa0400\xa0232" in spanish


def test_the_geojson_language_parameter_is_checked(visitor):
    default = json.loads(visitor.get("/api/cities.geojson").content)
    spanish = json.loads(visitor.get("/api/cities.geojson", {"lang": "es"}).content)
    assert default == spanish, "Spanish by default, whatever the browser prefers"
    for bad in ({"lang": "fr"}, {"lang": ""}, {"lang": "EN-GB"}):
        response = visitor.get("/api/cities.geojson", bad)
        if bad["lang"] == "":
            assert response.status_code == 200
            continue
        assert response.status_code == 400
        assert "error" in response.json() and response.json()["fields"]["lang"] == ["es", "pt-br", "en"]
    response = visitor.get("/api/cities.geojson?lang=en&lang=es")
    assert response.status_code == 400


def test_theme_names_follow_the_language(visitor, soup, city_named, publish_with_themes):
    climate = Theme.objects.get(slug="accion-climatica", locale__language_code="es")
    publish_with_themes(city_named("Medellín"), climate)
    expected = {"es": "Acción climática", "pt-br": "Ação climática", "en": "Climate action"}
    for language, name in expected.items():
        directory = get_page(visitor, soup, f"{PREFIXES[language]}/cities/")
        options = {
            option["value"]: option.get_text(strip=True) for option in directory.select("#id_theme option")
        }
        assert options["accion-climatica"] == name
        city = get_page(visitor, soup, f"{PREFIXES[language]}/cities/medellin/")
        assert name in city.get_text()
        data = json.loads(
            visitor.get("/api/cities.geojson", {"lang": language, "theme": "accion-climatica"}).content
        )
        assert [feature["properties"]["themes"] for feature in data["features"]] == [[name]]


def test_a_theme_without_translation_keeps_its_original_name(visitor, soup, city_named, publish_with_themes):
    theme = Theme.objects.create(
        name="Ciudades creativas", slug="ciudades-creativas", locale=Locale.get_default()
    )
    publish_with_themes(city_named("Medellín"), theme)
    assert "Ciudades creativas" in get_page(visitor, soup, "/en/cities/medellin/").get_text()


def test_facts_follow_the_original_into_translations(city_named):
    medellin = city_named("Medellín")
    english = translate(medellin, "en", summary="A learning city.")
    alias = medellin.get_translation(Locale.objects.get(language_code="pt-br"))
    climate = Theme.objects.get(slug="accion-climatica", locale__language_code="es")

    medellin.population = 2_600_000
    medellin.latitude, medellin.longitude = 6.25, -75.56
    medellin.membership_status = "lapsed"
    medellin.themes = [climate]
    medellin.save_revision().publish()

    for translated in (english, alias):
        translated = CityPage.objects.get(pk=translated.pk)
        assert translated.population == 2_600_000
        assert (translated.latitude, translated.longitude) == (6.25, -75.56)
        assert translated.membership_status == "lapsed"
        assert list(translated.themes.all()) == [climate]
    assert CityPage.objects.get(pk=english.pk).summary == "A learning city.", "text stays translated"


def test_a_translation_cannot_change_the_facts(city_named):
    medellin = city_named("Medellín")
    english = translate(medellin, "en")
    english.population = 1
    english.year_joined = 1999
    english.summary = "Edited in English."
    english.save_revision().publish()
    english.refresh_from_db()
    assert english.population == medellin.population and english.year_joined == medellin.year_joined
    assert english.summary == "Edited in English."


def test_a_draft_of_the_original_does_not_reach_the_translations(city_named):
    medellin = city_named("Medellín")
    english = translate(medellin, "en")
    medellin.population = 5
    medellin.save_revision()
    english.refresh_from_db()
    assert english.population != 5
    assert push_synchronised_fields(CityPage.objects.get(pk=medellin.pk)) is False, "already in step"


def test_search_works_in_each_language(visitor, soup):
    for language, query in (("es", "Brasil"), ("pt-br", "Brasil"), ("en", "Brazil")):
        page = get_page(visitor, soup, f"{PREFIXES[language]}/search/?query={query}")
        hrefs = [link["href"] for link in page.select("main h3 a")]
        assert f"{PREFIXES[language]}/cities/sao-paulo/" in hrefs, language
        assert all(href.startswith(PREFIXES[language] + "/") for href in hrefs)


def test_directory_filters_work_in_each_language(visitor, soup):
    brazilian = sorted(row["title"] for row in SAMPLE_CITIES if row["country"] == "BR")
    for prefix in PREFIXES.values():
        directory = get_page(visitor, soup, f"{prefix}/cities/?country=BR")
        names = sorted(link.get_text(strip=True) for link in directory.select("table.city-table th a"))
        assert names == brazilian, prefix


@pytest.fixture
def invite(staff_client, django_capture_on_commit_callbacks):
    def post(city, email, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return staff_client.post(
                f"/admin/cities/{city.pk}/focal-points/", {"name": "Ana Souza", "email": email, **data}
            )

    return post


def invitation_subject(city, language):
    with translation.override(language):
        return render_to_string("cities/emails/focal_point_invitation_subject.txt", {"city": city}).strip()


def test_the_invitation_is_written_in_the_chosen_language(invite, city_named, django_user_model):
    medellin = city_named("Medellín")
    response = invite(medellin, "ana@example.org", language="pt-br")
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == invitation_subject(medellin, "pt-br") != invitation_subject(medellin, "en")
    assert message.body.startswith("Olá")
    assert parseaddr(message.from_email)[0] == "Rede de Cidades de Aprendizagem"
    user = django_user_model.objects.get(email="ana@example.org")
    assert UserProfile.get_for_user(user).preferred_language == "pt-br", "the admin follows the invitation"


def test_a_brazilian_city_invites_in_portuguese_by_default(invite, city_named, staff_client):
    recife = city_named("Recife")
    form = staff_client.get(f"/admin/cities/{recife.pk}/focal-points/").content.decode()
    assert '<option value="pt-br" selected>' in form
    invite(recife, "joao@example.org")
    assert mail.outbox[0].subject == invitation_subject(recife, "pt-br")


def test_an_existing_account_keeps_its_language(invite, city_named, django_user_model):
    user = django_user_model.objects.create_user("maria", "maria@example.org")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    medellin = city_named("Medellín")
    invite(medellin, "maria@example.org", language="es")
    assert mail.outbox[0].subject == invitation_subject(medellin, "en")
    assert mail.outbox[0].body.startswith("Hello")


def test_the_admin_follows_each_users_language(client, staff_user):
    client.force_login(staff_user)
    profile = UserProfile.get_for_user(staff_user)
    for language in ("es", "pt-br", "en"):
        profile.preferred_language = language
        profile.save()
        response = client.get("/admin/")
        assert f'lang="{language}"' in response.content.decode()[:300]
    profile.preferred_language = ""
    profile.save()
    assert 'lang="en"' in client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()[:300]
    assert 'lang="pt-br"' in client.get("/admin/", HTTP_ACCEPT_LANGUAGE="pt-BR").content.decode()[:300]


def test_unpublishing_a_city_takes_it_off_every_language(visitor, city_named):
    medellin = city_named("Medellín")
    translate(medellin, "en", summary="A learning city.")
    medellin.unpublish()
    for prefix in PREFIXES.values():
        assert visitor.get(f"{prefix}/cities/medellin/").status_code == 404, prefix


def test_staff_translate_a_city_with_wagtail_localize(staff_client, city_named, visitor, soup):
    medellin = city_named("Medellín")
    english_locale = Locale.objects.get(language_code="en")
    assert staff_client.get(f"/admin/localize/submit/page/{medellin.pk}/").status_code == 200
    source, _created = TranslationSource.get_or_create_from_instance(medellin)
    translation_record = Translation.objects.create(source=source, target_locale=english_locale)
    translation_record.save_target(publish=True)

    english = CityPage.objects.get(translation_key=medellin.translation_key, locale=english_locale)
    assert english.alias_of_id is None, "the untranslated copy became a translation"
    assert staff_client.get(f"/admin/pages/{english.pk}/edit/").status_code == 200
    page = get_page(visitor, soup, "/en/cities/medellin/")
    assert page.select_one(".notice") is None
