"""Who may work with registrations: one Wagtail permission policy, registered at the top of
events/wagtail_hooks.py, asked by the staff listing, the check-in, approvals and the person page."""

from wagtail.permission_policies import ModelPermissionPolicy

from .models import Registration


class RegistrationPermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, less adding (and so copying), for everyone, administrators included: a
    registration is made by a form that gives the place, finds or creates the contact and writes the
    e-mail (the event's page, a focal point's "Events: my city", staff's "Add attendee"); the admin's blank
    form does none of it."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([action for action in actions if action != "add"])


registration_policy = RegistrationPermissionPolicy(Registration)
