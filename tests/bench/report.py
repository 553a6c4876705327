"""The benchmark's tables, and the targets of issues #3 and #4 checked against them."""

from dataclasses import dataclass

from .load import Measurement

TARGET_CONNECTIONS = 8
# kind -> minimum share of the reference's throughput, at N = 10,000 and 8 connections.
THROUGHPUT_TARGETS = {"search": 0.15, "playbook": 0.30, "list": 0.25, "plan": 0.30}
SEARCH_P99_MS = {10_000: 50.0, 100_000: 150.0}
CONTENDED = 0.15  # other processes' share of the machine above which a row is unreliable


@dataclass
class Endpoint:
    name: str
    path: str
    kind: str  # reference, healthz, playbook, list, plan, search, other
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
        "| other CPU |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    contended = 0
    busy_after: list[str] = []
    for row in rows:
        e, m = row.endpoint, row.measurement
        path = e.path if len(e.path) <= 60 else e.path[:57] + "…"
        if m is None:
            why = e.note or f"HTTP {e.status}"
            lines.append(f"| {e.name} | `{path}` | {row.connections} | - | - | - | {why} | - | - |")
            continue
        ref = reference.get(row.connections)
        ratio = f"{m.rps / ref:.0%}" if ref and e.kind != "reference" else "100%"
        errors = f"{m.non_2xx} / {m.socket_errors}"
        if m.drain_seconds >= 1:
            busy_after.append(f"{e.name} at {row.connections}: {m.drain_seconds:.0f} s")
        if m.requests == 0:
            lines.append(
                f"| {e.name} | `{path}` | {row.connections} | 0 | - | - | "
                f"no answer within {m.seconds:.0f} s | 0% | - |"
            )
            continue
        other = "?" if m.other_cpu is None else f"{m.other_cpu:.0%}"
        if is_contended(m):
            other += " ⚠"
            contended += 1
        lines.append(
            f"| {e.name} | `{path}` | {row.connections} | {m.rps:,.0f} | {_ms(m.p50_ms)} | "
            f"{_ms(m.p99_ms)} | {errors} | {ratio} | {other} |"
        )
    lines += [
        "",
        "non-2xx: wrk's 4xx/5xx count or the server log's non-2xx, whichever is higher; errors: "
        "socket errors and timeouts. other CPU: the share of the machine that processes other "
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


def check_targets(
    rows: list[Row], reference: dict[int, float], n: int
) -> list[tuple[str, str, bool]]:
    """(target, measured, passed) for every target that applies at this N."""
    checks = []
    ref = reference.get(TARGET_CONNECTIONS)
    for row in rows:
        e, m = row.endpoint, row.measurement
        if row.connections != TARGET_CONNECTIONS or e.kind not in THROUGHPUT_TARGETS:
            continue
        if m is None:
            checks.append((f"{e.name}: measured", e.note or f"HTTP {e.status}", False))
            continue
        flag = " ⚠" if is_contended(m) else ""
        if n == 10_000 and ref:
            share = THROUGHPUT_TARGETS[e.kind]
            ratio = m.rps / ref
            checks.append(
                (f"{e.name}: ≥ {share:.0%} of reference", f"{ratio:.1%}{flag}", ratio >= share)
            )
        if e.kind == "search" and n in SEARCH_P99_MS:
            limit = SEARCH_P99_MS[n]
            p99 = m.p99_ms if m.requests else float("inf")
            shown = f"{p99:.1f} ms" if m.requests else "no answer"
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
    if not checks and n in SEARCH_P99_MS:
        return "No target applies to the endpoints measured."
    if not checks:
        return (
            f"No targets are defined for N = {n:,}: issue #3 sets them at 10,000 "
            "(throughput, search p99) and 100,000 (search p99)."
        )
    lines = ["| target (8 connections) | measured | result |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {value} | {'PASS' if ok else 'FAIL'} |" for name, value, ok in checks]
    return "\n".join(lines)
