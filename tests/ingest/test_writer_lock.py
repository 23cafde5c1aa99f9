"""One writer per index alias: a second `hearings ingest` or `hearings sync` on the same alias is refused at
once, naming the lock file and the holder's pid; another alias is not blocked; the lock goes with its holder
however it ends (return, exception, kill -9)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hearings.index import meetings_spec, turns_spec
from ingest.writer_lock import BUSY_EXIT_CODE, WriterBusy, lock_path, writer_lock

PROJECT = Path(__file__).resolve().parents[2]
MEETING = {"committee": "법제사법위원회", "date": "2022-10-06", "session": 400, "meeting_number": 3,
           "turns": [{"speaker": "홍길동", "role": "위원", "text": "한 번에 한 쓰기만 합니다."}]}


def _aliases(settings) -> tuple[str, str]:
    base = settings.index_alias.replace("-turns", "")  # "turns" must stay in the alias: meetings' alias is made from it
    return f"{base}-writer-turns", f"{base}-writer-other-turns"


def _env(settings, tmp_path: Path, alias: str, es_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEARINGS_")}
    return env | {"HEARINGS_ES_URL": es_url or settings.es_url, "HEARINGS_INDEX_ALIAS": alias,
                  "HEARINGS_LOCKS_DIR": str(tmp_path / "locks"), "HEARINGS_ES_TIMEOUT_S": "300",
                  "HEARINGS_MEMBERS_ROSTER": str(tmp_path / "no-roster.csv"),
                  "HEARINGS_ASSEMBLY_API_URL": "http://127.0.0.1:9/openapi"}  # never reached: refused first


def _hearings(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "web.cli", *args], cwd=PROJECT, env=env, capture_output=True,
                          text=True, timeout=300)


def _wait_for_holder(path: Path, holder: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not (path.exists() and path.read_text().strip() == str(holder.pid)):
        assert holder.poll() is None, holder.communicate()
        assert time.monotonic() < deadline, "the first writer never took the lock"
        time.sleep(0.1)


# -- in one process: the context manager ---------------------------------------------------------------------


def test_the_lock_is_released_when_the_block_raises_and_names_its_holder(settings, tmp_path):
    local = settings.model_copy(update={"locks_dir": tmp_path, "index_alias": "a-turns"})
    with pytest.raises(RuntimeError, match="a bug"), writer_lock(local):
        raise RuntimeError("a bug")
    with writer_lock(local) as path:
        assert path == lock_path(local) and path.read_text() == f"{os.getpid()}\n"
        with pytest.raises(WriterBusy) as busy:  # flock: another open of the same file is another writer
            with writer_lock(local):
                pass
        assert f"pid {os.getpid()}" in str(busy.value) and str(path) in str(busy.value)
        with writer_lock(local.model_copy(update={"index_alias": "b-turns"})):
            pass  # another alias is another lock
    assert path.read_text() == ""  # no pid left behind to mislead


# -- two real processes ----------------------------------------------------------------------------------------


@pytest.mark.es
def test_a_second_writer_on_the_same_alias_is_refused_at_once(settings, es_client, tmp_path):
    alias, other = _aliases(settings)
    source = tmp_path / "meeting.jsonl"
    source.write_text(json.dumps(MEETING, ensure_ascii=False) + "\n", "utf-8")
    silent = socket.socket()  # an engine that never answers: the first writer holds the lock while it waits
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    stuck = _env(settings, tmp_path, alias, es_url=f"http://127.0.0.1:{silent.getsockname()[1]}")
    holder = subprocess.Popen([sys.executable, "-m", "web.cli", "ingest", str(source)], cwd=PROJECT, env=stuck,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    path = lock_path(settings.model_copy(update={"locks_dir": tmp_path / "locks", "index_alias": alias}))
    try:
        _wait_for_holder(path, holder)
        same = _env(settings, tmp_path, alias)
        started = time.monotonic()
        ingest = _hearings(same, "ingest", str(source))
        assert time.monotonic() - started < 30  # at once: no waiting on the other writer
        sync = _hearings(same, "sync", "--since", "2024-01-01")
        restore = _hearings(same, "restore", "hearings-any", "--replace")  # rewrites indices and aliases too
        for refused in (ingest, sync, restore):
            assert refused.returncode == BUSY_EXIT_CODE, refused.stderr
            assert f"pid {holder.pid}" in refused.stderr and str(path) in refused.stderr
        assert ingest.stdout == ""  # no summary: nothing was indexed

        elsewhere = _hearings(_env(settings, tmp_path, other), "ingest", str(source))
        assert elsewhere.returncode == 0 and "1 indexed" in elsewhere.stdout, elsewhere.stderr  # not blocked
        assert holder.poll() is None  # …while the first writer still holds its own

        holder.send_signal(signal.SIGKILL)  # no clean-up at all: the kernel lets go of the lock
        holder.wait(timeout=30)
        after = _hearings(same, "ingest", str(source))
        assert after.returncode == 0, after.stderr
        with writer_lock(settings.model_copy(update={"locks_dir": tmp_path / "locks", "index_alias": alias})):
            pass  # and the CLI that just finished let go of it too
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        silent.close()
        for name in (alias, other):
            local = settings.model_copy(update={"index_alias": name})
            es_client.options(ignore_status=404).indices.delete(
                index=[turns_spec(local).concrete_name, meetings_spec(local).concrete_name])
