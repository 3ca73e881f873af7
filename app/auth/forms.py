"""Log-in and password forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

REQUIRED = _l("This field is required.")


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(REQUIRED), Length(max=50)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), Length(max=200)])
    remember = BooleanField(_l("Remember me"))
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(FlaskForm):
    old_password = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED)])
    new_password = PasswordField(_l("New password"),
                                 validators=[DataRequired(REQUIRED), Length(min=8, max=200,
                                             message=_l("At least 8 characters."))])
    confirm = PasswordField(_l("Repeat new password"), validators=[
        DataRequired(REQUIRED), EqualTo("new_password", message=_l("The passwords differ."))])
    submit = SubmitField(_l("Change password"))
