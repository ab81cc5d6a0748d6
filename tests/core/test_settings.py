"""Settings: files give defaults, the environment overrides them, secrets never come from a file,
and production refuses to start on embedded stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from luojiang.core.settings import Environment, SettingsError, config_file, load_settings

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


def test_a_prefixed_variable_is_read_and_wins_over_the_plain_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "9200")
    assert load_settings().port == 9200  # the plain name still works for existing deployments
    monkeypatch.setenv("LUOJIANG_PORT", "9300")
    monkeypatch.setenv("luojiang_graphql_max_depth", "7")
    settings = load_settings()
    assert settings.port == 9300
    assert settings.graphql_max_depth == 7


def test_the_defaults_file_is_found_from_any_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("LUOJIANG_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert config_file() == REPO / "config" / "defaults.toml"
    assert config_file().is_file()
    assert load_settings().database_url == "sqlite://var/luojiang.sqlite3"
