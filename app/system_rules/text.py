"""The rules this system applies, in one place: the 本系统规则 page shows them as written
here and the legal section signs off this text.

Each rule says where it comes from: a seed paragraph (its document, its paragraph number and a
quotation, in the seed's own characters), or "本系统规则" where the seeds say nothing and the
rule is ours. `where` names the code that applies it, so that a reader can check the two agree.
Any change to this text changes VERSION, and the page then asks for a new sign-off.
"""
import hashlib
import json
from dataclasses import asdict, dataclass

OURS = "本系统规则"
SEED_000 = "宜春市市场监督管理局行政执法事前严防、事中严管、事后严究工作机制（000）"
SEED_004 = "江西省市场监管系统行政执法队伍建设任务分工方案（004）"


@dataclass(frozen=True)
class Source:
    """A seed paragraph the rule rests on, or none (`document` empty: 本系统规则)."""

    document: str = ""
    paragraph: str = ""
    quote: str = ""

    @property
    def ours(self) -> bool:
        return not self.document


@dataclass(frozen=True)
class Rule:
    key: str
    title: str
    text: str
    example: str
    source: Source
    basis: Source | None   # for a rule of ours: the seed paragraph it fills in, if any
    where: str


SIXTY = Source(SEED_004, "2.（4）", "每人每年接受不少于60學時的公共法律知識、業務知識和行政執法技能培訓")

