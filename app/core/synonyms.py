"""The documented synonyms an import accepts for enumerated columns, and nothing else.

Each synonym names exactly one allowed value; a word that could mean two (研究生:
硕士 or 博士? 食品: 食品安全 or 食品生产?) is not a synonym and is refused with the
allowed values listed. Specialty categories (专业类别) are data a province defines:
they are matched by code or full name only, so that adding a category can never change
what an old file means. The list is printed on every template's 填表说明 sheet and in README.
"""

YES_NO = {"是": True, "否": False, "Y": True, "N": False, "YES": True, "NO": False,
          "√": True, "✓": True, "×": False, "✗": False, "1": True, "0": False,
          "TRUE": True, "FALSE": False}

EDUCATIONS = ("博士研究生", "硕士研究生", "本科", "大专", "中专", "高中", "初中及以下")
EDUCATION = {"博士": "博士研究生", "硕士": "硕士研究生", "大学本科": "本科",
             "大学专科": "大专", "专科": "大专", "中等专科": "中专"}

PERSON_STATUS = {"在职": "在岗", "调离": "调离执法岗位", "调离执法岗": "调离执法岗位"}

TRAINING_CATEGORY = {"公共法律": "公共法律知识", "业务知识": "业务知识和行政执法技能",
                     "行政执法技能": "业务知识和行政执法技能",
                     "业务知识和执法技能": "业务知识和行政执法技能", "政治理论学习": "政治理论"}

TRAINING_MODE = {"线上培训": "线上", "网络培训": "线上", "在线": "线上", "网络": "线上",
                 "线下培训": "线下", "面授": "线下", "集中面授": "线下", "现场": "线下"}

# (column, synonym -> allowed value) for the template's instructions sheet and README.
DOCUMENTED = (
    ("执法岗位、法律专业", {"Y / YES / √ / ✓ / 1 / TRUE": "是", "N / NO / × / ✗ / 0 / FALSE": "否"}),
    ("学历", EDUCATION),
    ("人员状态", PERSON_STATUS),
    ("培训类别", TRAINING_CATEGORY),
    ("培训方式", TRAINING_MODE),
)


def lines() -> list[str]:
    """One line per column: `学历: 大学本科→本科, …`."""
    return [f"{column}: " + "，".join(f"{k}→{v}" for k, v in mapping.items())
            for column, mapping in DOCUMENTED]
