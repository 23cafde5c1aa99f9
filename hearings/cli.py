"""The `hearings` command: run the dev node, ingest minutes, serve the app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hearings.config import Settings, get_settings


def cmd_start(settings: Settings, args: argparse.Namespace) -> int:
    from hearings.node import start_node

    print(start_node(settings))
    return 0


def cmd_stop(settings: Settings, args: argparse.Namespace) -> int:
    from hearings.node import stop_node

    print(stop_node(settings))
    return 0


def cmd_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from hearings.analysis import get_analyzer
    from hearings.index import ensure_indices, make_client
    from ingest.pipeline import format_summary, ingest_paths

    client = make_client(settings)
    if args.recreate:
        ensure_indices(client, settings, recreate=True)
    summary = ingest_paths(client, settings, get_analyzer(), [Path(p) for p in args.paths])
    print(format_summary(summary))
    return 1 if summary.failed else 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run("search_api.app:create_app", factory=True, host=args.host or settings.host,
                port=args.port or settings.port, log_level="info")
    return 0


def cmd_up(settings: Settings, args: argparse.Namespace) -> int:
    """Everything a newcomer needs: node up, sample corpus indexed, app served."""
    cmd_start(settings, args)
    args.paths, args.recreate = [str(settings.corpus_dir)], False
    status = cmd_ingest(settings, args)
    if status:
        print("some files failed to ingest (see above); serving what was indexed", file=sys.stderr)
    return cmd_serve(settings, args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hearings", description="국회 회의록 search engine")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("start", help="start the dev Elasticsearch node (or reuse a running one)")
    commands.add_parser("stop", help="stop the dev Elasticsearch node started by `start`")
    ingest = commands.add_parser("ingest", help="parse and index minutes files or folders")
    ingest.add_argument("paths", nargs="+", help="files or folders of minutes (TXT, HWP, PDF, ...)")
    ingest.add_argument("--recreate", action="store_true", help="drop and recreate the indices first")
    for name, help_text in (("serve", "serve the web app and JSON API"),
                            ("up", "start the node, ingest the sample corpus, serve the app")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--host", default=None)
        sub.add_argument("--port", type=int, default=None)
    return parser


COMMANDS = {"start": cmd_start, "stop": cmd_stop, "ingest": cmd_ingest, "serve": cmd_serve, "up": cmd_up}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](get_settings(), args)


if __name__ == "__main__":
    sys.exit(main())
