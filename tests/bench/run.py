"""The load benchmark: a large synthetic corpus, served as in production, measured with wrk.

Usage (from the repository root)::

    make bench                                # N = 10,000 on SQLite (.bench/bench-10000.sqlite3)
    make bench BENCH_ARGS="--n 100000"        # 100,000 playbooks
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crisisguide make bench
                                              # PostgreSQL: database crisisguide_bench_10000
    make soak                                 # 64 connections for 60 s over every endpoint
                                              # while a team lead saves playbooks in the admin
    .venv/bin/python -m tests.bench.run --help # --duration, --warmup, --connections 8,64,
                                              # --only <name part>, --reseed, --seed-only,
                                              # --workers, --soak-duration, --soak-connections

A default run at N = 10,000 takes about 3 minutes once seeded (seeding adds under a minute;
N = 100,000 takes about 6 minutes to seed, 2.6 GB on SQLite, and 5 minutes to measure).

What it does:

1. **Seeds** N realistic synthetic playbooks (see ``tests/bench/corpus.py``: a Zipf-like
   vocabulary of several thousand English and French words plus the domain's terms; each
   playbook with situations, about five phrases, boundaries and offers, all published)
   into a database of its own: ``.bench/bench-<N>.sqlite3`` for SQLite, or
   ``crisisguide_bench_<N>`` on the server that ``DATABASE_URL`` names for PostgreSQL.
   The steps are ``migrate``, ``load_content``, bulk inserts, then statistics and index
   optimisation. A seeded database is reused while N, the generator and the applied
   migrations are unchanged; ``--reseed`` rebuilds it anyway.
2. **Serves** it with gunicorn as production would: DEBUG off, a random secret key,
   whitenoise's manifest storage (``collectstatic`` first), 2 sync workers on a free port
   of 127.0.0.1. Logs go to ``.bench/gunicorn-<vendor>-<N>.log``.
3. **Logs in** through the real login form (CSRF token and all) and hands the session
   cookie to wrk, which loads each endpoint at 8 and 64 connections (``--duration``
   seconds each, after ``--warmup`` seconds that are not counted). Debian's ``wrk`` is
   installed with apt-get when missing. Parts of pages are kept per content version
   (template fragments), so repeating one search reuses its count after the first; the
   row "search: a different query each time" goes through 30,000 different two-word
   searches instead, so it measures searching itself.
4. **Reports** requests/s, p50, p99 and non-2xx per endpoint, each as a share of the
   reference (a static file through whitenoise, the cheapest response the stack can
   give) measured in the same run, also adjusted for the CPU other processes took, and
   checks the budget of issue #19 (tests/bench/report.py) at 8 connections: every reader
   page (home, list, playbook, plan, a repeated search) ≥ 15 % of the reference and
   p99 ≤ 60 ms up to N = 10,000; a never-seen search ≥ 5 % at 10,000; every reader page
   p99 ≤ 150 ms at 100,000. The table is printed and written to
   ``.bench/report-<vendor>-<N>.md``.
   Endpoints that answer 404 (not built yet) or anything but 2xx get a row that says so.
   Before the load, each endpoint is asked once per worker at the same time, so every
   worker's caches are warm (slow first answers are listed); after each row the runner
   waits until the server has answered what wrk left queued, so a slow endpoint's backlog
   is not billed to the next. The machine is shared: the "other CPU" column says how much
   of it other processes used during each row, and rows above 15 % are marked.

``--soak`` instead runs 64 connections for ``--soak-duration`` (60 s) with a wrk script
rotating through every endpoint, while a separate process logs in to the admin as a
superuser and saves playbooks through the change form, again and again (the ORM stands in
when the admin has no playbook form). It passes with zero socket errors, zero non-2xx,
zero 5xx and no "database is locked" in the server's log; the report goes to
``.bench/soak-<vendor>-<N>.md``.

The exit status is 1 when the budget or the soak fails. It is a tool, not a test:
``make test`` never runs it; ``make bench`` first checks the tool itself
(``tests/bench/check_bench.py``). Traffic goes to 127.0.0.1 only,
and every process started here is stopped on the way out, Ctrl-C included.
"""

