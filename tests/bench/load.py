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
    import os

    return os.geteuid() == 0


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
    locked: int = 0
    tracebacks: int = 0

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


def read_server_log(text: str, measurement: Measurement) -> Measurement:
    """Add what the server logged during a run: statuses, locks, tracebacks."""
    for line in text.splitlines():
        if line.startswith("{") and '"event": "request"' in line:
            try:
                measurement.statuses[int(json.loads(line)["status"])] += 1
            except (ValueError, KeyError):
                continue
        if "database is locked" in line:
            measurement.locked += 1
        if line.startswith("Traceback"):
            measurement.tracebacks += 1
    return measurement
