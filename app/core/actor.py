"""Who does a thing when no web user does: the command line and the scheduler."""
from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    """Acts with full scope; recorded in the audit log by name."""

    username: str = "system"
    display_name: str = "系统"
    id: None = None
    role: str = "admin"
    is_system: bool = True
    is_authenticated: bool = True


CLI = SystemActor("cli", "命令行")
SCHEDULER = SystemActor("scheduler", "定时任务")
