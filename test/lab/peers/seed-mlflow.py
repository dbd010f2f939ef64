# SPDX-License-Identifier: Apache-2.0
"""Seeds the lab's MLflow server and S3 buckets with a realistic ML team's history.

Run with the `mlflow` virtualenv (see seed.ts):
    python seed-mlflow.py --tracking-uri http://127.0.0.1:15000 --models-dir <state>/inference/models
S3 access (datasets and models buckets) uses boto3 with MLFLOW_S3_ENDPOINT_URL and AWS_* from the
environment; MLflow artifacts go through the tracking server's artifact proxy.

What it creates (all deterministic, fixed seeds; timestamps relative to "now"):
  experiments  fraud-detection, churn-prediction, image-classifier, llm-finetune (10-20 runs each,
               params, tags, thousands of metric points per run, FINISHED/FAILED/RUNNING/KILLED,
               a hyper-parameter sweep with child runs), iris-classifier (2 runs, real models)
  registry     fraud-clf (4 versions), churn-xgb (3), iris (2, MLflow 3 logged models with a real
               MLmodel + pickled scikit-learn model), resnet50-products (2); aliases champion and
               challenger, tags, descriptions
  S3           datasets bucket: CSV, Parquet and JSONL files; models bucket: iris/v1, iris/v2
               (model.pkl + meta.json, loadable by KServe's sklearn runtime)
Idempotent: an experiment, registered model or object that exists is left alone.
"""
import argparse
import hashlib
import io
import json
import math
import os
import random
import sys
import tempfile
import time

import boto3
import mlflow
from botocore.config import Config
from botocore.exceptions import ClientError
from mlflow import MlflowClient
from mlflow.entities import Dataset, DatasetInput, InputTag, Metric, Param, RunTag

DAY_MS = 24 * 3600 * 1000
NOW_MS = int(time.time() * 1000)
USERS = ["alice", "bob", "carol", "dmitri", "eve"]


def log(msg: str) -> None:
    print(f"[seed] {msg}", flush=True)


# ---------------------------------------------------------------------------------------------
# helpers


def log_batch_chunked(c: MlflowClient, run_id: str, metrics=(), params=(), tags=()) -> None:
    """log_batch takes at most 1000 metrics, 100 params and 100 tags (1000 entities) per call."""
    params, tags, metrics = list(params), list(tags), list(metrics)
    for i in range(0, len(params), 100):
        c.log_batch(run_id, params=params[i : i + 100])
    for i in range(0, len(tags), 100):
        c.log_batch(run_id, tags=tags[i : i + 100])
    for i in range(0, len(metrics), 1000):
        c.log_batch(run_id, metrics=metrics[i : i + 1000])


def curve(rng: random.Random, steps: int, start: float, floor: float, tau: float, noise: float):
    """A decaying training curve with noise: start -> floor."""
    return [floor + (start - floor) * math.exp(-s / tau) + rng.gauss(0, noise) * (1 + math.exp(-s / tau)) for s in range(steps)]


def rising(rng: random.Random, steps: int, start: float, ceil: float, tau: float, noise: float):
    return [min(1.0, ceil - (ceil - start) * math.exp(-s / tau) + rng.gauss(0, noise)) for s in range(steps)]


def series(key: str, values, t0: int, step_ms: int, every: int = 1):
    return [Metric(key, float(v), t0 + i * every * step_ms, i * every) for i, v in enumerate(values)]


def std_tags(rng: random.Random, user: str, source: str, namespace: str, extra=None):
    t = {
        "mlflow.user": user,
        "mlflow.source.type": "JOB" if source.endswith(".py") else "NOTEBOOK",
        "mlflow.source.name": source,
        "mlflow.source.git.commit": hashlib.sha1(f"{source}{rng.random()}".encode()).hexdigest(),
        "mlflow.source.git.branch": rng.choice(["main", "main", "feature/new-features", "exp/tuning"]),
        "kubeflow.namespace": namespace,
    }
    t.update(extra or {})
    return t


