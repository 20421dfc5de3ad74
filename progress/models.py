"""Progress reports: UIL's Key Features of Learning Cities as versioned data, reporting cycles and each
city's report for a cycle.

- A **framework** version holds areas → focus areas → (features →) questions, each with a code and short
  labels in Spanish, Portuguese and English (Spanish is required, the others fall back to it). A question
  belongs to a focus area, and to one of its features where the framework has them.
- A **cycle** (2026–2027) names the framework version its reports answer, and its dates.
- A city's **report** for a cycle holds its current answers, drafted by the focal point. Each submission
  freezes a dated **submission**: the questions' codes and labels and the answers as they were, so that
  editing the framework or the report later changes no submission, and the accepted one stays as it was.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string

from cities.models import CityPage, in_default_language

LABEL_LANGUAGES = ("es", "pt_br", "en")


def label_field_of(language_code):
    """The label field for a site language: "pt-br" reads `label_pt_br`, anything unknown `label_es`."""
    field = (language_code or "").replace("-", "_").lower()
    return f"label_{field}" if field in LABEL_LANGUAGES else "label_es"


class Labelled(models.Model):
    code = models.CharField(_("code"), max_length=20)
    label_es = models.CharField(_("label (Spanish)"), max_length=255)
    label_pt_br = models.CharField(_("label (Portuguese)"), max_length=255, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return f"{self.code} {self.label}"

    @property
    def label(self):
        """The label in the active language, or the Spanish one where that language has none."""
        return getattr(self, label_field_of(translation.get_language())) or self.label_es

    def labels(self):
        return {language: getattr(self, f"label_{language}") for language in LABEL_LANGUAGES}


# The framework the project ships (progress/data/key_features_2013.csv, loaded by `load_framework`): stored
# under UIL's English name, which a framework file names to find it, and read in the reader's language.
# A framework staff create, or rename, reads as typed.
SHIPPED_FRAMEWORK_TITLES = {("Key Features of Learning Cities", "2013"): _("Key Features of Learning Cities")}


class Framework(models.Model):
    name = models.CharField(_("name"), max_length=200)
    version = models.CharField(_("version"), max_length=50)
    source = models.TextField(
        _("source"), blank=True, help_text=_("The publication this version follows, with its address.")
    )

    class Meta:
        verbose_name = _("reporting framework")
        verbose_name_plural = _("reporting frameworks")
        ordering = ["name", "version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="progress_framework_version")]

    def __str__(self):
        return f"{self.title} ({self.version})"

    @property
    def title(self):
        return str(SHIPPED_FRAMEWORK_TITLES.get((self.name, self.version), self.name))

    def questions(self):
        return (
            Question.objects.filter(focus_area__area__framework=self)
            .select_related("focus_area__area", "feature")
            .order_by(
                "focus_area__area__sort_order",
                "focus_area__sort_order",
                models.F("feature__sort_order").asc(nulls_first=True),
                "sort_order",
                "code",
            )
        )


class Area(Labelled):
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="areas"
    )

    class Meta(Labelled.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="progress_area_code")]


class FocusArea(Labelled):
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="focus_areas"
    )

    class Meta(Labelled.Meta):
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="progress_focus_area_code")]


class Feature(Labelled):
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), on_delete=models.CASCADE, related_name="features"
    )

    class Meta(Labelled.Meta):
        verbose_name = _("feature")
        verbose_name_plural = _("features")
        constraints = [models.UniqueConstraint(fields=["focus_area", "code"], name="progress_feature_code")]


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes or no")
    SCALE = "scale", _("Scale from 1 to 5")
    NUMBER = "number", _("Number with a unit")
    TEXT = "text", _("Text")
    FILE = "file", _("File")


# The kinds whose answers are measures: charted over cycles, and summarised across cities.
MEASURED_KINDS = (QuestionKind.SCALE, QuestionKind.NUMBER)


class Question(Labelled):
    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), on_delete=models.CASCADE, related_name="questions"
    )
    # A question may belong to one feature of its focus area, or to the focus area as a whole.
    feature = models.ForeignKey(
        Feature,
        verbose_name=_("feature"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="questions",
    )
    kind = models.CharField(_("kind of answer"), max_length=10, choices=QuestionKind.choices)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("For numbers: %, people…"))
    required = models.BooleanField(_("required"), default=True)

    class Meta(Labelled.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [models.UniqueConstraint(fields=["focus_area", "code"], name="progress_question_code")]

    def clean(self):
        if self.feature_id and self.focus_area_id and self.feature.focus_area_id != self.focus_area_id:
            raise ValidationError({"feature": _("Choose a feature of the question's focus area.")})
        if self.code and self.focus_area_id and self.same_code_elsewhere().exists():
            # Carried-over answers, charts and medians find a question by its code across cycles.
            raise ValidationError(
                {"code": _("Another question of this framework version has this code: choose another one.")}
            )
        if self.unit and self.kind != QuestionKind.NUMBER:
            raise ValidationError({"unit": _("Only a number has a unit.")})

    @property
    def is_measure(self):
        return self.kind in MEASURED_KINDS

    def same_code_elsewhere(self):
        framework = FocusArea.objects.filter(pk=self.focus_area_id).values("area__framework_id")
        same_code = Question.objects.filter(focus_area__area__framework_id__in=framework, code=self.code)
        return same_code.exclude(pk=self.pk)


# The cycles of a first run (progress/seed.py, progress/demo.py) are named by the project, not typed by
# staff: stored under their Spanish names, which identify them, and read in the reader's language.
DEMO_CYCLE_NAME = "2026–2027 (demostración)"
EXAMPLE_CYCLE_NAME = "2024–2025 (ejemplo de demostración)"
DEMO_CYCLE_TITLES = {
    DEMO_CYCLE_NAME: _("2026–2027 (demonstration)"),
    EXAMPLE_CYCLE_NAME: _("2024–2025 (demonstration example)"),
}


def cycle_title(name):
    """A cycle's name as the reader reads it: a demonstration cycle's in their language, any other as typed
    (a real cycle is named by its years, which read alike in every language)."""
    return str(DEMO_CYCLE_TITLES.get(name, name))


class Cycle(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("For example 2026–2027."))
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="cycles"
    )
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    closes_on = models.DateField(
        _("closes on"),
        null=True,
        blank=True,
        help_text=_("The last day a report can be submitted, late ones included. Empty: no such limit."),
    )

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["-opens_on", "name"]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return cycle_title(self.name)

    def clean(self):
        if self.opens_on and self.due_on and self.due_on <= self.opens_on:
            raise ValidationError({"due_on": _("The due date must come after the opening date.")})
        if self.closes_on and self.due_on and self.closes_on < self.due_on:
            raise ValidationError({"closes_on": _("The cycle cannot close before reports are due.")})
        if self.framework_id and not self.framework.questions().exists():
            raise ValidationError(
                {"framework": _("This framework has no questions yet: add some, or import a framework file.")}
            )
        if self.pk and self.framework_id and self.reports.exists():
            saved = Cycle.objects.get(pk=self.pk)
            if saved.framework_id != self.framework_id:
                raise ValidationError(
                    {"framework": _("Cities have started their reports: the framework can no longer change.")}
                )

    def is_open(self, day=None):
        return self.opens_on <= (day or timezone.localdate())

    def is_past_due(self, day=None):
        return (day or timezone.localdate()) > self.due_on

    def is_closed(self, day=None):
        return self.closes_on is not None and (day or timezone.localdate()) > self.closes_on


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for corrections")
    ACCEPTED = "accepted", _("Accepted")


class Report(models.Model):
    """A city's report for a cycle: its answers as they are now, and where it stands."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="reports"
    )
    city = models.ForeignKey(
        CityPage,
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
        limit_choices_to=in_default_language,
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    # Goes up by one with every save: a save that names an older version is refused (reports.save_answers).
    version = models.PositiveIntegerField(_("version"), default=1)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("answers carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note = models.TextField(_("note from the review"), blank=True)
    # Set when a version is accepted, and kept when the report is reopened: the accepted version stands
    # for the cycle (reports.standing) while a new one is written.
    has_accepted_version = models.BooleanField(_("has an accepted version"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-cycle__opens_on", "city__title"]
        constraints = [models.UniqueConstraint(fields=["cycle", "city"], name="progress_report_per_cycle")]
        permissions = [("review_report", _("Can accept or return progress reports"))]

    def __str__(self):
        return f"{self.city.title} · {self.cycle.title}"

    @property
    def is_editable(self):
        """Focal points edit a draft or a returned report; a submitted one waits for the review."""
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)


class Answer(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    yes = models.BooleanField(_("yes"), null=True, blank=True)
    number = models.DecimalField(_("number"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Taken from the city's last accepted report and not changed since.
    carried_over = models.BooleanField(_("carried over"), default=False)
    public = models.BooleanField(_("shown on the city's public page"), default=False)
    comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "question"], name="progress_answer_once")]

    def __str__(self):
        return f"{self.report} · {self.question.code}"

    @property
    def is_given(self):
        return (
            self.yes is not None
            or self.number is not None
            or bool(self.text.strip())
            or self.document_id is not None
        )


class Submission(models.Model):
    """One submission of a report, frozen: the questions and answers as they were when it was sent."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # [{"code", "kind", "unit", "question": {language: label}, "focus_area": {…}, "value", "public"}, …]
    answers = models.JSONField(default=list)

    class Meta:
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="progress_submission_number")
        ]

    def __str__(self):
        return f"{self.report} · {self.number}"


class EvidenceCollection(models.Model):
    """The collection of one city's evidence files (progress/evidence.py), named here rather than found
    by its view restriction, which an administrator may change."""

    city = models.OneToOneField(CityPage, on_delete=models.CASCADE, related_name="evidence_collection")
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="evidence_of"
    )

    class Meta:
        verbose_name = _("evidence collection")
        verbose_name_plural = _("evidence collections")

    def __str__(self):
        return str(self.collection)
