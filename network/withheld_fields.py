"""Fields a page form leaves out for its user keep the page's latest values, whatever version the form
was built on.

Wagtail leaves out of a user's form the fields of panels whose permission they lack
(`FieldPanel(permission=…)`) and saves the other fields onto the object the form was built on. The edit
view builds it on the page's latest revision, so the left-out fields keep their values; the revert view
builds it on an older revision, whose values for those fields would then be saved, submitted or
published by someone who may not change them. This mixin, for page forms, sets the left-out fields from
the page's latest revision: the version the edit view starts from, so a revert undoes no change staff
have saved, not even one in a draft not yet published.
"""


class WithheldFieldsFormMixin:
    def withheld_fields(self):
        """The model fields of the page that this form's user may not change (none without a user)."""
        user = self.for_user
        if user is None:
            return []
        options = type(self.instance).get_edit_handler().get_form_options()
        permissions = options.get("field_permissions") or {}
        return [
            self.instance._meta.get_field(name)
            for name, permission in permissions.items()
            if not user.has_perm(permission)
        ]

    def clean(self):
        cleaned_data = super().clean()
        withheld = self.withheld_fields()
        if withheld and self.instance.pk:
            latest = type(self.instance).objects.get(pk=self.instance.pk).get_latest_revision_as_object()
            for field in withheld:
                if field.many_to_many:
                    field.save_form_data(self.instance, field.value_from_object(latest))
                else:
                    setattr(self.instance, field.attname, getattr(latest, field.attname))
        return cleaned_data
