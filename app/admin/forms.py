"""Account forms for the administrator."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from app.auth.models import ROLES
from app.core import idcard

REQUIRED = _l("This field is required.")
ROLE_CHOICES = [("officer", "执法人员"), ("hr", "人事科"), ("legal", "法规科"),
                ("leader", "单位负责人"), ("admin", "系统管理员")]
assert {r for r, _ in ROLE_CHOICES} == set(ROLES)


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[
        DataRequired(REQUIRED), Length(min=2, max=50),
        Regexp(r"^[A-Za-z0-9_.\-]+$", message=_l("Letters, digits, - _ . only."))])
    display_name = StringField(_l("Display name"), validators=[Optional(), Length(max=50)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    unit_id = SelectField(_l("Unit"), coerce=int, choices=[])
    officer_id_number = StringField(_l("Officer's ID number (officer accounts)"),
                                    validators=[Optional()],
                                    filters=[lambda v: idcard.normalise(v) if v else v])
    password = PasswordField(_l("Initial password"), validators=[DataRequired(REQUIRED)])
    submit = SubmitField(_l("Create account"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED)])
    submit = SubmitField(_l("Reset password"))