def fake_mlmodel(flavor: str, version: str, run_id: str, extra_flavor: dict) -> str:
    lines = [
        "artifact_path: model",
        "flavors:",
        "  python_function:",
        "    env:",
        "      conda: conda.yaml",
        "      virtualenv: python_env.yaml",
        f"    loader_module: mlflow.{flavor}",
        "    python_version: 3.11.7",
        f"  {flavor}:",
    ]
    lines += [f"    {k}: {v}" for k, v in extra_flavor.items()]
    lines += [
        f"mlflow_version: {mlflow.__version__}",
        f"run_id: {run_id}",
        f"utc_time_created: '{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())}.000000'",
        f"model_uuid: {hashlib.md5(run_id.encode()).hexdigest()}",
    ]
    return "\n".join(lines) + "\n"


_plot_cache = {}


def roc_png(seed: int) -> bytes:
    """A real PNG (matplotlib, Agg) of a ROC curve, so artifact viewers have an image."""
    if seed in _plot_cache:
        return _plot_cache[seed]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rng = random.Random(seed)
    k = 2 + rng.random() * 4
    xs = [i / 100 for i in range(101)]
    fig, ax = plt.subplots(figsize=(4, 4), dpi=80)
    ax.plot(xs, [1 - (1 - x) ** k for x in xs], label=f"AUC={1 - 1 / (k + 1):.3f}")
    ax.plot([0, 1], [0, 1], "--", color="grey")
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    ax.legend(loc="lower right")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    _plot_cache[seed] = buf.getvalue()
    return _plot_cache[seed]


def write_files(files: dict) -> str:
    d = tempfile.mkdtemp(prefix="mldeck-seed-")
    for rel, content in files.items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(content.encode() if isinstance(content, str) else content)
    return d


def experiment_or_none(c: MlflowClient, name: str):
    e = c.get_experiment_by_name(name)
    if e is not None:
        log(f"experiment {name} exists ({e.experiment_id}); skipped")
    return e


def dataset_input(name: str, uri: str, rows: int, context: str) -> DatasetInput:
    digest = hashlib.md5(uri.encode()).hexdigest()[:8]
    return DatasetInput(
        Dataset(
            name=name,
            digest=digest,
            source_type="s3",
            source=json.dumps({"uri": uri}),
            schema=json.dumps({"mlflow_colspec": [{"type": "double", "name": "amount"}, {"type": "long", "name": "label"}]}),
            profile=json.dumps({"num_rows": rows}),
        ),
        tags=[InputTag("mlflow.data.context", context)],
    )


# ---------------------------------------------------------------------------------------------
# tabular experiments (fraud, churn)


