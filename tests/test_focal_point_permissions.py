"""Focal points edit their own city page and nothing else: the permission matrix of a city page's actions
for each role, and what each role may do to the rest of the site."""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site, WorkflowState

from cities.models import CityIndexPage, CityPage, CityPublishingSettings
from tests import factories, helpers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cities_a_and_b")]

Image = get_image_model()
Document = get_document_model()

NEW_TITLE = "Medellín, ciudad del aprendizaje"
MEDIA_CODENAMES = {
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
}


# --- The checks that tell "allowed" from "denied" --------------------------------------------


def state(page):
    """What a visitor or editor would notice of a page, fetched afresh from the database."""
    page = Page.objects.filter(pk=page.pk).first()
    if page is None:
        return None
    return {
        "title": page.title,
        "live": page.live,
        "parent": page.get_parent().pk,
        "children": page.get_children().count(),
        "revisions": page.revisions.count(),
        "has_unpublished_changes": page.has_unpublished_changes,
        "in_review": WorkflowState.objects.for_instance(page).filter(status="in_progress").exists(),
        "private": PageViewRestriction.objects.filter(page=page).exists(),
    }


# --- The actions on a city page ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cities_a_and_b(django_db_setup, django_db_blocker):
    """Medellín (city A) and Bogotá (city B), made once for the module's 155 cases; each case's changes
    (a publish, a move, a deletion) are rolled back after it. The medellin and bogota fixtures find them."""
    with helpers.rolled_back_after_module(django_db_blocker):
        factories.sample_city("Medellín")
        factories.sample_city("Bogotá")
        yield


@pytest.fixture
def archive(home):
    """A second directory, so that a move has somewhere to go."""
    return home.add_child(instance=CityIndexPage(title="Archivo", slug="archivo"))


def _post_edit(client, page, ctx, **extra):
    return client.post(f"/admin/pages/{page.pk}/edit/", ctx["edit_data"](page, title=NEW_TITLE, **extra))


ACTIONS = {
    "open editor": lambda client, page, ctx: client.get(f"/admin/pages/{page.pk}/edit/"),
    "save draft": lambda client, page, ctx: _post_edit(client, page, ctx),
    "publish": lambda client, page, ctx: _post_edit(
        client, page, ctx, **{"action-publish": "action-publish"}
    ),
    "submit": lambda client, page, ctx: _post_edit(client, page, ctx, **{"action-submit": "action-submit"}),
    "open unpublish": lambda client, page, ctx: client.get(f"/admin/pages/{page.pk}/unpublish/"),
    "unpublish": lambda client, page, ctx: client.post(f"/admin/pages/{page.pk}/unpublish/"),
    "bulk unpublish": lambda client, page, ctx: client.post(
        f"/admin/bulk/wagtailcore/page/unpublish/?id={page.pk}&next=/admin/"
    ),
    "open delete": lambda client, page, ctx: client.get(f"/admin/pages/{page.pk}/delete/"),
    "delete": lambda client, page, ctx: client.post(f"/admin/pages/{page.pk}/delete/"),
    "bulk delete": lambda client, page, ctx: client.post(
        f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}&next=/admin/"
    ),
    "open move": lambda client, page, ctx: client.get(f"/admin/pages/{page.pk}/move/"),
    "move": lambda client, page, ctx: client.post(
        f"/admin/pages/{page.pk}/move/{ctx['archive'].pk}/confirm/"
    ),
    "make private": lambda client, page, ctx: client.post(
        f"/admin/pages/{page.pk}/privacy/", {"restriction_type": "password", "password": "clave-secreta"}
    ),
    "add child": lambda client, page, ctx: client.get(f"/admin/pages/add/cities/citypage/{page.pk}/"),
    "add subpage": lambda client, page, ctx: client.get(f"/admin/pages/{page.pk}/add_subpage/"),
}


