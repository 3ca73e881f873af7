"""Import templates for every KIND (the web import pages' download): see app/core/import_template.py.

Which columns are text, which take a value from a list (and the list: fixed labels, the
active specialty categories, the units of the user's scope), and an example row, by header
name, so that a kind added to app.importing.KINDS gets its template without more code.
"""
from sqlalchemy import select

from app.certificates.models import IMPORT_STATUSES, KINDS_BY_LABEL
from app.core.import_template import TemplateSpec
from app.core.import_template import build as build_template
from app.core.scoping import Scope, scoped
from app.core.synonyms import EDUCATIONS
from app.extensions import db
from app.importing import KINDS, Kind
from app.org.models import UNIT_KINDS, Unit
from app.people.models import STATUS_BY_LABEL
from app.questions.formats import REQUIRED_HEADERS as QUESTION_REQUIRED
from app.questions.formats import TYPE_LABELS
from app.specialties.models import Specialty
from app.talentpool.models import LEVEL_BY_LABEL
from app.training.models import CATEGORY_BY_LABEL, MODE_BY_LABEL

# The template: columns typed as text, enumerated columns and their values, an example.
TEXT_COLUMNS = {"身份证号", "单位编码", "上级单位编码", "主办单位编码", "证件编号", "手机号", "代码",
                "证书编号"}
UNIT_COLUMNS = ("单位编码", "上级单位编码", "主办单位编码")
YES_NO = ["是", "否"]
FIXED_CHOICES = {
    "执法岗位": YES_NO, "法律专业": YES_NO, "法制审核人员": YES_NO, "法律职业资格": YES_NO, "启用": YES_NO,
    "人员状态": list(STATUS_BY_LABEL), "学历": list(EDUCATIONS),
    "培训类别": list(CATEGORY_BY_LABEL), "培训方式": list(MODE_BY_LABEL),
    "证件状态": list(IMPORT_STATUSES), "证件种类": list(KINDS_BY_LABEL), "等级": list(LEVEL_BY_LABEL),
    "单位类型": list(UNIT_KINDS), "题型": list(TYPE_LABELS.values()),
    "难度": ["1", "2", "3", "4", "5"],
}
NOTES = {
    "身份证号": "18位，末位可为X", "学时": "0.5的正整数倍",
    "开始日期": "日期", "结束日期": "日期，不早于开始日期", "状态变更日期": "日期",
    "执法岗位起始日期": "日期", "发证日期": "日期", "有效期至": "日期，不早于发证日期",
    "完成日期": "日期", "答案": "单选填一个字母；多选填字母连写（如ACD）；判断填正确或错误；"
                            "填空各空用|分隔，同一空的多个答案用/分隔",
}
EXAMPLE = {
    "姓名": "张三", "身份证号": "11010519491231002X", "执法岗位": "是", "人员状态": "在岗",
    "执法岗位起始日期": "2020-01-01", "手机号": "13800000000", "学历": "本科", "法律专业": "否",
    "单位名称": "南昌市东湖区市场监督管理局", "单位类型": "县区局",
    "培训名称": "2026年度行政执法人员法律知识培训", "培训类别": "公共法律知识",
    "开始日期": "2026-03-05", "结束日期": "2026-03-06", "学时": "8", "培训方式": "线下",
    "培训内容": "行政处罚法", "题型": "单选", "题干": "行政处罚法自何时起施行？",
    "选项A": "2021年7月15日", "选项B": "2021年1月22日", "答案": "A", "难度": "3",
    "证件编号": "赣A000001", "发证机关": "江西省人民政府", "发证日期": "2024-01-01",
    "有效期至": "2029-12-31", "证件状态": "有效", "执法类别": "市场监管", "证件种类": "行政执法证",
    "等级": "骨干",
    "课程名称": "行政处罚法解读", "完成日期": "2026-03-05", "平台": "江西干部网络学院",
}


def template(name: str, actor) -> bytes:
    """The import template of KIND `name` for `actor`: drop-downs list the actor's units."""
    kind = KINDS[name]
    units = db.session.scalars(scoped(Unit, Scope.of(actor)).order_by(Unit.path)).all()
    specialties = [s.name for s in db.session.scalars(
        select(Specialty).where(Specialty.active).order_by(Specialty.sort_order, Specialty.id))]
    choices = FIXED_CHOICES | {"专业类别": specialties}
    unit_columns = [c for c in UNIT_COLUMNS if not (name == "units" and c == "单位编码")]
    choices |= {c: [u.code for u in units] for c in unit_columns}
    example = EXAMPLE | {"专业类别": specialties[0] if specialties else "",
                         "专业特长": specialties[0] if specialties else ""}
    if units:
        example |= {c: units[-1].code for c in UNIT_COLUMNS} | {"上级单位编码": units[0].code}
    spec = TemplateSpec(kind.title, list(kind.headers), _required(kind, actor),
                        TEXT_COLUMNS & set(kind.headers),
                        {h: v for h, v in choices.items() if h in kind.headers}, NOTES, example)
    return build_template(spec)


def _required(kind: Kind, actor) -> set[str]:
    importer = kind.importer(actor)
    if importer is None:   # questions: read by app.questions.reading
        return set(QUESTION_REQUIRED)
    return {c.name for c in importer.columns if c.required}
