"""``python -m bench --http``: the gateway as phones see it, over real sockets.

The real ``luojiang serve`` (a subprocess: rate limits off, the sample catalogue imported into a
temporary SQLite database, JSON logs as in production) and a bare Starlette app on the same server
function and settings (``bench/http/bare.py``) are driven in turn by wrk, and each comparison
prints both contestants' throughput, p50 and p99, and their ratios:

(a) the ``Departments`` persisted GET, served from the response cache, against the same bytes;
(b) a signed-in (so never shared) query of 100 matters, against bare graphql-core on the same
    database;
(c) the guide page ``/guide/{code}`` (database reads, a scan counted in Redis, HTML rendered),
    against the same bytes;
(d) a WeChat Pay notification (signed and encrypted with keys made for the run, each paying its
    own order), against a bare endpoint that verifies and decrypts it and does nothing else;
(v) the licence verification page ``/verify/{token}`` (a fresh one-time token each request: spent
    and logged in one INSERT, the signature checked, the page rendered), against the same bytes;
(w) with ``--redis-url``: (b) on two gateway processes behind one port (``luojiang serve
    --workers 2``) against one (``luojiang serve``), both on the same Redis server and database.

The machine's load average is printed at the start and at the end: on a shared machine it says
how far the throughputs may be trusted (the ratios, measured in alternating rounds, hold better).
"""

from __future__ import annotations

import argparse
import base64
import os
import secrets
import tempfile
from dataclasses import replace
from pathlib import Path

from tests.fakes import wechatpay as wechat_fake
from tests.fakes.keys import KeyPair
from tests.fakes.wechatpay import WeChatPayFake

from bench.http import bare, contest, load, processes, scenarios
from bench.http.contest import Contestant
from bench.http.verify import Tokens
from bench.setup import sample_catalogue
from luojiang.app.server import GATEWAY
from luojiang.core.identity.access_tokens import AccessTokens
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.identity.signing_keys import generate_pem, parse_keys
from luojiang.core.settings import Environment, load_settings

HOST = "127.0.0.1"
SHOW_TTL = 600  # the longest a token may live: tokens are minted before the first comparison


def main(args: argparse.Namespace) -> None:
    load.wrk()  # before anything starts: no wrk, no bench
    catalogue = sample_catalogue()
    timing = contest.Settings(args.rounds, args.seconds, args.connections)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        wechat = WeChatPayFake(merchant=KeyPair.generate(), platform=KeyPair.generate())
        env = _environment(folder, args.redis_url, wechat)
        processes.run([processes.LUOJIANG, "migrate"], env, "luojiang migrate")
        processes.run([processes.LUOJIANG, "import-catalogue", str(catalogue)], env, "the catalogue import")
        notifications = scenarios.Notifications(wechat, folder, HOST, args.notifications, args.rounds)
        if "d" in args.only:
            scenarios.run_orders(notifications, load_settings(environment=Environment.TEST))
        tokens = Tokens(folder, HOST, args.tokens, args.rounds)
        if "v" in args.only:
            tokens.mint(load_settings(environment=Environment.TEST, licence_show_ttl_seconds=SHOW_TTL))
        print(_heading(args), flush=True)
        gateway_port, bare_port = processes.free_port(), processes.free_port()
        gateway_env = {**env, "PORT": str(gateway_port)}
        gateway_command = processes.server_command(args.server, GATEWAY, gateway_port)
        with processes.served(
            "the gateway", gateway_command, gateway_env, gateway_port, folder / "gateway.log"
        ) as gateway:
            requests = scenarios.Requests(folder, HOST)
            scenarios.reference(
                gateway.base_url, requests.departments(), folder, "graphql", must_hit_cache=True
            )
            scenarios.reference(gateway.base_url, requests.guide(), folder, "guide", must_hit_cache=False)
            verify_page = scenarios.send(gateway.base_url, tokens.check()) if "v" in args.only else None
            scenarios.keep_page(verify_page, folder, "verify")
            bare_env = {**env, "PORT": str(bare_port), bare.FOLDER: str(folder)}
            command = processes.server_command(args.server, bare.FACTORY, bare_port)
            bare_log = folder / "bare.log"
            with processes.served("the bare app", command, bare_env, bare_port, bare_log) as baseline:
                _compare_all(gateway, baseline, requests, notifications, env, timing, args.only)
                if "v" in args.only:
                    _compare_verify(gateway, baseline, tokens, timing)
            if "w" in args.only:
                _compare_workers(gateway, requests, env, args, folder, timing)
    print(f"load average {os.getloadavg()[0]:.2f} at the end", flush=True)


