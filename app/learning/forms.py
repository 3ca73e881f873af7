"""Staff forms for courses and chapters; domain checks come back from the services."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.learning.models import CHAPTER_KINDS
from app.training.models import CATEGORIES

REQUIRED = _l("This field is required.")


class CourseForm(FlaskForm):
    title = StringField(_l("Course title"), validators=[DataRequired(REQUIRED), Length(max=200)])
    category = SelectField(_l("Category"), choices=list(CATEGORIES.items()))
    hours = DecimalField(_l("Hours"), places=1, validators=[InputRequired(REQUIRED)],
                         render_kw={"step": "0.5", "min": "0.5", "inputmode": "decimal"})
    unit_id = SelectField(_l("Organiser"), coerce=int, choices=[])
    audience = SelectMultipleField(_l("Audience units (empty: the organiser and below)"),
                                   coerce=int, choices=[])
    specialty = StringField(_l("Specialty (empty: everyone on a post)"),
                            validators=[Optional(), Length(max=100)])
    opens_on = DateField(_l("Open from"), validators=[DataRequired(REQUIRED)],
                         render_kw={"type": "date"})
    closes_on = DateField(_l("Open until"), validators=[DataRequired(REQUIRED)],
                          render_kw={"type": "date"})
    laws = SelectMultipleField(_l("Laws covered"), coerce=int, choices=[])
    quiz_size = IntegerField(_l("Quiz questions"), default=5,
                             validators=[InputRequired(REQUIRED), NumberRange(0, 50)])
    pass_percent = IntegerField(_l("Pass mark"), default=60,
                                validators=[InputRequired(REQUIRED), NumberRange(1, 100)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)],
                                id="course-description")
    submit = SubmitField(_l("Save"))


class ChapterForm(FlaskForm):
    title = StringField(_l("Chapter title"), validators=[DataRequired(REQUIRED), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=list(CHAPTER_KINDS.items()))
    min_minutes = IntegerField(_l("Minimum study time (minutes)"), default=10,
                               validators=[InputRequired(REQUIRED), NumberRange(1, 600)])
    file = FileField(_l("File (MP4 video or PDF)"))
    body = TextAreaField(_l("Text"), validators=[Optional(), Length(max=20000)],
                         id="chapter-body")
    submit = SubmitField(_l("Add chapter"))


class LectureForm(FlaskForm):
    file = FileField(_l("Recording (MP4)"))
    min_minutes = IntegerField(_l("Minimum study time (minutes)"), default=30,
                               validators=[InputRequired(REQUIRED), NumberRange(1, 600)])
    quiz_size = IntegerField(_l("Quiz questions"), default=0,
                             validators=[InputRequired(REQUIRED), NumberRange(0, 50)])
    submit = SubmitField(_l("Make it an online course"))
