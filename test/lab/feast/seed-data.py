# SPDX-License-Identifier: Apache-2.0
"""
Seed data of the lab's Feast repositories, run in the lab's `feast` environment.

  seed-data.py data <cluster> <prefix>
      Writes the cluster's offline tables as Parquet files under <prefix> (an `s3://bucket/key`
      prefix in the lab S3, reached through FEAST_S3_ENDPOINT_URL and the AWS_* variables, or a
      local folder). Deterministic: the same rows on every run.

  seed-data.py saved-dataset <repo-dir> <prefix>
      Registers the saved dataset `fraud_training_2026_11` of the `fraud_detection` project
      (repo-dir holds its feature_store.yaml) with `Registry.apply_saved_dataset`, after writing
      its Parquet file under <prefix>/saved/. Feast's own `create_saved_dataset` would run a
      point-in-time join on the offline store first (dask over S3, which needs s3fs); the lab
      writes the joined rows itself and registers the same SavedDataset object.
"""
import io
import os
import sys
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd

BASE = datetime(2026, 11, 1, tzinfo=timezone.utc)


def _times(n: int, step: timedelta) -> list:
    return [BASE + step * i for i in range(n)]


def fraud_tables(rng: np.random.Generator) -> dict:
    n = 48
    t = _times(n, timedelta(hours=1))
    transactions = pd.DataFrame(
        {
            "customer_id": np.array([1001 + (i % 6) for i in range(n)], dtype="int64"),
            "event_timestamp": t,
            "created": t,
            "transaction_count_1h": rng.integers(0, 12, n).astype("int64"),
            "avg_transaction_amount": rng.uniform(5, 400, n).round(2).astype("float32"),
            "max_transaction_amount": rng.uniform(400, 2500, n).round(2),
            "last_country": rng.choice(["DE", "FR", "NL", "US", "GB"], n),
            "is_new_device": rng.random(n) < 0.1,
            "recent_amounts": [rng.uniform(1, 500, 5).round(2).astype("float32").tolist() for _ in range(n)],
            "recent_merchant_ids": [[f"m-{int(x)}" for x in rng.integers(1, 40, 5)] for _ in range(n)],
        }
    )
    merchants = pd.DataFrame(
        {
            "merchant_id": [f"m-{i}" for i in range(1, 21)],
            "event_timestamp": [BASE] * 20,
            "chargeback_rate": rng.uniform(0, 0.05, 20).astype("float32"),
            "merchant_category": rng.choice(["5411", "5812", "5999", "4121"], 20),
            "daily_volume": rng.integers(50, 5000, 20).astype("int64"),
            "flagged_days": [sorted(rng.choice(range(1, 31), 3, replace=False).astype("int64").tolist()) for _ in range(20)],
        }
    )
    return {"transactions.parquet": transactions, "merchants.parquet": merchants}


def recommendation_tables(rng: np.random.Generator) -> dict:
    n = 30
    t = _times(n, timedelta(hours=6))
    users = pd.DataFrame(
        {
            "user_id": np.array([500 + (i % 10) for i in range(n)], dtype="int64"),
            "event_timestamp": t,
            "sessions_7d": rng.integers(0, 40, n).astype("int64"),
            "avg_basket_value": rng.uniform(10, 200, n).astype("float32"),
            "favourite_category": rng.choice(["books", "garden", "toys", "kitchen"], n),
            "last_seen": t,
            "viewed_item_ids": [rng.integers(1, 100, 10).astype("int64").tolist() for _ in range(n)],
        }
    )
    items = pd.DataFrame(
        {
            "item_id": np.arange(1, 26, dtype="int64"),
            "event_timestamp": [BASE] * 25,
            "embedding": [rng.normal(0, 1, 64).astype("float32").tolist() for _ in range(25)],
            "category": rng.choice(["books", "garden", "toys", "kitchen"], 25),
            "price": rng.uniform(2, 300, 25).round(2).astype("float32"),
        }
    )
    return {"user_activity.parquet": users, "items.parquet": items}


