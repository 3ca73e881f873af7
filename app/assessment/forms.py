"""Assessment forms; the domain checks come back from the services."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import FieldList
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.assessment.indicators import INDICATORS
from app.assessment.services import MANUAL

REQUIRED = _l("This field is required.")
GRADE_ROWS, INDICATOR_ROWS = 6, 10


def kind_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(k, i.label) for k, i in INDICATORS.items()] + \
        [(MANUAL, str(_l("Scored by the unit")))]


class GradeLine(Form):
    name = StringField(_l("Grade"), validators=[Optional(), Length(max=20)])
    min_score = DecimalField(_l("Lowest score"), places=1, validators=[Optional(),
                                                                     NumberRange(0, 100)])


class IndicatorLine(Form):
    kind = SelectField(_l("Indicator"), choices=[], validate_choice=False)
    name = StringField(_l("Indicator name"), validators=[Optional(), Length(max=50)])
    weight = DecimalField(_l("Weight"), places=1, validators=[Optional(), NumberRange(0, 100)])
    cap_grade = StringField(_l("Best grade if missed"), validators=[Optional(), Length(max=20)])


class SchemeForm(FlaskForm):
    grades = FieldList(FormField(GradeLine), min_entries=GRADE_ROWS, max_entries=GRADE_ROWS)
    indicators = FieldList(FormField(IndicatorLine), min_entries=INDICATOR_ROWS,
                           max_entries=INDICATOR_ROWS)
    submit = SubmitField(_l("Save the scheme"))


class ScoreForm(FlaskForm):
    code = HiddenField()
    score = DecimalField(_l("Score (0-100)"), places=1,
                         validators=[InputRequired(REQUIRED), NumberRange(0, 100)],
                         render_kw={"step": "0.5", "min": "0", "max": "100",
                                    "inputmode": "decimal"})
    save = SubmitField(_l("Save the score"))


class ConfirmForm(FlaskForm):
    grade = SelectField(_l("Grade"), choices=[], validate_choice=False)
    reason = TextAreaField(_l("Reason (required when the grade differs from the proposal)"),
                           validators=[Optional(), Length(max=500)])
    confirm = SubmitField(_l("Confirm the grade"))
