# SPDX-License-Identifier: Apache-2.0
"""Compiles every version of every pipeline of pipelines.py with the kfp SDK into
OUT_DIR/<name>--<version>.yaml (a version overrides parameter defaults).

Usage: python compile.py OUT_DIR"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from kfp import compiler  # noqa: E402

from pipelines import PIPELINES, VERSIONS  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, fn in PIPELINES.items():
    for version, params in VERSIONS.get(name, {"v1": {}}).items():
        compiler.Compiler().compile(fn, os.path.join(out, f"{name}--{version}.yaml"), pipeline_parameters=params)
        print(f"{name} {version}")
