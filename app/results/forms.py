"""Forms of the results pages: a key fix, a make-up window; the rest are CSRF-only posts."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

REQUIRED = _l("This field is required.")


class PostForm(FlaskForm):
    """A button that only needs the CSRF token."""


class KeyFixForm(FlaskForm):
    answer = StringField(_l("Correct answer"), validators=[DataRequired(REQUIRED),
                                                           Length(max=500)])
    reason = StringField(_l("Reason for the correction"), validators=[DataRequired(REQUIRED),
                                                                      Length(max=200)])
