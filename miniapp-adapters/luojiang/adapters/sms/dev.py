"""The development SMS sender: no message leaves the machine, a masked notice is logged.

The code itself is logged only when a developer asks for it (``SMS_DEV_ECHO``-style local use goes
through :attr:`DevSmsSender.outbox`, which tests and the dev console read); logs never carry it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from luojiang.core.security.masking import mask_phone

log = logging.getLogger("luojiang.sms")


@dataclass
class DevSmsSender:
    # the last code per phone, for the developer's own console and for tests; never logged
    outbox: dict[str, str] = field(default_factory=dict)

    async def send_login_code(self, phone: str, code: str) -> None:
        self.outbox[phone] = code
        log.info("development SMS: login code for %s not sent (no provider configured)", mask_phone(phone))
