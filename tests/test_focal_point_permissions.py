"""Focal points edit their own city page and nothing else: the permission matrix and the per-city access."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Site,
    WorkflowState,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cities.focal_points import remove_focal_point
from cities.models import CityAccess, CityIndexPage, CityPage, CityPublishingSettings

pytestmark = pytest.mark.django_db

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


# --- Roles and the checks that tell "allowed" from "denied" --------------------------------------------

ROLE_FIXTURES = {
    "focal point A": "focal_point_a",
    "focal point B": "focal_point_b",
    "UIL staff": "staff_user",
    "administrator": "admin_user",
}


@pytest.fixture
def as_role(client, request):
    """Log the test client in as one of the roles; return the user (None for anonymous)."""

    def login(role):
        if role == "anonymous":
            return None
        user = request.getfixturevalue(ROLE_FIXTURES[role])
        client.force_login(user)
        return user

    return login


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
    if action.startswith("open ") or action.startswith("add "):
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
# unchanged), - not part of the issue (not asserted). City pages take no child pages whatever the role, so
# "add child" and "add subpage" are refused even to administrators.
# Columns, in the order of ACTIONS:
#   editor: open, save draft, publish, submit | unpublish: open, post, bulk | delete: open, post, bulk |
#   move: open, post | make private (a password on the public page, which hides it like an unpublish) |
#   add: child, subpage
# fmt: off
REVIEW_MODE = {                 # editor  unpublish  delete  move  private  add
    "anonymous":                "NNNN     NNN        NNN     NN    N        NN",
    "focal point A":            "YYDY     NNN        NNN     NN    N        NN",
    "focal point B":            "NNNN     NNN        NNN     NN    N        NN",
    "UIL staff":                "YYY-     YYY        ---     --    -        NN",
    "administrator":            "YYY-     YYY        YYY     YY    Y        NN",
}
# In "direct" mode the focal point publishes directly, and still never unpublishes (nor hides the page),
# deletes or moves it.
DIRECT_MODE = {
    "focal point A":            "YYY-     NNN        NNN     NN    N        NN",
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


@pytest.fixture
def direct_mode(db):
    settings = CityPublishingSettings.for_site(Site.objects.get(is_default_site=True))
    settings.focal_point_publishing = "direct"
    settings.save()


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


# --- Images and documents: each city's own collection ----------------------------------------------------


def png_upload(name="biblioteca.png"):
    return SimpleUploadedFile(name, get_test_image_file(size=(8, 8)).file.getvalue(), "image/png")


def upload_image(client, collection, title):
    return client.post(
        "/admin/images/multiple/add/",
        {"collection": collection.pk, "title": title, "files[]": png_upload()},
    )


def upload_document(client, collection, title):
    document = io.BytesIO(b"Plan municipal de aprendizaje")
    document.name = "plan.txt"
    return client.post(
        "/admin/documents/multiple/add/",
        {"collection": collection.pk, "title": title, "files[]": document},
    )


@pytest.mark.parametrize(
    ("role", "target", "expected"),
    [
        ("focal point A", "A", "allowed"),
        ("focal point A", "B", "denied"),
        ("focal point B", "A", "denied"),
        ("UIL staff", "A", "allowed"),
        ("administrator", "A", "allowed"),
        ("anonymous", "A", "denied"),
    ],
)
@pytest.mark.parametrize(
    ("upload", "model"), [(upload_image, Image), (upload_document, Document)], ids=["image", "document"]
)
def test_uploads_go_only_into_the_own_city_collection(
    role, target, expected, upload, model, as_role, client, medellin, bogota
):
    collection = (medellin if target == "A" else bogota).access.collection
    as_role(role)
    response = upload(client, collection, "Biblioteca España")
    assert response.status_code != 500
    uploaded = model.objects.filter(collection=collection, title__in=["Biblioteca España", "plan.txt"])
    if expected == "allowed":
        assert response.status_code == 200
        assert uploaded.count() == 1
    else:
        assert not uploaded.exists()


@pytest.fixture
def images(medellin, bogota):
    return {
        name: Image.objects.create(title=name, file=get_test_image_file(size=(8, 8)), collection=collection)
        for name, collection in [
            ("Metrocable", medellin.access.collection),
            ("Monserrate", bogota.access.collection),
            ("Logo de la red", Collection.get_first_root_node()),
        ]
    }


def test_focal_point_chooses_only_images_of_their_city(client, focal_point_a, images):
    client.force_login(focal_point_a)
    response = client.get("/admin/images/chooser/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Metrocable" in html
    assert "Monserrate" not in html
    assert "Logo de la red" not in html
    listing = client.get("/admin/images/")
    assert "Metrocable" in listing.content.decode() and "Monserrate" not in listing.content.decode()


def test_staff_choose_images_of_every_city(staff_client, images):
    html = staff_client.get("/admin/images/chooser/").content.decode()
    assert all(name in html for name in images)


def test_focal_point_cannot_edit_an_image_of_another_city(client, focal_point_a, images, assert_refused):
    client.force_login(focal_point_a)
    monserrate = images["Monserrate"]
    response = client.post(
        reverse("wagtailimages:edit", args=[monserrate.pk]),
        {"title": "Renamed", "collection": monserrate.collection_id},
    )
    assert_refused(response)
    monserrate.refresh_from_db()
    assert monserrate.title == "Monserrate"


# --- Focal points cannot raise their own rights ----------------------------------------------------------


def test_focal_point_cannot_edit_their_own_account_or_group(client, focal_point_a, medellin, assert_refused):
    client.force_login(focal_point_a)
    group = medellin.access.group
    user_url = reverse("wagtailusers_users:edit", args=[focal_point_a.pk])
    group_url = reverse("wagtailusers_groups:edit", args=[group.pk])
    assert_refused(client.get(user_url))
    assert_refused(client.get(group_url))

    response = client.post(
        user_url,
        {
            "username": focal_point_a.username,
            "email": focal_point_a.email,
            "first_name": "Ana",
            "last_name": "Restrepo",
            "is_superuser": "on",
            "is_active": "on",
            "groups": [group.pk, Group.objects.get(name="UIL staff").pk],
        },
    )
    assert_refused(response)
    focal_point_a.refresh_from_db()
    assert not focal_point_a.is_superuser
    assert set(focal_point_a.groups.values_list("name", flat=True)) == {group.name}

    permissions_before = set(group.permissions.values_list("pk", flat=True))
    page_permissions_before = GroupPagePermission.objects.filter(group=group).count()
    response = client.post(group_url, {"name": "Focal points: everything"})
    assert_refused(response)
    group.refresh_from_db()
    assert group.name == "Focal points: Medellín (CO)"
    assert set(group.permissions.values_list("pk", flat=True)) == permissions_before
    assert GroupPagePermission.objects.filter(group=group).count() == page_permissions_before


def test_focal_point_cannot_change_membership_facts(client, focal_point_a, medellin, city_edit_data):
    client.force_login(focal_point_a)
    html = client.get(f"/admin/pages/{medellin.pk}/edit/").content.decode()
    assert 'name="summary"' in html
    for field in ("membership_status", "year_joined", "awards"):
        assert f'name="{field}"' not in html, field

    data = city_edit_data(
        medellin, summary="Nuevo resumen", membership_status="lapsed", year_joined=1901, awards="Todo"
    )
    response = client.post(f"/admin/pages/{medellin.pk}/edit/", data)
    assert response.status_code == 302
    draft = CityPage.objects.get(pk=medellin.pk).get_latest_revision_as_object()
    assert draft.summary == "Nuevo resumen"
    assert (draft.membership_status, draft.year_joined, draft.awards) == (
        medellin.membership_status,
        medellin.year_joined,
        medellin.awards,
    )


def test_focal_point_publishing_directly_cannot_change_membership_facts(
    client, direct_mode, focal_point_a, medellin, city_edit_data
):
    client.force_login(focal_point_a)
    data = city_edit_data(
        medellin,
        summary="Publicado",
        membership_status="lapsed",
        year_joined=1901,
        awards="Todo",
        **{"action-publish": "action-publish"},
    )
    client.post(f"/admin/pages/{medellin.pk}/edit/", data)
    live = CityPage.objects.get(pk=medellin.pk)
    assert live.summary == "Publicado"
    assert (live.membership_status, live.year_joined, live.awards) == (
        medellin.membership_status,
        medellin.year_joined,
        medellin.awards,
    )


def test_focal_point_publishing_directly_cannot_schedule_an_unpublish(
    client, direct_mode, focal_point_a, medellin, city_edit_data
):
    """An expiry date takes the page offline when it comes: an unpublish, which focal points never do."""
    client.force_login(focal_point_a)
    expiry = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    data = city_edit_data(medellin, summary="Con fecha de caducidad", expire_at=expiry)
    client.post(f"/admin/pages/{medellin.pk}/edit/", {**data, "action-publish": "action-publish"})
    live = CityPage.objects.get(pk=medellin.pk)
    assert live.live
    assert live.expire_at is None, f"the focal point scheduled the page to go offline at {live.expire_at}"


# --- Removal takes effect on the next request ------------------------------------------------------------


def test_removed_focal_point_loses_access_on_the_next_request(client, focal_point_a, medellin):
    client.force_login(focal_point_a)
    edit_url = f"/admin/pages/{medellin.pk}/edit/"
    assert client.get(edit_url).status_code == 200
    remove_focal_point(medellin, focal_point_a)
    response = client.get(edit_url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] != edit_url
    assert not medellin.permissions_for_user(focal_point_a).can_edit()


def test_focal_point_removed_in_the_admin_loses_access(client, staff_user, focal_point_a, medellin):
    client.force_login(focal_point_a)
    edit_url = f"/admin/pages/{medellin.pk}/edit/"
    assert client.get(edit_url).status_code == 200

    client.force_login(staff_user)
    response = client.post(f"/admin/cities/{medellin.pk}/focal-points/", {"remove": focal_point_a.pk})
    assert response.status_code == 302
    assert not focal_point_a.groups.filter(pk=medellin.access.group.pk).exists()

    client.force_login(focal_point_a)
    response = client.get(edit_url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] != edit_url


# --- Per-city access made automatically ------------------------------------------------------------------


def assert_city_access(city):
    """The city's group edits this page only and uses its own collection only."""
    access = CityAccess.objects.select_related("group", "collection").get(page=city)
    assert access.group.name == f"Focal points: {city.title} ({city.country.code})"
    assert access.collection.name == f"{city.title} ({city.country.code})"
    page_permissions = GroupPagePermission.objects.filter(group=access.group)
    assert {(p.page_id, p.permission.codename) for p in page_permissions} == {(city.pk, "change_page")}
    collection_permissions = GroupCollectionPermission.objects.filter(group=access.group)
    assert {p.collection_id for p in collection_permissions} == {access.collection.pk}
    assert {p.permission.codename for p in collection_permissions} == MEDIA_CODENAMES
    return access


