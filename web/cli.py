"""The `hearings` command: run the dev node, ingest minutes, export, sync, alerts, serve the app.

It lives in the top layer, beside the app factory, because it composes every package below; the core
(`hearings/`) imports none of them. The eval, bench and generate commands belong to `bench/` (`python -m
bench`), which no product code imports: this command hands them over when bench/ is there."""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from pathlib import Path

from hearings.config import PROJECT_ROOT, Settings, get_settings
from hearings.intervals import interval_seconds


def cmd_start(settings: Settings, args: argparse.Namespace) -> int:
    from hearings.node import start_node

    print(start_node(settings, nodes=getattr(args, "nodes", 1)))
    return 0


def cmd_stop(settings: Settings, args: argparse.Namespace) -> int:
    from hearings.node import stop_node

    print(stop_node(settings))
    return 0


def cmd_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from elastic_transport import TransportError
    from elasticsearch import ApiError

    from hearings.analysis import get_analyzer
    from hearings.engine import make_client
    from hearings.index import ensure_indices
    from ingest.errors import BadInput
    from ingest.pipeline import format_summary, ingest_paths
    from ingest.roster import Roster
    from ingest.turn_columns import MappingError, TableLayout
    from ingest.writer_lock import BUSY_EXIT_CODE, WriterBusy, writer_lock

    roster_path = getattr(args, "roster", None) or settings.roster or _synced_roster(settings)
    try:
        roster = Roster.load(Path(roster_path)) if roster_path else None
        table = TableLayout.from_options(getattr(args, "columns", None), getattr(args, "preset", None))
    except (BadInput, MappingError) as error:  # a broken roster or mapping is a setup error: say so before indexing
        print(f"✗ {error}", file=sys.stderr)
        return 2
    try:
        with writer_lock(settings):  # held from the first write (--recreate) to the last
            client = make_client(settings)
            if args.recreate:
                ensure_indices(client, settings, recreate=True)
            analysers = getattr(args, "analysers", None)  # `hearings up` has no such option
            if analysers is not None:
                settings = settings.model_copy(update={"ingest_analysers": analysers})
            summary = ingest_paths(client, settings, get_analyzer(), [Path(p) for p in args.paths], roster=roster,
                                   replace=args.replace, table=table)
    except WriterBusy as error:
        print(f"✗ {error}", file=sys.stderr)
        return BUSY_EXIT_CODE
    except (TransportError, ApiError) as error:  # before any file is read: the engine is down or refuses
        print(f"✗ {_engine_failure(settings, error)}", file=sys.stderr)
        return ENGINE_DOWN_EXIT_CODE
    print(format_summary(summary))
    return 1 if summary.failed or summary.conflicts else 0


def cmd_reindex(settings: Settings, args: argparse.Namespace) -> int:
    """A new index version from the analysis store, no Kiwi (unless a meeting's analysis is outdated)."""
    from elastic_transport import TransportError
    from elasticsearch import ApiError

    from hearings.analysis import get_analyzer
    from hearings.engine import make_client
    from ingest.pipeline import analysis_store
    from ingest.reindex import format_reindex, reindex
    from ingest.writer_lock import BUSY_EXIT_CODE, WriterBusy, writer_lock

    try:
        with writer_lock(settings):  # no ingest or sync writes to the old version while the new one is built
            report = reindex(make_client(settings), settings, analysis_store(settings), get_analyzer,
                             drop_old=args.drop_old)
    except WriterBusy as error:
        print(f"✗ {error}", file=sys.stderr)
        return BUSY_EXIT_CODE
    except (TransportError, ApiError) as error:
        print(f"✗ {_engine_failure(settings, error)}", file=sys.stderr)
        return ENGINE_DOWN_EXIT_CODE
    print(format_reindex(report))
    return 0 if report.swapped else 1


ENGINE_DOWN_EXIT_CODE = 69  # EX_UNAVAILABLE (sysexits.h): a service the command needs is not there


