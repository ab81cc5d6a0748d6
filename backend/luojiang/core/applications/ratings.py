"""好差评: after a decision the applicant rates the service on the national five levels, with
reasons; a bad rating (不满意 or 非常不满意) opens a rectification task (整改) that the department
answers within 15 working days, and the applicant sees the answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tortoise.exceptions import IntegrityError

from luojiang.core import db
from luojiang.core.applications import repository, states
from luojiang.core.applications.models import Case, Rating
from luojiang.core.applications.workdays import add_working_days, beijing_day
from luojiang.core.errors import DomainError

LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
BAD = 2  # this level and below open a rectification task
RECTIFY_WORKING_DAYS = 15
REASONS = frozenset(
    {
        "一次办成",
        "办理快捷",
        "服务热情",
        "指南清晰",
        "材料精简",
        "超时办理",
        "多次跑动",
        "材料繁琐",
        "指南不清",
        "态度不好",
        "系统不好用",
        "其他",
    }
)
MAX_COMMENT = 500
MAX_REPLY = 1000


async def rate(case: Case, level: int, reasons: Sequence[str], comment: str, now: datetime) -> Rating:
    if case.state not in states.DECIDED:
        raise DomainError.one("NOT_EDITABLE", "a case is rated once it is decided", "caseId")
    if level not in LEVELS:
        raise DomainError.one("INVALID_RATING", "the level is 1 to 5", "level")
    chosen = list(dict.fromkeys(reasons))
    if len(chosen) > len(REASONS) or any(r not in REASONS for r in chosen):
        raise DomainError.one("INVALID_RATING", f"reasons are among {sorted(REASONS)}", "reasons")
    if len(comment) > MAX_COMMENT:
        raise DomainError.one("INVALID_RATING", f"the comment is at most {MAX_COMMENT} characters", "comment")
    bad = level <= BAD
    try:
        async with db.transaction():
            return await repository.create_rating(
                case_id=case.id,
                department_id=case.department_id,
                level=level,
                reasons=chosen,
                comment=comment.strip(),
                rated_at=now,
                rectify_by=add_working_days(beijing_day(now), RECTIFY_WORKING_DAYS) if bad else None,
            )
    except IntegrityError as taken:
        raise DomainError.one("ALREADY_RATED", "this case is already rated", "caseId") from taken


async def reply(case: Case, text: str, person_id: int, now: datetime) -> Rating:
    rating = next(iter(await repository.ratings_of([case.id])), None)
    if rating is None or rating.rectify_by is None:
        raise DomainError.one("NOT_RECTIFIABLE", "only a bad rating is answered", "caseId")
    answer = text.strip()
    if not answer or len(answer) > MAX_REPLY:
        raise DomainError.one("INVALID_VALUE", f"the reply is 1 to {MAX_REPLY} characters", "reply")
    if not await repository.reply_to_rating(rating.id, answer, person_id, now):
        raise DomainError.one("ALREADY_REPLIED", "this rating is already answered", "caseId")
    return (await repository.ratings_of([case.id]))[0]