def check_allowed(action, response, before, after, ctx):
    """The action went through and did what it says."""
    assert response.status_code in (200, 302), response.status_code
    if action == "add subpage" and response.status_code == 302:
        # A good practice is the only page a city page takes: Wagtail goes straight to its editor.
        assert response["Location"].endswith(f"/add/practices/practicepage/{ctx['page'].pk}/")
        assert after == before
    elif action.startswith("open ") or action.startswith("add "):
        assert response.status_code == 200, f"HTTP {response.status_code} {response.get('Location')}"
        assert after == before
    elif action == "save draft":
        assert after["revisions"] == before["revisions"] + 1
        assert after["title"] == before["title"], "a draft must not change the live page"
        assert CityPage.objects.get(pk=ctx["page"].pk).get_latest_revision_as_object().title == NEW_TITLE
    elif action == "publish":
        assert after["title"] == NEW_TITLE
        assert after["live"] and not after["has_unpublished_changes"]
    elif action == "submit":
        assert after["in_review"], "the change was not submitted for review"
        assert after["title"] == before["title"], "a submitted change must not go live before review"
    elif action in ("unpublish", "bulk unpublish"):
        assert not after["live"]
    elif action in ("delete", "bulk delete"):
        assert after is None
    elif action == "move":
        assert after["parent"] == ctx["archive"].pk
    elif action == "make private":
        assert after["private"]
    else:  # pragma: no cover - a new action needs its check
        raise AssertionError(action)


def check_denied(action, response, before, after, assert_refused):
    """The action was refused and nothing changed."""
    if not action.startswith("bulk "):
        # Bulk actions skip the pages a user may not touch and report the rest: only the result counts.
        assert_refused(response)
    assert after == before


def check_draft_only(action, response, before, after, ctx):
    """Publishing without publish permission keeps the change as a draft: the live page is unchanged."""
    assert response.status_code == 302
    assert after["title"] == before["title"] and after["live"]
    assert CityPage.objects.get(pk=ctx["page"].pk).get_latest_revision_as_object().title == NEW_TITLE


COLUMNS = list(ACTIONS)
# What each role may do to city A (Medellín): Y allowed, N denied, D kept as a draft only (the live page is
# unchanged), - not part of the issue (not asserted). A city page takes good practices as its only child
# pages: "add subpage" is allowed to those who edit the city, "add child" (a city under a city) to nobody.
# Columns, in the order of ACTIONS:
#   editor: open, save draft, publish, submit | unpublish: open, post, bulk | delete: open, post, bulk |
#   move: open, post | make private (a password on the public page, which hides it like an unpublish) |
#   add: child, subpage
# fmt: off
REVIEW_MODE = {                 # editor  unpublish  delete  move  private  add
    "anonymous":                "NNNN     NNN        NNN     NN    N        NN",
    "focal point A":            "YYDY     NNN        NNN     NN    N        NY",
    "focal point B":            "NNNN     NNN        NNN     NN    N        NN",
    "UIL staff":                "YYY-     YYY        ---     --    -        NY",
    "administrator":            "YYY-     YYY        YYY     YY    Y        NY",
}
# In "direct" mode the focal point publishes directly, and still never unpublishes (nor hides the page),
# deletes or moves it.
DIRECT_MODE = {
    "focal point A":            "YYY-     NNN        NNN     NN    N        NY",
    "focal point B":            "NNNN     NNN        NNN     NN    N        NN",
}
# fmt: on
EXPECTED = {"Y": "allowed", "N": "denied", "D": "draft", "-": None}
MIRROR = {"focal point A": "focal point B", "focal point B": "focal point A"}


def matrix(table, targets=("A", "B")):
    """(role, action, target, expected) cases: city A as in the table; for city B the focal points swap
    rows (B's own focal point may edit it, A's may not). Staff and administrators act on every city alike,
    so city A stands for all cities for them."""
    cases = []
    for target in targets:
        for role, row in table.items():
            if target == "B" and role not in MIRROR:
                continue
            expectations = table[MIRROR[role]] if target == "B" else row
            for action, letter in zip(COLUMNS, expectations.replace(" ", ""), strict=True):
                expected = EXPECTED[letter]
                if expected is not None:
                    cases.append(pytest.param(role, action, target, expected, id=f"{role}-{action}-{target}"))
    return cases


