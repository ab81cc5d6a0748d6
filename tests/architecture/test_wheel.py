"""The wheel production installs carries the allow-list and the SDL: built from this checkout,
installed into a fresh virtual environment outside it, ``luojiang operations`` lists every
published operation and an allow-list-only gateway serves one by its hash.

The environment is built once per test session. Its third-party packages are this environment's,
seen through a ``.pth`` line (a path added that way has its own ``.pth`` files ignored, so the
editable install's source folders stay out); ``luojiang`` itself comes from the wheel alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import httpx
import pytest
from tests.support.gateway import sha256
from tests.support.processes import environment_of, serving

from luojiang.api.protection.allow_list import OPERATIONS_DIR
from luojiang.api.schema import build_schema
from luojiang.api.transport.http import GraphQLHTTP
from luojiang.app.container import build_services, close_services
from luojiang.app.web.verify_page import STYLE_FILE
from luojiang.core.settings import Settings, SettingsError

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh virtual environment holding only the built wheel."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(  # noqa: S603 -- our own interpreter and checkout
        [sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-q", "-w", root, REPO],
        check=True,
    )
    (wheel,) = root.glob("luojiang_gateway-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)  # noqa: S603
    python = venv / "bin" / "python"
    site = subprocess.run(  # noqa: S603
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # the fresh environment's own pip, offline: nothing reaches this environment's packages
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel], check=True)  # noqa: S603
    (Path(site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


def test_the_wheel_lists_every_published_operation_and_carries_the_schema(
    installed_wheel: Path, tmp_path: Path
) -> None:
    located = subprocess.run(  # noqa: S603
        [installed_wheel / "python", "-c", "import luojiang.api; print(luojiang.api.__file__)"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    listed = subprocess.run(  # noqa: S603
        [installed_wheel / "luojiang", "operations"], cwd=tmp_path, check=True, capture_output=True, text=True
    ).stdout

    schema_matches = subprocess.run(  # noqa: S603 -- the SDL contract ships too
        [installed_wheel / "luojiang", "schema", "--check"], cwd=tmp_path, check=False
    ).returncode

    assert located.startswith(str(installed_wheel.parent))  # the wheel's code, not this checkout's
    assert schema_matches == 0
    expected = {
        str(p.relative_to(OPERATIONS_DIR)): sha256(p.read_text("utf-8"))
        for p in OPERATIONS_DIR.rglob("*.graphql")
    }
    assert json.loads(listed) == expected


async def test_an_allow_list_only_gateway_from_the_wheel_serves_a_published_operation(
    installed_wheel: Path, settings: Settings, app: object, tmp_path: Path
) -> None:
    published = (OPERATIONS_DIR / "catalogue" / "Departments.graphql").read_text("utf-8")
    env = environment_of(settings, GRAPHQL_ALLOW_LIST_ONLY="true")
    command = (str(installed_wheel / "luojiang"),)
    async with (
        serving(env, command=command, cwd=tmp_path) as (base,),
        httpx.AsyncClient(base_url=base) as http,
    ):
        by_hash = await http.post(
            "/graphql",
            json={
                "variables": {"first": 2},
                "extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256(published)}},
            },
        )
        unlisted = await http.post("/graphql", json={"query": "{ departments(first: 2) { nodes { code } } }"})

    assert len(by_hash.json()["data"]["departments"]["nodes"]) == 2
    assert unlisted.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_ALLOWED"


async def test_the_wheel_alone_migrates_seeds_and_serves_the_demo_on_a_fresh_database(
    installed_wheel: Path, settings: Settings, tmp_path: Path
) -> None:
    # what ships as package data: the migrations, the demo catalogue, the search dictionaries, the
    # verification page's style; a fresh SQLite file, so every migration runs from the wheel. As a
    # newcomer runs it: development mode, whose generated secrets last between commands (var/secrets)
    env = environment_of(
        settings, ENVIRONMENT="development", DATABASE_URL=f"sqlite://{tmp_path / 'fresh.sqlite3'}"
    )
    luojiang = str(installed_wheel / "luojiang")

    def run(*arguments: str) -> str:
        return subprocess.run(  # noqa: S603 -- the wheel's own command line
            [luojiang, *arguments], env=env, cwd=tmp_path, check=True, capture_output=True, text=True
        ).stdout

    run("migrate")
    run("seed")
    shown = run("show-licence", "13900000001", "LIC-JMSFZ", "--fields", "name")
    token = shown.split("/verify/", 1)[1].split()[0]
    async with (
        serving(env, command=(luojiang,), cwd=tmp_path) as (base,),
        httpx.AsyncClient(base_url=base) as http,
    ):
        found = await http.post(
            "/graphql",
            json={"query": '{ search(query: "shebaoka", first: 3) { hits { code reasons { reason } } } }'},
        )
        page = await http.get(f"/verify/{token}")

    hits = found.json()["data"]["search"]["hits"]
    assert hits[0]["code"] == "LJ-RSJ-001"
    assert page.status_code == 200
    assert 'data-verdict="passed"' in page.text
    assert f"<style>{STYLE_FILE.read_text('utf-8')}</style>" in page.text


async def test_allow_list_only_mode_refuses_to_start_without_operations(settings: Settings) -> None:
    allow_list_only = settings.model_copy(update={"graphql_allow_list_only": True})
    services = build_services(allow_list_only)
    try:
        with pytest.raises(
            SettingsError, match="GRAPHQL_ALLOW_LIST_ONLY is on but no operation is published"
        ):
            GraphQLHTTP(build_schema(allow_list_only), services, operations={})
    finally:
        await close_services(services)
