from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from cities import invitation_views
from cities import views as cities_views
from events import certificates, registration_views
from home import language_redirect
from home import views as home_views
from home.sitemap import sitemap
from mailings.unsubscribe import unsubscribe
from network import bulk_actions
from practices import views as practices_views
from search import views as search_views

urlpatterns = [
    # In front of Wagtail's bulk-action view, at its URL: see network/bulk_actions.py.
    path(
        "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/",
        require_admin_access(bulk_actions.bulk_action),
        name="network_bulk_action",
    ),
    # In front of Wagtail's password-link page, at its URL: an invited person asks there for a new link
    # once theirs went out of date (cities/invitation_views.py).
    path("admin/password_reset/confirm/<uidb64>/<token>/", invitation_views.PasswordLinkView.as_view()),
    # Outside Wagtail's admin, which needs a sign-in: a focal-point invitation's link for an account
    # without a password, whose owner chooses one there (cities/invitation_views.py).
    path(
        "admin/cities/invitations/<str:token>/password/",
        invitation_views.ChoosePasswordView.as_view(),
        name="cities_invitation_password",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/cities.geojson", cities_views.cities_geojson, name="cities_geojson"),
    path("api/practices.geojson", practices_views.practices_geojson, name="practices_geojson"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", home_views.FaviconView.as_view(), name="favicon"),
    # For search engines: the public pages in every language (home/sitemap.py), and what not to crawl.
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.RobotsView.as_view(), name="robots"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Image renditions only: documents are served by Wagtail's view, which checks their privacy.
    urlpatterns += static(f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images")

# Spanish has no prefix: /es/<path> leads to /<path> for the pages below (home/language_redirect.py).
urlpatterns += [re_path(r"^es(?:/(?P<rest>.*))?\Z", language_redirect.without_default_prefix)]

# Public pages per language: Spanish at the root, the other languages under their code.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("unsubscribe/<str:token>/", unsubscribe, name="mailings_unsubscribe"),
    path("registration/<str:key>/", registration_views.manage, name="events_registration"),
    path("registration/<str:key>/certificate/", certificates.download, name="events_certificate_download"),
    path("certificates/", certificates.lookup, name="events_certificate_lookup"),
    path("certificates/<str:code>/", certificates.verify, name="events_certificate"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# The database unreachable while a middleware used it: a 503 page, not the 500 page.
handler500 = "network.database_outage.server_error"
