"""The admin addresses its Spanish readers as "usted", as the rest of the site does.

Wagtail's Spanish catalogue says "tú" ("¿Olvidaste la contraseña?", "No tienes permiso", "Tus ediciones más
recientes"). network/wagtail_strings.py lists (INFORMAL) the strings of the screens staff and focal points
see most, and our catalogues translate them: Spanish with "usted", and Portuguese too, so that a Portuguese
screen does not fall back on our Spanish. Most of them show only in a given situation (a confirmation, a
refusal, an e-mail): the catalogues are checked string by string, and the screens that show several are
rendered in Spanish: those of staff, and those only administrators see (Settings, Reports, their account).
"""

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Collection, GroupApprovalTask, Locale, Site, Workflow

from tests import factories
from tests.helpers import rolled_back_after_module
from tests.test_admin_language import Screens, our_catalogue, visible_texts
from tests.test_admin_page_headings import in_spanish

pytestmark = pytest.mark.django_db

# Words that address the reader as "tú" wherever they stand: pronouns, and verb forms no "usted" sentence
# has ("tienes", "has", "olvidaste", "haz", "corrígelos").
TU_WORDS = (
    r"tú|tu|tus|te|ti|contigo|tienes|puedes|quieres|deseas|estás|has|olvidaste|haz|corrígelos|créalas|"
    r"márcalo|preocupes"
)
# The imperatives Wagtail's Spanish uses ("Introduce contraseña"): in the middle of a sentence each is also
# the "usted" of the present ("si usted selecciona…"), so they count only where a sentence or text begins.
# ("Elimina", "cambia" and "usa" read as "usted" too often to count even there.)
TU_IMPERATIVES = r"introduce|escribe|elige|escoge|selecciona|añade|revisa|establece|restablece|mueve|edita"
INFORMAL_WORDS = re.compile(
    rf"(?<!\w)(?:{TU_WORDS})(?!\w)|(?:^|[.!?:]\s|[¿¡])\s*(?:{TU_IMPERATIVES})(?!\w)",
    re.IGNORECASE | re.MULTILINE,
)
PLACEHOLDERS = re.compile(r"%\(\w+\)[sd]|\{\w*\}|<[^>]+>")
CATALOGUES = {"es": "es", "pt-br": "pt_BR"}


def informal_strings():
    """(msgid, msgid_plural or None) of the strings in INFORMAL of network/wagtail_strings.py."""
    source = Path(settings.BASE_DIR, "network", "wagtail_strings.py").read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and [target.id for target in node.targets] == ["INFORMAL"]:
            return [
                (
                    ast.literal_eval(call.args[0]),
                    ast.literal_eval(call.args[1]) if len(call.args) > 1 else None,
                )
                for call in node.value.elts
            ]
    return []


@cache
def wagtails_spanish():
    with override_settings(LOCALE_PATHS=[]):
        return DjangoTranslation("es")


def test_the_list_holds_the_screens_most_seen():
    """A list that lost its strings (a renamed tuple) would make the checks below pass on nothing."""
    assert len(informal_strings()) >= 40


@pytest.mark.parametrize(
    "text",
    [
        "Si usted elimina esta página, se eliminan también sus subpáginas.",
        "Deje la contraseña en blanco si no la cambia.",
        "El sitio usa la zona horaria de su cuenta.",
        "Si selecciona una colección, la imagen se mueve a ella.",
    ],
)
def test_usted_sentences_are_not_taken_for_tu(text):
    assert not INFORMAL_WORDS.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "¿Olvidaste la contraseña?",
        "Introduce contraseña",
        "Deja en blanco si no cambias. Escribe tu dirección.",
        "No has subido documentos.",
        "¿Seguro que quieres eliminar esta página?",
    ],
)
def test_tu_sentences_are_found(text):
    assert INFORMAL_WORDS.search(text)


