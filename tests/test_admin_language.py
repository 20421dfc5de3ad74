"""The admin speaks Spanish or Portuguese where Wagtail's own catalogues fall short.

network/wagtail_strings.py lists Wagtail's strings that its es or pt_BR catalogue lacks (they would show
in English, or in Spanish on a Portuguese screen) or gets wrong ("Login", "El organización no puede ser
creado"); our catalogues translate them. The screens and e-mails that staff and focal points see are
rendered in both languages, and for every listed string: what Wagtail alone would show appears nowhere,
and our translation appears somewhere (so the check cannot pass on screens that never show it).

Why this module is long: its checks share one rendering of every screen and e-mail in both languages,
which is slow to build, and the check that each listed msgid is still one of Wagtail's reads the same lists.
"""

import ast
import csv
import io
import json
import re
from functools import cache
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup, CData, NavigableString, TemplateString
from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation.trans_real import DjangoTranslation
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, WorkflowState
from wagtail.users.models import UserProfile

from contacts.models import Organisation
from mailings.models import Mailing, Segment
from tests import factories, form_data
from tests.helpers import rolled_back_after_module

pytestmark = pytest.mark.django_db

LANGUAGES = {"es": "es", "pt-br": "pt_BR"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def listed_strings(lists=("MISSING", "CORRECTED", "INFORMAL")):
    """(msgid, msgid_plural or None) of every string marked in the `lists` of network/wagtail_strings.py."""
    source = Path(settings.BASE_DIR, "network", "wagtail_strings.py").read_text()
    found = []
    tuples = [
        node.value
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and any(getattr(target, "id", "") in lists for target in node.targets)
    ]
    for node in (call for value in tuples for call in ast.walk(value)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"gettext_noop", "ngettext_lazy"}:
            texts = [ast.literal_eval(argument) for argument in node.args]
            found.append((texts[0], texts[1] if len(texts) > 1 else None))
    return found


@cache
def translations_without_ours(language):
    """Django's translations into `language` from the installed apps' catalogues alone (Portuguese falling
    back on Spanish, the site's default language, as Django does): what Wagtail shows without ours."""
    with override_settings(LOCALE_PATHS=[], LANGUAGE_CODE=language):
        catalogue = DjangoTranslation(language)
    if language != settings.LANGUAGE_CODE:
        catalogue.add_fallback(translations_without_ours(settings.LANGUAGE_CODE))
    return catalogue


def without_our_catalogue(language, msgid, plural):
    catalogue = translations_without_ours(language)
    if plural:
        return [catalogue.ngettext(msgid, plural, 1), catalogue.ngettext(msgid, plural, 2)]
    return [catalogue.gettext(msgid)]


@cache
def our_catalogue(language):
    """Our translations into `language`, by msgid, as the catalogue in LOCALE_PATHS has them."""
    path = Path(settings.LOCALE_PATHS[0], LANGUAGES[language], "LC_MESSAGES", "django.po")
    return {
        entry.msgid: [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for entry in polib.pofile(str(path))
        if entry.translated() and not entry.msgctxt
    }


def with_our_catalogue(language, msgid):
    return our_catalogue(language).get(msgid, [])


def pattern(text):
    """A regular expression for a rendered message: placeholders match anything, tags are gone, and the
    first letter may have been capitalised (capfirst)."""
    words = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    parts = [r"\s*".join(re.escape(word) for word in part.split()) for part in PLACEHOLDER.split(words)]
    if parts[0] and parts[0][0].islower():
        parts[0] = f"[{parts[0][0]}{parts[0][0].upper()}]{parts[0][1:]}"
    return r".{0,120}?".join(parts)


@cache
def as_whole_text(text):
    """A short text is a whole text, give or take a count before it ("1 item") or what follows a colon
    or dash ("Exploring: Root - Wagtail")."""
    return re.compile(rf"(?:\d[\d.,\s]*\s)?{pattern(text)}(?:\s*[:\-–].*)?", re.S)


@cache
def within_text(text):
    return re.compile(rf"(?<![\w-]){pattern(text)}(?![\w-])")


def is_short(text):
    return len(PLACEHOLDER.sub("", text).split()) < 3


@cache
def literal_words(text):
    """The words `pattern(text)` matches as they are, in lower case."""
    words = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    return tuple({word.lower() for part in PLACEHOLDER.split(words) for word in part.split()})


def shows(text, screen, unless=()):
    """Whether `text` shows on a screen (a short one as a whole text, a longer one anywhere). Where the
    texts `unless` show, `text` is not looked for: its placeholders could match them."""
    # The patterns below match these words as they are: a screen or a text node without one of them cannot
    # show the text (checking that first spares most of the regular expressions' work).
    words = literal_words(text)
    if not all(word in screen.lowered for word in words):
        return False
    if is_short(text):
        others = [as_whole_text(other) for other in unless]
        return any(
            as_whole_text(text).fullmatch(node) and not any(other.fullmatch(node) for other in others)
            for node, lowered in zip(screen.nodes, screen.lowered_nodes, strict=True)
            if all(word in lowered for word in words)
        )
    if not within_text(text).search(screen.joined):
        return False
    joined = screen.joined
    for other in unless:
        joined = within_text(other).sub(" | ", joined)
    return bool(within_text(text).search(joined))


# --- Rendering the screens ----------------------------------------------------------------------------------


def visible_texts(html):
    """The text nodes of a page, its labels for assistive technology, and the strings of its JSON data
    (Wagtail's sidebar and scripts take theirs from there)."""
    page = BeautifulSoup(html, "html.parser")
    texts = []
    for script in page.find_all("script"):
        if script.get("type") == "application/json" and script.string:
            stack = [json.loads(script.string)]
            while stack:
                item = stack.pop()
                if isinstance(item, dict):
                    stack.extend(item.values())
                elif isinstance(item, list):
                    stack.extend(item)
                elif isinstance(item, str):
                    texts.append(item)
        script.decompose()
    for tag in page.find_all(True):
        texts.extend(tag[name] for name in ("placeholder", "title", "aria-label", "alt") if tag.get(name))
    # The dialogs that Wagtail moves into the page as it loads (keyboard shortcuts, the editor's scheduling
    # and content metrics) are in <template> elements, whose texts are TemplateStrings.
    shown = (NavigableString, TemplateString, CData)
    strings = (text for text in page.find_all(string=True) if type(text) in shown and text.strip())
    texts.extend(" ".join(text.split()) for text in strings)
    return texts


class Screen:
    """The texts one screen showed."""

    def __init__(self, texts):
        texts = [" ".join(text.split()) for text in texts]
        self.nodes = tuple(dict.fromkeys(texts))
        self.joined = " ".join(texts)
        self.lowered = self.joined.lower()
        self.lowered_nodes = tuple(node.lower() for node in self.nodes)


# Our own field labels that say what Wagtail's catalogue says for a listed msgid: the region of a city page
# (cities/models.py), "Región", is Wagtail's Spanish for "Locale". They are left out of the screens: they
# are not Wagtail's words (the page editor's "Región:" and "Cambiar región" still are looked for).
OUR_LABELS_LIKE_WAGTAILS = re.compile(r'<label\b[^>]*\bfor="id_region"[^>]*>.*?</label>', re.S)


class Screens(dict):
    """What each screen showed, by name: its page and the messages it queued."""

    def add(self, name, response):
        assert response.status_code in (200, 302), f"{name}: HTTP {response.status_code}"
        html = response.content.decode() if response.status_code == 200 else ""
        if response.get("Content-Type", "").startswith("application/json"):
            html = json.loads(html).get("html", "")
        html = OUR_LABELS_LIKE_WAGTAILS.sub("", html)
        queued = "".join(f"<p>{message}</p>" for message in get_messages(response.wsgi_request))
        self[name] = Screen(visible_texts(html + queued))

    def get(self, client, name, url, **extra):
        self.add(name, client.get(url, **extra))


def signed_in(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    client.language = language
    return client


def contacts_file():
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["Nombre", "Apellidos", "Correo electrónico"], ["Ana", "Ruiz", "a@x.org"]])
    return SimpleUploadedFile("contactos.csv", buffer.getvalue().encode(), content_type="text/csv")


def crm_screens(screens, staff, cities):
    """The engagement log: empty listings, the organisation form, listings, deletion, the import."""
    snippets = "/admin/snippets/contacts"
    for model in ("engagement", "contact", "organisation"):
        screens.get(staff, f"no {model} yet", f"{snippets}/{model}/")
    screens.add("organisation with errors", staff.post(f"{snippets}/organisation/add/", {"name": ""}))
    new = {"name": f"Fundación Aprender {staff.language}", "kind": "ngo", "country": "CO"}
    screens.add("organisation created", staff.post(f"{snippets}/organisation/add/", new))
    organisation = Organisation.objects.get(name=new["name"])
    edit = f"{snippets}/organisation/edit/{organisation.pk}/"
    screens.add("organisation not saved", staff.post(edit, {"name": "", "kind": "ngo"}))
    screens.add("organisation saved", staff.post(edit, {**new, "name": "Fundación Aprende"}))
    screens.get(staff, "organisation search with one result", f"{snippets}/organisation/?q=Aprende")
    contact = factories.ContactFactory(given_name="Lucía", organisation=organisation)
    for city in cities:
        factories.EngagementFactory(title="Taller", cities=[city], participants=[contact])
    for model in ("engagement", "contact", "organisation"):
        screens.get(staff, f"{model} listing", f"{snippets}/{model}/")
        screens.get(staff, f"{model} search without results", f"{snippets}/{model}/?q=zzz")
    screens.get(staff, "new organisation", f"{snippets}/organisation/add/")
    screens.get(staff, "delete organisation", f"{snippets}/organisation/delete/{organisation.pk}/")
    spare = [factories.OrganisationFactory() for _number in range(2)]
    ids = "&".join(f"id={spare_one.pk}" for spare_one in spare)
    screens.get(staff, "unused organisation", f"{snippets}/organisation/usage/{spare[0].pk}/")
    screens.get(staff, "bulk delete one", f"/admin/bulk/contacts/organisation/delete/?id={spare[0].pk}")
    screens.add("bulk deleted", staff.post(f"/admin/bulk/contacts/organisation/delete/?{ids}"))
    screens.add("organisation deleted", staff.post(f"{snippets}/organisation/delete/{organisation.pk}/"))
    segment = Segment.objects.create(name=f"Alcaldes {staff.language}")
    Mailing.objects.create(segment=segment, subject_es="Boletín", body_es="Hola.")
    delete_segment = reverse("wagtailsnippets_mailings_segment:delete", args=[segment.pk])
    screens.get(staff, "delete a segment that mailings use", delete_segment)
    for report in ("engagements_by_country", "theme_coverage", "last_engagement"):
        screens.get(staff, report, reverse(f"contacts_{report}:index"))
    screens.get(staff, "import", reverse("contacts_import:upload"))
    upload = staff.post(reverse("contacts_import:upload"), {"kind": "contacts", "file": contacts_file()})
    screens.get(staff, "import preview", upload["Location"])


def page_screens(screens, client, who, city):
    directory = city.get_parent().pk
    for name, url in {
        "dashboard": "/admin/",
        "account": "/admin/account/",
        "explorer": f"/admin/pages/{directory}/",
        "explorer root": "/admin/pages/",
        "explorer search": f"/admin/pages/{directory}/?q={city.title}",
        "explorer search without results": f"/admin/pages/{directory}/?q=zzz",
        "explorer search of the site": f"/admin/pages/{directory}/?q={city.title}&search_all=1",
        "explorer search of the site without results": f"/admin/pages/{directory}/?q=zzz&search_all=1",
        "editor": f"/admin/pages/{city.pk}/edit/",
        "page history": f"/admin/pages/{city.pk}/history/",
        "images": "/admin/images/",
        "images upload": "/admin/images/multiple/add/",
        "image chooser": "/admin/images/chooser/",
        "documents": "/admin/documents/",
        "document chooser": "/admin/documents/chooser/",
        "page chooser": "/admin/choose-page/",
    }.items():
        screens.get(client, f"{who}: {name}", url)


def workflow_screens(screens, staff, focal_point, city):
    """A focal point submits a change, staff see it waiting and reject it; the e-mails go out."""
    data = form_data.city_edit_data(city, summary="Resumen revisado", **{"action-submit": "action-submit"})
    with TestCase.captureOnCommitCallbacks(execute=True):
        screens.add("submitted", focal_point.post(f"/admin/pages/{city.pk}/edit/", data))
    state = WorkflowState.objects.for_instance(city).get(status="in_progress")
    task_state = state.current_task_state
    page_screens(screens, staff, "staff", city)
    page_screens(screens, focal_point, "focal point", city)
    for report in ("workflow", "workflow_tasks", "locked_pages", "site_history", "page_types_usage"):
        screens.get(staff, report, reverse(f"wagtailadmin_reports:{report}"))
    screens.get(staff, "themes", "/admin/snippets/cities/theme/")
    screens.get(staff, "theme chooser", "/admin/snippets/choose/cities/theme/")
    submit = reverse("wagtail_localize:submit_page_translation", args=[city.pk])
    screens.get(staff, "submit for translation", submit)
    screens.get(staff, "workflow history", reverse("wagtailadmin_pages:workflow_history", args=[city.pk]))
    detail = reverse("wagtailadmin_pages:workflow_history_detail", args=[city.pk, state.pk])
    screens.get(staff, "workflow history detail", detail)
    compare = reverse("wagtailadmin_pages:revisions_compare", args=[city.pk, "live", "latest"])
    screens.get(staff, "changes compared", compare)
    reject = reverse("wagtailadmin_pages:workflow_action", args=[city.pk, "reject", task_state.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        screens.add("rejected", staff.post(reject, {"comment": "Falta la fuente"}))
    screens.get(staff, "staff: editor after review", f"/admin/pages/{city.pk}/edit/")


def slug_screens(screens, staff, city, sibling):
    """An editor, a new page and a copy that give a page the slug of another page under the same parent."""
    edit = form_data.city_edit_data(city, slug=sibling.slug)
    screens.add("slug in use", staff.post(f"/admin/pages/{city.pk}/edit/", edit))
    add = reverse("wagtailadmin_pages:add", args=["cities", "citypage", city.get_parent().pk])
    screens.add("new page with a slug in use", staff.post(add, {**edit, "title": "Nueva"}))
    copy = {"new_title": "Copia", "new_slug": sibling.slug, "new_parent_page": city.get_parent().pk}
    screens.add("copy to a slug in use", staff.post(f"/admin/pages/{city.pk}/copy/", copy))


def editing_session_screens(screens, staff, focal_point, city):
    """Two people in a city page's editor at once, as Wagtail's editor asks every few seconds: the focal
    point has unsaved changes, then has saved a version newer than the one the staff member opened; the
    focal point, in a second window, sees the staff member viewing the page and their own unsaved changes."""
    url = reverse("wagtailadmin_editing_sessions:ping", args=["cities", "citypage", city.pk, 0])
    focal_point.post(url, {"is_editing": "1"})
    response = staff.post(url)
    screens.add("someone else has unsaved changes", response)
    again = url.replace("/0/", f"/{response.json()['session_id']}/")
    latest = city.revisions.latest("created_at")
    since = {"revision_id": latest.pk, "revision_created_at": "2000-01-01T00:00+00:00"}
    screens.add("someone else saved", staff.post(again, since))
    screens.add("someone else viewing", focal_point.post(url))


def bulk_action_screens(screens, staff):
    """Staff publishing two city pages at once from the explorer, then unpublishing one."""
    cities = [factories.CityFactory(title=f"Ciudad {number} {staff.language}") for number in (1, 2)]
    ids = "&".join(f"id={city.pk}" for city in cities)
    screens.add("pages published", staff.post(f"/admin/bulk/wagtailcore/page/publish/?{ids}"))
    screens.add("page unpublished", staff.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={cities[0].pk}"))


def translation_screens(screens, staff):
    """Staff submitting a city page for translation into the site's two other languages."""
    city = factories.CityFactory(title=f"Ciudad por traducir {staff.language}")
    locales = list(Locale.objects.exclude(pk=city.locale_id).values_list("pk", flat=True))
    submit = reverse("wagtail_localize:submit_page_translation", args=[city.pk])
    screens.add("submitted for translation", staff.post(submit, {"locales": locales}))


def locale_settings_screens(screens, administrator):
    """Settings › Locales (wagtail-localize's views): the list, the form to add one (sent back with an
    error, then adding French, offered for the occasion), the new locale's form and its update. Returns
    the new locale, which no content uses."""
    screens.get(administrator, "locales", reverse("wagtaillocales:index"))
    add = reverse("wagtaillocales:add")
    screens.add("locale with errors", administrator.post(add, {"language_code": ""}))
    french = [*settings.LANGUAGES, ("fr", "Français")]
    with override_settings(LANGUAGES=french, WAGTAIL_CONTENT_LANGUAGES=french):
        screens.get(administrator, "new locale", add)
        screens.add("locale created", administrator.post(add, {"language_code": "fr"}))
        locale = Locale.objects.get(language_code="fr")
        edit = reverse("wagtaillocales:edit", args=[locale.pk])
        screens.get(administrator, "locale", edit)
        screens.add("locale updated", administrator.post(edit, {"language_code": "fr"}))
    return locale


def privacy_and_locale_screens(screens, staff, administrator, language, city):
    """The privacy dialogs of a page and of a collection (JSON holding their HTML), the images of that
    collection (none yet), the locales' screens, and the deletion of a locale: one in use, which cannot be
    deleted, and one of a language no longer offered, which can."""
    collection = Collection.get_first_root_node().add_child(name=f"Actas {language}")
    screens.get(staff, "page privacy", f"/admin/pages/{city.pk}/privacy/")
    translated = factories.CityFactory(title=f"Ciudad traducida {language}")
    english = Locale.objects.get(language_code="en")
    translated.get_translation(english).delete()
    translated.copy_for_translation(english).save_revision().publish()
    screens.get(administrator, "delete a translated page", f"/admin/pages/{translated.pk}/delete/")
    screens.get(administrator, "collection privacy", f"/admin/collections/{collection.pk}/privacy/")
    screens.get(administrator, "no images in a collection", f"/admin/images/?collection_id={collection.pk}")
    in_use = Locale.objects.get(language_code=language)
    screens.get(administrator, "locale in use", f"/admin/locales/delete/{in_use.pk}/")
    delete = f"/admin/locales/delete/{locale_settings_screens(screens, administrator).pk}/"
    screens.get(administrator, "delete locale", delete)
    screens.add("locale deleted", administrator.post(delete))


def collect(language, screens):
    """Every screen and e-mail, as UIL staff, a focal point and an administrator who all read `language`."""
    mail.outbox.clear()
    city = factories.CityFactory(title=f"Ciudad {language}")
    staff_user = factories.StaffFactory(username=f"revisora-{language}", email=f"revisora-{language}@ex.org")
    focal_point_user = factories.FocalPointFactory(
        city=city, username=f"ana-{language}", email=f"ana-{language}@ex.org"
    )
    staff, focal_point = signed_in(staff_user, language), signed_in(focal_point_user, language)
    # Before the submission, of which Wagtail tells administrators by e-mail.
    administrator_user = factories.SuperuserFactory(email=f"admin-{language}@ex.org")
    administrator = signed_in(administrator_user, language)
    crm_screens(screens, staff, [city, factories.sample_city("Bogotá")])
    missing_file = get_document_model().objects.create(title="Acta", file=ContentFile(b"", name="acta.txt"))
    missing_file.file.storage.delete(missing_file.file.name)
    screens.get(staff, "document without its file", f"/admin/documents/edit/{missing_file.pk}/")
    workflow_screens(screens, staff, focal_point, city)
    slug_screens(screens, staff, city, factories.sample_city("Bogotá"))
    editing_session_screens(screens, staff, focal_point, city)
    bulk_action_screens(screens, staff)
    translation_screens(screens, staff)
    privacy_and_locale_screens(screens, staff, administrator, language, city)
    visitor = Client(HTTP_ACCEPT_LANGUAGE=language)
    screens.get(visitor, "login", "/admin/login/")
    user_id = urlsafe_base64_encode(force_bytes(focal_point_user.pk))
    token = default_token_generator.make_token(focal_point_user)
    screens.get(visitor, "new password", f"/admin/password_reset/confirm/{user_id}/{token}/", follow=True)
    screens.get(visitor, "password set", "/admin/password_reset/complete/")
    # Every member of UIL staff, and the administrator, hears of a submission, each in their own language:
    # these are the reader's.
    for number, message in enumerate(m for m in mail.outbox if language in m.to[0]):
        html = "".join(content for content, _type in getattr(message, "alternatives", []))
        texts = [message.subject, *visible_texts(html), *message.body.splitlines()]
        screens[f"e-mail {number} to {message.to[0]}"] = Screen(texts)


@pytest.fixture(scope="module")
def screens_by_language(django_db_setup, django_db_blocker):
    """Rendered once for the module (in a transaction rolled back after it): they take a while."""
    with rolled_back_after_module(django_db_blocker):
        screens = {language: Screens() for language in LANGUAGES}
        for language in LANGUAGES:  # before anything is submitted
            staff = signed_in(factories.StaffFactory(), language)
            screens[language].get(staff, "workflow report, empty", reverse("wagtailadmin_reports:workflow"))
        for language in LANGUAGES:
            collect(language, screens[language])
        yield screens


@pytest.fixture(params=LANGUAGES)
def rendered(request, screens_by_language):
    return request.param, screens_by_language[request.param]


def matched_by(text, translations):
    """The translations that the pattern of `text` matches: "Você pode editar %(model_name)s aqui:" matches
    "Você pode editar a página aqui:", our translation of another msgid."""
    return [other for other in translations if within_text(text).search(re.sub(r"<[^>]+>", " ", other))]


def test_no_screen_shows_what_wagtail_alone_would(rendered):
    """Where Wagtail's text, its placeholders matching anything, would match our translation of another
    listed msgid, that translation is not taken for it (it is not looked for where that one shows)."""
    language, screens = rendered
    everything_ours = {text for msgid, _ in listed_strings() for text in with_our_catalogue(language, msgid)}
    leaks = []
    for msgid, plural in listed_strings():
        ours = with_our_catalogue(language, msgid)
        # A Portuguese screen must not show the Spanish either (Django's fallback when pt_BR lacks it).
        spanish = with_our_catalogue("es", msgid) if language != "es" else []
        for text in without_our_catalogue(language, msgid, plural) + spanish:
            if text in ours:
                continue
            unless = [*ours, *matched_by(text, everything_ours - set(ours))]
            leaks += [f"{name}: {text!r}" for name, screen in screens.items() if shows(text, screen, unless)]
    assert not leaks, f"{len(leaks)} texts that Wagtail's catalogues give in {language}:\n" + "\n".join(leaks)


def test_every_listed_string_shows_translated_somewhere(rendered):
    """The screens do show each string our catalogues add or correct, in the reader's language (most of
    those that only said "tú" show in a given situation: tests/test_admin_addresses_usted.py checks them)."""
    language, screens = rendered
    unseen = []
    for msgid, _plural in listed_strings(("MISSING", "CORRECTED")):
        ours = with_our_catalogue(language, msgid)
        if not any(shows(text, screen) for text in ours for screen in screens.values()):
            unseen.append(msgid)
    assert not unseen, f"not seen in {language}: {unseen}"


def test_the_privacy_dialogs_public_choice_agrees_with_its_neighbours(rendered):
    """Wagtail's privacy dialogs offer "Public" beside "Private, …": in Spanish and Portuguese "Público",
    masculine like "Privado", not the "Pública" of a public answer in the progress reports."""
    _language, screens = rendered
    for name in ("page privacy", "collection privacy"):
        assert "Público" in screens[name].nodes, name
        assert "Pública" not in screens[name].nodes, name


def test_messages_about_an_organisation_agree_with_it(rendered):
    """'Organización' is feminine: the messages about one do not say 'creado' or 'El organización'."""
    language, screens = rendered
    messages = screens["organisation created"].joined + screens["organisation with errors"].joined
    expected = {"es": "Registro creado: organización", "pt-br": "Registro criado: organização"}[language]
    assert expected.lower() in messages.lower()
    assert not re.search(r"\b(El|O) organiza|organiza\w+ '[^']*' (creado|criado)", messages)


def test_every_listed_string_is_one_of_wagtails():
    """Each listed msgid (and plural) is in an installed app's English catalogue, which holds every msgid
    of its code and templates: one that a Wagtail upgrade renamed would leave our translation unused, and
    the checks above, or those of tests/test_admin_addresses_usted.py, passing on a string nobody sees."""
    english = set()
    for app in apps.get_app_configs():
        path = Path(app.path, "locale", "en", "LC_MESSAGES", "django.po")
        if path.exists():
            english |= {(entry.msgid, entry.msgid_plural or None) for entry in polib.pofile(str(path))}
    unknown = [msgid for msgid, plural in listed_strings() if (msgid, plural) not in english]
    assert not unknown, f"not in any installed app's catalogue: {unknown}"


@pytest.mark.parametrize(("language", "label"), [("es", "Contraseña"), ("pt-br", "Senha")])
def test_the_sign_in_page_labels_the_password_in_the_readers_language(client, language, label):
    """Wagtail's sign-in form declares the password field without a label (network/sign_in_form.py)."""
    response = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE=language)

    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("label", attrs={"for": "id_password"}).get_text(strip=True).startswith(label)
