"""The forms of a progress report: the focal point's answers, one field per question, in sections by
focus area; and the staff's review, a comment per question.

Fields are named after the question's id (`q12`, and `public_12` for "show on the public page"), so
the form is built from the cycle's framework version and nothing else.
"""

from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model

from .evidence import evidence_collection
from .models import Answer, QuestionKind
from .numbers import NumberAnswerField, written
from .reports import Value, set_value, value_of

SCALE = [(str(step), str(step)) for step in range(1, 6)]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
MAX_FILE_BYTES = 10 * 1024 * 1024


def field_for(question):
    label = f"{question.code} {question.label}"
    if question.kind == QuestionKind.SCALE:
        return forms.TypedChoiceField(
            label=label,
            choices=SCALE,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            help_text=_("1: not started · 5: fully in place"),
        )
    if question.kind == QuestionKind.NUMBER:
        # A share cannot pass 100 %; other numbers are counts and amounts, never below zero.
        return NumberAnswerField(
            label=f"{label} ({question.unit})" if question.unit else label,
            max_digits=14,
            decimal_places=2,
            min_value=0,
            max_value=100 if question.unit == "%" else None,
            percent=question.unit == "%",
            required=False,
        )
    if question.kind == QuestionKind.YES_NO:
        return forms.TypedChoiceField(
            label=label,
            choices=YES_NO,
            coerce=lambda value: value == "yes",
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
        )
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(
            label=label, required=False, empty_value=None, widget=forms.Textarea(attrs={"rows": 3})
        )
    return forms.FileField(
        label=label,
        required=False,
        validators=[FileExtensionValidator(settings.WAGTAILDOCS_EXTENSIONS)],
        help_text=_("At most 10 MB; %(types)s.") % {"types": ", ".join(settings.WAGTAILDOCS_EXTENSIONS)},
    )


def initial_for(question, answer):
    value = value_of(answer)
    if value is None or question.kind == QuestionKind.FILE:
        return None
    if question.kind == QuestionKind.YES_NO:
        return "yes" if value else "no"
    if question.kind == QuestionKind.SCALE:
        return str(int(value))
    return value


def shown_value(question, answer):
    """An answer as the report's reader sees it ("" when there is none)."""
    value = value_of(answer) if answer else None
    if value is None:
        return ""
    if question.kind == QuestionKind.YES_NO:
        return _("Yes") if value else _("No")
    if question.kind == QuestionKind.SCALE:
        return _("%(value)s of 5") % {"value": int(value)}
    if question.kind == QuestionKind.NUMBER:
        return f"{written(value, grouping=True)} {question.unit}".strip()
    if question.kind == QuestionKind.FILE:
        return answer.document.title if answer.document else ""
    return value


@dataclass
class Item:
    """A question on the form: its field, its public-page switch (measures only) and its answer."""

    question: object
    field: object
    public: object
    answer: object
    clear: object = None  # "remove the file", for a file question
    median: tuple = None  # the network's median (progress.results.medians_for), for a measure
    typed: str = None  # what a refused save sent, as shown beside a report submitted meanwhile

    @property
    def shown(self):
        return shown_value(self.question, self.answer)


@dataclass
class Section:
    """A focus area of the form, with its features' questions and how many required ones are answered."""

    code: str
    label: str
    area: str
    features: list = field(default_factory=list)  # [(feature or None, [Item])]
    required: int = 0
    answered: int = 0

    @property
    def anchor(self):
        return f"section-{self.code}".replace(".", "-")

    @property
    def complete(self):
        return self.answered >= self.required


def items_of(sections):
    """The Items of a form's sections, in the form's order."""
    for section in sections:
        for _feature, items in section.features:
            yield from items


def is_carried_over(item):
    return bool(item.answer and item.answer.carried_over)


class ReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, questions, answers, city=None, **kwargs):
        """`questions` in the framework's order; `answers`: {question id: Answer}; uploads go to the
        evidence collection of `city` (progress/evidence.py)."""
        super().__init__(*args, **kwargs)
        self.questions, self.answers, self.city = list(questions), answers, city
        self.new_documents = []  # stored by values(): their files are deleted if the save is refused
        for question in self.questions:
            answer = answers.get(question.pk)
            self.fields[f"q{question.pk}"] = field_for(question)
            self.initial.setdefault(f"q{question.pk}", initial_for(question, answer) if answer else None)
            if answer and answer.comment:
                self.describe_by_comment(f"q{question.pk}")
            # Named after their question: a screen reader moving through the form hears one such
            # checkbox after another, not which answer each concerns.
            if question.is_measure:
                self.fields[f"public_{question.pk}"] = forms.BooleanField(
                    label=_("Show %(code)s on the city's public page") % {"code": question.code},
                    required=False,
                )
                self.initial.setdefault(f"public_{question.pk}", bool(answer and answer.public))
            if question.kind == QuestionKind.FILE:
                self.fields[f"clear_{question.pk}"] = forms.BooleanField(
                    label=_("Remove the file of %(code)s") % {"code": question.code}, required=False
                )

    def describe_by_comment(self, name):
        """The staff's comment on an answer (its element: templates/progress/admin/report_edit.html) is read
        with its field, as is the field's help text (Wagtail names that element "<id>-helptext")."""
        field = self.fields[name]
        described_by = [f"comment-{name}"]
        if field.help_text and not isinstance(field.widget, forms.RadioSelect):
            described_by.append(f"{self.auto_id % name}-helptext")
        field.widget.attrs["aria-describedby"] = " ".join(described_by)

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            upload = cleaned.get(f"q{question.pk}")
            if question.kind != QuestionKind.FILE or not upload:
                continue
            if upload.size > MAX_FILE_BYTES:
                self.add_error(f"q{question.pk}", ValidationError(_("A file may be at most 10 MB.")))
            elif cleaned.get(f"clear_{question.pk}"):
                # Which of the two was meant is not ours to guess: the file given so far stays meanwhile.
                self.add_error(
                    f"q{question.pk}",
                    ValidationError(_("Choose a new file or tick “Remove the file”, not both.")),
                )
        return cleaned

    def omitted(self, name):
        """Whether the submission leaves the field out (not sent empty): as in Django's model forms, what a
        request does not name keeps its stored value; a browser sends every text field, and a radio group
        only once chosen, when it cannot be emptied again."""
        return self.fields[name].widget.value_omitted_from_data(self.data, self.files, self.add_prefix(name))

    def values(self, user):
        """{question: Value} of the answers the form could read (those with an error are left out, so that
        the others are saved; those it does not carry too, so that a form cut short or made by hand empties
        none); new files are stored in the city's evidence collection."""
        values = {}
        for question in self.questions:
            name, public = f"q{question.pk}", f"public_{question.pk}"
            if name in self.errors:
                continue
            answer = self.answers.get(question.pk)
            given = self.cleaned_data.get(name)
            if question.kind == QuestionKind.FILE:
                given = self.document_for(question, given, user)
            elif self.omitted(name):
                # An unticked box is not sent either: one ticked alone says the answer is public.
                if not (question.is_measure and public in self.data):
                    continue
                given = value_of(answer) if answer else None
            shown = bool(self.cleaned_data.get(public))
            values[question] = Value(given, shown)
        return values

    def with_stored(self, data):
        """`data` (a mutable QueryDict) with the stored answer of each question it leaves out, for the form
        shown again: shown blank, they would be emptied by the next save of the page."""
        for question in self.questions:
            name, public = f"q{question.pk}", f"public_{question.pk}"
            if question.kind == QuestionKind.FILE or not self.omitted(name):
                continue
            field = self.fields[name]
            initial = self.get_initial_for_field(field, name)
            if initial is not None:
                value = field.widget.format_value(field.prepare_value(initial))
                data.setlist(name, value if isinstance(value, list) else [value])
            if question.is_measure and public not in data and self.initial.get(public):
                data[public] = "on"
        return data

    def differing_from_stored(self):
        """The ids of the questions whose stored answer is not the one the form gives (or could not read),
        for a page refused as stale; file questions are left out, as an upload is never the stored file."""
        differing = set()
        for question in self.questions:
            if question.kind == QuestionKind.FILE:
                continue
            answer, name = self.answers.get(question.pk), f"q{question.pk}"
            if self.omitted(name):
                continue  # not saved, so not different
            stored = value_of(answer) if answer else None
            given = None if name in self.errors else self.cleaned_data.get(name)
            if stored != given:
                differing.add(question.pk)
        return differing

    def typed_answers(self, question_ids):
        """{question id: the answer the form gives, as a reader sees it ("" for none)} of `question_ids`;
        one the form could not read is shown as it was typed."""
        typed = {}
        for question in self.questions:
            if question.pk not in question_ids:
                continue
            name = f"q{question.pk}"
            if name in self.errors:
                typed[question.pk] = self.data.get(name, "")
                continue
            answer = Answer(question=question)
            set_value(answer, self.cleaned_data.get(name))
            typed[question.pk] = shown_value(question, answer)
        return typed

    def document_for(self, question, upload, user):
        answer = self.answers.get(question.pk)
        if self.cleaned_data.get(f"clear_{question.pk}"):
            return None
        if not upload:
            return answer.document_id if answer else None
        document = get_document_model()(
            title=f"{question.code} · {upload.name}"[:255],
            file=upload,
            collection=evidence_collection(self.city),
            uploaded_by_user=user,
        )
        document.save()
        self.new_documents.append(document)
        return document.pk

    def sections(self):
        """The form in sections by focus area, each feature with its questions."""
        sections = {}
        for question in self.questions:
            feature, focus = question.feature, question.focus_area
            section = sections.get(focus.pk)
            if section is None:
                section = Section(code=focus.code, label=focus.label, area=focus.area.label)
                sections[focus.pk] = section
            if not section.features or section.features[-1][0] != feature:
                section.features.append((feature, []))
            public = self[f"public_{question.pk}"] if question.is_measure else None
            answer = self.answers.get(question.pk)
            clear = self[f"clear_{question.pk}"] if question.kind == QuestionKind.FILE else None
            section.features[-1][1].append(Item(question, self[f"q{question.pk}"], public, answer, clear))
            if question.required:
                section.required += 1
                section.answered += bool(answer and answer.is_given)
        return list(sections.values())


class ReviewForm(forms.Form):
    """Staff's comments: a note on the report and one comment per question (all optional)."""

    note = forms.CharField(
        label=_("Note to the focal point"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            answer = answers.get(question.pk)
            self.fields[f"comment_{question.pk}"] = forms.CharField(
                label=_("Comment on %(code)s") % {"code": question.code},
                required=False,
                initial=answer.comment if answer else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def comments(self):
        return {
            question.pk: self.cleaned_data.get(f"comment_{question.pk}", "") for question in self.questions
        }
