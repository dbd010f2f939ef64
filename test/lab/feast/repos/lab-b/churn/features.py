# SPDX-License-Identifier: Apache-2.0
"""
The lab's `churn` feature repository (lab-b), with its own registry. Its feature view
`customer_billing` shares the feature name `avg_transaction_amount` with lab-a's
`fraud_detection/customer_transaction_stats`, so a search by feature name finds a view on
each cluster.
"""
import os
from datetime import timedelta

from feast import Entity, FeatureService, FeatureView, Field, FileSource, Project, ValueType
from feast.data_format import ParquetFormat
from feast.types import Array, Bool, Float32, Float64, Int64, String

DATA = os.environ["FEAST_LAB_DATA"]
S3 = os.environ["FEAST_S3_ENDPOINT_URL"]

project = Project(
    name="churn",
    description="Subscriber features for the churn model",
    tags={"team": "retention"},
    owner="retention-ml@example.com",
)

subscriber = Entity(
    name="subscriber",
    join_keys=["subscriber_id"],
    value_type=ValueType.STRING,
    description="A paying subscriber",
)

billing_source = FileSource(
    name="billing_source",
    path=f"{DATA}/billing.parquet",
    file_format=ParquetFormat(),
    s3_endpoint_override=S3,
    timestamp_field="event_timestamp",
    description="Monthly billing rollup per subscriber",
)

usage_source = FileSource(
    name="usage_source",
    path=f"{DATA}/usage.parquet",
    file_format=ParquetFormat(),
    s3_endpoint_override=S3,
    timestamp_field="event_timestamp",
    description="Daily product usage per subscriber",
)

customer_billing = FeatureView(
    name="customer_billing",
    entities=[subscriber],
    ttl=timedelta(days=31),
    schema=[
        Field(name="avg_transaction_amount", dtype=Float64, description="Mean monthly bill over 6 months (EUR)"),
        Field(name="months_active", dtype=Int64),
        Field(name="plan", dtype=String, description="basic, plus or pro"),
        Field(name="late_payments", dtype=Array(Int64), description="Months with a late payment"),
    ],
    source=billing_source,
    description="Billing history of a subscriber",
    tags={"team": "retention", "tier": "silver"},
    owner="retention-ml@example.com",
)

product_usage = FeatureView(
    name="product_usage",
    entities=[subscriber],
    ttl=timedelta(days=2),
    schema=[
        Field(name="logins_30d", dtype=Int64),
        Field(name="minutes_used_30d", dtype=Float32),
        Field(name="support_tickets_90d", dtype=Int64),
        Field(name="has_mobile_app", dtype=Bool),
    ],
    source=usage_source,
    description="How much a subscriber uses the product",
    tags={"team": "retention"},
)

churn_model_v4 = FeatureService(
    name="churn_model_v4",
    features=[customer_billing, product_usage],
    description="Features of churn model v4",
    tags={"model": "churn-xgb", "stage": "production"},
    owner="retention-ml@example.com",
)