@pytest.mark.parametrize("language", CATALOGUES)
def test_our_catalogues_translate_every_listed_string(language):
    """Translated, placeholders and tags kept; and in Spanish, without "tú" and unlike Wagtail's, which
    does translate it (a msgid Wagtail no longer has would make the comparison pass on nothing)."""
    faults = []
    for msgid, plural in informal_strings():
        texts = our_catalogue(language).get(msgid)
        if not texts:
            faults.append(f"untranslated: {msgid!r}")
            continue
        for text, source in zip(texts, [msgid, *[plural] * (len(texts) - 1)], strict=True):
            if sorted(PLACEHOLDERS.findall(text)) != sorted(PLACEHOLDERS.findall(source)):
                faults.append(f"placeholders or tags differ: {text!r}")
        if language == "es":
            wagtail = wagtails_spanish()
            theirs = wagtail.ngettext(msgid, plural, 1) if plural else wagtail.gettext(msgid)
            if theirs == msgid:
                # Renamed by a Wagtail upgrade: the screens show the new msgid, in Wagtail's "tú".
                faults.append(f"not in Wagtail's Spanish catalogue: {msgid!r}")
            faults += [f"says tú: {text!r}" for text in texts if INFORMAL_WORDS.search(text)]
            faults += [f"Wagtail's own: {text!r}" for text in texts if text == theirs]
    assert not faults, "\n".join(faults)


# --- Screens ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def screens(django_db_setup, django_db_blocker):
    """Texts of the screens staff and focal points see most, in Spanish, by name. Rendered once for the
    tests below, which only read them; the data behind them is rolled back before the first of them."""
    with rolled_back_after_module(django_db_blocker), translation.override("en"):
        return staff_screens_rendered()


def staff_screens_rendered():
    city = factories.CityFactory(title="Ciudad de prueba")
    staff = in_spanish(factories.uil_staff())
    visitor = Client(HTTP_ACCEPT_LANGUAGE="es")
    urls = {
        "sign-in": (visitor, "/admin/login/"),
        "password reset": (visitor, "/admin/password_reset/"),
        "dashboard": (staff, "/admin/"),
        "explorer": (staff, f"/admin/pages/{city.get_parent().pk}/"),
        "editor": (staff, f"/admin/pages/{city.pk}/edit/"),
        "delete page": (staff, f"/admin/pages/{city.pk}/delete/"),
        "unpublish page": (staff, f"/admin/pages/{city.pk}/unpublish/"),
        "account": (staff, "/admin/account/"),
        "images": (staff, "/admin/images/"),
        "documents": (staff, "/admin/documents/"),
    }
    texts = {}
    for name, (client, url) in urls.items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, f"{name}: HTTP {response.status_code}"
        texts[name] = visible_texts(response.content.decode())
    return texts


def test_no_screen_says_tu(screens):
    found = [
        f"{name}: {text!r}"
        for name, texts in screens.items()
        for text in texts
        if INFORMAL_WORDS.search(text)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("sign-in", "¿Olvidó su contraseña?"),
        ("password reset", "Restablezca su contraseña"),
        ("delete page", "¿Seguro que desea eliminar esta página?"),
        ("unpublish page", "¿Seguro que desea despublicar esta página?"),
    ],
)
def test_screens_say_usted(screens, name, text):
    """The screens above do show listed strings (so the check above cannot pass on screens without them)."""
    assert text in screens[name]


# --- Administrators' screens --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def administrator_screens(django_db_setup, django_db_blocker):
    """Texts of the screens only administrators see, in Spanish, by name: listings, forms, confirmations,
    and what saving shows (a form sent back with its errors, a message). Rendered once for the tests below."""
    with rolled_back_after_module(django_db_blocker):
        yield administrator_screens_rendered()