def _compare_all(
    gateway: processes.Server,
    baseline: processes.Server,
    requests: scenarios.Requests,
    notifications: scenarios.Notifications,
    env: dict[str, str],
    timing: contest.Settings,
    only: str,
) -> None:
    same_bytes = "bare Starlette, the same bytes"
    ours = "gateway (luojiang serve)"
    if "a" in only:
        departments = requests.one("departments", requests.departments())
        _compare(
            "(a) cached public persisted query: Departments, persisted GET from the response cache",
            Contestant(same_bytes, baseline, lambda _: departments),
            Contestant(ours, gateway, lambda _: departments),
            timing,
            targets=(0.5, 3.0),
        )
    if "b" in only:
        matters = requests.one("matters", requests.matters(_token(env)))
        # tens of milliseconds a request: a few connections saturate the server, and more would
        # only leave requests in flight at the end of a round (their CPU time, charged to too few)
        _compare(
            "(b) uncached signed-in query: 100 matters with their departments, from the database",
            Contestant("bare graphql-core, same SDL, same repository calls", baseline, lambda _: matters),
            Contestant(ours, gateway, lambda _: matters),
            replace(timing, connections=min(timing.connections, 4)),
            targets=(1.0, None),
            data_only=True,
        )
    if "c" in only:
        guide = requests.one("guide", requests.guide())
        _compare(
            "(c) the guide page /guide/{code}: database reads, a scan counted, HTML rendered",
            Contestant(same_bytes, baseline, lambda _: guide),
            Contestant(ours, gateway, lambda _: guide),
            timing,
            targets=(0.3, None),
        )
    if "d" in only:
        files = notifications.files()  # signed now: the timestamps are fresh
        # a nonce is good once: each round sends the gateway fresh notifications; the bare app,
        # which keeps no nonces, gets the same one again and again
        _compare(
            "(d) WeChat Pay notification: verified, decrypted, replay-guarded, applied once (no target)",
            Contestant("bare Starlette: verify + decrypt only", baseline, lambda _: files[-2]),
            Contestant(ours, gateway, lambda round_: files[round_]),
            timing,
            targets=(None, None),
            check_round=-2,
        )


def _compare_verify(
    gateway: processes.Server, baseline: processes.Server, tokens: Tokens, timing: contest.Settings
) -> None:
    files = tokens.files()
    ours = Contestant("gateway (luojiang serve)", gateway, lambda round_: files[round_])
    theirs = Contestant("bare Starlette, the same bytes", baseline, lambda _: tokens.bare())
    # no answer check here: each token is good once (the reference page was checked before)
    figures = contest.compare(theirs, ours, timing)
    title = "(v) the licence verification page /verify/{token}: a fresh token spent and logged each time"
    print(contest.verdict(title, *figures, 0.3, None), "\n", flush=True)