def run_case(role, action, target, expected, as_role, client, request, city_edit_data, assert_refused):
    page = request.getfixturevalue("medellin" if target == "A" else "bogota")
    ctx = {"page": page, "edit_data": city_edit_data}
    if action == "move":
        ctx["archive"] = request.getfixturevalue("archive")
    as_role(role)
    before = state(page)
    response = ACTIONS[action](client, page, ctx)
    assert response.status_code != 500
    after = state(page)
    if expected == "allowed":
        check_allowed(action, response, before, after, ctx)
    elif expected == "draft":
        check_draft_only(action, response, before, after, ctx)
    else:
        check_denied(action, response, before, after, assert_refused)


@pytest.mark.parametrize(("role", "action", "target", "expected"), matrix(REVIEW_MODE))
def test_city_page_permissions_in_review_mode(
    role, action, target, expected, as_role, client, request, city_edit_data, assert_refused
):
    run_case(role, action, target, expected, as_role, client, request, city_edit_data, assert_refused)


@pytest.mark.parametrize(("role", "action", "target", "expected"), matrix(DIRECT_MODE, targets=["A"]))
def test_city_page_permissions_in_direct_mode(
    role, action, target, expected, direct_mode, as_role, client, request, city_edit_data, assert_refused
):
    run_case(role, action, target, expected, as_role, client, request, city_edit_data, assert_refused)


# --- The rest of the site: home, directory, administration -----------------------------------------------


def _settings_url():
    return reverse(
        "wagtailsettings:edit",
        args=["cities", "citypublishingsettings", Site.objects.get(is_default_site=True).pk],
    )


SITE_ACTIONS = {
    "edit home": lambda client, ctx: client.get(f"/admin/pages/{ctx['home'].pk}/edit/"),
    "edit directory": lambda client, ctx: client.get(f"/admin/pages/{ctx['directory'].pk}/edit/"),
    "add city": lambda client, ctx: client.get(f"/admin/pages/add/cities/citypage/{ctx['directory'].pk}/"),
    "users": lambda client, ctx: client.get("/admin/users/"),
    "groups": lambda client, ctx: client.get("/admin/groups/"),
    "sites": lambda client, ctx: client.get("/admin/sites/"),
    "publishing settings": lambda client, ctx: client.get(_settings_url()),
}
SITE_COLUMNS = list(SITE_ACTIONS)
# fmt: off
SITE_TABLE = {          # home  directory  add city  users  groups  sites  settings
    "anonymous":        "N     N          N         N      N       N      N",
    "focal point A":    "N     N          N         N      N       N      N",
    "UIL staff":        "-     Y          Y         N      N       N      N",
    "administrator":    "Y     Y          Y         Y      Y       Y      Y",
}
# fmt: on


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [
        pytest.param(role, action, expected, id=f"{role}-{action}")
        for role, row in SITE_TABLE.items()
        for action, expected in zip(SITE_COLUMNS, map(EXPECTED.get, row.split()), strict=True)
        if expected is not None
    ],
)
def test_site_wide_permissions(role, action, expected, as_role, client, home, directory, assert_refused):
    as_role(role)
    pages_before = Page.objects.count()
    response = SITE_ACTIONS[action](client, {"home": home, "directory": directory})
    if expected == "allowed":
        assert response.status_code == 200, f"HTTP {response.status_code} {response.get('Location')}"
    else:
        assert_refused(response)
    assert Page.objects.count() == pages_before


def test_focal_point_cannot_save_the_home_page_or_the_directory(
    client, focal_point_a, home, directory, assert_refused
):
    client.force_login(focal_point_a)
    for page in (home, directory):
        response = client.post(f"/admin/pages/{page.pk}/edit/", {"title": "Hijacked", "slug": page.slug})
        assert_refused(response)
        page.refresh_from_db()
        assert page.title != "Hijacked"
        assert not page.revisions.filter(content__title="Hijacked").exists()


def test_staff_cannot_change_the_publishing_setting(staff_client, assert_refused):
    response = staff_client.post(_settings_url(), {"focal_point_publishing": "direct"})
    assert_refused(response)
    assert (
        CityPublishingSettings.for_site(Site.objects.get(is_default_site=True)).focal_point_publishing
        == "review"
    )
