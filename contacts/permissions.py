"""Who may work with the engagement log: one Wagtail permission policy per model.

Registered with Wagtail at the top of contacts/wagtail_hooks.py, so that Wagtail's own views (snippet
listings, choosers, bulk actions) and ours (timeline, reports, dashboard panels, menu items) ask the
same policy instead of spelling out permission codenames.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from .models import Contact, Engagement, Organisation

engagement_policy = ModelPermissionPolicy(Engagement)
contact_policy = ModelPermissionPolicy(Contact)
organisation_policy = ModelPermissionPolicy(Organisation)
POLICIES = {Engagement: engagement_policy, Contact: contact_policy, Organisation: organisation_policy}
ANY_ACTION = ["add", "change", "delete", "view"]


def reads_the_log(user):
    """UIL staff and administrators: whoever may see the engagements (timeline, reports, panels)."""
    return engagement_policy.user_has_permission(user, "view")


def works_with_the_log(user):
    """Whoever may do anything with engagements, contacts or organisations (and so choose cities)."""
    return any(policy.user_has_any_permission(user, ANY_ACTION) for policy in POLICIES.values())
