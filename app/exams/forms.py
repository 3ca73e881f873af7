"""Forms of the exam pages: an exam with its blueprint, the quarterly plan, accommodations, make-up."""
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.exams.models import MODES, MULTIPLE_SCORING
from app.questions.formats import TYPE_LABELS

REQUIRED = _l("This field is required.")
DT = "%Y-%m-%dT%H:%M"
SECTION_ROWS = 6


class SectionForm(Form):
    qtype = SelectField(_l("Question type"), choices=[("", "—"), *TYPE_LABELS.items()],
                        validators=[Optional()])
    count = IntegerField(_l("Questions"), validators=[Optional(), NumberRange(1, 200)])
    points = DecimalField(_l("Points each"), places=2,
                          validators=[Optional(), NumberRange(Decimal("0.5"), 100)])
    difficulty = SelectField(_l("Difficulty"), choices=[("", _l("Any")),
                             *[(str(i), str(i)) for i in range(1, 6)]],
                             validators=[Optional()])
    specialty_id = SelectField(_l("Question category"), coerce=lambda v: int(v) if v else None,
                               choices=[], validators=[Optional()])
    tags = StringField(_l("Knowledge points"), validators=[Optional(), Length(max=200)])

    @property
    def filled(self) -> bool:
        return bool(self.qtype.data and self.count.data and self.points.data)


class ExamForm(FlaskForm):
    name = StringField(_l("Exam name"), validators=[DataRequired(REQUIRED), Length(max=100)])
    specialty_id = SelectField(_l("Specialty category"), coerce=int, choices=[])
    unit_id = SelectField(_l("Organising unit"), coerce=int, choices=[])
    year = IntegerField(_l("Year"), validators=[DataRequired(REQUIRED), NumberRange(2000, 2100)])
    quarter = SelectField(_l("Quarter"), coerce=lambda v: int(v) if v else None,
                          choices=[("", "—"), ("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")],
                          validators=[Optional()])
    opens_at = DateTimeLocalField(_l("Opens at"), format=DT, validators=[DataRequired(REQUIRED)])
    closes_at = DateTimeLocalField(_l("Closes at"), format=DT,
                                   validators=[DataRequired(REQUIRED)])
    time_limit_minutes = IntegerField(_l("Time limit (minutes)"),
                                      validators=[DataRequired(REQUIRED), NumberRange(1, 600)])
    pass_mark = DecimalField(_l("Pass mark"), places=2,
                             validators=[DataRequired(REQUIRED), NumberRange(0, 1000)])
    mode = SelectField(_l("Paper"), choices=list(MODES.items()))
    shuffle = BooleanField(_l("Shuffle questions and options per candidate"), default=True)
    multiple_scoring = SelectField(_l("Multiple choice scoring"),
                                   choices=list(MULTIPLE_SCORING.items()))
    avoid_seen = BooleanField(_l("Avoid questions a candidate saw in earlier exams"),
                              default=True)
    sections = FieldList(FormField(SectionForm), min_entries=SECTION_ROWS, max_entries=20)


class PlanForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[DataRequired(REQUIRED), NumberRange(2000, 2100)])
    unit_id = SelectField(_l("Organising unit"), coerce=int, choices=[])
    day = IntegerField(_l("Day of the quarter's last month"), default=15,
                       validators=[DataRequired(REQUIRED), NumberRange(1, 28)])
    open_days = IntegerField(_l("Days open"), default=7,
                             validators=[DataRequired(REQUIRED), NumberRange(1, 60)])
    time_limit_minutes = IntegerField(_l("Time limit (minutes)"), default=90,
                                      validators=[DataRequired(REQUIRED), NumberRange(1, 600)])


class AccommodationForm(FlaskForm):
    exam_ids = SelectMultipleField(_l("Exams"), coerce=int, choices=[])
    unit_id = SelectField(_l("Officers of unit"), coerce=lambda v: int(v) if v else None,
                          choices=[], validators=[Optional()])
    id_numbers = TextAreaField(_l("Or ID numbers, one per line"), render_kw={"rows": 3})
    extra_minutes = IntegerField(_l("Extra minutes"), default=0,
                                 validators=[Optional(), NumberRange(0, 600)])
    window_opens_at = DateTimeLocalField(_l("Own window opens"), format=DT,
                                         validators=[Optional()])
    window_closes_at = DateTimeLocalField(_l("Own window closes"), format=DT,
                                          validators=[Optional()])
    reason = StringField(_l("Reason"), validators=[DataRequired(REQUIRED), Length(max=200)])


class MakeupForm(FlaskForm):
    opens_at = DateTimeLocalField(_l("Opens at"), format=DT, validators=[DataRequired(REQUIRED)])
    closes_at = DateTimeLocalField(_l("Closes at"), format=DT,
                                   validators=[DataRequired(REQUIRED)])


class CandidatesForm(FlaskForm):
    unit_id = SelectField(_l("Officers of unit"), coerce=int, choices=[])


class ActionForm(FlaskForm):
    """A button that posts: carries only the CSRF token."""
