"""Forms of the results pages: a key fix, a make-up window; the rest are CSRF-only posts."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, StringField
from wtforms.validators import DataRequired, Length, Optional

REQUIRED = _l("This field is required.")


class PostForm(FlaskForm):
    """A button that only needs the CSRF token."""


class PublishAtForm(FlaskForm):
    """When the results are to be published (Beijing time); empty clears the schedule."""
    publish_at = DateTimeLocalField(_l("Publish the results at"), format="%Y-%m-%dT%H:%M",
                                    validators=[Optional()])


class KeyFixForm(FlaskForm):
    answer = StringField(_l("Correct answer"), validators=[DataRequired(REQUIRED),
                                                           Length(max=500)])
    reason = StringField(_l("Reason for the correction"), validators=[DataRequired(REQUIRED),
                                                                      Length(max=200)])
