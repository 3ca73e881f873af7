"""The dispatch list (派员名单) and the draw record (抽取记录) as Chinese PDFs."""
from reportlab.lib.units import mm
from sqlalchemy import select

from app.auth.models import User
from app.core import clock
from app.core.pdf import Report, render
from app.extensions import db
from app.org.models import Unit
from app.talentpool.draws import EXCLUDED_LABELS
from app.talentpool.models import Draw


def _round_name(rnd) -> str:
    return "首轮抽取" if rnd.number == 0 else f"第{rnd.number}次递补"


def _heading(record: Draw) -> str:
    task = record.task
    dates = f"{task.starts_on} 至 {task.ends_on}" if task.ends_on != task.starts_on else \
        f"{task.starts_on}"
    return (f"{task.purpose} · 专业类别：{record.specialty.name} · "
            f"被检查单位：{task.inspected_unit.name} · 检查时间：{dates}")


def dispatch_list(record: Draw) -> tuple[bytes, set[str]]:
    """Who goes where: the team in order, leader first."""
    rows = [[i, m.role_label, m.officer.name, m.officer.id_number_masked, m.unit.name,
             m.officer.phone or "", "递补" if m.round_number else "首轮抽取"]
            for i, m in enumerate(record.team, start=1)]
    notes = [f"抽取记录编号：{record.id}；随机种子：{record.first_round.seed}；"
             f"符合条件人员：{record.first_round.eligible_count}名。"]
    notes += [f"递补：{m.officer.name}（{m.withdrawn_reason}）"
              for m in record.members if m.withdrawn_at is not None]
    return render(Report("交叉执法检查派员名单", ["序号", "职务", "姓名", "身份证号", "所在单位",
                                                  "联系电话", "产生方式"],
                         rows, subtitle=_heading(record), notes=notes,
                         signatures=["经办人：", "法规科负责人：", "单位（盖章）："],
                         col_widths=[w * mm for w in (12, 18, 28, 45, 80, 40, 50)]))


def draw_record(record: Draw) -> tuple[bytes, set[str]]:
    """What to publish (一公开), written for the inspected unit and the supervisor: who drew,
    under which rules, who was drawn, and how anyone may have the draw checked."""
    names = {m.id: m.officer.name for m in record.members}
    rows = [[i, m.officer.name, m.unit.name, m.role_label, _how_chosen(m, names)]
            for i, m in enumerate(_in_order(record), start=1)]
    notes = [f"抽取人：{_drawer(record)}；抽取时间：{clock.shown(record.created_at)}（北京时间）。",
             *_rules(record), *(_round_line(rnd) for rnd in record.rounds), _how_to_check(record)]
    return render(Report(f"交叉执法检查人员随机抽取记录（第{record.id}号）",
                         ["序号", "姓名", "所在单位", "职务", "产生方式"],
                         rows, subtitle=_heading(record), notes=notes,
                         signatures=["抽取人：", "监督人：", "单位（盖章）："],
                         col_widths=[w * mm for w in (14, 32, 90, 22, 115)]))


def _in_order(record: Draw) -> list:
    """The team as it goes (leader first), then those replaced."""
    return record.team + [m for m in record.members if m.withdrawn_at is not None]


def _how_chosen(member, names: dict[int, str]) -> str:
    how = "首轮随机抽取" if member.round_number == 0 else f"第{member.round_number}次递补抽取"
    if member.withdrawn_at is not None:
        by = names.get(member.replaced_by_id, "他人")
        how += f"；已退出（{member.withdrawn_reason}），由{by}递补"
    return how


def _drawer(record: Draw) -> str:
    user = db.session.get(User, record.created_by_id) if record.created_by_id else None
    if user is None:
        return "系统（按计划自动抽取）"
    name = user.display_name or user.username
    return f"{name}（{user.unit.name}）" if user.unit else name


def _rules(record: Draw) -> list[str]:
    rules, task = record.rules, record.task
    scope = _unit_at(rules.get("pool_path"))
    avoided = _unit_at(rules.get("avoided_path")) or task.inspected_unit
    eligible = (f"抽取范围：{scope.name + '及其下级单位' if scope else '全省'}"
                f"人才库中{record.specialty.name}类已入库、未暂停的人员；须在执法岗位，"
                f"并持有检查期间有效的行政执法证。每组至少{rules['min_certified']}名持证执法人员。")
    avoid = (f"回避规则：{avoided.name}及其下级单位的人员一律不参加抽取；"
             "已在本次检查任务其他检查组的人员不重复抽取")
    if rules.get("cooloff_days"):
        avoid += f"；最近{rules['cooloff_days']}天内被抽中过的人员本次不参加"
    fair = (f"公平规则：最近{rules['recent_days']}天内被抽中次数越多的人员，"
            "本次被抽中的机会越小，避免同一人反复被抽中。")
    return [eligible, avoid + "。", fair]


def _unit_at(path: str | None) -> Unit | None:
    return db.session.scalar(select(Unit).where(Unit.path == path)) if path else None


def _round_line(rnd) -> str:
    left_out = "，".join(f"{EXCLUDED_LABELS[k]}{v}名" for k, v in rnd.excluded.items() if v)
    reason = f"（原因：{rnd.reason}）" if rnd.reason else ""
    return (f"{_round_name(rnd)}{reason}：符合条件人员{rnd.eligible_count}名"
            f"{'（未参加：' + left_out + '）' if left_out else ''}；"
            f"随机种子 {rnd.seed}；校验码 {check_code(rnd)}。")


def check_code(rnd) -> str:
    """A short form of the candidate list's fingerprint, for people to compare by eye."""
    return rnd.fingerprint[:8].upper()


def _how_to_check(record: Draw) -> str:
    return (f"如何核查：本次抽取的候选人员名单、随机种子和结果均已存档，任何人不能事后改动。"
            f"被检查单位或监督人员如有疑问，可请{record.task.unit.name}法规科按第{record.id}号"
            "记录的随机种子和存档名单重新抽取：重抽结果应与本记录完全一致，"
            "校验码一致说明候选人员名单未被改动。")
