"""The Docker image starts: its files, built into a wheel and installed with the pinned set, serve the app.

No Docker engine here, so the image is reproduced: the paths the Dockerfile COPYs (and nothing else) go
into a temporary build folder, `pip wheel` builds the package there, a clean virtualenv installs it with
constraints.txt as the Dockerfile does, and `hearings serve` runs from that virtualenv with the Dockerfile's
ENV. The home page and static files need no Elasticsearch, so the engine URL points at a closed port.
Marked `deploy` (slow: about a minute with pip's cache warm); deselect with `-m "not deploy"`.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
CONSTRAINTS = ROOT / "constraints.txt"

pytestmark = pytest.mark.deploy


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    lines = (line.strip() for line in joined.splitlines())
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines if line and line[0] != "#"]


@dataclass
class Stage:
    """One FROM of the Dockerfile: its name, WORKDIR, ENV and RUN commands."""

    name: str
    workdir: PurePosixPath = PurePosixPath("/")
    env: dict[str, str] = field(default_factory=dict)
    runs: list[str] = field(default_factory=list)


def dockerfile_stages(text: str) -> list[Stage]:
    stages: list[Stage] = []
    for instruction, arguments in dockerfile_instructions(text):
        if instruction == "FROM":
            words = arguments.split()
            stages.append(Stage(words[-1] if len(words) > 2 and words[-2].upper() == "AS" else str(len(stages))))
        elif instruction == "WORKDIR":
            stages[-1].workdir = stages[-1].workdir / arguments
        elif instruction == "ENV":
            key, _, value = arguments.partition("=")
            stages[-1].env[key.strip()] = value.strip()
        elif instruction == "RUN":
            stages[-1].runs.append(arguments)
    return stages


def build_context(base: Path) -> dict[str, tuple[Path, Stage]]:
    """Copies what each stage COPYs from the build context into base/<stage> (its WORKDIR); a COPY --from
    another stage is what this test makes itself (the wheel). Returns each stage's folder and its Stage."""
    stages, folders, current = dockerfile_stages(DOCKERFILE.read_text()), {}, -1
    for instruction, arguments in dockerfile_instructions(DOCKERFILE.read_text()):
        if instruction == "FROM":
            current += 1
            stage = stages[current]
            folders[stage.name] = (base / stage.name, stage)
            folders[stage.name][0].mkdir(parents=True)
        elif instruction == "COPY" and "--from=" not in arguments:
            *sources, dest = [word for word in shlex.split(arguments) if not word.startswith("--")]
            copy_into(folders[stages[current].name][0], stages[current].workdir, sources, dest)
    return folders


def copy_into(build_dir: Path, workdir: PurePosixPath, sources: list[str], dest: str) -> None:
    target = (workdir / dest).relative_to(workdir)  # the image's files outside WORKDIR are not the package's
    into_folder = dest.endswith("/") or len(sources) > 1
    for source in sources:
        origin = ROOT / source
        destination = build_dir / target / origin.name if into_folder else build_dir / target
        if origin.is_dir():
            shutil.copytree(origin, destination, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, destination)


def run(command: list[str | Path], **kwargs) -> None:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    output = result.stdout[-3000:] + result.stderr[-3000:]
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{output}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("content-type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("content-type", ""), error.read()


def wait_for_home(url: str, server: subprocess.Popen, log: Path, timeout_s: float = 180) -> tuple[int, str, bytes]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"`hearings serve` exited with {server.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            return get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail(f"`hearings serve` did not answer within {timeout_s:.0f} s:\n{log.read_text(errors='replace')[-4000:]}")


def wheel_stage(folders: dict[str, tuple[Path, Stage]]) -> Path:
    (folder,) = [folder for folder, stage in folders.values() if any("pip wheel" in run for run in stage.runs)]
    return folder


@pytest.fixture(scope="module")
def installed_image(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A clean virtualenv holding the wheel built from the Dockerfile's files; the ENV those files run with."""
    base = tmp_path_factory.mktemp("deploy")
    dist, venv = base / "dist", base / "venv"
    folders = build_context(base / "stages")
    runtime_dir, runtime = list(folders.values())[-1]
    pip_env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", dist, wheel_stage(folders)],
        env=pip_env)
    run([sys.executable, "-m", "venv", venv])
    wheel = next(dist.glob("hearings-*.whl"))
    run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--constraint", CONSTRAINTS, wheel],
        env=pip_env, cwd=base)
    # The image's paths under the runtime's WORKDIR are its folder here.
    env = {key: value.replace(str(runtime.workdir), str(runtime_dir)) for key, value in runtime.env.items()}
    return venv, env


