"""Forms of the pool and the draws, validated on the server."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
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


def optional_int(value) -> int | None:
    """A select's value as an int; the empty choice (and anything not a number) as None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


TEAM_ROWS = 4  # specialty rows on the task form: all shown without JavaScript


class TeamForm(FlaskForm):
    """One row of the task form: a specialty and its team; a row without a specialty is unused."""

    class Meta:
        csrf = False  # a part of TaskForm, which carries the token

    specialty_id = SelectField(_l("Specialty category"), coerce=optional_int, choices=[])
    size = IntegerField(_l("Team size (officers, at least 2)"), validators=[
        Optional(), NumberRange(min=2, max=50, message=_l("From 2 to 50 officers."))])
    experts = IntegerField(_l("Experts on top of the team"), validators=[
        Optional(), NumberRange(min=0, max=10, message=_l("From 0 to 10 experts."))])


class TaskForm(FlaskForm):
    """A cross-inspection task with one team per specialty, drawn at once (all or nothing)."""

    purpose = StringField(_l("Purpose"), validators=[DataRequired(REQUIRED), Length(max=200)])
    inspected_unit_id = SelectField(_l("Inspected unit"), coerce=int, choices=[])
    starts_on = DateField(_l("Starts on"), validators=[Optional()], render_kw={"type": "date"})
    ends_on = DateField(_l("Ends on"), validators=[Optional()], render_kw={"type": "date"})
    avoid_city = BooleanField(_l("Avoid the whole city of the inspected unit"))
    cooloff_days = IntegerField(_l("Cool-off days (drawn within them: left out)"), default=0,
                                validators=[Optional(), NumberRange(min=0, max=3650)])
    teams = FieldList(FormField(TeamForm), min_entries=TEAM_ROWS, max_entries=TEAM_ROWS,
                      default=[{"size": 3, "experts": 0}])
    seed = IntegerField(_l("Seed (empty: a random one, recorded)"), description=_l(
        "With several specialties the second team uses the seed + 1, the third the seed + 2, "
        "and so on."),
                        validators=[Optional(), NumberRange(min=0, max=2**48 - 1)])
    submit = SubmitField(_l("Draw"))

    def __init__(self, *args, specialties: list[tuple[int, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.teams_errors: list[str] = []
        for n, row in enumerate(self.teams, start=1):
            if n == 1:  # the task's first team: always a specialty
                row.specialty_id.choices = list(specialties)
                continue
            row.specialty_id.choices = [("", _("— none —"))] + list(specialties)
            # Labels of their own, so that each control is named once on the page.
            row.specialty_id.label.text = _("Specialty category, team %(n)s", n=n)
            row.size.label.text = _("Team size, team %(n)s", n=n)
            row.experts.label.text = _("Experts, team %(n)s", n=n)

    def chosen(self) -> list[tuple[int, TeamForm]]:
        """(row index, row) of the rows with a specialty, in the order shown."""
        return [(i, row) for i, row in enumerate(self.teams) if row.specialty_id.data]

    def validate(self, extra_validators=None) -> bool:
        """The rows: a size for each chosen specialty, a specialty for each size, no repeats."""
        ok = super().validate(extra_validators)
        seen: set[int] = set()
        for row in self.teams:
            specialty = row.specialty_id.data
            if not specialty:
                if (row.size.data is not None or row.experts.data) and not row.specialty_id.errors:
                    row.specialty_id.errors.append(_("Choose the specialty of this team."))
                    ok = False
                continue
            if row.size.data is None and not row.size.errors:
                row.size.errors.append(_("Enter the team size (at least 2)."))
                ok = False
            if specialty in seen:
                row.specialty_id.errors.append(_("This specialty already has a team above."))
                ok = False
            seen.add(specialty)
        if not seen:
            self.teams_errors.append(_("Choose at least one specialty and its team size."))
            ok = False
        return ok


class ReplaceForm(FlaskForm):
    reason = StringField(_l("Why they cannot go"),
                         validators=[DataRequired(REQUIRED), Length(max=200)])
    submit = SubmitField(_l("Replace"))
