"""The evaluation and benchmark commands (`python -m bench eval|bench|generate`, also reached as `hearings eval`
…): they read tests/corpus and write BENCHMARKS.md, so they run from a clone, never from the installed app."""

from __future__ import annotations

import argparse
from pathlib import Path

from hearings.config import PROJECT_ROOT, Settings, get_settings


def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    """Relevance of the product vs. a standard-analyzer baseline, in the same run: precision, recall and MRR
    on the judged set, the negative queries, the random-noun sweep, and the first (pattern) recall set."""
    from bench.relevance import evaluate, evaluate_judged, judged_table, per_query_table, summary_table
    from hearings.analysis import get_analyzer
    from hearings.engine import make_client

    client, analyzer = make_client(settings), get_analyzer()
    judged = evaluate_judged(client, settings, analyzer)
    print(f"## Judged set: {len(judged['rows'])} queries over {judged['turns']} turns "
          "(sample = tests/corpus, heldout = tests/heldout)\n")
    print(judged_table(judged["rows"]))
    negatives = judged["negatives"]
    print(f"\n## Negative queries: {len(negatives['rows'])} (must find nothing): product finds something for "
          f"{len(negatives['violations'])}, baseline for {sum(1 for r in negatives['rows'] if r['baseline'])}")
    for row in negatives["violations"]:
        print(f"  ✗ {row['kind']} {row['q']}: {row['product']} hits")
    print("\n## Random-noun sweep (share of top-10 hits holding the noun inside one printed word)\n")
    print("| part | nouns | product | lowest | below 0.8 | baseline |\n|---|---|---|---|---|---|")
    for part, sweep in judged["sweep"].items():
        product, baseline = sweep["product"], sweep["baseline"]
        print(f"| {part} | {len(sweep['rows'])} | {product['precision']:.3f} | {product['lowest']:.2f} | "
              f"{', '.join(product['below_0_8']) or '—'} | {baseline['precision']:.3f} |")
    from bench.loose_memory import evaluate_loose_on, loose_table

    loose = evaluate_loose_on(client, judged["index"], analyzer)
    print(f"\n## Loose-memory set: {len(loose)} queries (bench/loose_queries.json); full tier only (match=all) "
          "→ with the partial tier\n")
    print(loose_table(loose, before=evaluate_loose_on(client, judged["index"], analyzer, match="all")))
    from bench.all_hits import noun_precision, noun_sample

    nouns = noun_precision(client, judged["index"], analyzer, noun_sample(client, judged["index"]))
    print(f"\n## Noun precision over every hit (not only the top 10): {len(nouns['rows'])} seeded nouns, "
          f"{nouns['hits']:,} full-tier hits, {nouns['precision']:.3f} hold the noun as a word")
    for row in nouns["rows"]:
        if row["wrong"]:
            print(f"  {row['noun']}: {row['held']}/{row['hits']} (e.g. {', '.join(row['wrong'][:3])})")
    from bench.quote_eval import chosen_thresholds, quote_rows, quote_table, threshold_grid

    quotes = quote_rows(client, judged["index"], analyzer)
    print(f"\n## Quote check: {len(quotes)} labelled quotation variants (bench/quote_variants.json)\n")
    print(quote_table(quotes))
    grid = threshold_grid(quotes)
    print(f"Thresholds re-judged on the best candidate: chosen {chosen_thresholds(grid)}; best on the tune split "
          f"{grid[0]}. The chosen ones keep not_found honest: lower paraphrase thresholds win a few tune variants "
          "by calling same-topic sentences nobody said paraphrases.\n")
    pattern = evaluate(client, settings, analyzer)
    print(f"\n## Pattern recall set (bench/queries.json, {len(pattern['rows'])} queries, sample only)\n")
    print(summary_table(pattern["rows"]))
    if args.per_query:
        print()
        print(per_query_table(pattern["rows"]))
    return 0


def cmd_bench(settings: Settings, args: argparse.Namespace) -> int:
    """Ingest, search and export benchmarks with same-run baselines; appends to BENCHMARKS.md."""
    from bench.performance import run
    from bench.reader import bench_reader, reader_table

    if args.scale:
        from bench.scale import run_scale

        sizes = [int(n) for n in args.scale.split(",")]
        shards = [int(n) for n in args.scale_shards.split(",")] if args.scale_shards else [1] * len(sizes)
        table = run_scale(settings, sizes, shards, args.rounds, resume=args.resume)
    elif args.reindex:
        from bench.reindex import bench_reindex

        table = bench_reindex(settings, args.turns, tuple(int(n) for n in args.analysers.split(",")))
    elif args.reader:
        table = "## Reader: full vs folded into threads\n\n" + reader_table(bench_reader(settings, args.rounds))
    else:
        table = run(settings, args.turns, rounds=args.rounds, baseline_files=args.baseline_files, resume=args.resume)
    print(table)
    if not args.no_record:
        with open(PROJECT_ROOT / "BENCHMARKS.md", "a", encoding="utf-8") as record:
            record.write("\n" + table + "\n")
    return 0


def cmd_generate(settings: Settings, args: argparse.Namespace) -> int:
    """A synthetic corpus from the sample minutes (the benchmarks' input), as minutes files or JSON Lines."""
    from bench.generate import generate

    paths = generate(Path(args.out), args.turns, seed=args.seed, fmt=args.format)
    print(f"{args.turns:,} turns written to {len(paths):,} file(s) under {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description="국회 회의록 search engine: evaluation "
                                     "and benchmarks")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluation = commands.add_parser("eval", help="relevance: recall@10, MRR, nDCG@10 vs. a baseline")
    evaluation.add_argument("--per-query", action="store_true", help="also print every query's scores")
    bench = commands.add_parser("bench", help="benchmarks with same-run baselines (appends to BENCHMARKS.md)")
    bench.add_argument("--turns", type=int, default=100_000, help="corpus size (default 100,000 turns)")
    bench.add_argument("--rounds", type=int, default=20, help="requests per query and concurrency level")
    bench.add_argument("--baseline-files", type=int, default=None,
                       help="measure the Kiwi-alone rate on this many files only (for the 1M-turn run)")
    bench.add_argument("--no-record", action="store_true", help="print only; do not append to BENCHMARKS.md")
    bench.add_argument("--reader", action="store_true",
                       help="only the meeting reader: full vs folded into threads, on the longest sample sittings")
    bench.add_argument("--reindex", action="store_true",
                       help="only ingest with 1 and 2 analyser processes, then reindex from the store, compared")
    bench.add_argument("--scale", metavar="N,M", default="",
                       help="only search at scale: indices of N and M turns built from analysed generated turns "
                            "(no Kiwi while building), the same query mix on each, request cache off")
    bench.add_argument("--scale-shards", metavar="A,B", default="", help="primary shards of each --scale index")
    bench.add_argument("--analysers", default="1,2", metavar="N,M",
                       help="with --reindex: the analyser process counts to ingest with (at 1M turns, 2 alone)")
    bench.add_argument("--resume", action="store_true",
                       help="reuse the steps a previous run of this size recorded (its index must still be there); "
                            "with --scale, the indices an earlier run built")
    generation = commands.add_parser("generate", help="write a synthetic corpus (minutes files or JSON Lines)")
    generation.add_argument("out", help="output folder")
    generation.add_argument("--turns", type=int, default=10_000)
    generation.add_argument("--seed", type=int, default=42)
    generation.add_argument("--format", choices=["minutes", "jsonl"], default="minutes")
    return parser


COMMANDS = {"eval": cmd_eval, "bench": cmd_bench, "generate": cmd_generate}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](get_settings(), args)
