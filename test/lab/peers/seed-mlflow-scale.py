# SPDX-License-Identifier: Apache-2.0
"""`seed --scale N` for MLflow: an experiment `scale-runs` of N x 10,000 FINISHED runs on lab-a's
tracking server, for the MLflow runs benchmark (B9). The experiment is made through the REST API;
creating 10,000 runs one call at a time would take many minutes, so the runs are written in the
server's own SQLite backend store in one transaction (as the KFP scale seed writes the API
server's database), and the real server searches, filters, sorts and pages them like any other.

Each run i (1-based, name scale-000001 ...), deterministic:
  params   lr = (0.1, 0.01, 0.001, 0.0001)[i % 4], batch_size = (16, 32, 64, 128)[(i // 4) % 4],
           optimizer = ("adam", "sgd", "adamw")[i % 3]
  metrics  accuracy = ((i * 7919) % 10000) / 10000, loss = round(1 - accuracy, 4) (step 0)
  tags     mlflow.runName, mlflow.user = ("alice", "bob", "carol")[i % 3], shard = str(i % 10)
  start    now - i minutes; end start + 30 s
Run with the `mlflow` virtualenv:
    python seed-mlflow-scale.py --tracking-uri http://127.0.0.1:15000 --db <state>/mlflow/mlflow.db --runs 10000
Idempotent: adds only the runs missing up to --runs.
"""
import argparse
import sqlite3
import time
import uuid

from mlflow import MlflowClient

EXPERIMENT = "scale-runs"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tracking-uri", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, required=True)
    args = ap.parse_args()
    c = MlflowClient(args.tracking_uri)
    e = c.get_experiment_by_name(EXPERIMENT)
    exp_id = e.experiment_id if e else c.create_experiment(EXPERIMENT, tags={"purpose": "benchmark B9"})
    artifact_root = (e.artifact_location if e else c.get_experiment(exp_id).artifact_location).rstrip("/")
    db = sqlite3.connect(args.db, timeout=60)
    have = db.execute("SELECT COUNT(*) FROM runs WHERE experiment_id = ?", (int(exp_id),)).fetchone()[0]
    now = int(time.time() * 1000)
    started = time.time()
    runs, params, metrics, latest, tags = [], [], [], [], []
    for i in range(have + 1, args.runs + 1):
        rid = uuid.UUID(int=(0x5CA1E << 96) | i).hex
        name = f"scale-{i:06d}"
        user = ("alice", "bob", "carol")[i % 3]
        start = now - i * 60_000
        runs.append((rid, name, "UNKNOWN", "", "", user, "FINISHED", start, start + 30_000, "", "active", f"{artifact_root}/{rid}/artifacts", int(exp_id)))
        params += [
            ("lr", str((0.1, 0.01, 0.001, 0.0001)[i % 4]), rid),
            ("batch_size", str((16, 32, 64, 128)[(i // 4) % 4]), rid),
            ("optimizer", ("adam", "sgd", "adamw")[i % 3], rid),
        ]
        acc = ((i * 7919) % 10000) / 10000
        for key, value in (("accuracy", acc), ("loss", round(1 - acc, 4))):
            metrics.append((key, value, start + 30_000, rid, 0, 0))
            latest.append((key, value, start + 30_000, 0, 0, rid))
        tags += [("mlflow.runName", name, rid), ("mlflow.user", user, rid), ("shard", str(i % 10), rid)]
    with db:
        db.executemany(
            "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,"
            " source_version, lifecycle_stage, artifact_uri, experiment_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            runs,
        )
        db.executemany("INSERT INTO params (key, value, run_uuid) VALUES (?,?,?)", params)
        db.executemany("INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?,?,?,?,?,?)", metrics)
        db.executemany("INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?,?,?,?,?,?)", latest)
        db.executemany("INSERT INTO tags (key, value, run_uuid) VALUES (?,?,?)", tags)
    total = db.execute("SELECT COUNT(*) FROM runs WHERE experiment_id = ?", (int(exp_id),)).fetchone()[0]
    print(f"[seed scale] MLflow experiment {EXPERIMENT} ({exp_id}): {total} runs ({len(runs)} added in {time.time() - started:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
