"""Working days (工作日) for promised time limits (承诺时限): the State Council's public holidays and
make-up working days (调休), as the ``chinesecalendar`` library publishes them year by year.

A year the library does not know yet (its data ends with the last published notice) counts
Monday to Friday, logged once; a deadline that far out moves when the library is updated.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import chinese_calendar

log = logging.getLogger(__name__)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def beijing_day(now: datetime) -> date:
    """Deadlines are days in Beijing, whatever the server's zone."""
    return now.astimezone(SHANGHAI).date()


@cache
def _unknown_year(year: int) -> None:
    log.warning("chinesecalendar has no holidays for %s yet: counting Monday to Friday", year)


def is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        _unknown_year(day.year)
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself when days is 0 and it is a
    working day; otherwise the next working day): a case accepted on a holiday starts on the next."""
    day = start
    while not is_working_day(day):
        day += timedelta(days=1)
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]: how far ``end`` is past ``start``; negative when before it."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
