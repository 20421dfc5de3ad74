"""Who may work with registrations: one Wagtail permission policy, registered at the top of
events/wagtail_hooks.py, asked by the staff listing, the check-in, approvals and the person page."""

from wagtail.permission_policies import ModelPermissionPolicy

from .models import Registration

registration_policy = ModelPermissionPolicy(Registration)
