# SPDX-License-Identifier: Apache-2.0
"""
The lab's `recommendations` feature repository (lab-a), a second project in the same registry
as `fraud_detection`: users and items, Parquet sources in the lab S3, two feature views (one
with an embedding as Array(Float32)), a feature service.
"""
import os
from datetime import timedelta

from feast import Entity, FeatureService, FeatureView, Field, FileSource, Project, ValueType
from feast.data_format import ParquetFormat
from feast.types import Array, Float32, Int64, String, UnixTimestamp

DATA = os.environ["FEAST_LAB_DATA"]
S3 = os.environ["FEAST_S3_ENDPOINT_URL"]

project = Project(
    name="recommendations",
    description="User and item features for the product recommender",
    tags={"team": "growth"},
    owner="growth-ml@example.com",
)

user = Entity(name="user", join_keys=["user_id"], value_type=ValueType.INT64, description="A shop user")
item = Entity(name="item", join_keys=["item_id"], value_type=ValueType.INT64, description="A catalogue item")

user_activity_source = FileSource(
    name="user_activity_source",
    path=f"{DATA}/user_activity.parquet",
    file_format=ParquetFormat(),
    s3_endpoint_override=S3,
    timestamp_field="event_timestamp",
    description="Daily user activity rollup",
)

item_source = FileSource(
    name="item_source",
    path=f"{DATA}/items.parquet",
    file_format=ParquetFormat(),
    s3_endpoint_override=S3,
    timestamp_field="event_timestamp",
    description="Item catalogue snapshot with embeddings",
)

user_activity = FeatureView(
    name="user_activity",
    entities=[user],
    ttl=timedelta(hours=12),
    schema=[
        Field(name="sessions_7d", dtype=Int64, description="Sessions in the last 7 days"),
        Field(name="avg_basket_value", dtype=Float32, description="Mean basket value (EUR)"),
        Field(name="favourite_category", dtype=String),
        Field(name="last_seen", dtype=UnixTimestamp),
        Field(name="viewed_item_ids", dtype=Array(Int64), description="The last ten items viewed"),
    ],
    source=user_activity_source,
    description="What a user did recently",
    tags={"team": "growth", "pii": "false"},
    owner="growth-ml@example.com",
)

item_embeddings = FeatureView(
    name="item_embeddings",
    entities=[item],
    ttl=timedelta(days=30),
    schema=[
        Field(name="embedding", dtype=Array(Float32), description="64-dimensional item embedding"),
        Field(name="category", dtype=String),
        Field(name="price", dtype=Float32),
    ],
    source=item_source,
    description="Item embeddings from the two-tower model",
    tags={"team": "growth", "model": "two-tower"},
)

recommender_v3 = FeatureService(
    name="recommender_v3",
    features=[user_activity, item_embeddings[["embedding", "price"]]],
    description="Features of the ranking model v3",
    tags={"model": "ranker", "stage": "production"},
    owner="growth-ml@example.com",
)
