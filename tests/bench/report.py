"""The benchmark's tables, and the performance budget of issue #19 checked against them."""

from dataclasses import dataclass

from .load import Measurement

TARGET_CONNECTIONS = 8
# The budget (issue #19), at 8 connections, each share of the static reference of the same
# run. Every reader page, up to N = 10,000: at least MIN_SHARE and p99 within READER_P99_MS;
# a search never seen before, at 10,000: at least NEW_SEARCH_MIN_SHARE; every reader page
# at 100,000 and more: p99 within LARGE_P99_MS.
READER_KINDS = ("home", "list", "playbook", "plan", "search")
MIN_SHARE = 0.15
READER_P99_MS = 60.0
NEW_SEARCH_MIN_SHARE = 0.05
LARGE_N = 100_000
LARGE_P99_MS = 150.0
CONTENDED = 0.15  # other processes' share of the machine above which a row is unreliable


@dataclass
class Endpoint:
    name: str
    path: str
    kind: str  # reference, healthz, home, playbook, list, plan, search, new-search, other
    status: int | None = None  # what a single request answered before the load
    note: str = ""
    cold_seconds: float = 0.0  # the slowest first answer, caches still cold
    # When set, wrk goes through these paths in turn instead of asking for `path` alone.
    rotation: tuple[str, ...] = ()

    @property
    def available(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class Row:
    endpoint: Endpoint
    connections: int
    measurement: Measurement | None


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def results_table(rows: list[Row], reference: dict[int, float]) -> str:
    lines = [
        "| endpoint | path | conns | req/s | p50 ms | p99 ms | non-2xx / errors | vs reference "
        "| CPU-adjusted | other CPU |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    references = {
        row.connections: row.measurement
        for row in rows
        if row.endpoint.kind == "reference" and row.measurement is not None
    }
    contended = 0
    busy_after: list[str] = []
    for row in rows:
        e, m = row.endpoint, row.measurement
        path = e.path if len(e.path) <= 60 else e.path[:57] + "…"
        if m is None:
            why = e.note or f"HTTP {e.status}"
            lines.append(
                f"| {e.name} | `{path}` | {row.connections} | - | - | - | {why} | - | - | - |"
            )
            continue
        ref = reference.get(row.connections)
        ratio = f"{m.rps / ref:.0%}" if ref and e.kind != "reference" else "100%"
        errors = f"{m.non_2xx} / {m.socket_errors}"
        if m.drain_seconds >= 1:
            busy_after.append(f"{e.name} at {row.connections}: {m.drain_seconds:.0f} s")
        if m.requests == 0:
            lines.append(
                f"| {e.name} | `{path}` | {row.connections} | 0 | - | - | "
                f"no answer within {m.seconds:.0f} s | 0% | - | - |"
            )
            continue
        adjusted = cpu_adjusted(m, references.get(row.connections))
        fair = "-" if adjusted is None or e.kind == "reference" else f"{adjusted:.0%}"
        other = "?" if m.other_cpu is None else f"{m.other_cpu:.0%}"
        if is_contended(m):
            other += " ⚠"
            contended += 1
        lines.append(
            f"| {e.name} | `{path}` | {row.connections} | {m.rps:,.0f} | {_ms(m.p50_ms)} | "
            f"{_ms(m.p99_ms)} | {errors} | {ratio} | {fair} | {other} |"
        )
    lines += [
        "",
        "non-2xx: wrk's 4xx/5xx count or the server log's non-2xx, whichever is higher; errors: "
        "socket errors and timeouts. CPU-adjusted: the share of the reference had each row had "
        "the machine to itself (each rate divided by the share others left us), the fairer "
        "figure on a shared machine. other CPU: the share of the machine that processes other "
        "than this benchmark used meanwhile.",
    ]
    if busy_after:
        lines.append(
            "Still answering requests that wrk had left queued, for this long after the run "
            "(the next row waited for it): " + "; ".join(busy_after) + "."
        )
    cold = {row.endpoint.name: row.endpoint.cold_seconds for row in rows}
    if slow := [f"{name} {seconds:.1f} s" for name, seconds in cold.items() if seconds >= 1]:
        lines.append(
            "First answers (one per worker, before the load, caches cold) that took a second "
            "or more: " + "; ".join(slow) + "."
        )
    if contended:
        lines.append(
            f"**{contended} row(s) marked ⚠ ran while other processes used more than "
            f"{CONTENDED:.0%} of the machine: their figures understate the app; run again "
            "on a quiet machine.**"
        )
    return "\n".join(lines)


def is_contended(m: Measurement) -> bool:
    return m.other_cpu is not None and m.other_cpu > CONTENDED


def cpu_adjusted(m: Measurement, reference: Measurement | None) -> float | None:
    """Share of the reference as if each row had had the machine to itself: each rate is
    divided by the share of the machine left to us while it ran (others' use is measured)."""
    if reference is None or m.other_cpu is None or reference.other_cpu is None:
        return None
    ours, theirs = 1 - min(m.other_cpu, 0.95), 1 - min(reference.other_cpu, 0.95)
    return (m.rps / ours) / (reference.rps / theirs) if reference.rps else None


def check_targets(
    rows: list[Row], reference: dict[int, float], n: int
) -> list[tuple[str, str, bool]]:
    """(target, measured, passed) for every part of the budget that applies at this N."""
    checks = []
    ref = reference.get(TARGET_CONNECTIONS)
    for row in rows:
        e, m = row.endpoint, row.measurement
        reader = e.kind in READER_KINDS
        if row.connections != TARGET_CONNECTIONS or not (reader or e.kind == "new-search"):
            continue
        if m is None:
            checks.append((f"{e.name}: measured", e.note or f"HTTP {e.status}", False))
            continue
        flag = " ⚠" if is_contended(m) else ""
        p99 = m.p99_ms if m.requests else float("inf")
        shown = f"{p99:.1f} ms" if m.requests else "no answer"
        share = MIN_SHARE if reader else NEW_SEARCH_MIN_SHARE
        if ref and (n <= 10_000 if reader else n == 10_000):
            ratio = m.rps / ref
            checks.append(
                (f"{e.name}: ≥ {share:.0%} of reference", f"{ratio:.1%}{flag}", ratio >= share)
            )
        limit = READER_P99_MS if n <= 10_000 else LARGE_P99_MS if n >= LARGE_N else None
        if reader and limit:
            checks.append((f"{e.name}: p99 ≤ {limit:.0f} ms", f"{shown}{flag}", p99 <= limit))
    for row in rows:
        if row.measurement is not None and row.measurement.errors:
            m = row.measurement
            checks.append(
                (f"{row.endpoint.name} at {row.connections}: no errors",
                 f"{m.non_2xx} non-2xx, {m.socket_errors} socket errors", False)
            )  # fmt: skip
    return checks


def targets_table(checks: list[tuple[str, str, bool]], n: int) -> str:
    if not checks and (n <= 10_000 or n >= LARGE_N):
        return "No part of the budget applies to the endpoints measured."
    if not checks:
        return (
            f"The budget says nothing about N = {n:,}: it covers up to 10,000 (share of the "
            "reference, p99) and 100,000 and more (p99)."
        )
    lines = ["| target (8 connections) | measured | result |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {value} | {'PASS' if ok else 'FAIL'} |" for name, value, ok in checks]
    return "\n".join(lines)
