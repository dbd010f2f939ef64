# SPDX-License-Identifier: Apache-2.0
"""Seeds lab-b's own MLflow tracking server (mlflow-b.ts) with experiments of its own.

Run with the `mlflow` virtualenv (see seed-mlflow-b.ts):
    python seed-mlflow-b.py --tracking-uri http://127.0.0.1:15001
Artifacts go through the server's artifact proxy (to s3://mlflow-b/artifacts).

What it creates (deterministic: no randomness; times relative to "now"):
  churn-model      3 FINISHED runs, user frank, 20 steps each (step s = 0..19) of
                   loss     = round(0.25 + 0.75 * exp(-(s + 1) * lr * 2.5), 4)
                   accuracy = round(0.95 - 0.45 * exp(-(s + 1) * lr * 2.5), 4)
                   runs churn-lr-0.1 (max_depth 4), churn-lr-0.03 (6), churn-lr-0.01 (8); params lr,
                   max_depth, epochs=20, model=gbm; tags team=retention, dataset; artifacts
                   metrics.json and model/MLmodel + model/model.pkl
  demand-forecast  2 FINISHED runs: prophet-weekly (horizon 7) and arima-daily (horizon 1),
                   10 steps of mape = round(base + 0.3 / (s + 1), 4) with base 0.10 and 0.07
  registry         churn-model version 1 from churn-lr-0.1's model, alias champion
Idempotent: an experiment or registered model that exists is left alone.
"""
import argparse
import json
import math
import os
import tempfile
import time

import mlflow
from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag

DAY_MS = 24 * 3600 * 1000
NOW_MS = int(time.time() * 1000)


def log(msg: str) -> None:
    print(f"[seed lab-b] {msg}", flush=True)


def churn_curves(lr: float):
    loss, acc = [], []
    for s in range(20):
        d = math.exp(-(s + 1) * lr * 2.5)
        loss.append(round(0.25 + 0.75 * d, 4))
        acc.append(round(0.95 - 0.45 * d, 4))
    return loss, acc


def write_files(files: dict) -> str:
    d = tempfile.mkdtemp(prefix="mldeck-seed-b-")
    for rel, content in files.items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(content.encode() if isinstance(content, str) else content)
    return d


def mlmodel(run_id: str) -> str:
    return "\n".join(
        [
            "artifact_path: model",
            "flavors:",
            "  python_function:",
            "    loader_module: mlflow.sklearn",
            "    model_path: model.pkl",
            "    python_version: 3.11.7",
            "  sklearn:",
            "    pickled_model: model.pkl",
            "    serialization_format: cloudpickle",
            "    sklearn_version: 1.5.2",
            f"mlflow_version: {mlflow.__version__}",
            f"run_id: {run_id}",
        ]
    ) + "\n"


def seed_churn(c: MlflowClient):
    if c.get_experiment_by_name("churn-model") is not None:
        log("experiment churn-model exists; skipped")
        return None
    exp = c.create_experiment("churn-model", tags={"team": "retention", "project": "churn-model", "mlflow.note.content": "Churn model of the retention team (lab-b)."})
    runs = {}
    for i, (lr, depth) in enumerate([(0.1, 4), (0.03, 6), (0.01, 8)]):
        name = f"churn-lr-{lr}"
        start = NOW_MS - (3 - i) * DAY_MS
        r = c.create_run(
            exp,
            start_time=start,
            run_name=name,
            tags={
                "mlflow.user": "frank",
                "mlflow.source.type": "JOB",
                "mlflow.source.name": "train_churn.py",
                "team": "retention",
                "dataset": "s3://datasets/churn/2026-11.parquet",
            },
        )
        rid = r.info.run_id
        loss, acc = churn_curves(lr)
        metrics = [Metric("loss", v, start + (s + 1) * 60_000, s) for s, v in enumerate(loss)]
        metrics += [Metric("accuracy", v, start + (s + 1) * 60_000, s) for s, v in enumerate(acc)]
        params = [Param("lr", str(lr)), Param("max_depth", str(depth)), Param("epochs", "20"), Param("model", "gbm")]
        c.log_batch(rid, metrics=metrics, params=params)
        d = write_files(
            {
                "metrics.json": json.dumps({"loss": loss[-1], "accuracy": acc[-1]}, indent=2),
                "model/MLmodel": mlmodel(rid),
                "model/model.pkl": b"\x80\x04\x95lab-b churn model placeholder bytes\x94.",
            }
        )
        c.log_artifacts(rid, d)
        c.set_terminated(rid, "FINISHED", end_time=start + 21 * 60_000)
        runs[name] = c.get_run(rid)
    log("experiment churn-model: 3 runs x 20 steps of loss and accuracy")
    return runs


def seed_demand(c: MlflowClient) -> None:
    if c.get_experiment_by_name("demand-forecast") is not None:
        log("experiment demand-forecast exists; skipped")
        return
    exp = c.create_experiment("demand-forecast", tags={"team": "supply", "project": "demand-forecast"})
    for i, (name, horizon, seasonality, base) in enumerate([("prophet-weekly", 7, "weekly", 0.10), ("arima-daily", 1, "daily", 0.07)]):
        start = NOW_MS - (2 - i) * DAY_MS
        r = c.create_run(exp, start_time=start, run_name=name, tags={"mlflow.user": "grace", "team": "supply"})
        rid = r.info.run_id
        c.log_batch(
            rid,
            metrics=[Metric("mape", round(base + 0.3 / (s + 1), 4), start + (s + 1) * 30_000, s) for s in range(10)],
            params=[Param("horizon", str(horizon)), Param("seasonality", seasonality)],
            tags=[RunTag("algorithm", name.split("-")[0])],
        )
        c.set_terminated(rid, "FINISHED", end_time=start + 6 * 60_000)
    log("experiment demand-forecast: 2 runs")


def seed_registry(c: MlflowClient, runs) -> None:
    try:
        c.get_registered_model("churn-model")
        log("registered model churn-model exists; skipped")
        return
    except mlflow.exceptions.MlflowException:
        pass
    if runs is None:
        raise SystemExit("churn-model experiment exists but the registered model does not: remove lab-b's MLflow store and seed again")
    best = runs["churn-lr-0.1"]
    c.create_registered_model("churn-model", tags={"team": "retention"}, description="Churn classifier (lab-b).")
    v = c.create_model_version("churn-model", f"{best.info.artifact_uri}/model", run_id=best.info.run_id, description="lr 0.1")
    c.set_registered_model_alias("churn-model", "champion", v.version)
    log(f"registered model churn-model: version {v.version} from {best.info.run_id}, alias champion")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tracking-uri", required=True)
    args = ap.parse_args()
    mlflow.set_tracking_uri(args.tracking_uri)
    c = MlflowClient(args.tracking_uri)
    started = time.time()
    runs = seed_churn(c)
    seed_demand(c)
    seed_registry(c, runs)
    log(f"done in {time.time() - started:.1f} s")


if __name__ == "__main__":
    main()
