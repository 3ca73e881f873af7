"""What the audit log's codes mean in Chinese: actions, record types, fields and values.

The services record stable English codes (`draw.replace`, `valid_until`); the page and the
export of the audit log show these names. A test fails when a service records an action
that has no name here.
"""
import re
from dataclasses import dataclass
from datetime import datetime

from app.certificates.models import STATUSES as CERTIFICATE_STATUSES
from app.core import clock
from app.core.actor import CLI, SCHEDULER
from app.exams.models import KINDS as EXAM_KINDS
from app.exams.models import MODES as EXAM_MODES
from app.exams.models import MULTIPLE_SCORING, SUBMITTED_BY
from app.exams.models import STATUSES as EXAM_STATUSES
from app.main.helpers import ROLE_LABELS
from app.people.models import PERSON_STATUSES
from app.questions.formats import TYPE_LABELS

ACTIONS = {
    "user.create": "新建账号", "user.password": "修改本人密码", "user.reset_password": "重置密码",
    "user.enable": "启用账号", "user.disable": "停用账号",
    "unit.create": "新建单位", "unit.update": "修改单位", "unit.import": "导入单位",
    "officer.create": "新增执法人员", "officer.update": "修改执法人员信息",
    "officer.import": "导入执法人员",
    "rules.signoff": "签署本系统规则",
    "specialty.save": "保存专业类别",
    "training.session.create": "新建培训", "training.session.update": "修改培训",
    "training.session.import": "导入培训",
    "training.attendance.add": "登记参训", "training.attendance.remove": "删除参训记录",
    "training.attendance.import": "导入参训记录", "training.attendance.update": "更新参训学时",
    "training.evidence.add": "上传佐证材料", "training.submission.create": "申报外部培训",
    "training.submission.approved": "外部培训审核通过",
    "training.submission.rejected": "外部培训退回",
    "training.policy.set": "设置年度学时要求",
    "training.policy.political": "设置政治理论学时要求",
    "assessment.scheme.set": "设置年度考核方案", "assessment.score": "单位评分",
    "assessment.confirm": "确认考核等次", "training.plan.add": "新增培训计划",
    "training.plan.remove": "删除培训计划",
    "question.create": "新增试题", "question.revise": "修订试题", "question.delete": "删除试题",
    "question.retire": "停用试题", "question.restore": "恢复试题", "question.import": "导入试题",
    "exam.create": "新建考试", "exam.update": "修改考试", "exam.schedule": "发布考试",
    "exam.cancel": "取消考试", "exam.papers": "生成试卷", "exam.candidates": "添加考生",
    "exam.candidate_remove": "移除考生", "exam.accommodate": "调整考试安排",
    "exam.submit": "交卷", "exam.grade": "自动评分", "exam.publish": "公布成绩",
    "exam.end_early": "提前结束考试", "exam.schedule_publish": "设定成绩公布时间",
    "result.grade": "人工阅卷", "result.key_fix": "更正答案", "result.regrade": "重新评分",
    "talent.nominate": "推荐入库", "talent.approve": "入库审核通过", "talent.reject": "入库审核不通过",
    "talent.pause": "暂停抽取", "talent.resume": "恢复抽取", "talent.import": "导入人才库",
    "task.create": "新建检查任务", "draw.create": "抽取检查人员", "draw.replace": "替换抽取人员",
    "draw.leader": "指定组长",
    "certificate.apply": "申领执法证", "certificate.import": "导入执法证",
    "certificate.approve": "执法证审核通过", "certificate.reject": "执法证不予发证",
    "certificate.issue": "发放执法证", "certificate.suspend": "暂扣执法证",
    "certificate.restore": "执法证恢复有效", "certificate.revoke": "收回执法证",
    "certificate.cancel": "注销执法证", "certificate.expire": "执法证过期",
    "clearance.create": "生成注销报告", "clearance.sent": "报送注销报告",
    "clearance.cancelled": "登记注销",
    # Recorded by branches merged into main meanwhile: named here so the merge stays green.
    "id_number.disclose": "查看完整身份证号", "law.version.create": "新增法律版本",
    "law.version.update": "修改法律版本", "law.review.unchanged": "法律修订复核：试题无需修改",
    "specialty.import": "导入专业类别", "training.online.import": "导入网络学习学时",
    "rotation.create": "新建全员轮训", "rotation.update": "修改全员轮训",
    "rotation.enrol": "轮训人员入班", "rotation.withdraw": "移出轮训人员",
    "rotation.session.add": "轮训关联培训", "rotation.session.remove": "轮训移除培训",
    "rotation.juror.add": "新增轮训评委", "rotation.juror.remove": "移除轮训评委",
    "rotation.score": "录入轮训评分", "rotation.publish": "公布轮训检验结果",
    "learning.course.create": "新建在线课程", "learning.chapter.add": "添加课程章节",
    "learning.course.publish": "发布在线课程", "learning.credit": "在线课程学时计入",
    "learning.remind": "提醒未完成在线课程", "learning.course.from_lecture": "讲法微课堂转为在线课程",
}

