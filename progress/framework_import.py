"""Loading a reporting framework from a CSV or XLSX file, through the project's import framework
(network/imports): preview first, then the whole file or nothing.

One row per question, with the framework's name and version and the codes and labels of its area, focus
area and feature (repeated on each of their questions: a spreadsheet fills them down; rows cannot give one
code different labels, but a Portuguese or English label may be on one of them only). A file naming a
version that does not exist creates it; loading it again changes nothing; a later file for the same
version adds its new questions and corrects labels. The kind of a question that cities have answered
cannot change (that would need a new version), and nothing is ever deleted by a file: submitted reports
keep the questions and labels they were sent with in any case (progress.models.Submission).
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from network.imports.columns import Column, Columns, interpolate_lazy
from network.imports.plan import CREATE, UNCHANGED, UPDATE, Importer
from network.imports.values import BOOLEANS, choice, squash, synonyms

from .models import Answer, Area, Feature, FocusArea, Framework, Question, QuestionKind

# (level, model, header stem in the file). A question belongs to its focus area, and to a feature of
# it when the row names one.
LEVELS = (
    ("area", Area, "area"),
    ("focus", FocusArea, "focus"),
    ("feature", Feature, "feature"),
    ("question", Question, "question"),
)
OPTIONAL_LEVELS = {"feature"}
LANGUAGE_SUFFIXES = {"es": "es", "pt_br": "pt_br | pt | pt-br", "en": "en"}


def level_columns(level, stem, label):
    code_headers = f"{stem} code | {stem}_code | código {stem}"
    required = level not in OPTIONAL_LEVELS
    code_label = interpolate_lazy(gettext_lazy("%(level)s code"), {"level": label})
    columns = [Column(f"{level}_code", code_label, code_headers, required)]
    for language, suffixes in LANGUAGE_SUFFIXES.items():
        headers = " | ".join(f"{stem}_{suffix.strip()}" for suffix in suffixes.split("|"))
        columns.append(
            Column(
                f"{level}_{language}",
                interpolate_lazy(
                    gettext_lazy("%(level)s (%(language)s)"), {"level": label, "language": language}
                ),
                headers,
                required=required and language == "es",
            )
        )
    return columns


FRAMEWORK_COLUMNS = Columns(
    Column("framework", gettext_lazy("framework"), "framework | marco | referencial", required=True),
    Column("version", gettext_lazy("version"), "version | versión | versão", required=True),
    *level_columns("area", "area", gettext_lazy("area")),
    *level_columns("focus", "focus", gettext_lazy("focus area")),
    *level_columns("feature", "feature", gettext_lazy("feature")),
    *level_columns("question", "question", gettext_lazy("question")),
    Column("kind", gettext_lazy("kind of answer"), "kind | tipo | type", required=True),
    Column("unit", gettext_lazy("unit"), "unit | unidad | unidade"),
    Column("required", gettext_lazy("required"), "required | obligatoria | obrigatória"),
)
KINDS = synonyms(
    {
        QuestionKind.YES_NO: "yes/no | sí/no | sim/não | boolean",
        QuestionKind.SCALE: "scale | escala | 1-5",
        QuestionKind.NUMBER: "number | número | numero",
        QuestionKind.TEXT: "text | texto",
        QuestionKind.FILE: "file | archivo | arquivo | document | documento",
    }
)
LABEL_FIELDS = ("label_es", "label_pt_br", "label_en")


class FrameworkImporter(Importer):
    kind = "framework"
    label = gettext_lazy("Reporting framework")
    columns = FRAMEWORK_COLUMNS

    def user_may_import(self, user):
        return all(user.has_perm(f"progress.{action}_question") for action in ("add", "change"))

    def plan_rows(self, plan, user):
        # A row without its framework or version is refused for that (parse) and names no other version.
        named = [(row.text("framework"), row.text("version")) for row in plan.rows]
        names = {name for name in named if all(name)}
        if len(names) > 1:
            message = _("A file holds one framework version: this one names %(count)d.") % {
                "count": len(names)
            }
            for row in plan.rows:
                row.errors.append(message)
            return
        existing = Existing(*names.pop()) if names else None
        for row in plan.rows:
            parse(row)
        agree_on_labels(plan.rows)
        seen = {}
        for row in plan.rows:
            if row.errors:
                continue
            code = row.values["question_code"]
            if code in seen:
                row.errors.append(
                    _("Question %(code)s is already on line %(line)d.") % {"code": code, "line": seen[code]}
                )
                continue
            seen[code] = row.line
            existing.plan(row)

    def write(self, plan, user):
        framework = None
        for row in plan.rows:
            values = row.values
            if framework is None:
                framework, created = Framework.objects.get_or_create(
                    name=values["framework"], version=values["version"]
                )
                if created:
                    log(framework, "wagtail.create", user=user, data={"import": {"file": plan.filename}})
            if row.action != UNCHANGED:
                write_row(framework, values, row.line)
        return framework


def parse(row):
    values = row.values
    values["framework"] = row.text("framework")
    values["version"] = row.text("version")
    for name, message in (
        ("framework", _("The framework's name is missing.")),
        ("version", _("The version is missing.")),
    ):
        if row.is_blank(name):
            row.errors.append(message)
    for level, model, _stem in LEVELS:
        code = values[f"{level}_code"] = row.text(f"{level}_code")
        row.check_length(model, "code", code, FRAMEWORK_COLUMNS[f"{level}_code"].label)
        for language in ("es", "pt_br", "en"):
            name = f"{level}_{language}"
            values[name] = row.text(name)
            row.check_length(model, f"label_{language}", values[name], FRAMEWORK_COLUMNS[name].label)
        if level in OPTIONAL_LEVELS and not code:
            continue
        for name in (f"{level}_code", f"{level}_es"):
            if row.is_blank(name):
                row.errors.append(
                    _("%(column)s is missing.") % {"column": capfirst(FRAMEWORK_COLUMNS[name].label)}
                )
    values["kind"] = row.parse(
        "kind",
        choice(KINDS),
        _("Unknown kind of answer “%(value)s” (use yes/no, scale, number, text or file)."),
        missing=_("The kind of answer is missing."),
    )
    values["unit"] = row.text("unit")
    row.check_length(Question, "unit", values["unit"], FRAMEWORK_COLUMNS["unit"].label)
    if values["unit"] and values["kind"] != QuestionKind.NUMBER:
        row.errors.append(_("Only a number has a unit."))
    required = row.text("required")
    values["required"] = BOOLEANS.get(squash(required)) if required else True
    if values["required"] is None:
        row.errors.append(_("Required: “%(value)s” is not yes or no.") % {"value": required})


def agree_on_labels(rows):
    """One label per language for each area, focus area and feature of the file, whichever of its rows
    gives it (written row by row, the last row would win). Different labels for one code are an error on
    the later row; an empty cell takes the label another row gives: only Portuguese and English may be
    empty (they fall back to Spanish), and their translations are often written on one row."""
    given = {}  # (level, codes, language): (label, line that gave it)
    for row in rows:
        for name, labelled in label_cells(row.values):
            value = row.values[name]
            if not value:
                continue
            first, line = given.setdefault(labelled, (value, row.line))
            if value != first:
                message = _(
                    "%(column)s “%(value)s” differs from “%(other)s” on line %(line)d for the same code "
                    "%(code)s."
                )
                row.errors.append(
                    message
                    % {
                        "column": capfirst(FRAMEWORK_COLUMNS[name].label),
                        "value": value,
                        "other": first,
                        "line": line,
                        "code": labelled[1][-1],
                    }
                )
    for row in rows:
        for name, labelled in label_cells(row.values):
            if not row.values[name] and labelled in given:
                row.values[name] = given[labelled][0]


def label_cells(values):
    """(field, (level, codes, language)) of each label of the area, focus area and feature a row names."""
    for level in ("area", "focus", "feature"):
        key = key_of(level, values)
        if key is not None and all(key):
            for language in LANGUAGE_SUFFIXES:
                yield f"{level}_{language}", (level, key, language)


def key_of(level, values):
    """A record's codes: its area's, its focus area's and its own (None: the row names no feature)."""
    area, focus = values["area_code"], values["focus_code"]
    own = values[f"{level}_code"]
    if level == "area":
        return (area,)
    if level == "focus":
        return (area, focus)
    return (area, focus, own) if own else None