import argparse
import concurrent.futures
import datetime
import multiprocessing
import os
import platform
import random
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from .corpus import STOPWORDS, build_vocabulary, generator_fingerprint, most_common_word
from .load import CpuWatch, Measurement, Wrk, ensure_wrk, read_server_log
from .report import Endpoint, Row, check_targets, results_table, targets_table
from .server import Gunicorn, Session, read_form

REPO = Path(__file__).resolve().parents[2]
CPU = CpuWatch()
BENCH_DIR = REPO / ".bench"
READER = "bench-reader"
WRITER_PATHS = ("/admin/", "/accounts/")  # the soak's writer; the load never goes there
ADMIN = "bench-admin"
ERRORLIST = re.compile(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)
PLAN_QUERY = {
    "situation": "bereavement",
    "relationship": "established",
    "channel": "written",
    "pressure": "soon",
    "signals": "upset",
    "can_grant": "no",
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Database ---------------------------------------------------------------------------------


def bench_database(n: int) -> tuple[str, str, str]:
    """(vendor, DATABASE_URL of the bench database, a label for it)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        parts = urllib.parse.urlsplit(url)
        name = f"crisisguide_bench_{n}"
        bench = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
        return "postgresql", bench, f"{name} on {parts.hostname}:{parts.port or 5432}"
    if url and not url.startswith("sqlite:"):
        raise SystemExit(f"The benchmark supports SQLite and PostgreSQL, not {url.split(':')[0]}.")
    path = BENCH_DIR / f"bench-{n}.sqlite3"
    return "sqlite", f"sqlite:///{path}", str(path.relative_to(REPO))


def _pg_admin(bench_url: str):
    import psycopg

    parts = urllib.parse.urlsplit(bench_url)
    server = urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    return psycopg.connect(server, autocommit=True), parts.path.lstrip("/")


def create_database(vendor: str, bench_url: str, *, fresh: bool) -> None:
    """Make sure the bench database exists; empty it first when fresh."""
    if vendor == "sqlite":
        path = Path(bench_url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    connection, name = _pg_admin(bench_url)
    with connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        exists = connection.execute(query, [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if check and result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}")
    return result


def prepare_database(args, vendor: str, bench_url: str, env: dict) -> dict:
    """Migrate and, unless a matching seeded copy exists, seed; return the seed's facts."""
    create_database(vendor, bench_url, fresh=False)
    manage(env, "migrate", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    from . import seed

    migrations = seed.applied_migrations()
    expected = {"n": args.n, "generator": generator_fingerprint(), "migrations": migrations}
    marker = seed.read_marker()
    if marker and not args.reseed and all(marker.get(k) == v for k, v in expected.items()):
        log(f"Reusing the seeded database ({args.n:,} playbooks).")
        return marker
    log(f"Seeding {args.n:,} playbooks into a fresh {vendor} database…")
    connections.close_all()
    create_database(vendor, bench_url, fresh=True)
    manage(env, "migrate", "--noinput", "-v0")
    loaded = manage(env, "load_content", check=False)
    if loaded.returncode != 0:
        log(f"  load_content failed, seeding without the shipped content:\n{loaded.stdout}")
    facts = seed.seed(args.n, log=log)
    seed.optimise(log=log)
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    marker = {**expected, "migrations": seed.applied_migrations(), **facts, "seeded_at": now}
    seed.write_marker(marker)
    return marker


def ensure_users() -> dict[str, str]:
    """A reader (account manager) and a superuser, with fresh passwords for this run."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from playbooks.library.roles import ACCOUNT_MANAGERS

    User = get_user_model()
    passwords = {}
    for username, superuser in ((READER, False), (ADMIN, True)):
        user, _ = User.objects.get_or_create(username=username)
        passwords[username] = secrets.token_urlsafe(18)
        user.set_password(passwords[username])
        user.is_staff = user.is_superuser = superuser
        user.save()
        if not superuser and (group := Group.objects.filter(name=ACCOUNT_MANAGERS).first()):
            user.groups.add(group)
    return passwords


# Endpoints --------------------------------------------------------------------------------


def reference_path() -> str:
    import json

    manifest = REPO / "staticfiles" / "staticfiles.json"
    hashed = json.loads(manifest.read_text())["paths"].get("css/app.css", "css/app.css")
    return f"/static/{hashed}"


def search_path(query: str) -> str:
    return "/search/?" + urllib.parse.urlencode({"q": query})


def build_endpoints(n: int) -> tuple[list[Endpoint], list[str]]:
    """The table's endpoints, and more paths for the soak to rotate through."""
    from playbooks.library.models import Playbook

    bench = Playbook.objects.filter(slug__regex=r"-b[0-9]+$", language="en").order_by("pk")
    slugs = list(bench.values_list("slug", flat=True)[: min(n, 2000)])
    common = most_common_word(build_vocabulary("en", 6000))
    endpoints = [
        Endpoint("reference (static file)", reference_path(), "reference"),
        Endpoint("healthz", "/healthz", "healthz"),
        Endpoint("home", "/", "home"),
        Endpoint("playbook page", f"/playbooks/{slugs[len(slugs) // 2]}/", "playbook"),
        Endpoint("list", "/playbooks/", "list"),
        Endpoint("list, filtered, page 3", "/playbooks/?situation=bereavement&page=3", "list"),
        Endpoint("guide plan", "/guide/plan/?" + urllib.parse.urlencode(PLAN_QUERY), "plan"),
        Endpoint("search: one word", search_path("funeral"), "search"),
        Endpoint("search: several words", search_path("funeral condolences deadline"), "search"),
        Endpoint("search: prefix", search_path("condol"), "search"),
        Endpoint("search: no match", search_path("zyxwvut"), "search"),
        Endpoint(f"search: most common word ({common})", search_path(common), "search"),
        distinct_searches(),
    ]
    rng = random.Random(5)
    extra = [f"/playbooks/{slug}/" for slug in rng.sample(slugs, min(40, len(slugs)))]
    extra += [f"/playbooks/?situation={s}&page={p}" for s in ("illness", "burnout") for p in (1, 7)]
    extra += [
        "/guide/plan/?" + urllib.parse.urlencode({**PLAN_QUERY, **change})
        for change in (
            {"channel": "phone", "signals": "unsafe"},
            {
                "situation": "illness",
                "relationship": "new",
                "pressure": "critical",
                "can_grant": "yes",
            },
        )
    ]
    extra += [search_path(q) for q in ("deces", "hospital treatment", "burnout workload", "flexib")]
    extra += ["/guide/", "/onboarding/"]
    return endpoints, extra


def distinct_searches(count: int = 30_000) -> Endpoint:
    """Searches that are all different, so that nothing about them is cached: pairs of
    common words, as a reader narrowing a search types."""
    words = [w for w in build_vocabulary("en", 6000) if w not in STOPWORDS and len(w) >= 3][:400]
    rng = random.Random(11)
    pairs = {" ".join(rng.sample(words, 2)) for _ in range(count * 2)}
    paths = tuple(search_path(q) for q in sorted(pairs)[:count])
    rotation = tuple(rng.sample(paths, len(paths)))
    return Endpoint(
        "search: a different query each time", rotation[0], "new-search", rotation=rotation
    )


PREFLIGHT_TIMEOUT = 110  # below gunicorn's worker timeout here (120 s)


def preflight(session: Session, endpoint: Endpoint, workers: int) -> None:
    """One request per worker at once, so each worker has warmed its caches before the load;
    an answer that is not 2xx, or none, leaves the endpoint out with a note."""

    def timed() -> tuple[int | None, float]:
        started = time.perf_counter()
        try:
            status = session.get(endpoint.path, timeout=PREFLIGHT_TIMEOUT).status
        except TimeoutError:
            status = None
        return status, time.perf_counter() - started

    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        answers = list(pool.map(lambda _: timed(), range(workers)))
    statuses = [status for status, _ in answers]
    endpoint.cold_seconds = max(seconds for _, seconds in answers)
    if None in statuses:
        endpoint.note = f"no answer within {PREFLIGHT_TIMEOUT} s"
        return
    endpoint.status = next((s for s in statuses if not 200 <= s < 300), statuses[0])
    if endpoint.status == 404:
        endpoint.note = "404: not built yet"
    elif 300 <= endpoint.status < 400:
        endpoint.note = f"{endpoint.status} redirect"
    elif not endpoint.available:
        endpoint.note = f"HTTP {endpoint.status}"


# The benchmark ----------------------------------------------------------------------------


def measure(
    server: Gunicorn,
    wrk: Wrk,
    path: str,
    *,
    connections: int,
    seconds: float,
    script: Path | None = None,
    others: tuple[str, ...] = (),
) -> Measurement:
    offset = server.log_offset()
    before = CPU.sample()
    measurement = wrk.run(
        server.base_url + path, connections=connections, seconds=seconds, script=script
    )
    measurement.other_cpu = CPU.other(before, CPU.sample())
    measurement.drain_seconds = drain(server)
    return read_server_log(server.log_since(offset), measurement, others=others)


def drain(server: Gunicorn) -> float:
    """Wait until the server has worked through what wrk left queued when it stopped.

    Sync workers answer requests whose client has gone; without this, a slow endpoint's
    backlog would be billed to the next one. One request queued behind the backlog tells
    when it is done."""
    started = time.perf_counter()
    try:
        Session(server.port).get("/healthz", timeout=300)
    except TimeoutError:
        log("  the server is still busy after 300 s")
    return time.perf_counter() - started


def benchmark(
    args, server: Gunicorn, wrk: Wrk, endpoints: list[Endpoint]
) -> tuple[list[Row], dict]:
    rows: list[Row] = []
    reference: dict[int, float] = {}
    for endpoint in endpoints:
        for connections in args.connections:
            if not endpoint.available:
                rows.append(Row(endpoint, connections, None))
                continue
            url = server.base_url + endpoint.path
            script = wrk.rotating_script(list(endpoint.rotation)) if endpoint.rotation else None
            if args.warmup:
                wrk.run(url, connections=connections, seconds=args.warmup, script=script)
                drain(server)
            m = measure(
                server, wrk, endpoint.path, connections=connections, seconds=args.duration,
                script=script,
            )  # fmt: skip
            if script:
                script.unlink(missing_ok=True)
            if endpoint.kind == "reference":
                reference[connections] = m.rps
            rows.append(Row(endpoint, connections, m))
            log(
                f"  {endpoint.name:<40} c={connections:<3} {m.rps:8,.0f} req/s  "
                f"p50 {m.p50_ms:7.1f} ms  p99 {m.p99_ms:7.1f} ms  non-2xx {m.non_2xx}"
            )
    return rows, reference


# The soak: readers under load while a team lead saves in the admin -------------------------


def _revised(text: str, count: int) -> str:
    return re.sub(r"( Revised \d+\.)+$", "", text) + f" Revised {count}."


def admin_writer(port: int, password: str, pks: list[int], seconds: float, queue) -> None:
    """Save playbooks through the admin's change form, as fast as one person clicking could."""
    result = {"mode": "admin", "saved": 0, "failed": 0, "problems": {}, "latencies": []}
    try:
        session = Session(port)
        session.log_in(ADMIN, password)
        deadline = time.monotonic() + seconds
        count = 0
        while time.monotonic() < deadline:
            pk = pks[count % len(pks)]
            count += 1
            path = f"/admin/playbooks/playbook/{pk}/change/"
            started = time.perf_counter()
            page = session.get(path)
            problem = None
            if page.status != 200:
                problem = f"GET change form: HTTP {page.status}"
            else:
                fields = [
                    (k, _revised(v, count) if k == "summary" else v)
                    for k, v in read_form(page.text, "playbook_form")
                ]
                response = session.post(path, [*fields, ("_continue", "Save")])
                if response.status != 302:
                    errors = ERRORLIST.findall(response.text)
                    text = re.sub(r"<[^>]+>", " ", " ".join(errors))[:160].strip()
                    problem = f"POST: HTTP {response.status} {text}".strip()
            if problem:
                result["failed"] += 1
                result["problems"][problem] = result["problems"].get(problem, 0) + 1
            else:
                result["saved"] += 1
                result["latencies"].append(time.perf_counter() - started)
    except Exception as error:  # reported, never swallowed silently
        result["problems"][f"writer crashed: {error!r}"[:200]] = 1
        result["failed"] += 1
    queue.put(result)


def orm_writer(pks: list[int], seconds: float, queue) -> None:
    """Stand-in while the admin has no playbook form: save through the ORM, as the admin would."""
    from django.db import connections

    from playbooks.library.models import Playbook

    connections.close_all()
    result = {"mode": "orm", "saved": 0, "failed": 0, "problems": {}, "latencies": []}
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        count += 1
        started = time.perf_counter()
        try:
            playbook = Playbook.objects.get(pk=pks[count % len(pks)])
            playbook.summary = _revised(playbook.summary, count)
            playbook.save()
            result["saved"] += 1
            result["latencies"].append(time.perf_counter() - started)
        except Exception as error:
            key = f"{type(error).__name__}: {error}"[:160]
            result["problems"][key] = result["problems"].get(key, 0) + 1
            result["failed"] += 1
        time.sleep(0.05)
    connections.close_all()
    queue.put(result)


def soak(
    args,
    server: Gunicorn,
    wrk: Wrk,
    reader: Session,
    endpoints: list[Endpoint],
    extra: list[str],
    passwords: dict,
) -> tuple[str, bool]:
    from django.db import connections

    from playbooks.library.models import Playbook

    paths = [e.path for e in endpoints if e.available]
    skipped: dict[str, list[str]] = {}
    for endpoint in endpoints:
        if not endpoint.available:
            skipped.setdefault(endpoint.note or f"HTTP {endpoint.status}", []).append(endpoint.path)
    for path in extra:
        try:
            status = reader.get(path, timeout=PREFLIGHT_TIMEOUT).status
        except TimeoutError:
            skipped.setdefault(f"no answer within {PREFLIGHT_TIMEOUT} s", []).append(path)
            continue
        if 200 <= status < 300:
            paths.append(path)
        else:
            skipped.setdefault(f"HTTP {status}", []).append(path)
    session = Session(server.port)
    bench = Playbook.objects.filter(slug__regex=r"-b[0-9]+$").order_by("pk")
    pks = list(bench.values_list("pk", flat=True)[:25])
    session.log_in(ADMIN, passwords[ADMIN])
    probe = session.get(f"/admin/playbooks/playbook/{pks[0]}/change/")
    use_admin = probe.status == 200 and 'id="playbook_form"' in probe.text
    connections.close_all()  # no connection may cross the fork
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    if use_admin:
        writer_args = (server.port, passwords[ADMIN], pks, args.soak_duration, queue)
        writer = context.Process(target=admin_writer, args=writer_args)
    else:
        log(f"  the admin has no playbook change form (HTTP {probe.status}): the ORM stands in")
        writer = context.Process(target=orm_writer, args=(pks, args.soak_duration, queue))
    script = wrk.rotating_script(paths)
    how = "admin" if use_admin else "ORM"
    log(
        f"Soak: {args.soak_connections} connections for {args.soak_duration:.0f} s over "
        f"{len(paths)} paths, while playbooks are saved ({how})…"
    )
    writer.start()
    try:
        m = measure(
            server,
            wrk,
            "/",
            connections=args.soak_connections,
            seconds=args.soak_duration,
            script=script,
            others=WRITER_PATHS,
        )
        try:  # read before joining: a child blocks on exit until its queue is drained
            result = queue.get(timeout=args.soak_duration + 60)
        except Exception:
            result = None
        writer.join(timeout=10)
    finally:
        script.unlink(missing_ok=True)
        if writer.is_alive():
            writer.terminate()
            writer.join(5)
    if result is None:
        result = {
            "mode": "?",
            "saved": 0,
            "failed": 1,
            "problems": {"writer gave no result": 1},
            "latencies": [],
        }
    latencies = sorted(result["latencies"])
    save_p50 = latencies[len(latencies) // 2] * 1000 if latencies else 0
    save_p99 = latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0
    statuses = ", ".join(f"{s}: {c:,}" for s, c in sorted(m.statuses.items()))
    writer_statuses = ", ".join(f"{s}: {c:,}" for s, c in sorted(m.other_statuses.items()))
    checks = [
        ("socket errors (connect, read, write, timeout)", m.socket_errors, m.socket_errors == 0),
        ("non-2xx responses", m.non_2xx, m.non_2xx == 0),
        ("5xx responses", m.server_errors, m.server_errors == 0),
        ('"database is locked" in the server log', m.locked, m.locked == 0),
        ("tracebacks in the server log", m.tracebacks, m.tracebacks == 0),
        ("playbook saves that failed", result["failed"], result["failed"] == 0),
        ("playbook saves that succeeded", result["saved"], result["saved"] > 0),
    ]
    writer_how = (
        "a superuser saving through the admin's change form (GET the form, POST it back)"
        if result["mode"] == "admin"
        else "the ORM (Playbook.save) standing in for the admin, which has no playbook form yet"
    )
    lines = [
        f"Load: wrk, {args.soak_connections} connections, {m.seconds:.0f} s, rotating over "
        f"{len(paths)} paths; {m.requests:,} requests, {m.rps:,.0f} req/s, "
        f"p50 {m.p50_ms:.1f} ms, p99 {m.p99_ms:.1f} ms, max {m.max_ms:.0f} ms.",
        f"Statuses the server logged for the load: {statuses or 'none'}; for the writer "
        f"(admin and login): {writer_statuses or 'none'}.",
        f"Writer: {writer_how}; {result['saved']:,} saves, p50 {save_p50:.0f} ms, "
        f"p99 {save_p99:.0f} ms.",
        "",
        "| check | count | result |",
        "| --- | ---: | --- |",
        *[f"| {name} | {value:,} | {'PASS' if ok else 'FAIL'} |" for name, value, ok in checks],
    ]
    if result["problems"]:
        lines += ["", "Writer problems:", *[f"- {k} (x{v})" for k, v in result["problems"].items()]]
    if skipped:
        lines += ["", "Left out of the rotation, as they did not answer 2xx before the load:"]
        lines += [f"- {why}: {len(p)} path(s), e.g. `{p[0]}`" for why, p in skipped.items()]
    return "\n".join(lines), all(ok for _, _, ok in checks)


# Main -------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.run",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--n", type=int, default=10_000, help="playbooks to seed (10000)")
    parser.add_argument("--duration", type=float, default=5, help="seconds per measurement (5)")
    parser.add_argument("--warmup", type=float, default=1, help="uncounted seconds first (1)")
    parser.add_argument("--connections", default="8,64", help="concurrency levels (8,64)")
    parser.add_argument("--only", default="", help="measure only endpoints whose name has this")
    parser.add_argument("--reseed", action="store_true", help="rebuild the bench database")
    parser.add_argument("--seed-only", action="store_true", help="prepare the database, no load")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--soak", action="store_true", help="run the soak instead")
    parser.add_argument("--soak-duration", type=float, default=60, help="soak seconds (60)")
    parser.add_argument("--soak-connections", type=int, default=64, help="soak connections (64)")
    args = parser.parse_args(argv)
    args.connections = [int(c) for c in args.connections.split(",") if c.strip()]
    if args.n < 1:
        parser.error("--n must be at least 1")
    return args


def cpu_busy(seconds: float = 2) -> str:
    """How busy the machine is without our load: other work skews the figures."""

    def sample():
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        return sum(values), values[3] + values[4]  # total, idle + iowait

    try:
        total_before, idle_before = sample()
        time.sleep(seconds)
        total_after, idle_after = sample()
    except OSError:
        return f"load average {os.getloadavg()[0]:.2f} before the load"
    busy = 1 - (idle_after - idle_before) / max(total_after - total_before, 1)
    return f"CPU {busy:.0%} busy with other work just before the load"


def header(args, vendor: str, label: str, facts: dict, index: str, busy_before: str) -> list[str]:
    import django
    from django.db import connection

    if vendor == "sqlite":
        import sqlite3

        version = sqlite3.sqlite_version
    else:
        number = connection.pg_version
        version = f"{number // 10000}.{number % 10000}"
    wrk_output = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    wrk_version = wrk_output.split(" [")[0]
    return [
        f"- when: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; machine: "
        f"{os.cpu_count()} cores ({platform.machine()}), {platform.system()}; "
        f"{busy_before}",
        f"- corpus: N = {args.n:,} synthetic playbooks (+ the shipped content), "
        f"{facts.get('items', 0):,} phrases/boundaries/offers; vocabulary "
        f"{facts.get('vocabulary_en', '?')} English + {facts.get('vocabulary_fr', '?')} French "
        "words, Zipf-like",
        f"- database: {vendor} {version} ({label}); {index}",
        f"- server: gunicorn, {args.workers} sync workers, production settings (DEBUG off, "
        f"whitenoise manifest), Python {platform.python_version()}, Django {django.get_version()}",
        f"- load: {wrk_version}, 2 threads; "
        + (
            f"{args.soak_connections} connections for {args.soak_duration:g} s"
            if args.soak
            else f"{args.duration:g} s per row after a {args.warmup:g} s warm-up"
        )
        + "; one logged-in session for every request",
    ]


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in background
    vendor, bench_url, label = bench_database(args.n)
    if vendor == "postgresql":
        CPU.markers = (f" {urllib.parse.urlsplit(bench_url).path.lstrip('/')} ",)
    BENCH_DIR.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": bench_url,
        "DJANGO_SETTINGS_MODULE": "crisisguide.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    env.pop("DJANGO_DEBUG", None)
    wrk_binary = ensure_wrk()
    server = None
    try:
        facts = prepare_database(args, vendor, bench_url, env)
        from django.db import connections

        from . import seed

        index = seed.search_index_report()
        log(index)
        if args.seed_only:
            return 0
        passwords = ensure_users()
        log("collectstatic (whitenoise manifest)…")
        manage(env, "collectstatic", "--noinput", "-v0")
        endpoints, extra = build_endpoints(args.n)
        if args.only:
            keep = [e for e in endpoints if args.only in e.name or e.kind == "reference"]
            endpoints = keep
        title = (
            f"# crisisguide {'soak' if args.soak else 'load benchmark'}: {vendor}, N = {args.n:,}"
        )
        lines = [title, ""]
        connections.close_all()
        log_path = BENCH_DIR / f"gunicorn-{vendor}-{args.n}.log"
        log_path.write_bytes(b"")
        server = Gunicorn(env=env, log_path=log_path, workers=args.workers, cwd=REPO)
        server.wait_ready()
        log(f"gunicorn ready on {server.base_url} ({args.workers} sync workers)")
        reader = Session(server.port)
        reader.log_in(READER, passwords[READER])
        for endpoint in endpoints:
            preflight(reader, endpoint, args.workers)
        lines += [*header(args, vendor, label, facts, index, cpu_busy()), ""]
        wrk = Wrk(
            wrk_binary,
            {"Cookie": reader.cookie_header, "Accept-Encoding": "gzip", "Accept-Language": "en"},
            BENCH_DIR,
        )
        if args.soak:
            text, passed = soak(args, server, wrk, reader, endpoints, extra, passwords)
            lines.append(text)
            destination = BENCH_DIR / f"soak-{vendor}-{args.n}.md"
        else:
            rows, reference = benchmark(args, server, wrk, endpoints)
            checks = check_targets(rows, reference, args.n)
            passed = all(ok for _, _, ok in checks)
            lines += [results_table(rows, reference), "", targets_table(checks, args.n)]
            destination = BENCH_DIR / f"report-{vendor}-{args.n}.md"
        report = "\n".join(lines) + "\n"
        destination.write_text(report)
        print(report, flush=True)
        log(
            f"Report written to {destination.relative_to(REPO)}; server log in "
            f"{log_path.relative_to(REPO)}."
        )
        return 0 if passed else 1
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
