"""The sign-off form: the version the signer read travels with it."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional


class SignoffForm(FlaskForm):
    version = HiddenField(validators=[DataRequired()])
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Sign off this version"))
