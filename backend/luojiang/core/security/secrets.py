"""Where key material comes from: the environment in production, a generated key elsewhere.

Production refuses to start without the secret. Development generates the key once and keeps it
under ``var/secrets/`` (git-ignored) so data written yesterday still decrypts today; tests keep a
generated key in memory only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import SecretStr

from luojiang.core.settings import Environment, Settings, SettingsError

DEV_SECRETS_DIR = Path("var/secrets")


def secret_or_generated(
    settings: Settings, value: SecretStr | None, env_name: str, generate: Callable[[], str]
) -> str:
    if value is not None and value.get_secret_value().strip():
        return value.get_secret_value()
    if settings.environment is Environment.PRODUCTION:
        raise SettingsError(f"{env_name} must be set in production")
    if settings.environment is Environment.TEST:
        return generate()
    return _persisted_dev_secret(env_name.lower(), generate)


def _persisted_dev_secret(name: str, generate: Callable[[], str]) -> str:
    path = DEV_SECRETS_DIR / name
    if path.exists():
        return path.read_text("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = generate()
    path.touch(mode=0o600)
    path.write_text(text, "utf-8")
    return text
