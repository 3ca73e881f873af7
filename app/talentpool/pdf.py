"""The dispatch list (派员名单) and the draw record (抽取记录) as Chinese PDFs."""
from reportlab.lib.units import mm

from app.core import clock
from app.core.pdf import Report, render
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
    """What to publish (一公开): the rules, the seed, the candidate count, the team."""
    rules = record.rules
    rows = []
    for rnd in record.rounds:
        picked = [m for m in record.members if m.round_number == rnd.number]
        names = "、".join(f"{m.officer.name}（{m.unit.name}）" for m in picked)
        left_out = "，".join(f"{EXCLUDED_LABELS[k]}{v}" for k, v in rnd.excluded.items() if v)
        rows.append([_round_name(rnd) + (f"：{rnd.reason}" if rnd.reason else ""),
                     rnd.seed, rnd.eligible_count, left_out or "无", names,
                     rnd.fingerprint[:12]])
    notes = [
        f"抽取规则：回避被检查单位及其下级单位（{rules['avoid_unit']}）"
        + ("，并回避其所在设区市" if rules.get("avoid_city") else "")
        + f"；每组至少{rules['min_certified']}名持证执法人员；"
        + f"近{rules['recent_days']}天内被抽中的人员权重降低（权重 = {rules['weight']}）"
        + (f"；{rules['cooloff_days']}天内被抽中的不参加" if rules.get("cooloff_days") else "")
        + "。",
        "复核方法：按记录的随机种子和候选名单（指纹为其 SHA-256）重放，结果应与本记录一致；"
        f"命令：flask draw verify {record.id}",
        *(f"{_round_name(rnd)}候选名单指纹（SHA-256）：{rnd.fingerprint}" for rnd in record.rounds),
        f"组长：{next((m.officer.name for m in record.team if m.role == 'leader'), '未指定')}；"
        f"抽取人：{record.created_by_name}；抽取时间：{clock.shown(record.created_at)}（北京时间）",
    ]
    return render(Report(f"交叉执法检查人员随机抽取记录（第{record.id}号）",
                         ["轮次", "随机种子", "候选人数", "排除情况", "抽中人员", "候选名单指纹"],
                         rows, subtitle=_heading(record), notes=notes,
                         signatures=["抽取人：", "监督人：", "单位（盖章）："],
                         col_widths=[w * mm for w in (40, 30, 18, 45, 112, 28)]))
