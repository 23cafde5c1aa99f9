"""`.ci/run` waits for another apt run's lock instead of failing at once.

The function is run for real with a stand-in `apt-get` first on PATH (the machine's apt is shared, so
its lock is not taken here): busy twice, then done.
"""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CI_RUN = ROOT / ".ci" / "run"

FAKE_APT = """#!/usr/bin/env bash
echo "$*" >> "$CALLS"
count=$(wc -l < "$CALLS")
if [ "$count" -le "$BUSY" ]; then
  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
  exit 100
fi
[ "$FAIL" = 1 ] && { echo "E: Unable to locate package nosuch" >&2; exit 100; }
exit 0
"""


def apt_wait_function() -> str:
    match = re.search(r"^apt_wait\(\) \{\n.*?^\}\n", CI_RUN.read_text(), re.S | re.M)
    assert match, "no apt_wait function in .ci/run"
    return match.group()


def run_apt_wait(tmp_path: Path, busy: int, fail: bool = False) -> tuple[subprocess.CompletedProcess, list[str]]:
    (tmp_path / "apt-get").write_text(FAKE_APT)
    (tmp_path / "apt-get").chmod(0o755)
    calls = tmp_path / "calls"
    calls.touch()
    script = apt_wait_function() + "apt_wait install -y -qq docker-compose\n"
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env={
        "PATH": f"{tmp_path}:/usr/bin:/bin", "CALLS": str(calls), "BUSY": str(busy), "FAIL": "1" if fail else "0",
        "APT_RETRY_S": "0"})
    return result, calls.read_text().splitlines()


def test_every_apt_get_in_ci_goes_through_the_waiting_function():
    lines = [line.strip() for line in CI_RUN.read_text().splitlines() if "apt-get" in line and not line.strip()
             .startswith("#")]
    assert lines and all("DPkg::Lock::Timeout=" in line for line in lines), lines
    assert not re.search(r"^apt-get", CI_RUN.read_text(), re.M)


def test_a_held_lock_is_waited_for(tmp_path):
    result, calls = run_apt_wait(tmp_path, busy=2)
    assert result.returncode == 0, result.stderr
    assert len(calls) == 3 and all(call.startswith("-o DPkg::Lock::Timeout=300 install") for call in calls)
    assert result.stderr.count("apt is busy") == 2


def test_another_apt_error_fails_at_once_with_its_message(tmp_path):
    result, calls = run_apt_wait(tmp_path, busy=0, fail=True)
    assert result.returncode == 1 and len(calls) == 1
    assert "Unable to locate package nosuch" in result.stderr
