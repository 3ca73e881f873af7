"""Rotation forms, validated on the server; domain checks come back from the services."""
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.rotation.models import METHODS

REQUIRED = _l("This field is required.")


class ProgrammeForm(FlaskForm):
    name = StringField(_l("Programme name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    year = IntegerField(_l("Year"), validators=[InputRequired(REQUIRED),
                                                NumberRange(2000, 2100)])
    unit_id = SelectField(_l("Organiser"), coerce=int, choices=[])
    units = SelectMultipleField(
        _l("Units taking part"), coerce=int, choices=[],
        description=_l("The enforcement officers of these units and of the units below them "
                       "take part."))
    required_hours = DecimalField(
        _l("Hours required"), places=1, validators=[Optional()],
        description=_l("Leave blank when attending the required sessions is enough."),
        render_kw={"step": "0.5", "min": "0.5", "inputmode": "decimal"})
    method = SelectField(_l("Check of the effect"), choices=list(METHODS.items()))
    exam_id = SelectField(_l("Exam (written test)"), coerce=int, choices=[])
    pass_mark = DecimalField(_l("Pass mark"), places=2, default=Decimal(60),
                             validators=[InputRequired(REQUIRED)],
                             render_kw={"inputmode": "decimal"})
    max_score = DecimalField(_l("Full marks"), places=2, default=Decimal(100),
                             validators=[InputRequired(REQUIRED)],
                             render_kw={"inputmode": "decimal"})
    submit = SubmitField(_l("Save"))


class LinkSessionForm(FlaskForm):
    session_id = SelectField(_l("Training session"), coerce=int, choices=[])
    required = BooleanField(_l("Required"), default=True)
    submit = SubmitField(_l("Add session"))


class JurorForm(FlaskForm):
    name = StringField(_l("Juror name"), validators=[Optional(), Length(max=50)])
    user_id = SelectField(_l("Account (scores on their own page)"), coerce=int, choices=[])
    submit = SubmitField(_l("Add juror"))


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