def administrator_screens_rendered():
    admin = in_spanish(factories.SuperuserFactory())
    user = factories.UserFactory()
    group = Group.objects.create(name="Grupo de prueba")
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Colección de prueba")
    workflow = Workflow.objects.create(name="Flujo de prueba")
    task = GroupApprovalTask.objects.create(name="Tarea de prueba")
    redirect = Redirect.objects.create(old_path="/antigua", redirect_link="https://example.org/")
    locale = Locale.objects.get(language_code="es")
    site = Site.objects.get(is_default_site=True)
    urls = {
        "users": "/admin/users/",
        "new user": "/admin/users/new/",
        "user": f"/admin/users/edit/{user.pk}/",
        "delete user": f"/admin/users/delete/{user.pk}/",
        "groups": "/admin/groups/",
        "new group": "/admin/groups/new/",
        "group": f"/admin/groups/edit/{group.pk}/",
        "delete group": f"/admin/groups/delete/{group.pk}/",
        "sites": "/admin/sites/",
        "site": f"/admin/sites/edit/{site.pk}/",
        "collections": "/admin/collections/",
        "new collection": "/admin/collections/add/",
        "collection": f"/admin/collections/{collection.pk}/",
        "delete collection": f"/admin/collections/{collection.pk}/delete/",
        "workflows": "/admin/workflows/list/",
        "new workflow": "/admin/workflows/add/",
        "workflow": f"/admin/workflows/edit/{workflow.pk}/",
        "disable workflow": f"/admin/workflows/disable/{workflow.pk}/",
        "tasks": "/admin/workflows/tasks/index/",
        "new task": "/admin/workflows/tasks/add/wagtailcore/groupapprovaltask/",
        "task": f"/admin/workflows/tasks/edit/{task.pk}/",
        "disable task": f"/admin/workflows/tasks/disable/{task.pk}/",
        "redirects": "/admin/redirects/",
        "new redirect": "/admin/redirects/add/",
        "redirect": f"/admin/redirects/{redirect.pk}/",
        "delete redirect": f"/admin/redirects/{redirect.pk}/delete/",
        "import redirects": "/admin/redirects/import/",
        "locales": "/admin/locales/",
        "locale": f"/admin/locales/edit/{locale.pk}/",
        "translations": "/admin/localize/reports/translations/",
        "locked pages": "/admin/reports/locked/",
        "workflow report": "/admin/reports/workflow/",
        "workflow tasks report": "/admin/reports/workflow_tasks/",
        "site history": "/admin/reports/site-history/",
        "page types": "/admin/reports/page-types-usage/",
        "account": "/admin/account/",
    }
    screens = Screens()
    for name, url in urls.items():
        screens.get(admin, name, url)
    # Saved with errors: a permission given twice to a group, a page given twice to a workflow.
    twice = {"name": "Otro", "image_permissions-TOTAL_FORMS": 2, "image_permissions-INITIAL_FORMS": 0}
    for number in (0, 1):
        twice |= {f"image_permissions-{number}-collection": collection.pk}
    screens.add("new group, with errors", admin.post("/admin/groups/new/", twice))
    twice = {"name": "Otro", "pages-TOTAL_FORMS": 2, "pages-INITIAL_FORMS": 0}
    twice |= {"workflow_tasks-TOTAL_FORMS": 0, "workflow_tasks-INITIAL_FORMS": 0}
    for number in (0, 1):
        twice |= {f"pages-{number}-page": site.root_page_id}
    screens.add("new workflow, with errors", admin.post("/admin/workflows/add/", twice))
    # Saved: the message the next screen shows.
    screens.add(
        "collection created", admin.post("/admin/collections/add/", {"name": "Otra", "parent": root.pk})
    )
    screens.add("redirect deleted", admin.post(f"/admin/redirects/{redirect.pk}/delete/"))
    screens.add("task disabled", admin.post(f"/admin/workflows/tasks/disable/{task.pk}/"))
    screens.add("workflow disabled", admin.post(f"/admin/workflows/disable/{workflow.pk}/"))
    return screens


def test_no_administrator_screen_says_tu(administrator_screens):
    found = [
        f"{name}: {text!r}"
        for name, screen in administrator_screens.items()
        for text in screen.nodes
        if INFORMAL_WORDS.search(text)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("delete collection", "¿Seguro que desea eliminar esta colección?"),
        ("new workflow", "Dé un nombre a su flujo de trabajo"),
        ("disable task", "¿Seguro que desea deshabilitar esta tarea?"),
        ("new group, with errors", "No puede tener varios registros de permisos para la misma colección."),
        (
            "new workflow, with errors",
            "No puede asignar este flujo de trabajo a la misma página varias veces.",
        ),
    ],
)
def test_administrator_screens_say_usted(administrator_screens, name, text):
    """The screens above do show listed strings, and the forms sent back do show their errors."""
    assert text in administrator_screens[name].nodes
