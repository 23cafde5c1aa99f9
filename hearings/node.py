"""Start and stop the development Elasticsearch node, or a local cluster of several (devtools/elasticsearch);
both are idempotent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from hearings.config import Settings, es_urls


class NodeError(RuntimeError):
    pass


def health(url: str, timeout: float = 2.0) -> str | None:
    """The cluster's health colour, or None while nothing answers."""
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=timeout) as response:
            return json.load(response).get("status")
    except (urllib.error.URLError, OSError, ValueError):
        return None


@dataclass(frozen=True)
class NodeSpec:
    """One node process: its name, ports and data folder, and the cluster it joins (None: alone)."""

    name: str
    http_port: int
    transport_port: int
    data_dir: Path
    cluster: tuple[str, str] | None = None  # (seed transport ports, initial master names), comma-separated

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def pid_file(self) -> Path:
        return self.data_dir / "node.pid"


def node_specs(settings: Settings, nodes: int = 1) -> list[NodeSpec]:
    """One node alone in `node_dir`, or `nodes` master-eligible nodes on consecutive ports in
    `node_dir/cluster/` (every node may be elected, so any one of three can be lost)."""
    http, transport = settings.node_http_port, settings.node_transport_port
    if nodes == 1:
        return [NodeSpec("hearings-dev-node", http, transport, settings.node_dir)]
    names = [f"hearings-{i}" for i in range(1, nodes + 1)]
    cluster = (",".join(str(transport + i) for i in range(nodes)), ",".join(names))
    return [NodeSpec(name, http + i, transport + i, settings.node_dir / "cluster" / name, cluster)
            for i, name in enumerate(names)]


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
    (launcher / "target" / "classpath.txt").touch()  # Maven leaves it untouched when the class path is unchanged


def _java_command(settings: Settings, spec: NodeSpec) -> list[str]:
    target = settings.node_launcher_dir / "target"
    module_path = (target / "classpath.txt").read_text().strip()
    return [
        "java", f"-Xms{settings.node_heap}", f"-Xmx{settings.node_heap}",
        "-XX:+UseG1GC", "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true",
        "--module-path", module_path, "--add-modules", "ALL-MODULE-PATH",
        "-cp", str(target / "classes"), "kr.hearings.devnode.DevNode",
        str(target / "es-home"), str(spec.data_dir), str(spec.http_port), str(spec.transport_port),
        *([spec.name, *spec.cluster] if spec.cluster else []),
    ]


def cluster_nodes(url: str, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=timeout) as response:
            return int(json.load(response).get("number_of_nodes", 0))
    except (urllib.error.URLError, OSError, ValueError):
        return 0


def wait_for_health(url: str, timeout_s: float, processes: list[tuple[NodeSpec, subprocess.Popen]] = (),
                    nodes: int = 1, colours: tuple[str, ...] = ("green", "yellow")) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        status = health(url)
        if status in colours and (nodes == 1 or cluster_nodes(url) >= nodes):
            return status
        for spec, process in processes:
            if process.poll() is not None:
                log = spec.data_dir / "node.log"
                tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
                raise NodeError(f"node {spec.name} exited with code {process.returncode}:\n{tail}")
        time.sleep(0.5)
    raise NodeError(f"no {'/'.join(colours)} cluster of {nodes} at {url} after {timeout_s:.0f}s")


def launch(settings: Settings, spec: NodeSpec) -> subprocess.Popen:
    """Start one node process in the background (it outlives this command) and record its pid."""
    spec.data_dir.mkdir(parents=True, exist_ok=True)
    with open(spec.data_dir / "node.log", "ab") as log:
        process = subprocess.Popen(
            _java_command(settings, spec), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    spec.pid_file.write_text(str(process.pid))
    return process


def start_node(settings: Settings, timeout_s: float = 180, nodes: int = 1) -> str:
    """Start the node (or a local cluster of `nodes`) unless one already answers; returns a line saying
    which happened."""
    url = es_urls(settings)[0]
    if health(url) in ("green", "yellow"):
        return f"Elasticsearch already running at {url}"
    build_launcher(settings)
    started = time.monotonic()
    specs = node_specs(settings, nodes)
    processes = [(spec, launch(settings, spec)) for spec in specs]
    try:
        status = wait_for_health(specs[0].url, timeout_s, processes, nodes=nodes)
    except NodeError:
        stop_pids([spec.pid_file for spec in specs if spec.pid_file.exists()], 10)  # no half-started cluster
        raise
    pids = ", ".join(str(process.pid) for _, process in processes)
    where = specs[0].url if nodes == 1 else f"{specs[0].url} … {specs[-1].url} ({nodes} nodes)"
    return f"Elasticsearch {status} at {where} (pid {pids}, {time.monotonic() - started:.1f}s)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_pids(pid_files: list[Path], timeout_s: float) -> list[int]:
    """SIGTERM every node at once (a cluster's nodes stopped one by one wait on each other), then SIGKILL
    whichever is still there after `timeout_s`. Returns the pids that were running."""
    pids = []
    for pid_file in pid_files:
        pid = int(pid_file.read_text())
        pid_file.unlink(missing_ok=True)
        try:
            os.kill(pid, signal.SIGTERM)
            pids.append(pid)
        except ProcessLookupError:
            continue
    deadline = time.monotonic() + timeout_s
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.3)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it stopped on its own
    return pids


def stop_node(settings: Settings, timeout_s: float = 30) -> str:
    """Stop every node started from `node_dir` (the lone node and any cluster nodes)."""
    pid_files = sorted(settings.node_dir.glob("node.pid")) + sorted(settings.node_dir.glob("cluster/*/node.pid"))
    if not pid_files:
        url = es_urls(settings)[0]
        return "no dev node running" if health(url) is None else (
            f"a node answers at {url} but was not started here; leaving it alone"
        )
    stopped = stop_pids(pid_files, timeout_s)
    if not stopped:
        return "no dev node running (stale pid files removed)"
    return f"Elasticsearch stopped (pid {', '.join(map(str, stopped))})"
