"""Forms of the pool and the draws, validated on the server."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.people.forms import REQUIRED, valid_id_number
from app.talentpool.models import LEVELS


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class NominateForm(FlaskForm):
    id_number = StringField(_l("ID number"), validators=[DataRequired(REQUIRED), valid_id_number])
    specialties = CheckboxesField(_l("Specialties"), coerce=int, choices=[],
                                  validators=[DataRequired(_l("Choose at least one specialty."))])
    level = SelectField(_l("Level"), choices=list(LEVELS.items()), default="backbone")
    note = StringField(_l("Strengths, remarks"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Nominate"))


class DecideForm(FlaskForm):
    note = StringField(_l("Reason (required to reject)"), validators=[Optional(), Length(max=200)])
    approve = SubmitField(_l("Approve"))
    reject = SubmitField(_l("Reject"))


class PauseForm(FlaskForm):
    paused_from = DateField(_l("Paused from"), validators=[InputRequired(REQUIRED)],
                            render_kw={"type": "date"})
    paused_until = DateField(_l("Paused until (empty: until further notice)"),
                             validators=[Optional()], render_kw={"type": "date"})
    reason = StringField(_l("Reason (leave, secondment...)"),
                         validators=[DataRequired(REQUIRED), Length(max=100)])
    submit = SubmitField(_l("Pause"))


class DrawForm(FlaskForm):
    specialty_id = SelectField(_l("Specialty category"), coerce=int, choices=[])
    size = IntegerField(_l("Team size (officers, at least 2)"), default=3,
                        validators=[InputRequired(REQUIRED), NumberRange(min=2, max=50)])
    experts = IntegerField(_l("Experts on top of the team"), default=0,
                           validators=[Optional(), NumberRange(min=0, max=10)])
    seed = IntegerField(_l("Seed (empty: a random one, recorded)"),
                        validators=[Optional(), NumberRange(min=0, max=2**48 - 1)])
    submit = SubmitField(_l("Draw"))


class TaskForm(DrawForm):
    purpose = StringField(_l("Purpose"), validators=[DataRequired(REQUIRED), Length(max=200)])
    inspected_unit_id = SelectField(_l("Inspected unit"), coerce=int, choices=[])
    starts_on = DateField(_l("Starts on"), validators=[Optional()], render_kw={"type": "date"})
    ends_on = DateField(_l("Ends on"), validators=[Optional()], render_kw={"type": "date"})
    avoid_city = BooleanField(_l("Avoid the whole city of the inspected unit"))
    cooloff_days = IntegerField(_l("Cool-off days (drawn within them: left out)"), default=0,
                                validators=[Optional(), NumberRange(min=0, max=3650)])


class ReplaceForm(FlaskForm):
    reason = StringField(_l("Why they cannot go"),
                         validators=[DataRequired(REQUIRED), Length(max=200)])
    submit = SubmitField(_l("Replace"))
