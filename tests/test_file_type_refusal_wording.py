"""A file of a refused type is refused in correct Spanish and Portuguese (Django's own message, which our
catalogues word again: network/django_strings.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import FileExtensionValidator
from django.utils import translation


@pytest.mark.parametrize(
    "language, expected",
    [
        ("es", "La extensión de archivo “exe” no está permitida. Las extensiones permitidas son: pdf, png."),
        ("pt-br", "A extensão de arquivo “exe” não é permitida. As extensões permitidas são: pdf, png."),
        ("en", "File extension “exe” is not allowed. Allowed extensions are: pdf, png."),
    ],
)
def test_a_refused_file_type_is_named_in_the_readers_language(language, expected):
    validate = FileExtensionValidator(["pdf", "png"])
    with translation.override(language), pytest.raises(ValidationError) as refused:
        validate(SimpleUploadedFile("informe.exe", b"MZ"))
    with translation.override(language):
        assert refused.value.messages == [expected]
