"""`hearings alerts export|delete|backup`: an address's data out and away, and an online copy of the store."""

from __future__ import annotations

import argparse
import json
import sqlite3

from alerts.commands import run_command
from alerts.store import AlertStore


def command(settings, action: str, target: str | None = None) -> int:
    return run_command(settings, argparse.Namespace(action=action, target=target, every=None))


def filled_store(settings) -> None:
    store = AlertStore(settings.alerts_db)
    with store.transaction():
        mine = store.ensure_address("aide@example.org")
        alert = store.add_alert(mine.id, "역학조사관", "q=%EC%97%AD", "email", "", "")
        store.start_alert(alert.id)
        store.record_sent(alert.id, ["t-1", "t-2"], None, listed=True)
        other = store.ensure_address("other@example.org")
        store.add_alert(other.id, "예산", "q=%EC%98%88", "email", "", "")
    store.close()


def test_export_then_delete_an_address_and_nothing_else(alert_settings, capsys):
    filled_store(alert_settings)
    assert command(alert_settings, "export", " Aide@EXAMPLE.org ") == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported["email"] == "aide@example.org"
    assert exported["alerts"][0]["turns_sent"] == ["t-1", "t-2"] and exported["alerts"][0]["state"] == "active"

    assert command(alert_settings, "delete", "aide@example.org") == 0
    assert "deleted aide@example.org: 1 alerts" in capsys.readouterr().out
    store = AlertStore(alert_settings.alerts_db)
    assert store.address_by_email("aide@example.org") is None and store.address_by_email("other@example.org")
    assert store.db.execute("SELECT count(*) FROM sent").fetchone()[0] == 0
    store.close()
    assert command(alert_settings, "export", "aide@example.org") == 1
    assert command(alert_settings, "delete", "not an address") == 2


def test_backup_is_a_consistent_copy_taken_while_the_store_is_open(alert_settings, tmp_path, capsys):
    filled_store(alert_settings)
    writer = AlertStore(alert_settings.alerts_db)
    writer.db.execute("BEGIN IMMEDIATE")  # a writer in the middle of a transaction: the copy does not wait for it
    writer.db.execute("UPDATE alerts SET label = 'half-written'")
    assert command(alert_settings, "backup", str(tmp_path / "copy.sqlite3")) == 0
    writer.db.execute("ROLLBACK")
    writer.close()
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    emails = sorted(r[0] for r in copy.execute("SELECT email FROM addresses"))
    assert emails == ["aide@example.org", "other@example.org"]
    assert "half-written" not in [r[0] for r in copy.execute("SELECT label FROM alerts")]
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()
    assert command(alert_settings, "backup") == 2