def seed_tabular(c: MlflowClient, name: str, team: str, namespace: str, algo_space, n_runs: int, seed: int, dataset_uri: str):
    if experiment_or_none(c, name):
        return None
    rng = random.Random(seed)
    exp_id = c.create_experiment(
        name,
        tags={"team": team, "project": name, "kubeflow.namespace": namespace, "mlflow.note.content": f"{name}: weekly retraining and tuning of the {team} team's model."},
    )
    runs = []
    base = NOW_MS - 28 * DAY_MS
    # A hyper-parameter sweep: one parent run with a few children (the Katib / Optuna pattern).
    parent = c.create_run(exp_id, start_time=base, run_name=f"{name}-sweep", tags=std_tags(rng, "alice", "sweep.py", namespace, {"sweep.algorithm": "tpe"}))
    c.log_batch(parent.info.run_id, params=[Param("n_trials", "4"), Param("objective", "val_auc")])
    for i in range(n_runs):
        algo, space = algo_space[i % len(algo_space)]
        params = {k: str(rng.choice(v)) for k, v in space.items()}
        child_of_sweep = i < 4
        user = rng.choice(USERS)
        start = base + i * (26 * DAY_MS // n_runs) + rng.randint(0, 3_600_000)
        tags = std_tags(rng, user, "train.py" if i % 3 else "notebooks/explore.ipynb", namespace, {"algorithm": algo, "kfp.run_id": f"{seed:04x}-{i:04d}"})
        if child_of_sweep:
            tags["mlflow.parentRunId"] = parent.info.run_id
        run_name = f"{algo}-" + "-".join(f"{k[:3]}{v}" for k, v in list(params.items())[:2])
        r = c.create_run(exp_id, start_time=start, tags=tags, run_name=run_name)
        rid = r.info.run_id
        status = "FINISHED"
        if i in (5, 11):
            status = "FAILED"
        elif i == n_runs - 1:
            status = "RUNNING"
        elif i == 8:
            status = "KILLED"
        steps = 800 if status == "FINISHED" else (rng.randint(80, 300) if status != "RUNNING" else 420)
        quality = rng.uniform(0.85, 0.97)
        t0 = start + 60_000
        m = []
        m += series("train_loss", curve(rng, steps, 0.69, 0.69 * (1 - quality) + 0.02, steps / 5, 0.01), t0, 2000)
        m += series("val_loss", curve(rng, steps // 10, 0.70, 0.69 * (1 - quality) + 0.05, steps / 50, 0.008), t0, 20000, every=10)
        m += series("val_auc", rising(rng, steps // 10, 0.5, quality, steps / 40, 0.004), t0, 20000, every=10)
        m += series("learning_rate", [float(params.get("learning_rate", 0.1)) * (0.5 ** (s // 200)) for s in range(0, steps, 10)], t0, 20000, every=10)
        if status == "FAILED" and i == 11:
            m.append(Metric("train_loss", float("nan"), t0 + steps * 2000, steps))  # diverged
        end = t0 + steps * 2000
        final = {}
        if status == "FINISHED":
            final = {
                "auc": round(quality, 4),
                "precision": round(quality - rng.uniform(0.02, 0.1), 4),
                "recall": round(quality - rng.uniform(0.05, 0.2), 4),
                "f1": round(quality - rng.uniform(0.04, 0.15), 4),
                "training_time_s": round((end - start) / 1000, 1),
            }
            m += [Metric(k, v, end, 0) for k, v in final.items()]
        log_batch_chunked(
            c,
            rid,
            metrics=m,
            params=[Param(k, v) for k, v in params.items()] + [Param("algorithm", algo), Param("train_rows", "184320"), Param("features", "42")],
            tags=[RunTag("mlflow.note.content", f"{algo} with {json.dumps(params)}")],
        )
        try:
            c.log_inputs(rid, datasets=[dataset_input(f"{name}-train", dataset_uri, 184320, "training")])
        except Exception as e:  # older servers lack dataset inputs; not essential
            log(f"log_inputs skipped: {e}")
        if status == "FINISHED":
            files = {
                "model/MLmodel": fake_mlmodel("xgboost" if algo == "xgboost" else "sklearn", "1", rid, {"data": "model.xgb" if algo == "xgboost" else "model.pkl", "model_format": "xgb" if algo == "xgboost" else "pickle"}),
                "model/requirements.txt": "mlflow==3.17.2\nxgboost==3.4.1\nscikit-learn==1.9.1\n",
                "model/model.xgb" if algo == "xgboost" else "model/model.pkl": hashlib.sha256(rid.encode()).digest() * 64,
                "metrics/final.json": json.dumps(final, indent=2),
            }
            if i % 2 == 0:
                files["plots/roc_curve.png"] = roc_png(seed + i)
            d = write_files(files)
            c.log_artifacts(rid, d)
        if status != "RUNNING":  # a RUNNING run is simply never terminated
            c.set_terminated(rid, status=status, end_time=end)
        runs.append((r, status, final.get("auc", 0.0)))
    c.set_terminated(parent.info.run_id, "FINISHED", end_time=base + 4 * 3_600_000)
    log(f"experiment {name}: {n_runs + 1} runs")
    return exp_id, runs


# ---------------------------------------------------------------------------------------------
# deep-learning experiments (image classifier, LLM fine-tuning): long metric histories


def seed_deep(c: MlflowClient, name: str, team: str, namespace: str, configs, steps_total: int, seed: int, step_ms: int, extra_metrics):
    if experiment_or_none(c, name):
        return None
    rng = random.Random(seed)
    exp_id = c.create_experiment(name, tags={"team": team, "project": name, "kubeflow.namespace": namespace, "gpu": "true"})
    runs = []
    base = NOW_MS - 21 * DAY_MS
    for i, cfg in enumerate(configs):
        user = rng.choice(USERS)
        start = base + i * (20 * DAY_MS // len(configs)) + rng.randint(0, 3_600_000)
        tags = std_tags(rng, user, "train_dist.py", namespace, {"kubeflow.job": f"pytorchjob/{name}-{i:02d}", "gpu.type": rng.choice(["A100-SXM4-40GB", "H100-80GB-HBM3", "L4"]), "gpu.count": str(cfg.get("gpus", 8))})
        r = c.create_run(exp_id, start_time=start, tags=tags, run_name=cfg["run_name"])
        rid = r.info.run_id
        status = cfg.get("status", "FINISHED")
        steps = steps_total if status == "FINISHED" else (steps_total // 2 if status == "RUNNING" else rng.randint(steps_total // 10, steps_total // 3))
        t0 = start + 120_000
        quality = cfg.get("quality", rng.uniform(0.7, 0.95))
        m = []
        m += series("train_loss", curve(rng, steps, cfg.get("loss0", 2.3), cfg.get("loss_floor", 0.2) / quality, steps / 6, 0.03), t0, step_ms)
        ev = steps // 50
        m += series("eval_loss", curve(rng, ev, cfg.get("loss0", 2.3), cfg.get("loss_floor", 0.2) / quality + 0.05, ev / 6, 0.01), t0, step_ms * 50, every=50)
        for key, fn in extra_metrics.items():
            m += fn(rng, steps, quality, t0, step_ms)
        log_batch_chunked(c, rid, metrics=m, params=[Param(k, str(v)) for k, v in cfg.items() if k not in ("run_name", "status", "quality", "loss0", "loss_floor")])
        end = t0 + steps * step_ms
        if status == "FINISHED":
            d = write_files({"checkpoints/README.txt": f"final checkpoint of {cfg['run_name']} at step {steps}\n", "config.json": json.dumps(cfg, indent=2)})
            c.log_artifacts(rid, d)
            c.set_terminated(rid, "FINISHED", end_time=end)
        elif status != "RUNNING":
            c.log_text(rid, "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB\n", "logs/error.txt")
            c.set_terminated(rid, status, end_time=end)
        runs.append((r, status, quality))
    log(f"experiment {name}: {len(configs)} runs, {steps_total} steps max")
    return exp_id, runs


def image_metrics():
    def top1(rng, steps, q, t0, step_ms):
        ev = steps // 50
        return series("val_top1", rising(rng, ev, 0.1, q, ev / 5, 0.005), t0, step_ms * 50, every=50)

    def top5(rng, steps, q, t0, step_ms):
        ev = steps // 50
        return series("val_top5", rising(rng, ev, 0.3, min(0.995, q + 0.15), ev / 5, 0.003), t0, step_ms * 50, every=50)

    def gpu(rng, steps, q, t0, step_ms):
        return series("system/gpu_utilization", [max(0, min(100, rng.gauss(88, 6))) for _ in range(0, steps, 10)], t0, step_ms * 10, every=10)

    def lr(rng, steps, q, t0, step_ms):
        return series("learning_rate", [0.1 * 0.5 * (1 + math.cos(math.pi * s / steps)) for s in range(0, steps, 10)], t0, step_ms * 10, every=10)

    return {"val_top1": top1, "val_top5": top5, "gpu": gpu, "lr": lr}


def llm_metrics():
    def ppl(rng, steps, q, t0, step_ms):
        ev = steps // 50
        return series("eval_perplexity", [math.exp(v) for v in curve(rng, ev, 2.6, 0.9 / q, ev / 6, 0.01)], t0, step_ms * 50, every=50)

    def tps(rng, steps, q, t0, step_ms):
        return series("tokens_per_second", [rng.gauss(5200, 150) for _ in range(0, steps, 5)], t0, step_ms * 5, every=5)

    def gn(rng, steps, q, t0, step_ms):
        return series("grad_norm", [abs(rng.gauss(1.0, 0.3)) * (1 + 3 * math.exp(-s / 200)) for s in range(0, steps, 5)], t0, step_ms * 5, every=5)

    return {"ppl": ppl, "tps": tps, "gn": gn}


# ---------------------------------------------------------------------------------------------
# iris: two real models, logged as MLflow 3 logged models with real artifacts


def seed_iris(c: MlflowClient, models_dir: str):
    if experiment_or_none(c, "iris-classifier"):
        return None
    rng = random.Random(7)
    exp_id = c.create_experiment("iris-classifier", tags={"team": "platform", "project": "iris", "kubeflow.namespace": "team-a", "mlflow.note.content": "Tiny real models served by the lab's KServe model server."})
    out = []
    for version_name in ("iris", "iris-v2"):
        meta = json.load(open(os.path.join(models_dir, version_name, "meta.json")))
        pkl = open(os.path.join(models_dir, version_name, "model.pkl"), "rb").read()
        start = NOW_MS - (3 if version_name == "iris" else 1) * DAY_MS
        r = c.create_run(exp_id, start_time=start, run_name=f"{meta['algorithm'].lower()}-seed42", tags=std_tags(rng, "alice", "train-iris.py", "team-a", {"algorithm": meta["algorithm"]}))
        rid = r.info.run_id
        log_batch_chunked(
            c,
            rid,
            metrics=[Metric(k, v, start + 5000, 0) for k, v in meta["metrics"].items()],
            params=[Param(k, str(v)) for k, v in list(meta["params"].items())[:90]] + [Param("algorithm", meta["algorithm"])],
        )
        lm = c.create_logged_model(exp_id, name="model", source_run_id=rid, model_type="sklearn", params={"algorithm": meta["algorithm"]}, tags={"served_as": version_name})
        mlmodel = "\n".join(
            [
                "artifact_path: model",
                "flavors:",
                "  python_function:",
                "    env:",
                "      conda: conda.yaml",
                "      virtualenv: python_env.yaml",
                "    loader_module: mlflow.sklearn",
                "    model_path: model.pkl",
                "    predict_fn: predict",
                f"    python_version: {meta['python_version']}",
                "  sklearn:",
                "    code: null",
                "    pickled_model: model.pkl",
                "    serialization_format: pickle",
                f"    sklearn_version: {meta['sklearn_version']}",
                "is_signature_from_type_hint: false",
                f"mlflow_version: {mlflow.__version__}",
                f"model_id: {lm.model_id}",
                f"model_size_bytes: {len(pkl)}",
                f"model_uuid: {lm.model_id[2:]}",
                f"run_id: {rid}",
                "signature:",
                "  inputs: '[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float64\", \"shape\": [-1, 4]}}]'",
                "  outputs: '[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"int64\", \"shape\": [-1]}}]'",
                "  params: null",
                f"utc_time_created: '{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())}.000000'",
            ]
        )
        d = write_files(
            {
                "MLmodel": mlmodel + "\n",
                "model.pkl": pkl,
                "requirements.txt": f"mlflow=={mlflow.__version__}\nscikit-learn=={meta['sklearn_version']}\nnumpy=={meta['numpy_version']}\n",
                "python_env.yaml": f"python: {meta['python_version']}\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n",
                "conda.yaml": f"channels:\n- conda-forge\ndependencies:\n- python={meta['python_version']}\n- pip\n- pip:\n  - scikit-learn=={meta['sklearn_version']}\nname: mlflow-env\n",
                "input_example.json": json.dumps({"inputs": meta["example"]["instances"]}),
            }
        )
        c.log_model_artifacts(lm.model_id, d)
        c.finalize_logged_model(lm.model_id, "READY")
        # The same files under the run's artifacts (the MLflow 2 layout) for clients that look there.
        c.log_artifacts(rid, d, "model")
        c.set_terminated(rid, "FINISHED", end_time=start + 30_000)
        out.append((r, lm, meta))
    log("experiment iris-classifier: 2 runs with real sklearn models")
    return exp_id, out


# ---------------------------------------------------------------------------------------------
# registry


def seed_registry(c: MlflowClient, name: str, description: str, tags: dict, versions, aliases: dict):
    try:
        c.get_registered_model(name)
        log(f"registered model {name} exists; skipped")
        return
    except mlflow.exceptions.MlflowException:
        pass
    c.create_registered_model(name, tags=tags, description=description)
    for v in versions:
        mv = c.create_model_version(name, source=v["source"], run_id=v.get("run_id"), tags=v.get("tags"), description=v.get("description"), model_id=v.get("model_id"))
        log(f"registered {name} version {mv.version} <- {v['source']}")
    for alias, version in aliases.items():
        c.set_registered_model_alias(name, alias, str(version))
    log(f"registered model {name}: {len(versions)} versions, aliases {aliases}")


def finished_best(runs, n):
    fin = [(r, s, q) for r, s, q in runs if s == "FINISHED"]
    fin.sort(key=lambda x: x[0].info.start_time)
    return fin[-n:]


# ---------------------------------------------------------------------------------------------
# S3 objects


def s3_client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["MLFLOW_S3_ENDPOINT_URL"],
        region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required", response_checksum_validation="when_required"),
    )


def put_if_missing(s3, bucket: str, key: str, body: bytes, content_type: str) -> None:
    try:
        s3.head_object(Bucket=bucket, Key=key)
        return
    except ClientError as e:
        if e.response.get("Error", {}).get("Code") not in ("404", "NoSuchKey", "NotFound"):
            raise
    s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type)
    log(f"s3://{bucket}/{key} ({len(body)} bytes)")


def seed_s3(models_dir: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    s3 = s3_client()
    rng = random.Random(11)
    # fraud transactions: CSV and Parquet
    n = 5000
    rows = {
        "transaction_id": [f"tx-{i:06d}" for i in range(n)],
        "timestamp": [f"2026-10-{1 + i * 30 // n:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z" for i in range(n)],
        "amount": [round(rng.lognormvariate(3.5, 1.2), 2) for _ in range(n)],
        "merchant_category": [rng.choice(["grocery", "travel", "electronics", "fuel", "online"]) for _ in range(n)],
        "country": [rng.choice(["DE", "FR", "US", "GB", "NL", "BR"]) for _ in range(n)],
        "label": [1 if rng.random() < 0.012 else 0 for _ in range(n)],
    }
    header = list(rows)
    csv = ",".join(header) + "\n" + "".join(",".join(str(rows[h][i]) for h in header) + "\n" for i in range(n))
    put_if_missing(s3, "datasets", "fraud/transactions-2026-10.csv", csv.encode(), "text/csv")
    buf = io.BytesIO()
    pq.write_table(pa.table(rows), buf)
    put_if_missing(s3, "datasets", "fraud/transactions-2026-10.parquet", buf.getvalue(), "application/vnd.apache.parquet")
    # churn customers: Parquet
    m = 2000
    churn = {
        "customer_id": list(range(m)),
        "tenure_months": [rng.randint(1, 72) for _ in range(m)],
        "monthly_charges": [round(rng.uniform(20, 120), 2) for _ in range(m)],
        "contract": [rng.choice(["month-to-month", "one-year", "two-year"]) for _ in range(m)],
        "churned": [rng.random() < 0.26 for _ in range(m)],
    }
    buf = io.BytesIO()
    pq.write_table(pa.table(churn), buf)
    put_if_missing(s3, "datasets", "churn/customers-2026-11.parquet", buf.getvalue(), "application/vnd.apache.parquet")
    # images: a manifest; LLM: chat JSONL
    manifest = "".join(json.dumps({"image": f"s3://datasets/images/products/{i:05d}.jpg", "label": rng.choice(["shoe", "bag", "shirt", "watch"])}) + "\n" for i in range(500))
    put_if_missing(s3, "datasets", "images/products/manifest.jsonl", manifest.encode(), "application/x-ndjson")
    chats = "".join(json.dumps({"messages": [{"role": "user", "content": f"Where is my order #{1000 + i}?"}, {"role": "assistant", "content": "Let me check the tracking for you."}]}) + "\n" for i in range(300))
    put_if_missing(s3, "datasets", "llm/support-chats-v3.jsonl", chats.encode(), "application/x-ndjson")
    put_if_missing(s3, "datasets", "iris/iris.csv", open(os.path.join(models_dir, "iris.csv"), "rb").read(), "text/csv")
    put_if_missing(s3, "datasets", "README.md", b"# datasets\nSeeded by the MLDeck lab (test/lab/peers/seed-mlflow.py).\n", "text/markdown")
    # models bucket: KServe storageUri s3://models/iris/v1 and s3://models/iris/v2
    for served, prefix in (("iris", "iris/v1"), ("iris-v2", "iris/v2")):
        for f, ct in (("model.pkl", "application/octet-stream"), ("meta.json", "application/json")):
            put_if_missing(s3, "models", f"{prefix}/{f}", open(os.path.join(models_dir, served, f), "rb").read(), ct)


# ---------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tracking-uri", required=True)
    ap.add_argument("--models-dir", required=True)
    args = ap.parse_args()
    started = time.time()
    c = MlflowClient(tracking_uri=args.tracking_uri, registry_uri=args.tracking_uri)
    mlflow.set_tracking_uri(args.tracking_uri)

    seed_s3(args.models_dir)

    fraud = seed_tabular(
        c,
        "fraud-detection",
        "risk",
        "team-a",
        [
            ("xgboost", {"learning_rate": [0.01, 0.03, 0.05, 0.1], "max_depth": [4, 6, 8], "n_estimators": [200, 400, 800], "subsample": [0.7, 0.8, 1.0], "scale_pos_weight": [10, 50, 80]}),
            ("lightgbm", {"learning_rate": [0.02, 0.05, 0.1], "num_leaves": [31, 63, 127], "min_child_samples": [20, 50], "feature_fraction": [0.7, 0.9]}),
            ("logreg", {"C": [0.1, 1.0, 10.0], "penalty": ["l2", "l1"], "class_weight": ["balanced"]}),
        ],
        18,
        101,
        "s3://datasets/fraud/transactions-2026-10.parquet",
    )
    churn = seed_tabular(
        c,
        "churn-prediction",
        "growth",
        "team-b",
        [
            ("xgboost", {"learning_rate": [0.05, 0.1, 0.2], "max_depth": [3, 5, 7], "n_estimators": [100, 300], "colsample_bytree": [0.6, 0.8]}),
            ("random_forest", {"n_estimators": [100, 300, 500], "max_depth": [8, 12, 16], "min_samples_leaf": [1, 5]}),
        ],
        14,
        202,
        "s3://datasets/churn/customers-2026-11.parquet",
    )
    image = seed_deep(
        c,
        "image-classifier",
        "vision",
        "team-a",
        [
            {"run_name": f"{arch}-bs{bs}-lr{lr}", "architecture": arch, "batch_size": bs, "learning_rate": lr, "epochs": 30, "optimizer": opt, "gpus": g, "dataset": "s3://datasets/images/products/manifest.jsonl", **({"status": st} if st else {})}
            for arch, bs, lr, opt, g, st in [
                ("resnet50", 256, 0.1, "sgd", 8, None),
                ("resnet50", 512, 0.2, "sgd", 8, None),
                ("resnet50", 1024, 0.4, "lars", 8, "FAILED"),
                ("efficientnet-b3", 256, 0.05, "adamw", 4, None),
                ("efficientnet-b3", 128, 0.02, "adamw", 4, None),
                ("vit-b16", 512, 0.001, "adamw", 8, None),
                ("vit-b16", 1024, 0.002, "adamw", 8, "FAILED"),
                ("convnext-t", 256, 0.004, "adamw", 4, None),
                ("convnext-t", 512, 0.008, "adamw", 8, None),
                ("resnet50", 256, 0.1, "sgd", 2, "KILLED"),
                ("mobilenet-v3", 512, 0.05, "rmsprop", 2, None),
                ("vit-b16", 512, 0.001, "adamw", 8, "RUNNING"),
            ]
        ],
        3000,
        303,
        1500,
        image_metrics(),
    )
    llm = seed_deep(
        c,
        "llm-finetune",
        "nlp",
        "team-b",
        [
            {"run_name": f"{base.split('/')[-1]}-lora-r{r}", "base_model": base, "method": "lora", "lora_r": r, "lora_alpha": 2 * r, "learning_rate": lr, "max_seq_len": 4096, "gpus": g, "dataset": "s3://datasets/llm/support-chats-v3.jsonl", "loss0": 2.1, "loss_floor": 0.9, **({"status": st} if st else {})}
            for base, r, lr, g, st in [
                ("meta-llama/Llama-3.1-8B-Instruct", 8, 2e-4, 4, None),
                ("meta-llama/Llama-3.1-8B-Instruct", 16, 2e-4, 4, None),
                ("meta-llama/Llama-3.1-8B-Instruct", 64, 1e-4, 8, "FAILED"),
                ("mistralai/Mistral-7B-Instruct-v0.3", 16, 2e-4, 4, None),
                ("mistralai/Mistral-7B-Instruct-v0.3", 32, 1e-4, 4, None),
                ("Qwen/Qwen2.5-7B-Instruct", 16, 3e-4, 4, None),
                ("Qwen/Qwen2.5-7B-Instruct", 32, 2e-4, 8, None),
                ("meta-llama/Llama-3.1-70B-Instruct", 16, 1e-4, 8, "FAILED"),
                ("google/gemma-2-9b-it", 16, 2e-4, 4, None),
                ("meta-llama/Llama-3.1-8B-Instruct", 32, 1.5e-4, 8, "RUNNING"),
            ]
        ],
        5000,
        404,
        4000,
        llm_metrics(),
    )
    iris = seed_iris(c, args.models_dir)

    if fraud:
        _, runs = fraud
        best = finished_best(runs, 4)
        seed_registry(
            c,
            "fraud-clf",
            "Card-transaction fraud classifier. Scores every authorisation; threshold tuned for 0.5% false-positive rate.",
            {"team": "risk", "task": "binary-classification", "pii": "false"},
            [
                {"source": f"{r.info.artifact_uri}/model", "run_id": r.info.run_id, "description": f"{r.data.tags.get('algorithm', '') or r.info.run_name}, val AUC {q:.4f}", "tags": {"validation_status": "passed" if k < 3 else "pending", "auc": f"{q:.4f}"}}
                for k, (r, _s, q) in enumerate(best)
            ],
            {"champion": 3, "challenger": 4} if len(best) >= 4 else {"champion": 1},
        )
    if churn:
        _, runs = churn
        best = finished_best(runs, 3)
        seed_registry(
            c,
            "churn-xgb",
            "Monthly churn propensity model (XGBoost) used by the retention campaign.",
            {"team": "growth", "task": "binary-classification"},
            [{"source": f"{r.info.artifact_uri}/model", "run_id": r.info.run_id, "description": f"retrained, AUC {q:.4f}", "tags": {"auc": f"{q:.4f}"}} for r, _s, q in best],
            {"champion": 2, "challenger": 3} if len(best) >= 3 else {"champion": 1},
        )
    if iris:
        _, out = iris
        seed_registry(
            c,
            "iris",
            "Iris species classifier; the lab's KServe model server serves version 1 as `iris` and version 2 as `iris-v2`.",
            {"team": "platform", "task": "multiclass-classification", "framework": "sklearn"},
            [
                {
                    "source": f"models:/{lm.model_id}",
                    "run_id": r.info.run_id,
                    "model_id": lm.model_id,
                    "description": f"{meta['algorithm']}, accuracy {meta['metrics']['accuracy']:.3f}",
                    "tags": {"served_as": meta["name"], "storage_uri": f"s3://models/iris/v{k + 1}", "accuracy": f"{meta['metrics']['accuracy']:.3f}"},
                }
                for k, (r, lm, meta) in enumerate(out)
            ],
            {"champion": 1, "challenger": 2},
        )
    if image:
        _, runs = image
        best = finished_best(runs, 2)
        seed_registry(
            c,
            "resnet50-products",
            "Product-photo classifier for the catalogue (4 classes).",
            {"team": "vision", "task": "image-classification"},
            [{"source": f"{r.info.artifact_uri}/checkpoints", "run_id": r.info.run_id, "description": r.info.run_name} for r, _s, _q in best],
            {"champion": 1},
        )
    log(f"done in {time.time() - started:.1f} s")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a short message for the TS caller, the traceback for the log
        import traceback

        traceback.print_exc()
        sys.exit(f"seed failed: {e}")
