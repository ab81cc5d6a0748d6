"""The development SMS sender: no message leaves the machine, a masked notice is logged.

The code itself is never logged: tests read :attr:`DevSmsSender.outbox`, and in the development
environment alone (``make run``) it is printed on the server's console for the developer.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field

from luojiang.core.security.masking import mask_phone

log = logging.getLogger("luojiang.sms")


@dataclass
class DevSmsSender:
    # the last code per phone, for the developer's own console and for tests; never logged
    outbox: dict[str, str] = field(default_factory=dict)
    # ENVIRONMENT=development only (the wiring decides): the code is printed on the server's own
    # console, not logged, so that `make run` can be logged into with no SMS provider
    echo: bool = False

    async def send_login_code(self, phone: str, code: str) -> None:
        self.outbox[phone] = code
        log.info("development SMS: login code for %s not sent (no provider configured)", mask_phone(phone))
        if self.echo:
            print(f"[development] SMS login code for {phone}: {code}", file=sys.stderr, flush=True)  # noqa: T201
