"""The unit form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Regexp

from app.org.models import UNIT_KINDS

REQUIRED = _l("This field is required.")


class UnitForm(FlaskForm):
    code = StringField(_l("Unit code"), validators=[
        DataRequired(REQUIRED), Length(max=32),
        Regexp(r"^[0-9A-Za-z\-_.]+$", message=_l("Letters, digits, - _ . only."))])
    name = StringField(_l("Unit name"), validators=[DataRequired(REQUIRED), Length(max=100)])
    kind = SelectField(_l("Unit type"), choices=[("", "—")] + [(k, k) for k in UNIT_KINDS])
    parent_id = SelectField(_l("Parent unit"), coerce=int, choices=[])
    active = BooleanField(_l("In use"), default=True)
    submit = SubmitField(_l("Save"))
