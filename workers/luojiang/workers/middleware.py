"""Job middlewares: retries with exponential backoff and jitter, and metrics."""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

from taskiq import SmartRetryMiddleware, TaskiqMessage, TaskiqMiddleware, TaskiqResult
from taskiq.exceptions import NoResultError
from taskiq.kicker import AsyncKicker

from luojiang.core import metrics

log = logging.getLogger(__name__)


class BackoffRetryMiddleware(SmartRetryMiddleware):
    """Retries a failed job after ``base × 2^(n-1)`` seconds (capped), jittered to 50–100 %.

    The wait happens before the failed message is acknowledged: a worker that dies while waiting
    leaves the message pending, and another worker reclaims it. (Neither broker honours
    SmartRetryMiddleware's ``delay`` label, which would otherwise resend at once.)
    """

    def __init__(self, *, max_attempts: int, base_delay: float, max_delay: float) -> None:
        super().__init__(
            default_retry_count=max_attempts,
            default_retry_label=True,
            default_delay=base_delay,
            use_jitter=True,
            use_delay_exponent=True,
            max_delay_exponent=max_delay,
        )

    def make_delay(self, message: TaskiqMessage, retries: int) -> float:
        ceiling: float = min(self.default_delay * 2 ** (retries - 1), self.max_delay_exponent)
        return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 -- jitter, not a secret

    async def on_send(self, kicker: AsyncKicker[Any, Any], message: TaskiqMessage, delay: float) -> None:
        await asyncio.sleep(delay)
        await kicker.kiq(*message.args, **message.kwargs)

    async def on_error(
        self, message: TaskiqMessage, result: TaskiqResult[Any], exception: BaseException
    ) -> None:
        if isinstance(exception, asyncio.CancelledError):
            return  # cancelled as the process stops: no retry wait keeps it running
        await super().on_error(message, result, exception)


class JobMetricsMiddleware(TaskiqMiddleware):
    def post_execute(self, message: TaskiqMessage, result: TaskiqResult[Any]) -> None:
        # SmartRetryMiddleware swaps the error for NoResultError when it queues another attempt
        retried = isinstance(result.error, NoResultError)
        cancelled = isinstance(result.error, asyncio.CancelledError)  # at stop: the engine logs it
        outcome = (
            "retried" if retried else "cancelled" if cancelled else "failed" if result.is_err else "succeeded"
        )
        metrics.JOBS.labels(message.task_name, outcome).inc()
        metrics.JOB_SECONDS.labels(message.task_name).observe(result.execution_time)
        if result.is_err and not cancelled:
            log.warning(
                "job failed",
                extra={"job": message.task_name, "job_id": message.task_id, "attempt": _attempt(message)},
            )


def _attempt(message: TaskiqMessage) -> int:
    return int(message.labels.get("_retries", 0)) + 1