RECORD_TYPES = {
    "user": "账号", "unit": "单位", "officer": "执法人员", "specialty": "专业类别",
    "rules_signoff": "本系统规则签署",
    "training_session": "培训", "training_attendance": "参训记录", "training_evidence": "佐证材料",
    "training_submission": "外部培训", "learning_course": "在线课程",
    "learning_enrolment": "在线学习", "training_policy": "年度学时要求",
    "assessment_scheme": "年度考核方案", "assessment_score": "考核评分",
    "assessment_decision": "考核等次",
    "training_plan_item": "培训计划", "question": "试题", "exam": "考试",
    "exam_candidate": "考生", "exam_attempt": "答卷", "exam_answer": "答题",
    "talent_member": "人才库成员", "inspection_task": "检查任务", "draw": "抽取",
    "certificate": "执法证", "clearance_report": "注销报告",
    "law_version": "法律版本", "training_online_course": "网络学习课程",
    "rotation_programme": "全员轮训",
}

FIELDS = {
    "username": "账号", "role": "角色", "unit_code": "单位编码", "unit": "单位", "active": "启用",
    "code": "编码", "name": "名称", "kind": "类型", "parent_code": "上级单位编码",
    "sort_order": "排序", "id_number": "身份证号", "on_post": "执法岗位",
    "post_since": "执法岗位起始日期", "status": "状态", "status_changed_on": "状态变更日期",
    "specialty": "专业类别", "education": "学历", "legal_major": "法律专业", "phone": "手机号",
    "legal_reviewer": "法制审核人员", "legal_qualification": "法律职业资格",
    "method": "检验方式", "exam_id": "考试", "max_score": "满分", "required_hours": "应修学时",
    "units": "参训单位", "juror": "评委",
    "title": "名称", "category": "培训类别", "study_format": "学习形式", "start_date": "开始日期",
    "end_date": "结束日期", "hours": "学时", "mode": "方式", "content": "内容",
    "session_id": "培训编号", "officer": "人员", "file": "文件", "size": "大小",
    "state": "状态", "reason": "理由", "year": "年度", "public_law_hours": "公共法律知识学时",
    "business_hours": "业务知识和行政执法技能学时", "total_hours": "合计学时",
    "political_hours": "政治理论学时", "grades": "考核等次", "indicators": "考核指标",
    "grade": "确认等次", "proposed_grade": "系统建议等次",
    "planned_hours": "计划学时", "audience": "培训对象", "month": "月份",
    "version": "版本", "type": "题型", "stem": "题干", "answer": "答案", "difficulty": "难度",
    "quarter": "季度", "opens_at": "开考时间", "closes_at": "截止时间",
    "time_limit_minutes": "限时（分钟）", "pass_mark": "合格分", "shuffle": "乱序",
    "multiple_scoring": "多选计分", "avoid_seen": "避开做过的题", "sections": "试卷结构",
    "papers_drawn": "生成试卷数", "added": "添加人数", "officers": "人员",
    "results_published_at": "成绩公布时间", "submitted_by": "交卷方式", "answers": "作答题数",
    "score": "得分", "pending_manual": "待人工阅卷", "points": "得分",
    "number": "证件编号", "authority": "发证机关", "issued_on": "发证日期",
    "valid_until": "有效期至", "categories": "执法类别", "area": "执法区域",
    "approved": "已审核", "recipient": "报送机关", "sent_on": "报送日期", "sent_ref": "报送文号",
    "completed_on": "注销日期", "completed_ref": "注销文号", "certificates": "证件",
    "level": "等级", "note": "备注", "paused_from": "暂停起", "paused_until": "暂停至",
    "pause_reason": "暂停理由", "purpose": "检查事项", "inspected_unit": "被检查单位",
    "starts_on": "开始日期", "ends_on": "结束日期", "avoid_city": "回避本市",
    "cooloff_days": "冷却期（天）", "task": "检查任务", "experts": "专家人数",
    "seed": "随机种子", "eligible_count": "符合条件人数", "fingerprint": "校验码",
    "rules": "规则", "team": "抽取结果", "leader": "组长",
    "extra_minutes": "延长时间（分钟）", "window_opens_at": "单独开考时间",
    "window_closes_at": "单独截止时间", "attempt_score": "总分", "passed": "合格",
    "attempts": "重评答卷数", "changed": "成绩变化人数", "key_fix": "答案更正编号",
    "round": "轮次", "article": "条文", "count": "题数", "tags": "知识点", "specialty_id": "专业类别",
}

