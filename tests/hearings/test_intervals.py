"""The one reading of `--every` (pure), and the CLI refusing a bad one for both looping commands."""

import pytest

from hearings.intervals import interval_seconds
from web.cli import build_parser


@pytest.mark.parametrize(("text", "seconds"), [("30m", 1800), ("1h", 3600), ("2d", 172800), (" 10m ", 600)])
def test_an_interval_is_a_number_and_a_unit(text, seconds):
    assert interval_seconds(text) == seconds


@pytest.mark.parametrize("text", ["0m", "10", "1w", "m", "1.5h", "-1h", "9999999m"])
def test_anything_else_is_refused_by_name(text):
    with pytest.raises(ValueError, match="not an interval"):
        interval_seconds(text)


@pytest.mark.parametrize("command", [["sync", "--every"], ["alerts", "run", "--every"]])
def test_both_looping_commands_read_it_once(command, capsys):
    assert build_parser().parse_args([*command, "15m"]).every == 900
    with pytest.raises(SystemExit):
        build_parser().parse_args([*command, "15x"])
    assert "not an interval" in capsys.readouterr().err
