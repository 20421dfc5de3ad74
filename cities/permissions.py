"""Who a signed-in user is to the cities (UIL staff, a focal point), and what a focal point may never
do to a page.

Answered from the user's groups alone: the models import this module, so it imports none of them.
The groups' permissions are granted by cities.staff (UIL staff) and cities.focal_points (focal points).
"""

from wagtail.models import PagePermissionTester

# Shown as stored in Wagtail's screens, so in the site's first language; cities.staff.staff_group renames the
# group of a site set up with its former name.
STAFF_GROUP_NAME = "Equipo del UIL"


def is_focal_point_only(user):
    """A focal point who is neither UIL staff nor an administrator."""
    if not user.is_authenticated or user.is_superuser:
        return False
    # One query: every admin request asks (cities.admin_scope).
    memberships = list(user.groups.values_list("name", "city_access"))
    return any(access is not None for _name, access in memberships) and all(
        name != STAFF_GROUP_NAME for name, _access in memberships
    )


def asked_by_focal_point(request):
    """`is_focal_point_only` for the request's user, asked once a request: the admin asks on every page
    (its scope, the menus, the search areas)."""
    if not hasattr(request, "cities_focal_point_only"):
        request.cities_focal_point_only = is_focal_point_only(request.user)
    return request.cities_focal_point_only


class CityPagePermissionTester(PagePermissionTester):
    """Focal points edit their city's page; they never delete, unpublish, move or copy it, nor publish a
    page under it."""

    def _focal_point_only(self):
        if not hasattr(self.user, "_focal_point_only"):
            self.user._focal_point_only = is_focal_point_only(self.user)
        return self.user._focal_point_only

    def can_delete(self, ignore_bulk=False):
        return not self._focal_point_only() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return not self._focal_point_only() and super().can_unpublish()

    def can_move(self):
        return not self._focal_point_only() and super().can_move()

    def can_copy(self):
        """Copying asks where to put the copy (cities.admin_scope refuses them the view): the page's header
        and listing then offer no "Copy" that ends in a refusal."""
        return not self._focal_point_only() and super().can_copy()

    def can_publish_subpage(self):
        """A city page's sub-pages are its good practices, which UIL staff publish after review."""
        return not self._focal_point_only() and super().can_publish_subpage()

    def can_set_view_restrictions(self):
        """A private page is hidden from the public, like an unpublished one."""
        return not self._focal_point_only() and super().can_set_view_restrictions()