RULES: tuple[Rule, ...] = (
    Rule("proration", "年度学时要求按在岗整月数折算",
         "年度内进入、离开或重新回到执法岗位的人员，当年学时要求按在执法岗位上的整月数折算："
         "要求 = 全年要求 × 整月数 ÷ 12，向上取整到半学时，公共法律知识、业务知识和行政执法"
         "技能、合计三项分别折算。整月指该月第一天到最后一天都在执法岗位上；离开岗位的日期是"
         "第一天不在岗的日期，该日所在月份不算整月。一人有多段在岗期间（离岗后又回岗）时，"
         "各段的整月数相加；只在岗不足一个整月的人员仍列入年度统计，要求为0。",
         "1月1日至4月30日在岗、5月1日调离执法岗位（仍在岗工作）、9月1日回到执法岗位："
         "1—4月、9—12月共8个整月，公共法律知识和业务知识各要求20学时，合计40学时。"
         "4月15日上岗：5—12月共8个整月；1月1日离岗：当年不在统计之内。",
         Source(), SIXTY, "app/training/rules.py（months_across、prorate），"
         "app/training/compliance.py（同一规则的SQL）"),
    Rule("post_periods", "执法岗位经历按在岗期间记录",
         "每名执法人员的执法岗位经历记为若干在岗期间（起始日期、离岗日期）。调离执法岗位"
         "（仍在岗工作）或退休、辞职等离开单位时结束当前期间；回到执法岗位时开始新的期间，"
         "此前各段期间保留并计入当年整月数。定期清理名单中的“离岗日期”是最后一段在岗期间"
         "结束后第一天不在岗的日期。",
         "2026年5月1日调离执法岗位、2026年9月1日回岗、2027年3月1日退休：清理名单的离岗日期"
         "为2027-03-01。",
         Source(), Source(SEED_004, "4.（10）", "及時將退出行政執法崗位的人員情況反饋法規處"),
         "app/people/posts.py，app/certificates/queries.py（left_post_on）"),
    Rule("session_year", "跨年度培训的学时计入结束日期所在年度",
         "一次培训的学时全部计入其结束日期所在的年度，不按天拆分到两个年度；线上学习的学时"
         "计入完成日期所在年度。",
         "2026年12月31日至2027年1月2日的培训班，学时计入2027年度。",
         Source(), None, "app/training/models.py（Attendance.year），app/training/compliance.py"),
    Rule("floors", "每年60学时，两类各不少于30学时",
         "每人每年公共法律知识培训不少于30学时、业务知识和行政执法技能培训不少于30学时，"
         "合计不少于60学时。各年度的要求作为年度政策数据保存，以后年度可以调整。",
         "公共法律知识12学时、业务知识30学时：合计42学时，差18学时。",
         Source(SEED_004, "2.（5）（6）", "每人每年接受不少于30學時的業務知識和行政執法技能培訓"),
         None, "app/training/rules.py（floors_for），app/training/models.py（TrainingPolicy）"),
    Rule("political", "政治理论学时单列，不计入60学时",
         "政治理论教育和党性教育学时单独记录和显示，是60学时的前提，但不计入60学时。",
         "政治理论4学时、公共法律知识30学时、业务知识26学时：合计56学时，仍差4学时。",
         Source(SEED_004, "2.（4）", "在完成政治理論教育和黨性教育學時的基礎上"),
         None, "app/training/compliance.py（total_hours 不含政治理论）"),
    Rule("shortfall", "差额学时取两种算法的较大者",
         "差额学时取“各类别差额之和”与“合计要求减合计学时”两者中的较大者，不小于0。"
         "各类别都达到要求、合计也达到要求才算达标。",
         "9个整月（要求22.5/22.5/45）：公共法律知识30、业务知识10：类别差额0+12.5=12.5，"
         "合计差额45−40=5，差额学时为12.5。",
         Source(), SIXTY, "app/training/rules.py（shortfall）"),
    Rule("half_hours", "学时以半学时为单位",
         "学时是0.5的正整数倍，一次培训每天最多24学时；折算后的要求向上取整到半学时，"
         "按月进度的应完成学时取最接近的半学时。",
         "30学时 × 7 ÷ 12 = 17.5学时；60学时 × 5 ÷ 12 = 25学时。",
         Source(), None, "app/core/imports.py（half_hours），app/training/rules.py（prorate）"),
    Rule("review", "执法证复核名单的两项理由",
         "持有有效或暂扣执法证的人员有下列情形之一的，列入复核名单：（一）未达到当年培训学时"
         "要求；（二）最近两次已评分的考试均不合格。复核名单只作提示，是否暂扣、收回或注销"
         "由法规科（处）决定并写明理由；除证件到期外，系统从不自行改变证件状态。",
         "某人2026年合计学时45（要求60），列入复核名单，理由“未达到年度培训学时要求”。",
         Source(), Source(SEED_004, "4.", "對不符合執法要求的行政執法人員,行政執法部門或司法行政部門"
                                         "依法暫扣、收回或者注銷其行政執法證件"),
         "app/certificates/review.py"),
    Rule("clearance", "定期清理列出尚未注销的全部证件",
         "离开执法岗位人员的证件，只要尚未注销（有效、暂扣、收回或已过有效期），都列入定期"
         "清理名单，报同级司法行政部门注销；只有注销才使证件离开名单。",
         "2026年3月1日调离执法岗位的人员，其有效执法证列入清理名单，离岗日期2026-03-01。",
         Source(SEED_004, "4.", "建立定期清理制度,及時將退出行政執法崗位的人員,報同級司法行政部門"
                                "注銷其行政執法證件"),
         None, "app/certificates/queries.py（clearance_rows）"),
    Rule("draws", "人才库抽取规则",
         "只抽取在执法岗位、在岗且持有有效执法证的人员；被检查单位及其下级单位人员回避；"
         "专业类别相符；每组至少2名持证人员；近365天内每被抽中一次，抽中机会降为"
         "60 ÷（1 + 次数）的权重，可设冷却期；每次抽取记录随机种子、候选名单和结果，可复现。",
         "近一年被抽中过1次的人，权重30，是未被抽中者（60）的一半。",
         Source(), Source(SEED_000, "（三）", "建立行政执法人才库,实施交叉执法检查等"),
         "app/talentpool/eligibility.py，app/talentpool/drawing.py"),
    Rule("law_in_force", "试题按考试当日施行的法律抽取",
         "每道试题注明所依据的法律、版本和条款；考试当日未施行或已废止的版本的试题不会被抽取。",
         "商标法2026年修订版2027年1月1日施行：2026年的考试不抽取引用该版本的试题。",
         Source(), Source(SEED_000, "（四）", "每季度组织一次行政执法人员分类考试"),
         "app/laws/queries.py（drawable_versions），app/questions/queries.py"),
)


def _canonical() -> str:
    return json.dumps([asdict(r) for r in RULES], ensure_ascii=False, sort_keys=True)


# The version the legal section signs: a digest of the whole text above.
VERSION = hashlib.sha256(_canonical().encode("utf-8")).hexdigest()[:12]