VALUES = {
    ("officer", "status"): PERSON_STATUSES,
    ("certificate", "status"): CERTIFICATE_STATUSES,
    ("exam", "status"): EXAM_STATUSES,
    ("exam", "kind"): EXAM_KINDS,
    ("question", "status"): {"active": "在用", "retired": "停用"},
    ("training_submission", "state"): {"pending": "待审核", "approved": "通过", "rejected": "退回"},
    ("exam", "mode"): EXAM_MODES,
    ("exam", "multiple_scoring"): MULTIPLE_SCORING,
    ("exam", "type"): TYPE_LABELS,
    ("question", "type"): TYPE_LABELS,
    ("exam_attempt", "submitted_by"): SUBMITTED_BY,
    ("user", "role"): ROLE_LABELS,
}
SYSTEM_ACTORS = {a.username: f"{a.display_name}（系统）" for a in (CLI, SCHEDULER)} | {
    "system": "系统"}

ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def action_name(code: str) -> str:
    return ACTIONS.get(code, code)


def system_actor(name: str) -> str:
    """'cli' as 命令行（系统）: the actor of imports, jobs and the demo data."""
    return SYSTEM_ACTORS.get(name, name)


def record_type(code: str) -> str:
    return RECORD_TYPES.get(code, code)


def changes(entry) -> list[Change]:
    """The fields an entry changed, each as 字段：旧值 → 新值 in Chinese."""
    before, after = entry.before or {}, entry.after or {}
    return [Change(FIELDS.get(k, k), _value(entry.entity_type, k, before.get(k)),
                   _value(entry.entity_type, k, after.get(k)))
            for k in entry.changed_fields]


def changes_text(entry) -> str:
    return "\n".join(f"{c.field}：{c.before} → {c.after}" for c in changes(entry))


def _value(entity_type: str, field: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_value(entity_type, field, v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{FIELDS.get(k, k)} {_value(entity_type, k, v)}"
                        for k, v in value.items())
    if isinstance(value, str) and ISO_TIME.match(value):    # stored UTC: shown in Beijing time
        return clock.shown(datetime.fromisoformat(value))
    return str(VALUES.get((entity_type, field), {}).get(value, value))