def churn_tables(rng: np.random.Generator) -> dict:
    n = 40
    t = _times(n, timedelta(days=1))
    ids = [f"sub-{100 + (i % 8)}" for i in range(n)]
    billing = pd.DataFrame(
        {
            "subscriber_id": ids,
            "event_timestamp": t,
            "avg_transaction_amount": rng.uniform(9, 99, n).round(2),
            "months_active": rng.integers(1, 60, n).astype("int64"),
            "plan": rng.choice(["basic", "plus", "pro"], n),
            "late_payments": [sorted(rng.choice(range(1, 13), 2, replace=False).astype("int64").tolist()) for _ in range(n)],
        }
    )
    usage = pd.DataFrame(
        {
            "subscriber_id": ids,
            "event_timestamp": t,
            "logins_30d": rng.integers(0, 90, n).astype("int64"),
            "minutes_used_30d": rng.uniform(0, 3000, n).astype("float32"),
            "support_tickets_90d": rng.integers(0, 6, n).astype("int64"),
            "has_mobile_app": rng.random(n) < 0.6,
        }
    )
    return {"billing.parquet": billing, "usage.parquet": usage}


TABLES = {"lab-a": [fraud_tables, recommendation_tables], "lab-b": [churn_tables]}


def write_parquet(df: pd.DataFrame, prefix: str, name: str) -> str:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, engine="pyarrow")
    if prefix.startswith("s3://"):
        import boto3

        bucket, _, key_prefix = prefix[len("s3://") :].partition("/")
        key = f"{key_prefix.rstrip('/')}/{name}".lstrip("/")
        s3 = boto3.client("s3", endpoint_url=os.environ["FEAST_S3_ENDPOINT_URL"])
        s3.put_object(Bucket=bucket, Key=key, Body=buf.getvalue(), ContentType="application/vnd.apache.parquet")
        where = f"s3://{bucket}/{key}"
    else:
        path = os.path.join(prefix, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(buf.getvalue())
        where = path
    print(f"[feast-seed] wrote {where} ({len(df)} rows)", flush=True)
    return where


def seed_data(cluster: str, prefix: str) -> None:
    if cluster not in TABLES:
        raise SystemExit(f"unknown cluster {cluster!r}; known: {', '.join(TABLES)}")
    rng = np.random.default_rng(16)
    for make in TABLES[cluster]:
        for name, df in make(rng).items():
            write_parquet(df, prefix, name)


def seed_saved_dataset(repo_dir: str, prefix: str) -> None:
    from feast import FeatureStore
    from feast.infra.offline_stores.file_source import SavedDatasetFileStorage
    from feast.saved_dataset import SavedDataset

    store = FeatureStore(repo_path=repo_dir)
    features = [
        "customer_transaction_stats:transaction_count_1h",
        "customer_transaction_stats:avg_transaction_amount",
        "merchant_risk:chargeback_rate",
    ]
    rng = np.random.default_rng(11)
    rows = pd.DataFrame(
        {
            "customer_id": np.array([1001 + (i % 6) for i in range(24)], dtype="int64"),
            "merchant_id": [f"m-{1 + (i % 20)}" for i in range(24)],
            "event_timestamp": _times(24, timedelta(hours=2)),
            "transaction_count_1h": rng.integers(0, 12, 24).astype("int64"),
            "avg_transaction_amount": rng.uniform(5, 400, 24).astype("float32"),
            "chargeback_rate": rng.uniform(0, 0.05, 24).astype("float32"),
            "is_fraud": rng.random(24) < 0.2,
        }
    )
    path = write_parquet(rows, prefix, "saved/fraud_training_2026_11.parquet")
    endpoint = os.environ.get("FEAST_S3_ENDPOINT_URL") if path.startswith("s3://") else None
    dataset = SavedDataset(
        name="fraud_training_2026_11",
        features=features,
        join_keys=["customer_id", "merchant_id"],
        storage=SavedDatasetFileStorage(path=path, s3_endpoint_override=endpoint),
        full_feature_names=False,
        tags={"purpose": "training", "model": "fraud-clf"},
        feature_service_name="fraud_model_v1",
        description="Training set of fraud model v1 (November 2026)",
    )
    store.registry.apply_saved_dataset(dataset, store.project, commit=True)
    print(f"[feast-seed] registered saved dataset {dataset.name} in {store.project}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "data":
        seed_data(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "saved-dataset":
        seed_saved_dataset(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