@pytest.fixture(scope="module")
def served(installed_image, tmp_path_factory):
    venv, dockerfile_env = installed_image
    home = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HEARINGS_", "PYTHON", "COVERAGE"))}
    env.update(dockerfile_env, HEARINGS_ES_URL=f"http://127.0.0.1:{free_port()}")  # nothing listens there
    log = home / "serve.log"
    with open(log, "wb") as output:
        # cwd outside the clone: only what the wheel installed can be imported
        server = subprocess.Popen([venv / "bin" / "hearings", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                  cwd=home, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        base_url = f"http://127.0.0.1:{port}"
        yield base_url, wait_for_home(base_url + "/", server, log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_dockerfile_installs_the_pinned_dependency_set():
    runs = [arguments for instruction, arguments in dockerfile_instructions(DOCKERFILE.read_text())
            if instruction == "RUN" and "pip install" in arguments]
    assert runs and all(re.search(r"(-c|--constraint)\s+constraints\.txt", command) for command in runs), runs


def test_installed_image_serves_the_search_page(served):
    _, (status, content_type, body) = served
    page = body.decode("utf-8")
    assert status == 200, page[-2000:]
    assert content_type.startswith("text/html")
    assert 'id="search-form"' in page and 'name="q"' in page


def test_installed_image_serves_the_static_files_the_page_links(served):
    base_url, (_, _, body) = served
    links = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', body.decode("utf-8"))))
    assert links, "the search page links no /static/ files"
    for link in links:
        status, _, content = get(base_url + link)
        assert status == 200 and content, link


# Dependencies only a test run or a lint needs. hanja declared pytest, pytest-cov and coveralls as install
# requirements, which put them in the image; the `test` extra must never be installed there either.
TEST_TOOLS = {"pytest", "pytest-cov", "pytest-timeout", "coverage", "coveralls", "ruff", "playwright", "schemathesis",
              "hypothesis", "aiosmtpd", "feedparser"}


def test_installed_image_carries_no_test_tools(installed_image):
    venv, _ = installed_image
    listed = subprocess.run([venv / "bin" / "python", "-m", "pip", "list", "--format", "json"],
                            capture_output=True, text=True, check=True).stdout
    installed = {package["name"].lower() for package in json.loads(listed)}
    assert "hearings" in installed
    assert not installed & TEST_TOOLS, sorted(installed & TEST_TOOLS)


def test_the_image_runs_as_an_unprivileged_user():
    instructions = dockerfile_instructions(DOCKERFILE.read_text())
    last_from = max(i for i, (instruction, _) in enumerate(instructions) if instruction == "FROM")
    users = [arguments for instruction, arguments in instructions[last_from:] if instruction == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), users


def test_every_command_of_the_installed_image_answers_without_an_import_error(installed_image, tmp_path):
    """The image carries no bench/: its eval, bench and generate say where they run instead of crashing."""
    venv, dockerfile_env = installed_image
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HEARINGS_", "PYTHON"))}
    env.update(dockerfile_env)

    def hearings(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([venv / "bin" / "hearings", *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=120)

    commands = re.search(r"\{([a-z,]+)\}", hearings("--help").stdout).group(1).split(",")
    assert {"ingest", "export", "serve", "eval", "bench", "generate"} <= set(commands)
    for command in set(commands) - {"eval", "bench", "generate"}:
        helped = hearings(command, "--help")
        assert helped.returncode == 0 and "Traceback" not in helped.stderr, (command, helped.stderr[-500:])
    for command in ("eval", "bench", "generate"):
        refused = hearings(command)
        assert refused.returncode == 2 and "python -m bench" in refused.stderr, (command, refused.stderr[-500:])
        assert "Traceback" not in refused.stderr and "ModuleNotFoundError" not in refused.stderr
