"""Typed settings: defaults in ``config/*.toml``, overridden by environment variables.

A variable may carry the ``LUOJIANG_`` prefix (``LUOJIANG_DATABASE_URL``); the prefixed name wins
over the plain one, which is still read so that existing deployments keep working.

Secrets (keys, tokens) are read only from the environment; :func:`load_settings` refuses a config
file that carries one, and refuses to start production without them.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

# beside the package in a source checkout, whatever the working directory (an installed wheel has
# none, and the defaults in the class below hold)
DEFAULT_CONFIG_FILE = Path(__file__).resolve().parents[3] / "config" / "defaults.toml"
ENV_PREFIX = "LUOJIANG_"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class SettingsError(ValueError):
    """A setting is missing or unsafe; the process must not start."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False, frozen=True)

    environment: Environment = Environment.DEVELOPMENT
    host: str = "127.0.0.1"
    port: int = 8000
    public_base_url: str = "http://127.0.0.1:8000"

    # stores (DESIGN 3.2): SQLite file and the in-process Redis are the embedded defaults
    database_url: str = "sqlite://var/luojiang.sqlite3"
    database_pool_max: int = 10
    redis_url: str | None = None
    seed_on_start: bool = False

    # GraphQL protection (DESIGN 2.1)
    graphql_max_depth: int = 10
    graphql_max_tokens: int = 2000
    graphql_max_aliases: int = 15
    graphql_max_cost: int = 1000
    graphql_max_mutations: int = 4
    # selections (fields, fragments) a document expands to, every fragment spread counted again
    graphql_max_selections: int = 2000
    graphql_max_body_bytes: int = 100_000
    graphql_allow_list_only: bool = False
    persisted_query_ttl_seconds: int = 7 * 24 * 3600
    graphql_ide: bool = True
    rate_limit_per_ip_per_minute: int = 600
    # proxies whose X-Forwarded-For names the client (uvicorn's forwarded_allow_ips); behind a
    # proxy not listed here every client shares the proxy's address, and its rate-limit bucket
    forwarded_allow_ips: str = "127.0.0.1"
    rate_limit_per_user_per_minute: int = 300
    response_cache_ttl_seconds: int = 300
    # a query reaches the public hot-search list once this many distinct people searched it
    search_hot_min_people: int = Field(default=5, ge=1)
    # each instance also keeps shared responses in memory, up to this many bytes (0: none); another
    # instance's change reaches them within response_cache_local_lag_ms
    response_cache_local_bytes: int = Field(default=32 * 1024 * 1024, ge=0)
    response_cache_local_lag_ms: int = Field(default=50, ge=1)

    # files (DESIGN 3.2): a local folder served at /media by default
    storage_local_root: str = "var/media"
    media_max_age_seconds: int = 31_536_000
    # "s3": an S3-compatible object store; phones fetch files from s3_public_base_url (its CDN)
    storage_backend: str = "local"
    s3_bucket: str = ""
    s3_endpoint_url: str = ""
    s3_region: str = "us-east-1"
    s3_access_key_id: str = ""
    s3_public_base_url: str = ""

    # tourism QR codes (DESIGN 2.7): the mini-program pages a code opens; the platforms' base URLs
    # and app credentials are the identity block's (wechat_api_base, alipay_*)
    wechat_guide_page: str = "pages/guide/index"
    wechat_code_env_version: str = "release"
    alipay_guide_page: str = "pages/guide/index"
    # payments (DESIGN 2.6): base URLs and identifiers; the keys are secrets, below
    wechatpay_api_base: str = "https://api.mch.weixin.qq.com"
    wechatpay_mchid: str = ""
    wechatpay_appid: str = ""
    # the Happy Luojiang app's appid on the WeChat Open Platform, bound to the same merchant: APP payments
    wechatpay_app_appid: str = ""
    wechatpay_merchant_serial: str = ""
    wechatpay_public_key_id: str = ""
    wechatpay_public_key: str = ""
    alipay_gateway_url: str = "https://openapi.alipay.com/gateway.do"
    alipay_app_id: str = ""
    alipay_seller_id: str = ""
    alipay_public_key: str = ""
    payment_notify_window_seconds: int = 300
    payment_order_ttl_minutes: int = 30

    # e-licences (DESIGN 2.5): how long a 亮证 token lives; /verify pages per client address a minute
    licence_show_ttl_seconds: int = Field(default=120, ge=10, le=600)
    # the algorithm of departments' licence keys made from now on (rotate to move a department):
    # EdDSA (Ed25519) or SM2 (GB/T 32918 with SM3); keys already made keep theirs
    licence_signature_algorithm: Literal["EdDSA", "SM2"] = "EdDSA"
    # online applications: staff are reminded of a case this many working days before its deadline
    application_remind_working_days: int = Field(default=3, ge=0, le=30)
    licence_verify_per_ip_per_minute: int = Field(default=30, ge=0)

    log_level: str = "INFO"
    log_json: bool = True
    # the access log: every failed (status >= 400) or slow request, and this share of the others
    # (1 logs every request; the proxy in front keeps its own full log, /metrics counts them all)
    access_log_sample: float = Field(default=0.01, ge=0, le=1)
    access_log_slow_ms: int = Field(default=500, ge=0)
    # OpenTelemetry: one span per GraphQL operation when the SDK is installed (never per field)
    otel_enabled: bool = False

    # job engine (DESIGN 2.8): a Redis stream when REDIS_URL is set, in-process otherwise
    jobs_stream: str = "luojiang:jobs"
    jobs_concurrency: int = 20
    jobs_max_attempts: int = 5
    jobs_retry_base_seconds: float = 2.0
    jobs_retry_max_seconds: float = 60.0
    jobs_timeout_seconds: float = 120.0
    # a message a worker took but never acknowledged is handed to another worker after this long
    jobs_reclaim_idle_seconds: float = 300.0
    # embedded mode only: run the schedules inside the gateway process
    jobs_schedule_in_process: bool = True
    # embedded mode only: at stop, running jobs get this long to finish, then are cancelled
    jobs_drain_seconds: float = Field(default=5.0, ge=0)
    # the outbox (Tianfu sync, notifications, licences from cases): a worker holds a message this
    # long (more than a job's timeout); failures wait base × 2^n, capped, up to max attempts
    outbox_lease_seconds: float = 300.0
    outbox_retry_base_seconds: float = Field(default=30.0, gt=0)
    outbox_retry_max_seconds: float = Field(default=3600.0, gt=0)
    outbox_max_attempts: int = Field(default=50, ge=1)

    # subscriptions over graphql-transport-ws
    ws_max_subscriptions_per_connection: int = 10
    ws_init_timeout_seconds: float = 10.0
    ws_allowed_origins: tuple[str, ...] = ()

    # identity (DESIGN 2.2): token lifetimes, SMS one-time codes, the platforms' endpoints
    access_token_ttl_seconds: int = 600
    refresh_token_ttl_days: int = 30
    token_issuer: str = "luojiang-gateway"  # noqa: S105 -- the JWT "iss", not a secret
    sms_code_ttl_seconds: int = 300
    sms_code_max_attempts: int = 5
    sms_sends_per_phone_per_hour: int = 5
    sms_sends_per_ip_per_hour: int = 20
    sms_api_base: str = ""
    wechat_api_base: str = "https://api.weixin.qq.com"
    wechat_appid: str = ""
    # Alipay login shares the mini-program's app with payments: alipay_gateway_url, _app_id, _public_key above
    alipay_app_cert_path: str = ""
    alipay_cert_path: str = ""
    alipay_root_cert_path: str = ""
    tftb_api_base: str = ""
    tftb_app_id: str = ""
    # messages about cases (DESIGN 2.4): WeChat subscribe-message template ids by topic (submitted,
    # accepted, supplement_requested, approved, rejected, deadline), the page a message opens
    wechat_message_templates: dict[str, str] = Field(default_factory=dict)
    wechat_message_state: str = "formal"
    alipay_message_templates: dict[str, str] = Field(default_factory=dict)  # topic → user_template_id
    message_page: str = "pages/cases/detail"
    # Tianfu Tongban case sync (DESIGN 2.4): unset, no case is pushed (nor kept for pushing)
    tftb_case_api_base: str = ""

    # secrets: environment only
    field_encryption_key: SecretStr | None = Field(default=None)
    lookup_hash_key: SecretStr | None = None
    token_signing_keys: SecretStr | None = None
    wechat_secret: SecretStr | None = None
    alipay_private_key: SecretStr | None = None
    alipay_aes_key: SecretStr | None = None
    tftb_app_secret: SecretStr | None = None
    sms_api_key: SecretStr | None = None
    s3_secret_access_key: SecretStr | None = None
    wechatpay_private_key: SecretStr | None = None
    wechatpay_apiv3_key: SecretStr | None = None

    @model_validator(mode="after")
    def _jobs_finish_before_reclaim(self) -> Settings:
        # a job still running (or waiting to retry) when its message is reclaimed would run twice at once
        busiest = self.jobs_timeout_seconds + self.jobs_retry_max_seconds
        if busiest >= self.jobs_reclaim_idle_seconds:
            raise SettingsError(
                "JOBS_RECLAIM_IDLE_SECONDS must exceed JOBS_TIMEOUT_SECONDS + JOBS_RETRY_MAX_SECONDS"
            )
        return self

    @model_validator(mode="after")
    def _outbox_lease_outlives_a_job(self) -> Settings:
        # a lease that ran out while its job still ran would let another worker deliver it too
        if self.outbox_lease_seconds <= self.jobs_timeout_seconds:
            raise SettingsError("OUTBOX_LEASE_SECONDS must exceed JOBS_TIMEOUT_SECONDS")
        return self

    @model_validator(mode="after")
    def _production_is_safe(self) -> Settings:
        if self.environment is not Environment.PRODUCTION:
            return self
        problems = []
        if self.database_url.startswith("sqlite"):
            problems.append("DATABASE_URL must point at PostgreSQL in production")
        if not self.redis_url:
            problems.append("REDIS_URL must be set in production (the in-process store is single-instance)")
        if self.graphql_ide:
            problems.append("GRAPHQL_IDE must be false in production")
        if problems:
            raise SettingsError("; ".join(problems))
        return self

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
        prefixed = EnvSettingsSource(settings_cls, env_prefix=ENV_PREFIX)
        return (init_settings, prefixed, env_settings, file_secret_settings, toml)


SECRET_FIELDS = frozenset(
    name for name, field in Settings.model_fields.items() if field.annotation in (SecretStr, SecretStr | None)
)


def config_file() -> Path:
    return Path(os.environ.get("LUOJIANG_CONFIG", DEFAULT_CONFIG_FILE))


def load_settings(**overrides: Any) -> Settings:
    """Read and check the settings; raises :class:`SettingsError` with every problem at once."""
    _refuse_secrets_in_file(config_file())
    try:
        return Settings(**overrides)
    except ValueError as exc:
        raise SettingsError(str(exc)) from exc


def _refuse_secrets_in_file(path: Path) -> None:
    if not path.exists():
        return
    import tomllib

    found = SECRET_FIELDS & {key.lower() for key in tomllib.loads(path.read_text("utf-8"))}
    if found:
        raise SettingsError(f"{path} sets secrets {sorted(found)}: secrets come only from the environment")
