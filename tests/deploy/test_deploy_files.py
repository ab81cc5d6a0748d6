"""Deploy files agree with the code (DESIGN 4, habit 15): every job and schedule the workers
declare is deployed, every environment variable set is a real setting, probes hit real routes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from starlette.routing import Route

from luojiang.app.main import create_app
from luojiang.core.settings import Environment, Settings, load_settings
from luojiang.workers.registry import JOBS

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
CONFIG = DEPLOY.parent / "config" / "production.example.toml"
NOT_SETTINGS = {"LUOJIANG_CONFIG"}  # names the settings file itself


def k8s_documents() -> list[dict[str, Any]]:
    return [
        d for path in sorted((DEPLOY / "k8s").glob("*.yaml")) for d in yaml.safe_load_all(path.read_text())
    ]


def deployment(name: str) -> dict[str, Any]:
    return next(d for d in k8s_documents() if d["kind"] == "Deployment" and d["metadata"]["name"] == name)


def containers() -> list[dict[str, Any]]:
    return [
        c
        for d in k8s_documents()
        if d["kind"] == "Deployment"
        for c in d["spec"]["template"]["spec"]["containers"]
    ]


def test_every_declared_job_and_schedule_is_deployed() -> None:
    jobs = deployment("luojiang-worker")["metadata"]["annotations"]["luojiang.gov.cn/jobs"].split(",")
    schedules = deployment("luojiang-scheduler")["metadata"]["annotations"]["luojiang.gov.cn/schedules"]
    compose = (DEPLOY / "compose.yaml").read_text()

    assert sorted(jobs) == sorted(spec.name for spec in JOBS)
    assert sorted(schedules.split(",")) == sorted(spec.name for spec in JOBS if spec.schedules)
    assert all(spec.name in compose for spec in JOBS)


def test_exactly_one_scheduler_runs() -> None:
    scheduler = deployment("luojiang-scheduler")
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert (scheduler["spec"]["replicas"], scheduler["spec"]["strategy"]["type"]) == (1, "Recreate")
    assert [n for n, s in compose["services"].items() if s.get("command") == ["luojiang", "scheduler"]] == [
        "scheduler"
    ]


def test_every_environment_variable_the_deploy_sets_is_a_setting() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    names = {e["name"] for c in containers() for e in c.get("env", [])}
    names |= set(compose["x-app"]["environment"])
    unknown = {n for n in names - NOT_SETTINGS if n.lower() not in Settings.model_fields}
    assert unknown == set()


def test_probes_point_at_real_routes() -> None:
    app = create_app(load_settings(environment=Environment.TEST, database_url="sqlite://:memory:"))
    paths = {r.path for r in app.routes if isinstance(r, Route)}
    probes = {
        c[kind]["httpGet"]["path"]
        for c in containers()
        for kind in ("livenessProbe", "readinessProbe")
        if kind in c
    }
    assert probes == {"/healthz", "/readyz"}
    assert probes <= paths


def test_long_running_processes_restart_and_probes_time_out() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    long_running = {
        name: service
        for name, service in compose["services"].items()
        if "luojiang" in service.get("command", [])
    }
    restarts = {name: s.get("restart") for name, s in long_running.items() if s["command"][1] != "migrate"}
    workers = [
        deployment(name)["spec"]["template"]["spec"] for name in ("luojiang-worker", "luojiang-scheduler")
    ]
    probes = [c[kind] for c in containers() for kind in ("livenessProbe", "readinessProbe") if kind in c]

    assert set(restarts) == {"gateway-1", "gateway-2", "worker", "scheduler"}
    assert set(restarts.values()) == {"unless-stopped"}
    assert [spec["restartPolicy"] for spec in workers] == ["Always", "Always"]
    # /readyz gives each store 2 s (luojiang.app.main): a hung Redis makes it answer 503, not hang
    assert all(2 < probe["timeoutSeconds"] <= probe["periodSeconds"] for probe in probes)
    assert "timeout: 5s" in (DEPLOY / "compose.yaml").read_text()


def test_the_config_map_is_the_production_example() -> None:
    config_map = next(d for d in k8s_documents() if d["kind"] == "ConfigMap")
    assert config_map["data"]["production.toml"] == CONFIG.read_text()