def test_every_shipped_city_has_its_own_access():
    cities = list(CityPage.objects.originals().all())
    assert len(cities) == 65
    groups, collections = set(), set()
    for city in cities:
        access = assert_city_access(city)
        groups.add(access.group.pk)
        collections.add(access.collection.pk)
    assert len(groups) == len(collections) == 65


def test_la_paz_argentina_and_mexico_get_distinct_groups(city_named):
    argentina, mexico = city_named("La Paz", "AR"), city_named("La Paz", "MX")
    assert argentina.access.group.name == "Focal points: La Paz (AR)"
    assert mexico.access.group.name == "Focal points: La Paz (MX)"
    assert argentina.access.collection != mexico.access.collection


def test_a_city_made_in_code_gets_its_access(make_city):
    assert_city_access(make_city("Envigado Sur", country="CO"))


def test_a_city_added_in_the_admin_gets_its_access(staff_client, directory):
    data = {
        "title": "Villa Nueva",
        "slug": "villa-nueva",
        "country": "GT",
        "region": "Guatemala",
        "latitude": "",
        "longitude": "",
        "population": "",
        "population_year": "",
        "summary": "",
        "hero_image": "",
        "mayor_name": "",
        "mayor_title": "",
        "mayor_term_start": "",
        "mayor_term_end": "",
        "website": "",
        "year_joined": "",
        "membership_status": "active",
        "awards": "",
        "membership_sources": "",
        "geonames_id": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "action-publish": "action-publish",
    }
    data = nested_form_data({**data, "body": streamfield([]), "links": inline_formset([])})
    response = staff_client.post(f"/admin/pages/add/cities/citypage/{directory.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    city = CityPage.objects.originals().get(slug="villa-nueva")
    assert city.live
    assert_city_access(city)


def test_renaming_a_city_renames_its_group_and_collection(client, admin_user, medellin, city_edit_data):
    access = medellin.access
    client.force_login(admin_user)
    response = client.post(
        f"/admin/pages/{medellin.pk}/edit/",
        city_edit_data(medellin, title="Medellín de Antioquia", **{"action-publish": "action-publish"}),
    )
    assert response.status_code == 302
    access.group.refresh_from_db()
    access.collection.refresh_from_db()
    assert access.group.name == "Focal points: Medellín de Antioquia (CO)"
    assert access.collection.name == "Medellín de Antioquia (CO)"


def test_running_setup_again_duplicates_nothing():
    def counts():
        return {
            "groups": Group.objects.count(),
            "collections": Collection.objects.count(),
            "access": CityAccess.objects.count(),
            "page permissions": GroupPagePermission.objects.count(),
            "collection permissions": GroupCollectionPermission.objects.count(),
        }

    before = counts()
    call_command("setup_network", stdout=io.StringIO(), stderr=io.StringIO())
    assert counts() == before
