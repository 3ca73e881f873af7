"""Organisation units, kept as a tree with a materialised path for fast subtree queries."""
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

UNIT_KINDS = ("省局", "处室", "直属单位", "设区市局", "科室", "执法稽查局", "县区局", "市场监管所")


class Unit(db.Model):
    __tablename__ = "units"
    __scope_unit__ = "id"
    __table_args__ = (
        CheckConstraint("code <> ''", name="code_not_empty"),
        # Pattern ops so that PostgreSQL serves `path LIKE '/1/4/%'` from the index.
        Index("ix_units_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str | None] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    # "/1/4/17/": ancestors and self, so a subtree is one indexed prefix match.
    path: Mapped[str] = mapped_column(String(400), default="")
    active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped["Unit | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent", order_by="Unit.code")

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def refresh_path(self) -> None:
        """Recompute the path from the parent's (the id must be flushed)."""
        prefix = self.parent.path if self.parent else "/"
        self.path = f"{prefix}{self.id}/"

    def is_within(self, other: "Unit") -> bool:
        """True when self is `other` or below it."""
        return self.path.startswith(other.path)

    def snapshot(self) -> dict:
        return {"code": self.code, "name": self.name, "kind": self.kind,
                "parent_code": self.parent.code if self.parent else None,
                "active": self.active}

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name}>"
