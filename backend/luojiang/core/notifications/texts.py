"""What each message says (no personal data: the case number, the matter, dates), and the values
the platforms' templates take (WeChat's ``thing`` fields hold 20 characters, ``phrase`` 5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from luojiang.core.applications.ports import CaseEvent, DeadlineReminder

CASE_TOPICS = {
    "submitted": ("申请已提交", "已收到您的申请，我们将尽快受理。"),
    "accepted": ("申请已受理", "您的申请已受理，请留意办理进度。"),
    "supplement_requested": ("需要补正材料", "您的申请需要补正材料，请按要求补充后再提交。"),
    "approved": ("审批通过", "您的申请已审批通过。"),
    "rejected": ("未予批准", "您的申请未予批准，可查看原因。"),
}
STATE_PHRASES = {
    "submitted": "已提交",
    "accepted": "已受理",
    "supplement_requested": "待补正",
    "approved": "已通过",
    "rejected": "未通过",
}


@dataclass(frozen=True)
class Text:
    topic: str
    title: str
    body: str
    data: dict[str, str]


def clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def case_text(event: CaseEvent) -> Text | None:
    """None for states nobody is told about (a case moving inside the department)."""
    if event.state not in CASE_TOPICS:
        return None
    title, body = CASE_TOPICS[event.state]
    data = {
        "case_number": event.case_number,
        "matter": clip(event.matter_name, 20),
        "state": STATE_PHRASES[event.state],
        "time": event.occurred_at.strftime("%Y-%m-%d %H:%M"),
        "note": clip(event.reason or body, 20),
    }
    return Text(event.state, title, f"{event.matter_name}（{event.case_number}）：{body}", data)


def reminder_text(reminder: DeadlineReminder) -> Text:
    days = reminder.working_days_left
    due = f"{reminder.deadline:%Y-%m-%d}"
    body = f"{reminder.matter_name}（{reminder.case_number}）将于{due}到期，剩余{days}个工作日。"
    data = {
        "case_number": reminder.case_number,
        "matter": clip(reminder.matter_name, 20),
        "state": "即将超期",
        "time": reminder.deadline.isoformat(),
        "note": clip(f"剩余{days}个工作日", 20),
    }
    return Text("deadline", "办件即将超期", body, data)


def expiry_text(licence_name: str, valid_until: date, days: int) -> Text:
    body = f"您的{licence_name}将于{valid_until:%Y-%m-%d}到期（{days}天后），请及时办理延续。"
    data = {
        "case_number": "",
        "matter": clip(licence_name, 20),
        "state": "即将到期",
        "time": valid_until.isoformat(),
        "note": clip(f"{days}天后到期", 20),
    }
    return Text("expiry", "证照即将到期", body, data)
