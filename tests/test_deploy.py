"""The Docker image starts: its files, built into a wheel and installed with the pinned set, serve the app.

No Docker engine here, so the image is reproduced: the paths the Dockerfile COPYs (and nothing else) go
into a temporary build folder, `pip wheel` builds the package there, a clean virtualenv installs it with
constraints.txt as the Dockerfile does, and `hearings serve` runs from that virtualenv with the Dockerfile's
ENV. The home page and static files need no Elasticsearch, so the engine URL points at a closed port.
Marked `deploy` (slow: about a minute with pip's cache warm); deselect with `-m "not deploy"`.
"""

from __future__ import annotations

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


def build_context(build_dir: Path) -> tuple[PurePosixPath, dict[str, str]]:
    """Copies what the Dockerfile COPYs into build_dir (its WORKDIR); returns WORKDIR and the ENV it sets."""
    workdir, env = PurePosixPath("/"), {}
    for instruction, arguments in dockerfile_instructions(DOCKERFILE.read_text()):
        if instruction == "WORKDIR":
            workdir = workdir / arguments
        elif instruction == "ENV":
            key, _, value = arguments.partition("=")
            env[key.strip()] = value.strip()
        elif instruction == "COPY":
            *sources, dest = [word for word in shlex.split(arguments) if not word.startswith("--")]
            copy_into(build_dir, workdir, sources, dest)
    return workdir, env


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


@pytest.fixture(scope="module")
def installed_image(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A clean virtualenv holding the wheel built from the Dockerfile's files; the ENV those files run with."""
    base = tmp_path_factory.mktemp("deploy")
    build_dir, dist, venv = base / "app", base / "dist", base / "venv"
    workdir, dockerfile_env = build_context(build_dir)
    pip_env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", dist, build_dir], env=pip_env)
    run([sys.executable, "-m", "venv", venv])
    wheel = next(dist.glob("hearings-*.whl"))
    run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--constraint", CONSTRAINTS, wheel],
        env=pip_env, cwd=base)
    # The image's paths under WORKDIR are the build folder's here.
    env = {key: value.replace(str(workdir), str(build_dir)) for key, value in dockerfile_env.items()}
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