def _compare_workers(
    one: processes.Server,
    requests: scenarios.Requests,
    env: dict[str, str],
    args: argparse.Namespace,
    folder: Path,
    timing: contest.Settings,
) -> None:
    title = "(w) (b) on two gateway processes behind one port against one, the same Redis server"
    if not args.redis_url:
        print(f"{title}: not measured, it needs --redis-url (processes share no in-process store)\n")
        return
    port = processes.free_port()
    command = [processes.LUOJIANG, "serve", "--workers", "2"]
    two_env = {**env, "PORT": str(port)}
    with processes.served("two gateway processes", command, two_env, port, folder / "two.log") as two:
        matters = requests.one("matters", requests.matters(_token(env)))
        _compare(
            title,
            Contestant("one process (luojiang serve)", one, lambda _: matters),
            Contestant("two processes (luojiang serve --workers 2)", two, lambda _: matters),
            replace(timing, connections=min(timing.connections, 8)),  # enough for two
            targets=(1.7, None),
            data_only=True,
        )


def _compare(
    title: str,
    baseline: Contestant,
    gateway: Contestant,
    timing: contest.Settings,
    targets: tuple[float | None, float | None],
    data_only: bool = False,
    check_round: int = 0,
) -> None:
    scenarios.same_answer(gateway, baseline, check_round, data_only)
    figures = contest.compare(baseline, gateway, timing)
    print(contest.verdict(title, *figures, *targets), "\n", flush=True)


def _token(env: dict[str, str]) -> str:
    keys = parse_keys(env["TOKEN_SIGNING_KEYS"])
    tokens = AccessTokens(keys=keys, issuer="luojiang-gateway", ttl_seconds=3600)
    viewer = Principal(person_id=1, session_id="s-bench", assurance=Assurance.L1, channel="web")
    return tokens.issue(viewer)


def _environment(folder: Path, redis_url: str | None, wechat: WeChatPayFake) -> dict[str, str]:
    env = {
        **os.environ,
        "ENVIRONMENT": "test",
        "HOST": HOST,
        "DATABASE_URL": f"sqlite://{folder / 'bench.sqlite3'}",
        "GRAPHQL_IDE": "false",
        "LOG_JSON": "true",
        "RATE_LIMIT_PER_IP_PER_MINUTE": "0",
        "RATE_LIMIT_PER_USER_PER_MINUTE": "0",
        "ACCESS_TOKEN_TTL_SECONDS": "3600",
        "TOKEN_SIGNING_KEYS": generate_pem(),
        "PAYMENT_NOTIFY_WINDOW_SECONDS": "3600",  # the notifications are signed before the rounds
        "LICENCE_VERIFY_PER_IP_PER_MINUTE": "0",
        # the processes that mint tokens and serve them must share the keys (else each makes its own)
        "FIELD_ENCRYPTION_KEY": f"kbench:{base64.b64encode(secrets.token_bytes(32)).decode()}",
        "LOOKUP_HASH_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "LICENCE_SHOW_TTL_SECONDS": str(SHOW_TTL),
        "WECHATPAY_MCHID": wechat_fake.MCHID,
        "WECHATPAY_APPID": wechat_fake.APPID,
        "WECHATPAY_MERCHANT_SERIAL": wechat_fake.MERCHANT_SERIAL,
        "WECHATPAY_PUBLIC_KEY_ID": wechat_fake.PUBLIC_KEY_ID,
        "WECHATPAY_PUBLIC_KEY": wechat.platform.public_pem,
        "WECHATPAY_PRIVATE_KEY": wechat.merchant.private_pem,
        "WECHATPAY_APIV3_KEY": wechat.apiv3_key,
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    shared = ("DATABASE_URL", "ENVIRONMENT", "FIELD_ENCRYPTION_KEY", "LOOKUP_HASH_KEY")
    os.environ.update({k: v for k, v in env.items() if k in shared})
    return env


def _heading(args: argparse.Namespace) -> str:
    redis = f"a Redis server at {args.redis_url}" if args.redis_url else "the in-process Redis"
    load_now = os.getloadavg()[0]
    return (
        f"Over sockets, both served by {args.server}: wrk, 1 thread, {args.connections} connections, "
        f"{args.rounds} rounds of {args.seconds:g} s per contestant (alternating, the median counts); "
        f"{redis}; "
        f"load average {load_now:.2f} at the start\n"
    )
