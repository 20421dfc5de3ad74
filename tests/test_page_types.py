"""Page-type rules: home at the root, one directory under it, cities only in the directory."""

from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cities.models import CityIndexPage, CityPage
from home.models import HomePage
from practices.models import PracticePage
from tests.factories import CityFactory


class PageTypeRulesTests(WagtailPageTestCase):
    def setUp(self):
        self.root = Page.get_first_root_node()
        self.home = HomePage.objects.get(locale__language_code="es")
        self.directory = CityIndexPage.objects.get(locale__language_code="es")
        self.admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
        self.client.force_login(self.admin)

    def test_city_pages_live_only_in_the_directory(self):
        self.assertAllowedParentPageTypes(CityPage, {CityIndexPage})
        self.assertCanCreateAt(CityIndexPage, CityPage)
        self.assertCanNotCreateAt(HomePage, CityPage)
        self.assertCanNotCreateAt(Page, CityPage)
        self.assertCanNotCreateAt(CityPage, CityPage)
        self.assertTrue(CityPage.can_create_at(self.directory))
        self.assertFalse(CityPage.can_create_at(self.home))
        self.assertFalse(CityPage.can_create_at(self.root))

    def test_a_city_page_holds_only_its_good_practices(self):
        self.assertAllowedSubpageTypes(CityPage, {PracticePage})
        self.assertAllowedParentPageTypes(PracticePage, {CityPage})

    def test_the_directory_lives_under_the_home_page_once(self):
        self.assertAllowedParentPageTypes(CityIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CityIndexPage, {CityPage})
        self.assertTrue(CityIndexPage.can_exist_under(self.home))
        self.assertFalse(CityIndexPage.can_exist_under(self.root))
        self.assertFalse(CityIndexPage.can_exist_under(self.directory))
        # There is one already: a second cannot be created.
        self.assertFalse(CityIndexPage.can_create_at(self.home))

    def test_the_home_page_lives_only_under_the_root_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertTrue(HomePage.can_exist_under(self.root))
        self.assertFalse(HomePage.can_exist_under(self.home))
        self.assertFalse(HomePage.can_exist_under(self.directory))
        self.assertFalse(HomePage.can_exist_under(CityFactory()))
        self.assertFalse(HomePage.can_create_at(self.root))

    def test_the_admin_offers_only_city_pages_in_the_directory(self):
        for model, parent in (
            (CityPage, self.home),
            (CityPage, self.root),
            (CityIndexPage, self.home),
            (HomePage, self.root),
        ):
            with self.subTest(model=model.__name__, parent=parent.title):
                response = self.client.get(self._add_url(model, parent))
                # Wagtail refuses by redirecting to the dashboard (or with 403), never with the form.
                self.assertIn(response.status_code, (302, 403))
                self.assertNotIn("/add/", response.get("Location", ""))
                pages = Page.objects.count()
                self.client.post(self._add_url(model, parent), {"title": "X", "slug": "x"})
                self.assertEqual(Page.objects.count(), pages)
        self.assertEqual(self.client.get(self._add_url(CityPage, self.directory)).status_code, 200)

    def test_a_city_can_be_created_in_the_directory_from_the_admin(self):
        self.assertCanCreate(
            self.directory,
            CityPage,
            nested_form_data(
                {
                    "title": "Montevideo",
                    "slug": "montevideo",
                    "country": "UY",
                    "region": "Montevideo",
                    "body": streamfield([]),
                    "links": inline_formset([]),
                    "membership_status": "active",
                }
            ),
        )
        created = CityPage.objects.child_of(self.directory).get(slug="montevideo")
        self.assertTrue(created.live)
        self.assertEqual(self.client.get("/cities/montevideo/").status_code, 200)

    @staticmethod
    def _add_url(model, parent):
        return f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
