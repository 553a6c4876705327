"""Drive load with Debian's wrk and read back what happened, from wrk and from the server.

wrk counts only 4xx/5xx as errors, so a redirect to the login page would pass for a fast
success. The server's own request log (one JSON line per request, written by
crisisguide.middleware.RequestLogMiddleware) is the second witness: every status it
logged while wrk ran is counted, and anything but 2xx is reported. Defining a Lua
``response()`` hook would count them too, but makes wrk parse every body, which costs the
cheap reference more than the pages and would flatter the ratios.
"""

import collections
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPORT_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
"""

ROTATE_LUA = r"""
local paths = {%s}
local i = 0
init = function(args)
  i = math.random(#paths)
end
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def ensure_wrk() -> str:
    """The path of wrk, installing Debian's package when it is missing."""
    if path := shutil.which("wrk"):
        return path
    print("wrk is missing: installing Debian's package (apt-get install -y wrk)", flush=True)
    apt = ["apt-get", "install", "-y", "-q", "wrk"]
    sudo = [] if shutil.which("sudo") is None or _is_root() else ["sudo"]
    result = subprocess.run([*sudo, *apt], check=False)
    if result.returncode != 0:
        subprocess.run([*sudo, "apt-get", "update", "-q"], check=False)
        subprocess.run([*sudo, *apt], check=True)
    if path := shutil.which("wrk"):
        return path
    raise RuntimeError("wrk is not installed and could not be installed with apt-get")


def _is_root() -> bool:
    return os.geteuid() == 0


class CpuWatch:
    """How much of the machine other processes used while we measured.

    The machine is shared; a test suite running beside the benchmark halves its figures.
    Compares the whole machine's busy time (/proc/stat) with that of this process and its
    descendants (gunicorn and its workers, wrk, the soak's writer) plus the database server's
    processes serving the bench database. Linux only; elsewhere
    ``other`` returns None.
    """

    def __init__(self):
        self.root = os.getpid()
        # Database server processes working for us (PostgreSQL backends connected to the
        # bench database) are not our descendants: they are recognised by their command line.
        self.markers: tuple[str, ...] = ()

    def _stat(self, pid: str) -> tuple[int, int, bool]:
        """(parent pid, CPU ticks of the process and its reaped children, works for us)."""
        with open(f"/proc/{pid}/stat") as stat:
            data = stat.read()
        fields = data[data.rindex(")") + 2 :].split()
        ours = False
        if self.markers and data[data.index("(") + 1 : data.rindex(")")].startswith("postgres"):
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                text = cmdline.read().decode("utf-8", "replace")
            ours = any(marker in text for marker in self.markers)
        return int(fields[1]), sum(int(v) for v in fields[11:15]), ours

    def sample(self) -> tuple[int, int, dict[int, int]] | None:
        try:
            with open("/proc/stat") as stat:
                values = [int(v) for v in stat.readline().split()[1:9]]
            parents, ticks, helpers = {}, {}, set()
            for pid in os.listdir("/proc"):
                if pid.isdigit():
                    try:
                        parents[int(pid)], ticks[int(pid)], helper = self._stat(pid)
                    except (OSError, ValueError, IndexError):
                        continue
                    if helper:
                        helpers.add(int(pid))
        except OSError:
            return None
        ours, frontier = {self.root, *helpers}, [self.root]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent]
            ours.update(children)
            frontier += children
        total = sum(values)
        busy = total - values[3] - values[4]
        return total, busy, {pid: ticks[pid] for pid in ours if pid in ticks}

    @staticmethod
    def other(before, after) -> float | None:
        """Per process, so that one that ends (a database connection closed after its
        maximum age) takes nothing away from our share."""
        if before is None or after is None or after[0] <= before[0]:
            return None
        ours = sum(ticks - before[2].get(pid, 0) for pid, ticks in after[2].items())
        return min(1.0, max(0.0, (after[1] - before[1] - ours) / (after[0] - before[0])))


@dataclass
class Measurement:
    requests: int = 0
    seconds: float = 0.0
    p50_ms: float = 0.0
    p90_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    socket_errors: int = 0
    wrk_status_errors: int = 0
    statuses: collections.Counter = field(default_factory=collections.Counter)
    other_statuses: collections.Counter = field(default_factory=collections.Counter)
    locked: int = 0
    tracebacks: int = 0
    other_cpu: float | None = None  # share of the machine used by processes not ours
    drain_seconds: float = 0.0  # how long the server stayed busy after wrk stopped

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def non_2xx(self) -> int:
        server = sum(n for status, n in self.statuses.items() if not 200 <= status < 300)
        return max(server, self.wrk_status_errors)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors


class Wrk:
    def __init__(self, binary: str, headers: dict[str, str], workdir: Path):
        self.binary = binary
        self.headers = headers
        self.workdir = workdir
        self.report_script = workdir / "report.lua"
        self.report_script.write_text(REPORT_LUA)

    def rotating_script(self, paths: list[str]) -> Path:
        quoted = ", ".join(json.dumps(p) for p in paths)
        script = Path(tempfile.mkstemp(suffix=".lua", dir=self.workdir)[1])
        script.write_text(ROTATE_LUA % quoted + REPORT_LUA)
        return script

    def run(
        self, url: str, *, connections: int, seconds: float, script: Path | None = None,
        threads: int = 2,
    ) -> Measurement:  # fmt: skip
        command = [
            self.binary, f"-t{min(threads, connections)}", f"-c{connections}",
            f"-d{max(1, round(seconds))}s", "--timeout", "10s",
            "-s", str(script or self.report_script),
        ]  # fmt: skip
        for name, value in self.headers.items():
            command += ["-H", f"{name}: {value}"]
        process = subprocess.Popen(
            [*command, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )  # fmt: skip
        try:
            out, err = process.communicate(timeout=seconds + 60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        line = next((ln for ln in out.splitlines() if ln.startswith("BENCH_JSON ")), None)
        if process.returncode != 0 or line is None:
            raise RuntimeError(f"wrk failed ({process.returncode}): {err.strip() or out.strip()}")
        data = json.loads(line.removeprefix("BENCH_JSON "))
        return Measurement(
            requests=data["requests"],
            seconds=data["duration_us"] / 1e6,
            p50_ms=data["p50_us"] / 1000,
            p90_ms=data["p90_us"] / 1000,
            p99_ms=data["p99_us"] / 1000,
            max_ms=data["max_us"] / 1000,
            socket_errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
            wrk_status_errors=data["status"],
        )


def read_server_log(
    text: str, measurement: Measurement, *, others: tuple[str, ...] = ()
) -> Measurement:
    """Add what the server logged during a run: statuses, locks, tracebacks.

    Requests to paths starting with one of ``others`` (another client's, such as the soak's
    admin writer) are counted apart, in ``other_statuses``.
    """
    for line in text.splitlines():
        if line.startswith("{") and '"event": "request"' in line:
            try:
                entry = json.loads(line)
                status = int(entry["status"])
            except (ValueError, KeyError):
                continue
            if others and str(entry.get("path", "")).startswith(others):
                measurement.other_statuses[status] += 1
            else:
                measurement.statuses[status] += 1
        if "database is locked" in line:
            measurement.locked += 1
        if line.startswith("Traceback"):
            measurement.tracebacks += 1
    return measurement