def _engine_failure(settings: Settings, error: Exception) -> str:
    """One line for a batch command that cannot use the engine: where it asked and what came back."""
    from elasticsearch import ApiError

    where = f"the search engine at {settings.es_url}"
    if isinstance(error, ApiError):
        return f"{where} refused the request: {error.meta.status} {str(error.message)[:300]}"
    return (f"{where} is not answering ({type(error).__name__}); start it (hearings start) or set "
            "HEARINGS_ES_URL")


def _synced_roster(settings: Settings) -> Path | None:
    return settings.members_roster if settings.members_roster.exists() else None


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    """Every hit of a search to a file, with a progress bar and a manifest beside it; or, with --from-manifest,
    the export a manifest describes run again, saying whether the rows are the same."""
    import json
    import tempfile

    from tqdm import tqdm

    from search_api.backend import Backend
    from search_api.export import ExportError, request_from_manifest
    from search_api.export_formats import EXPORT_FORMATS, ExportParams

    service = Backend.from_settings(settings)  # the export the API streams, from the same code
    described = json.loads(Path(args.from_manifest).read_text("utf-8")) if args.from_manifest else None
    if described is None and not args.out:
        print("export needs --out FILE (or --from-manifest FILE)", file=sys.stderr)
        return 2
    try:
        if described is not None:
            args.format = described["format"] or args.format
            export = service.export_of(request_from_manifest(described))
        else:
            export = service.export(ExportParams(
                q=args.q, speaker=args.speaker, committee=args.committee, party=args.party, answers_to=args.answers_to,
                answered_by=args.answered_by, date_from=args.date_from, date_to=args.date_to,
                expand=not args.no_expand, format=args.format, columns=args.columns,
                stage_directions=args.stage_directions, rows="pairs" if args.pairs else "turns"))
        EXPORT_FORMATS[args.format].check(export)
    except ExportError as error:
        print(f"export refused: {error}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:  # a re-run without --out is checked, then dropped
        out = Path(args.out) if args.out else Path(scratch) / f"rerun.{args.format}"
        done = _write_export(export, args.format, out, tqdm)
        if done or described is None:
            return done
        return _compare_rows(described, export.manifest(export.written, args.format))


def _compare_rows(described: dict, now: dict) -> int:
    """0 when a re-run gave the very rows the manifest describes (row count and rows_sha256), 1 when not."""
    if not described.get("rows_sha256"):
        print("the manifest holds no rows_sha256 (written before checksums): rows not compared", file=sys.stderr)
        return 1
    if (now["rows"], now["rows_sha256"]) == (described["rows"], described["rows_sha256"]):
        print(f"rows identical: {now['rows']} rows, rows_sha256 {now['rows_sha256']}")
        return 0
    print(f"rows differ: the manifest has {described['rows']} rows (rows_sha256 {described['rows_sha256']}), "
          f"this run {now['rows']} (rows_sha256 {now['rows_sha256']}); index then {described.get('index')}, "
          f"now {now['index']}")
    return 1


def _write_export(export, fmt: str, out: Path, tqdm) -> int:
    """The file, written whole or not at all, and its manifest beside it with the file's SHA-256 and size."""
    import hashlib
    import json

    from search_api.export import ExportError
    from search_api.export_formats import EXPORT_FORMATS

    partial = out.with_name(out.name + ".partial")
    progress = tqdm(total=export.total, unit="row", desc=f"export {out.name}", file=sys.stderr)
    digest, size = hashlib.sha256(), 0
    try:
        with open(partial, "wb") as handle:
            for chunk in EXPORT_FORMATS[fmt].encode(export):
                handle.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                progress.update(export.written - progress.n)
    except (ExportError, OSError) as error:
        print(f"export failed, {partial} is incomplete: {error}", file=sys.stderr)
        return 1
    finally:
        progress.close()
    partial.replace(out)
    manifest = export.manifest(export.written, fmt) | {
        "state": "complete", "file": {"name": out.name, "bytes": size, "sha256": digest.hexdigest()}}
    Path(f"{out}.manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    print(f"{manifest['rows']} rows → {out} (manifest: {out}.manifest.json)")
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run("web.app:create_app", factory=True, host=args.host or settings.host,
                port=args.port or settings.port, workers=settings.workers, log_level="info")
    return 0


def cmd_up(settings: Settings, args: argparse.Namespace) -> int:
    """Everything a newcomer needs: node up, sample corpus indexed, app served."""
    from ingest.writer_lock import BUSY_EXIT_CODE

    cmd_start(settings, args)
    # The shared corpus sits beside the clone in this workplace; elsewhere the copy in tests/corpus serves.
    corpus = settings.corpus_dir if settings.corpus_dir.exists() else PROJECT_ROOT / "tests" / "corpus"
    args.paths, args.recreate, args.replace = [str(corpus)], False, False
    args.roster = settings.roster or PROJECT_ROOT / "examples" / "roster.csv"  # party facet for the sample
    status = cmd_ingest(settings, args)
    if status == BUSY_EXIT_CODE:
        print("another ingest or sync is writing (see above); serving what is indexed", file=sys.stderr)
    elif status:
        print("some files failed to ingest (see above); serving what was indexed", file=sys.stderr)
    return cmd_serve(settings, args)


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    """Snapshot the indices into the filesystem repository, or list the snapshots there."""
    from hearings.backup import BackupError, backup, list_backups
    from hearings.engine import make_client

    client = make_client(settings)
    if args.list:
        for snapshot in list_backups(client):
            print(f"{snapshot['snapshot']}\t{snapshot['state']}\t{snapshot['started']}\t{','.join(snapshot['indices'])}")
        return 0
    try:
        done = backup(client, settings, args.name)
    except BackupError as error:
        print(f"✗ {error}", file=sys.stderr)
        return 1
    print(f"snapshot {done['snapshot']}: {', '.join(done['indices'])} ({done['documents']:,} documents)")
    return 0


def cmd_restore(settings: Settings, args: argparse.Namespace) -> int:
    from hearings.backup import BackupError, restore
    from hearings.engine import make_client
    from ingest.writer_lock import BUSY_EXIT_CODE, WriterBusy, writer_lock

    try:
        with writer_lock(settings):  # a restore rewrites the indices and their aliases: no ingest or sync meanwhile
            done = restore(make_client(settings), settings, args.name, replace=args.replace)
    except WriterBusy as error:
        print(f"✗ {error}", file=sys.stderr)
        return BUSY_EXIT_CODE
    except BackupError as error:
        print(f"✗ {error}", file=sys.stderr)
        return 1
    print(f"restored {done['snapshot']}: {', '.join(done['indices'])} ({done['documents']:,} documents)")
    return 0


def _assembly_client(settings: Settings):
    from ingest.open_assembly import OpenAssemblyClient

    return OpenAssemblyClient.from_settings(settings)


def _sync_once(settings: Settings, args: argparse.Namespace) -> int:
    from contextlib import nullcontext
    from datetime import date, timedelta

    from hearings.engine import make_client
    from ingest.open_assembly import KeyRefused, ServiceError
    from ingest.sync import KINDS, run_sync
    from ingest.writer_lock import BUSY_EXIT_CODE, WriterBusy, writer_lock

    if not settings.assembly_api_key:
        print("no HEARINGS_ASSEMBLY_API_KEY: the open data service gives only 5 rows of each list without a key; "
              "syncing those (get a key at open.assembly.go.kr)", file=sys.stderr)
    from ingest.errors import BadInput
    from ingest.roster import Roster

    # Worked out on every run: a loop (--every) must not keep the first run's window and grow it daily.
    since = date.fromisoformat(args.since) if args.since else date.today() - timedelta(days=7)
    until = date.fromisoformat(args.until) if args.until else date.today()
    if until < since:
        print(f"✗ --until {until} is before --since {since}", file=sys.stderr)
        return 2
    roster_path = settings.roster or _synced_roster(settings)
    try:
        roster = Roster.load(Path(roster_path)) if roster_path else None
    except BadInput as error:
        print(f"✗ {error}", file=sys.stderr)
        return 2
    kinds = args.kind or list(KINDS)
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        print(f"✗ unknown --kind {', '.join(unknown)}; one of {' '.join(KINDS)}", file=sys.stderr)
        return 2
    api = _assembly_client(settings)
    # The lock is taken for each write only, never while waiting on the service: an ingest can go meanwhile.
    # A dry run writes nothing and needs none.
    lock = nullcontext if args.dry_run else (lambda: writer_lock(settings, wait_s=settings.sync_lock_wait_s))
    try:
        report = run_sync(make_client(settings), settings, api, None, kinds, args.term, since, until,
                          dry_run=args.dry_run, roster=roster, write_lock=lock)
    except WriterBusy as error:
        print(f"✗ {error}", file=sys.stderr)
        return BUSY_EXIT_CODE
    except KeyRefused as error:
        print(f"✗ the open data service refused the key ({error}); check HEARINGS_ASSEMBLY_API_KEY", file=sys.stderr)
        return 2
    except ServiceError as error:
        print(f"✗ the open data service refused the request: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 — the engine down, a bug: one line, never a traceback mid-run
        print(f"✗ sync failed: {type(error).__name__}: {str(error)[:300]}", file=sys.stderr)
        return 1
    finally:
        api.close()
    if args.dry_run:
        for item in report.planned:
            print(f"would fetch {item.confer_num}\t{item.date}\t{item.kind}\t{item.title}")
        print(f"{len(report.planned)} of {report.listed} listed meetings would be fetched")
        return 0
    print(report.table())
    return 0 if report.ok else 1


def _sync_members(settings: Settings, args: argparse.Namespace) -> int:
    from ingest.members import member_roll, write_roster
    from ingest.open_assembly import ServiceError

    if not settings.assembly_api_key:
        # Without a key the service lists 5 members: a roster of 5 would take every other member's party.
        print("✗ `hearings sync members` needs HEARINGS_ASSEMBLY_API_KEY (without one the service lists only 5 "
              "members); the roster is left as it is", file=sys.stderr)
        return 2
    api = _assembly_client(settings)
    try:
        roll = member_roll(api, args.member_term or [args.term])
    except ServiceError as error:
        print(f"✗ the open data service refused the request: {error}", file=sys.stderr)
        return 2
    finally:
        api.close()
    for reason in roll.skipped:
        print(f"✗ {reason}", file=sys.stderr)
    if not roll.rows:
        print("✗ the member roll came back empty; the roster is left as it is", file=sys.stderr)
        return 1
    write_roster(roll.rows, settings.members_roster)
    print(f"{len(roll.rows)} members written to {settings.members_roster} ({len(roll.skipped)} skipped); "
          "ingest and sync now give turns their party and member code from it")
    return 0


def cmd_sync(settings: Settings, args: argparse.Namespace) -> int:
    """Minutes (or, with `members`, the member roll) from the Assembly's open data service."""
    import time

    if args.what == "members":
        return _sync_members(settings, args)
    if not args.every:
        return _sync_once(settings, args)
    seconds = args.every
    while True:  # a loop for a container; a cron or systemd timer line is in the README
        try:
            _sync_once(settings, args)
        except Exception as error:  # noqa: BLE001 — one bad run must not end the loop (or restart-loop it)
            print(f"✗ sync run failed: {type(error).__name__}: {error}", file=sys.stderr)
        time.sleep(seconds)


def cmd_alerts(settings: Settings, args: argparse.Namespace) -> int:
    """Saved-search alerts: send the digests, or an address's data out or away, or back up the store."""
    from alerts.commands import run_command

    return run_command(settings, args)


def _interval(text: str) -> int:
    try:
        return interval_seconds(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _iso_day(text: str) -> str:
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from error
    return text


def build_parser() -> argparse.ArgumentParser:
    from ingest.turn_columns import PRESETS
    from search_api.export_formats import EXPORT_FORMATS

    parser = argparse.ArgumentParser(prog="hearings", description="국회 회의록 search engine")
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="start the dev Elasticsearch node (or reuse a running one)")
    start.add_argument("--nodes", type=int, default=1, choices=range(1, 10), metavar="N",
                       help="start a local cluster of N nodes on consecutive ports (HEARINGS_ES_URL should then "
                            "list them, e.g. http://127.0.0.1:9200,http://127.0.0.1:9201,http://127.0.0.1:9202)")
    commands.add_parser("stop", help="stop the dev Elasticsearch node (or cluster) started by `start`")
    ingest = commands.add_parser("ingest", help="parse and index minutes files or folders")
    ingest.add_argument("paths", nargs="+", help="files or folders of minutes (TXT, HWP, PDF, ...)")
    ingest.add_argument("--recreate", action="store_true", help="drop and recreate the indices first")
    ingest.add_argument("--replace", action="store_true",
                        help="let a copy replace the indexed one even when it has fewer turns or much less text "
                             "(otherwise reported as a conflict, and the indexed copy is kept)")
    ingest.add_argument("--roster", default=None, help="members roster CSV giving turns a party (see ingest/roster.py)")
    ingest.add_argument("--columns", default=None,
                        help="read .csv/.xlsx/.parquet files as tables of speaker turns with these columns: "
                             "speaker=…,text=…,date=…,committee=…[,order=…,member_id=…,role=…,label=…,meeting=…,"
                             "session=…] (see ingest/turn_columns.py)")
    ingest.add_argument("--preset", default=None, choices=sorted(PRESETS),
                        help="a named column layout for tables of turns (open-assembly: the Assembly's open data "
                             "export); --columns overrides single keys")
    ingest.add_argument("--analysers", type=int, default=None, metavar="N",
                        help="analyser processes (default HEARINGS_INGEST_ANALYSERS; 0: Kiwi in this process)")
    rebuild = commands.add_parser("reindex", help="build the index anew from the analysis store (no Kiwi), then swap")
    rebuild.add_argument("--drop-old", action="store_true", help="delete the indices the aliases leave")
    export = commands.add_parser("export", help="export every hit of a search (CSV, JSONL, Parquet, XLSX)")
    export.add_argument("--q", default="", help="query, as in the search box")
    export.add_argument("--speaker", action="append", default=[])
    export.add_argument("--committee", action="append", default=[])
    export.add_argument("--party", action="append", default=[])
    export.add_argument("--answers-to", action="append", default=[], help="answers given to this member (name or code)")
    export.add_argument("--answered-by", action="append", default=[], help="answers of this body (답변 기관)")
    export.add_argument("--pairs", action="store_true",
                        help="one row per question → answer pair (the search selects the answers)")
    export.add_argument("--date-from", default=None)
    export.add_argument("--date-to", default=None)
    export.add_argument("--format", choices=list(EXPORT_FORMATS), default="csv")
    export.add_argument("--columns", default=None, help="comma-separated columns (default: all)")
    export.add_argument("--stage-directions", action="store_true", help="keep stage directions in the text")
    export.add_argument("--no-expand", action="store_true",
                        help="search the words typed only, not their other names (형소법 → 형사소송법)")
    export.add_argument("--out", default=None, help="output file; FILE.manifest.json is written beside it")
    export.add_argument("--from-manifest", default=None, metavar="FILE",
                        help="re-run the export a manifest describes and report whether the rows are identical "
                             "(exit 1 if not); the other search options are ignored")
    backup = commands.add_parser("backup", help="snapshot the indices into the filesystem repository")
    backup.add_argument("--name", default=None, help="snapshot name (default: hearings-YYYYMMDD-HHMMSS)")
    backup.add_argument("--list", action="store_true", help="list the snapshots instead")
    restore = commands.add_parser("restore", help="restore the indices and aliases of a snapshot")
    restore.add_argument("name", help="snapshot name (see `hearings backup --list`)")
    restore.add_argument("--replace", action="store_true", help="delete the indices it holds if they exist")
    sync = commands.add_parser("sync", help="fetch new and changed minutes (or the member roll) from the Assembly's "
                                            "open data service")
    sync.add_argument("what", nargs="?", choices=["minutes", "members"], default="minutes")
    sync.add_argument("--member-term", type=int, action="append", default=[],
                      help="with `members`: terms whose members to fetch (repeat; default --term)")
    sync.add_argument("--since", default=None, type=_iso_day,
                      help="first sitting day to list (YYYY-MM-DD; default 7 days before each run)")
    sync.add_argument("--until", default=None, type=_iso_day,
                      help="last sitting day to list (YYYY-MM-DD; default today), e.g. to backfill month by month")
    sync.add_argument("--term", type=int, default=22, help="Assembly term (대), default 22")
    sync.add_argument("--kind", action="append", default=[],
                      help="본회의 위원회 국정감사 인사청문회 국정조사 공청회 소위원회 특별위원회 예결특위 (repeat)")
    sync.add_argument("--dry-run", action="store_true", help="list what would be fetched, fetch nothing")
    sync.add_argument("--every", default=None, type=_interval, help="run again every interval, e.g. 1h, 30m, 1d")
    alerts = commands.add_parser("alerts", help="alerts: send digests (run), show what was not delivered (status), "
                                                "export or delete an address's data, back up the alerts store")
    alerts.add_argument("action", choices=["run", "status", "export", "delete", "backup"])
    alerts.add_argument("target", nargs="?", help="export/delete: the e-mail address; backup: the file to write")
    alerts.add_argument("--every", default=None, type=_interval,
                        help="with run: run again every interval, e.g. 10m, 1h (a loop)")
    for name, help_text in BENCH_COMMANDS.items():  # run from a clone: bench/ is not installed with the app
        commands.add_parser(name, help=help_text, add_help=False).add_argument("rest", nargs=argparse.REMAINDER)
    for name, help_text in (("serve", "serve the web app and JSON API"),
                            ("up", "start the node, ingest the sample corpus, serve the app")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--host", default=None)
        sub.add_argument("--port", type=int, default=None)
    return parser


BENCH_COMMANDS = {"eval": "relevance and quote-check evaluation vs. baselines (bench/; from a clone)",
                  "bench": "benchmarks with same-run baselines, appended to BENCHMARKS.md (bench/; from a clone)",
                  "generate": "write a synthetic corpus, minutes files or JSON Lines (bench/; from a clone)"}


def cmd_bench_tool(settings: Settings, args: argparse.Namespace) -> int:
    """`hearings eval|bench|generate`: handed to `python -m bench`, which the app never imports. An
    installation without bench/ (the Docker image) says where to run them instead of failing on an import."""
    if importlib.util.find_spec("bench") is None:
        print(f"`hearings {args.command}` runs from a clone of the repository (bench/ is not installed here): "
              f"python -m bench {args.command} …", file=sys.stderr)
        return 2
    return subprocess.call([sys.executable, "-m", "bench", args.command, *args.rest])


COMMANDS = {"start": cmd_start, "stop": cmd_stop, "ingest": cmd_ingest, "reindex": cmd_reindex,
            "export": cmd_export, "serve": cmd_serve,
            "up": cmd_up, "backup": cmd_backup, "restore": cmd_restore, "sync": cmd_sync, "alerts": cmd_alerts,
            **dict.fromkeys(BENCH_COMMANDS, cmd_bench_tool)}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](get_settings(), args)


if __name__ == "__main__":
    sys.exit(main())
