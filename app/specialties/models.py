"""Specialty categories: data an admin edits, seeded with the categories of the source documents."""
from sqlalchemy import CheckConstraint, String, select
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

# code, name; `basic` is the basic-law category every officer is examined on.
DEFAULTS = (
    ("basic", "基本法律法规"),
    ("food", "食品安全"),
    ("special_equipment", "特种设备安全"),
    ("product_quality", "产品质量"),
    ("metrology", "计量"),
    ("pricing", "价格监管"),
    ("advertising", "广告监管"),
    ("competition", "反不正当竞争"),
    ("ip", "商标和专利"),
    ("drugs", "药品和医疗器械"),
    ("consumer", "消费者权益保护"),
    ("legal_review", "法制审核与执法程序"),
    ("registration", "登记注册"),
    ("online_trade", "网络交易监管"),
    ("antitrust", "反垄断与公平竞争审查"),
    ("credit", "信用监管"),
    ("standards", "标准化与认证认可"),
)


class Specialty(db.Model):
    __tablename__ = "specialties"
    __table_args__ = (CheckConstraint("code <> ''", name="code_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Specialty {self.code} {self.name}>"


def all_specialties(active_only: bool = True) -> list[Specialty]:
    stmt = select(Specialty).order_by(Specialty.sort_order, Specialty.id)
    if active_only:
        stmt = stmt.where(Specialty.active.is_(True))
    return list(db.session.scalars(stmt))


def find(code_or_name: str) -> Specialty | None:
    """By code or by Chinese name, as import files and the CLI give it."""
    value = (code_or_name or "").strip()
    return db.session.scalar(select(Specialty).where(
        (Specialty.code == value) | (Specialty.name == value)))
