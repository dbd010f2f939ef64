# SPDX-License-Identifier: Apache-2.0
"""
The lab's `fraud_detection` feature repository (lab-a), applied with `feast apply`: two
entities, three Parquet sources in the lab S3 (FEAST_LAB_DATA is the `s3://` prefix of this
cluster's offline data, FEAST_S3_ENDPOINT_URL the lab S3 server), two feature views with typed
features (Int64, Float32, Float64, String, Bool, arrays), TTLs, tags and descriptions, an
on-demand feature view over a request source, and two feature services.
"""
import os
from datetime import timedelta

import pandas as pd
from feast import Entity, FeatureService, FeatureView, Field, FileSource, Project, RequestSource, ValueType
from feast.data_format import ParquetFormat
from feast.on_demand_feature_view import on_demand_feature_view
from feast.types import Array, Bool, Float32, Float64, Int64, String

DATA = os.environ["FEAST_LAB_DATA"]
S3 = os.environ["FEAST_S3_ENDPOINT_URL"]

project = Project(
    name="fraud_detection",
    description="Card transaction features for the real-time fraud model",
    tags={"team": "risk", "domain": "payments"},
    owner="risk-ml@example.com",
)

customer = Entity(
    name="customer",
    join_keys=["customer_id"],
    value_type=ValueType.INT64,
    description="A card holder",
    tags={"pii": "false"},
    owner="risk-ml@example.com",
)

merchant = Entity(
    name="merchant",
    join_keys=["merchant_id"],
    value_type=ValueType.STRING,
    description="A merchant accepting card payments",
)

transactions_source = FileSource(
    name="transactions_source",
    path=f"{DATA}/transactions.parquet",
    file_format=ParquetFormat(),
    s3_endpoint_override=S3,
    timestamp_field="event_timestamp",
    created_timestamp_column="created",
    description="Hourly aggregates of card transactions per customer",
    tags={"format": "parquet"},
    owner="data-eng@example.com",
)

merchant_source = FileSource(
    name="merchant_source",
    path=f"{DATA}/merchants.parquet",
    file_format=ParquetFormat(),
    s3_endpoint_override=S3,
    timestamp_field="event_timestamp",
    description="Daily merchant risk statistics",
)

customer_transaction_stats = FeatureView(
    name="customer_transaction_stats",
    entities=[customer],
    ttl=timedelta(days=1),
    schema=[
        Field(name="transaction_count_1h", dtype=Int64, description="Transactions in the last hour"),
        Field(name="avg_transaction_amount", dtype=Float32, description="Mean amount over 7 days (EUR)"),
        Field(name="max_transaction_amount", dtype=Float64, description="Largest amount over 7 days (EUR)"),
        Field(name="last_country", dtype=String, description="ISO country of the last transaction"),
        Field(name="is_new_device", dtype=Bool, description="Last transaction came from an unseen device"),
        Field(name="recent_amounts", dtype=Array(Float32), description="The last five amounts"),
        Field(name="recent_merchant_ids", dtype=Array(String), description="The last five merchants"),
    ],
    online=True,
    source=transactions_source,
    description="Per-customer transaction statistics for fraud scoring",
    tags={"team": "risk", "tier": "gold"},
    owner="risk-ml@example.com",
)

merchant_risk = FeatureView(
    name="merchant_risk",
    entities=[merchant],
    ttl=timedelta(days=7),
    schema=[
        Field(name="chargeback_rate", dtype=Float32, description="Chargebacks / transactions over 30 days"),
        Field(name="merchant_category", dtype=String, description="ISO 18245 merchant category"),
        Field(name="daily_volume", dtype=Int64),
        Field(name="flagged_days", dtype=Array(Int64), description="Days of the month with alerts"),
    ],
    online=True,
    source=merchant_source,
    description="Merchant risk indicators",
    tags={"team": "risk"},
    owner="risk-ml@example.com",
)

transaction_request = RequestSource(
    name="transaction_request",
    schema=[Field(name="amount", dtype=Float64), Field(name="currency", dtype=String)],
    description="The transaction being scored",
)


@on_demand_feature_view(
    sources=[customer_transaction_stats, transaction_request],
    schema=[
        # no descriptions: `feast apply` compares these fields with the ones it infers by running
        # the function, and inferred fields have none (SpecifiedFeaturesNotPresentError otherwise)
        Field(name="amount_to_avg_ratio", dtype=Float64),
        Field(name="is_large_amount", dtype=Bool),
    ],
    description="Compares the scored transaction with the customer's history",
    tags={"team": "risk", "kind": "realtime"},
    owner="risk-ml@example.com",
)
def transaction_amount_features(inputs: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame()
    out["amount_to_avg_ratio"] = inputs["amount"] / inputs["avg_transaction_amount"].astype("float64").clip(lower=1.0)
    out["is_large_amount"] = inputs["amount"] > inputs["max_transaction_amount"]
    return out


fraud_model_v1 = FeatureService(
    name="fraud_model_v1",
    features=[customer_transaction_stats[["transaction_count_1h", "avg_transaction_amount"]], merchant_risk],
    description="Features of fraud model v1 (batch scoring)",
    tags={"model": "fraud-clf", "stage": "production"},
    owner="risk-ml@example.com",
)

fraud_model_v2 = FeatureService(
    name="fraud_model_v2",
    features=[customer_transaction_stats, merchant_risk, transaction_amount_features],
    description="Features of fraud model v2 (real-time scoring)",
    tags={"model": "fraud-clf", "stage": "staging"},
)
