"""The officer form, validated on the server with messages in the user's language."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from app.core import idcard
from app.people.models import PERSON_STATUSES

REQUIRED = _l("This field is required.")


def valid_id_number(form, field) -> None:
    field.data = idcard.normalise(field.data)
    reason = idcard.problem(field.data)
    if reason:
        raise ValidationError(reason)


class OfficerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=50)])
    id_number = StringField(_l("ID number"), validators=[DataRequired(REQUIRED), valid_id_number])
    unit_id = SelectField(_l("Unit"), coerce=int, choices=[])
    on_post = BooleanField(_l("On an enforcement post"), default=True)
    post_since = DateField(_l("On the post since"), validators=[Optional()],
                           render_kw={"type": "date"},
                           description=_l("When the officer comes back to a post: the first day "
                                          "back (a day before the last day off counts as today)."))
    post_left_on = DateField(_l("First day off the post"), validators=[Optional()],
                             render_kw={"type": "date"},
                             description=_l("When moving the officer off the enforcement post: "
                                            "the first day off it (default: today)."))
    status = SelectField(_l("Person status"), choices=list(PERSON_STATUSES.items()))
    status_changed_on = DateField(_l("Status changed on"), validators=[Optional()],
                                  render_kw={"type": "date"})
    specialty = StringField(_l("Specialty"), validators=[Optional(), Length(max=100)])
    education = StringField(_l("Education"), validators=[Optional(), Length(max=30)])
    legal_major = BooleanField(_l("Legal major"))
    legal_reviewer = BooleanField(_l("Legal review staff"))
    legal_qualification = BooleanField(_l("Holds the legal professional qualification"))
    phone = StringField(_l("Phone"), validators=[
        Optional(), Regexp(r"^\d{7,15}$", message=_l("Digits only, 7 to 15 of them."))])
    submit = SubmitField(_l("Save"))


class ImportForm(FlaskForm):
    file = FileField(_l("File (.xlsx or .csv)"), validators=[DataRequired(REQUIRED)])
    dry_run = BooleanField(_l("Dry run: check only, write nothing"))
    submit = SubmitField(_l("Upload and import"))
