"""The images and documents a page form accepts: those its user may choose, and those the field holds
already.

Wagtail's choosers offer a user only the images and documents of the collections they may "choose"
from, but the form fields behind them take any id: a page's image field, the image and document blocks
of a StreamField (at any depth), images and document links in rich text. Posting another collection's
id by hand would name that image or document in the re-shown form (title, file name, thumbnail), show
it in the preview and save it. This mixin, for page forms, refuses such a choice with an error on the
field and re-shows the field as it was before the post, so nothing of the refused item is shown. What
the field already holds stays allowed (staff may have chosen it from any collection). A form without a
user (built outside the admin's views) checks nothing.
"""

from django.forms import BoundField
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

REFUSED_MEDIA = _(
    "This field names an image or document you may not use: choose one from your own collections. "
    "The field shows its saved content again."
)


def media_models():
    return (get_image_model(), get_document_model())


def as_id(value):
    """A primary key as an integer, or None for anything else (a non-number, a missing value)."""
    try:
        return int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        return None


def referenced_media(model_field, value):
    """The images and documents that the value of a model field names, as {model: {id, …}}."""
    if isinstance(model_field, (StreamField, RichTextField)):
        references = (
            (model, object_id) for model, object_id, *_path in model_field.extract_references(value)
        )
    elif model_field.many_to_one and model_field.related_model in media_models():
        references = [(model_field.related_model, value)]
    else:
        return {}
    found = {}
    for model, object_id in references:
        pk = as_id(object_id)
        if model in media_models() and pk is not None:
            found.setdefault(model, set()).add(pk)
    return found


class ChosenMediaBoundField(BoundField):
    """A field whose posted images or documents were refused shows its value from before the post."""

    def value(self):
        if self.name in self.form.refused_media_fields:
            return self.field.prepare_value(self.initial)
        return super().value()


class ChosenMediaFormMixin:
    bound_field_class = ChosenMediaBoundField
    refused_media_fields = frozenset()

    def clean(self):
        cleaned_data = super().clean()
        if self.for_user is not None:
            self.refused_media_fields = {name for name in self.fields if self.names_refused_media(name)}
        for name in self.refused_media_fields:
            # The field's other errors would be shown against the value it no longer shows.
            self.errors.pop(name, None)
            self.add_error(name, REFUSED_MEDIA)
        return cleaned_data

    def names_refused_media(self, name):
        """Whether the field, as posted, names an image or document that the user may not choose and
        that the field did not hold. Read from the posted data, so that a field refused for another
        reason is checked too (it is re-shown)."""
        model_field = next((field for field in self.instance._meta.fields if field.name == name), None)
        if model_field is None:
            return False
        posted = referenced_media(model_field, self[name].data)
        held = referenced_media(model_field, model_field.value_from_object(self.instance))
        for model, ids in posted.items():
            new_ids = ids - held.get(model, set())
            if not new_ids:
                continue
            policy = policy_registry.get_by_type(model)
            choosable = policy.instances_user_has_any_permission_for(self.for_user, ["choose"])
            if model.objects.filter(pk__in=new_ids).exclude(pk__in=choosable.values("pk")).exists():
                return True
        return False
