"""Forms of the law library: upload a version, decide a citation review."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField
from wtforms.validators import DataRequired, NumberRange, Optional


class UploadForm(FlaskForm):
    file = FileField(_l("Law file (.md)"), validators=[DataRequired(_l("This field is required."))])


class ReviewForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=[
        ("follow", _l("Cite the new article")), ("edit", _l("Cite the new article, then edit")),
        ("retire", _l("Retire the question"))])
    article = IntegerField(_l("Article number in the new version"),
                           validators=[Optional(), NumberRange(min=1, max=9999)])