def labels_of(values, level):
    return {field: values[f"{level}_{field.removeprefix('label_')}"] for field in LABEL_FIELDS}


def fields_of(values, level):
    """What a row says of a record of this level besides its code and place."""
    fields = labels_of(values, level)
    if level == "question":
        fields.update(kind=values["kind"], unit=values["unit"], required=values["required"])
    return fields


class Existing:
    """The framework version's records by their codes, read once per file, and what a row would change."""

    def __init__(self, name, version):
        framework = Framework.objects.filter(name=name, version=version).first()
        self.records = {level: {} for level, *_rest in LEVELS}
        self.question_places = {}  # code: (area code, focus area code), of the version's questions
        self.answered = set()
        if framework is None:
            return
        for area in framework.areas.all():
            self.records["area"][(area.code,)] = area
        for focus in FocusArea.objects.filter(area__framework=framework).select_related("area"):
            self.records["focus"][(focus.area.code, focus.code)] = focus
        features = Feature.objects.filter(focus_area__area__framework=framework).select_related(
            "focus_area__area"
        )
        for feature in features:
            focus = feature.focus_area
            self.records["feature"][(focus.area.code, focus.code, feature.code)] = feature
        for question in framework.questions():
            focus = question.focus_area
            self.records["question"][(focus.area.code, focus.code, question.code)] = question
            self.question_places[question.code] = (focus.area.code, focus.code)
        self.answered = set(
            Answer.objects.filter(question__focus_area__area__framework=framework)
            .values_list("question_id", flat=True)
            .distinct()
        )

    def plan(self, row):
        values = row.values
        row.summary = f"{values['question_code']} {values['question_es']}"
        place = self.question_places.get(values["question_code"])
        if place is not None and place != (values["area_code"], values["focus_code"]):
            row.errors.append(
                _("Question %(code)s is already in focus area %(focus)s of this version: use another code.")
                % {"code": values["question_code"], "focus": place[1]}
            )
            return
        changed = []
        for level, _model, _stem in LEVELS:
            key = key_of(level, values)
            if key is None:
                continue
            found = self.records[level].get(key)
            if found is None:
                row.action = CREATE
                return
            changed += [
                f"{level}: {name}"
                for name, value in fields_of(values, level).items()
                if getattr(found, name) != value
            ]
        question = self.records["question"][key_of("question", values)]
        feature = self.records["feature"].get(key_of("feature", values)) if values["feature_code"] else None
        if question.feature_id != (feature.pk if feature else None):
            changed.append("question: feature")
        if question.kind != values["kind"] and question.pk in self.answered:
            row.errors.append(
                _("Question %(code)s has answers: its kind cannot change (make a new version).")
                % {"code": question.code}
            )
            return
        row.target = question
        if changed:
            row.action = UPDATE
            row.details.append(_("Changes: %(fields)s") % {"fields": ", ".join(changed)})
        else:
            row.action = UNCHANGED


def write_row(framework, values, line):
    """The row's area, focus area, feature and question, each created or brought up to date."""
    area = write_record(Area, {"framework": framework}, values, "area", line)
    focus = write_record(FocusArea, {"area": area}, values, "focus", line)
    feature = (
        write_record(Feature, {"focus_area": focus}, values, "feature", line)
        if values["feature_code"]
        else None
    )
    write_record(Question, {"focus_area": focus}, values, "question", line, feature=feature)


def write_record(model, place, values, level, line, **more):
    fields = {**fields_of(values, level), **more}
    record = model.objects.filter(**place, code=values[f"{level}_code"]).first()
    if record is None:
        return model.objects.create(**place, code=values[f"{level}_code"], sort_order=line, **fields)
    if any(getattr(record, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(record, name, value)
        record.save()
    return record


def load_file(path, user=None):
    """Load a framework file from disk (the seed and the `load_framework` command): the plan applied."""
    return FrameworkImporter().apply(path.read_bytes(), path.name, user)
