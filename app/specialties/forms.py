"""The specialty form."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

REQUIRED = _l("This field is required.")


class SpecialtyForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        DataRequired(REQUIRED), Length(max=40),
        Regexp(r"^[a-z0-9_]+$", message=_l("Lower-case letters, digits and _ only."))])
    name = StringField(_l("Category name"), validators=[DataRequired(REQUIRED), Length(max=50)])
    sort_order = IntegerField(_l("Order"), default=0,
                              validators=[Optional(), NumberRange(min=0, max=999)])
    active = BooleanField(_l("In use"), default=True)
    submit = SubmitField(_l("Save"))
