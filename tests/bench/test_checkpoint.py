"""The bench keeps each measurement on disk as soon as it is taken, and a resumed run reuses it."""

from bench.performance import _Checkpoint


def test_a_resumed_run_reuses_recorded_steps_and_measures_the_rest(tmp_path):
    path = tmp_path / "measurements.json"
    first = _Checkpoint(path, resume=False)
    assert first.step("ingest", lambda: (12.5, 2048)) == (12.5, 2048)

    def failing():
        raise RuntimeError("force-merge timed out")

    try:
        first.step("index cost", failing)
    except RuntimeError:
        pass

    calls = []
    resumed = _Checkpoint(path, resume=True)
    assert resumed.step("ingest", lambda: calls.append("ingest") or (0, 0)) == [12.5, 2048]
    assert resumed.step("index cost", lambda: calls.append("index cost") or {"ratio": 2.1}) == {"ratio": 2.1}
    assert calls == ["index cost"]


def test_a_fresh_run_measures_again(tmp_path):
    path = tmp_path / "measurements.json"
    _Checkpoint(path, resume=False).step("ingest", lambda: 1)
    assert _Checkpoint(path, resume=False).step("ingest", lambda: 2) == 2
