"""Start and stop the development Elasticsearch node (devtools/elasticsearch); both are idempotent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from hearings.config import Settings


class NodeError(RuntimeError):
    pass


def health(url: str, timeout: float = 2.0) -> str | None:
    """The cluster's health colour, or None while nothing answers."""
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=timeout) as response:
            return json.load(response).get("status")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _pid_file(settings: Settings) -> Path:
    return settings.node_dir / "node.pid"


def _built(launcher: Path) -> bool:
    stamp = launcher / "target" / "classpath.txt"
    if not stamp.exists():
        return False
    sources = [launcher / "pom.xml", *launcher.joinpath("src").rglob("*")]
    return all(src.stat().st_mtime <= stamp.stat().st_mtime for src in sources if src.is_file())


def build_launcher(settings: Settings) -> None:
    launcher = settings.node_launcher_dir
    if _built(launcher):
        return
    print("building the Elasticsearch launcher with Maven (first run downloads ~100 MB)…", flush=True)
    subprocess.run(["mvn", "-q", "-B", "-f", str(launcher / "pom.xml"), "package"], check=True)


def _java_command(settings: Settings) -> list[str]:
    target = settings.node_launcher_dir / "target"
    module_path = (target / "classpath.txt").read_text().strip()
    return [
        "java", f"-Xms{settings.node_heap}", f"-Xmx{settings.node_heap}",
        "-XX:+UseG1GC", "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true",
        "--module-path", module_path, "--add-modules", "ALL-MODULE-PATH",
        "-cp", str(target / "classes"), "kr.hearings.devnode.DevNode",
        str(target / "es-home"), str(settings.node_dir),
        str(settings.node_http_port), str(settings.node_transport_port),
    ]


def wait_for_health(settings: Settings, timeout_s: float, process: subprocess.Popen | None = None) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status = health(settings.es_url)
        if status in ("green", "yellow"):
            return status
        if process is not None and process.poll() is not None:
            log = settings.node_dir / "node.log"
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise NodeError(f"the node exited with code {process.returncode}:\n{tail}")
        time.sleep(0.5)
    raise NodeError(f"no healthy node at {settings.es_url} after {timeout_s:.0f}s")


def start_node(settings: Settings, timeout_s: float = 180) -> str:
    """Start the node unless one already answers; returns a line saying which happened."""
    if health(settings.es_url) in ("green", "yellow"):
        return f"Elasticsearch already running at {settings.es_url}"
    build_launcher(settings)
    settings.node_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(settings.node_dir / "node.log", "ab") as log:
        process = subprocess.Popen(
            _java_command(settings), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # survives the command that started it
        )
    _pid_file(settings).write_text(str(process.pid))
    status = wait_for_health(settings, timeout_s, process)
    return f"Elasticsearch {status} at {settings.es_url} (pid {process.pid}, {time.monotonic() - started:.1f}s)"


def stop_node(settings: Settings, timeout_s: float = 60) -> str:
    pid_file = _pid_file(settings)
    if not pid_file.exists():
        return "no dev node running" if health(settings.es_url) is None else (
            f"a node answers at {settings.es_url} but was not started here; leaving it alone"
        )
    pid = int(pid_file.read_text())
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pid_file.unlink()
        return "no dev node running (stale pid file removed)"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.3)
    else:
        os.kill(pid, signal.SIGKILL)
    pid_file.unlink(missing_ok=True)
    return f"Elasticsearch stopped (pid {pid})"
