"""Settings: files give defaults, the environment overrides them, secrets never come from a file,
and production refuses to start on embedded stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from luojiang.core.settings import Environment, SettingsError, load_settings

REPO = Path(__file__).resolve().parents[2]


def test_environment_overrides_the_config_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('port = 9100\ndatabase_url = "sqlite://x.db"\n')
    monkeypatch.setenv("LUOJIANG_CONFIG", str(config))
    monkeypatch.setenv("PORT", "9200")
    settings = load_settings()
    assert settings.port == 9200
    assert settings.database_url == "sqlite://x.db"


def test_a_config_file_with_a_secret_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('field_encryption_key = "oops"\n')
    monkeypatch.setenv("LUOJIANG_CONFIG", str(config))
    with pytest.raises(SettingsError, match="field_encryption_key"):
        load_settings()


def test_production_refuses_embedded_stores_and_the_ide() -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(environment=Environment.PRODUCTION, database_url="sqlite://x.db", redis_url=None)
    message = str(refused.value)
    assert "DATABASE_URL" in message
    assert "REDIS_URL" in message
    assert "GRAPHQL_IDE" in message


@pytest.mark.parametrize("name", ["defaults.toml", "production.example.toml"])
def test_shipped_config_files_load_and_hold_no_secret(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("LUOJIANG_CONFIG", str(REPO / "config" / name))
    settings = load_settings()
    assert settings.environment in (Environment.DEVELOPMENT, Environment.PRODUCTION)
