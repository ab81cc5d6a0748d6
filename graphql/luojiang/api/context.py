"""The per-request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from strawberry.types import Info as StrawberryInfo

from luojiang.api.loaders import Loaders
from luojiang.core.identity.principal import Principal

if TYPE_CHECKING:
    from luojiang.api.services import Services


class Channel(StrEnum):
    """The front end a request comes from (header ``X-Client-Channel``)."""

    WECHAT_MINIPROGRAM = "wechat-miniprogram"
    ALIPAY_MINIPROGRAM = "alipay-miniprogram"
    TIANFU_H5 = "tianfu-h5"
    APP = "app"
    WEB = "web"

    @classmethod
    def from_header(cls, value: str | None) -> Channel:
        # a lookup, not cls(value): most requests name none, and a raised ValueError costs more
        # than the rest of a cached response's context
        return _CHANNELS.get((value or "").strip().lower(), cls.WEB)


_CHANNELS = {channel.value: channel for channel in Channel}


# BCP 47 advises supporting tags of up to 35 characters. The locale is part of a shared response's
# cache key and of the remembered public GETs, so an 8 KB header must not make a key of its own.
_LOCALE_MAX = 35


def locale_from_header(value: str | None) -> str:
    """The first language of an ``Accept-Language`` header, at most 35 characters; zh-CN by default."""
    first = (value or "").split(",", 1)[0].strip()[:_LOCALE_MAX]
    return first or "zh-CN"


@dataclass
class Context:
    services: Services
    request_id: str
    channel: Channel
    locale: str
    client_ip: str
    loaders: Loaders = field(default_factory=Loaders)
    # set by the identity layer once a bearer token is verified (luojiang.api.identity.auth)
    viewer: Principal | None = None
    # the graphql-transport-ws ``connection_init`` payload (WebSocket connections only)
    connection_params: dict[str, Any] | None = None
    # filled by resolvers that read public data: the response cache invalidates by these tags
    cache_tags: set[str] = field(default_factory=set)
    # "query", "mutation" or "subscription" once execution starts: only queries are shared
    operation_type: str | None = None


Info = StrawberryInfo[Context, None]
