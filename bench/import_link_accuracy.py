"""Identity linkage through the Django path: `import_people` a register, `link_people` the queries, score the links.

    python bench/import_link_accuracy.py --data-dir bench/out/uk-1 [--database-url sqlite:////tmp/x.sqlite3]

Uses a fresh database (SQLite file by default; a PostgreSQL URL works too, its database is dropped and re-created),
runs the two management commands as a user would (in subprocesses, timed), and scores `link_people`'s output against
`truth.csv` as `bench/linkage_accuracy.py` does (one decision per query; F1 over "match" decisions; a false merge is
a "match" to anybody else; unseen twins decided "match" are counted). Prints ONE JSON line.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def score(links: Path, truth_path: Path) -> dict[str, object]:
    with links.open(newline="", encoding="utf-8") as f:
        decided = {row["record_id"]: (row["matched_record_id"], row["decision"]) for row in csv.DictReader(f)}
    with truth_path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    tp = fp = fn = twins = twins_matched = 0
    false_by_kind: Counter[str] = Counter()
    review_by_kind: Counter[str] = Counter()
    for row in rows:
        qid, true_id, hazard = row[0], row[1], row[2] if len(row) > 2 else ""
        chosen, decision = decided.get(qid, ("", "no match"))
        kind = hazard or ("known" if true_id else "outsider")
        if "twin" in kind:
            twins += 1
            twins_matched += decision == "match"
        if decision == "match":
            if true_id and chosen == true_id:
                tp += 1
            else:
                fp += 1
                false_by_kind[kind] += 1
                fn += bool(true_id)
        elif true_id:
            fn += 1
        if decision == "review":
            review_by_kind[kind] += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 5),
        "recall": round(recall, 5),
        "f1": round(f1, 5),
        "true_matches": tp,
        "false_merges": fp,
        "missed": fn,
        "unseen_twins_decided_match": twins_matched,
        "unseen_twins": twins,
        "false_merges_by_kind": dict(sorted(false_by_kind.items())),
        "review_by_kind": dict(sorted(review_by_kind.items())),
        "output_rows": len(decided),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "out" / "uk-1")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--source", default="ukgen")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tandem-link-"))
    url = args.database_url or f"sqlite:///{work / 'bench.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url}
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        base = url.rsplit("/", 1)[0]
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", f"{base}/postgres", "-q", "-c", sql], check=True, stdout=subprocess.DEVNULL)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    timings = {}
    out = work / "links.csv"
    for label, command in (
        ("import_s", ["import_people", str(args.data_dir / "register.csv"), "--source", args.source, "--quiet"]),
        ("link_s", ["link_people", str(args.data_dir / "queries.csv"), "--source", args.source, "--out", str(out)]),
    ):
        started = time.perf_counter()
        done = subprocess.run(
            [python, "manage.py", *command, *(["--quiet"] if label == "link_s" else [])],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        timings[label] = round(time.perf_counter() - started, 2)
        print(done.stdout.splitlines()[0] if done.stdout else done.stderr.strip().splitlines()[-1], file=sys.stderr)
    result = {
        "dataset": str(args.data_dir),
        "database": url.split(":", 1)[0],
        **timings,
        **score(out, args.data_dir / "truth.csv"),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
