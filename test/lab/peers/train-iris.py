# SPDX-License-Identifier: Apache-2.0
"""Trains the lab's two small, real scikit-learn models on the iris data set that
scikit-learn ships (no download), deterministically (fixed seeds), and writes for each:

    <out>/<name>/model.pkl   the fitted estimator, plain pickle (KServe's sklearn runtime and
                             MLflow's sklearn flavour both load `model.pkl`)
    <out>/<name>/meta.json   algorithm, parameters, held-out accuracy, library versions

plus <out>/iris.csv (the data set, for the `datasets` bucket). Run with the `inference`
virtualenv's interpreter: `python train-iris.py --out DIR`. Existing models are kept.
"""
import argparse
import json
import os
import pickle
import platform

import numpy as np
import sklearn
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split

MODELS = {
    "iris": ("LogisticRegression", lambda: LogisticRegression(max_iter=500, C=1.0, random_state=42)),
    "iris-v2": (
        "RandomForestClassifier",
        lambda: RandomForestClassifier(n_estimators=50, max_depth=4, random_state=42),
    ),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    data = load_iris()
    x_train, x_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=0.3, random_state=42, stratify=data.target
    )

    csv = os.path.join(args.out, "iris.csv")
    if not os.path.exists(csv):
        with open(csv, "w") as f:
            f.write(",".join(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]) + "\n")
            for row, target in zip(data.data, data.target):
                f.write(",".join(f"{v:.1f}" for v in row) + f",{data.target_names[target]}\n")

    for name, (algorithm, make) in MODELS.items():
        d = os.path.join(args.out, name)
        if os.path.exists(os.path.join(d, "model.pkl")) and os.path.exists(os.path.join(d, "meta.json")):
            print(f"{name}: kept")
            continue
        os.makedirs(d, exist_ok=True)
        model = make()
        model.fit(x_train, y_train)
        pred = model.predict(x_test)
        meta = {
            "name": name,
            "algorithm": algorithm,
            "params": {k: v for k, v in model.get_params().items() if isinstance(v, (int, float, str, bool)) or v is None},
            "metrics": {
                "accuracy": float(accuracy_score(y_test, pred)),
                "f1_macro": float(f1_score(y_test, pred, average="macro")),
            },
            "feature_names": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
            "target_names": [str(t) for t in data.target_names],
            "sklearn_version": sklearn.__version__,
            "numpy_version": np.__version__,
            "python_version": platform.python_version(),
            "pickle_protocol": 4,
            "example": {"instances": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]},
        }
        with open(os.path.join(d, "model.pkl"), "wb") as f:
            pickle.dump(model, f, protocol=4)
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f, indent=2)
        print(f"{name}: trained {algorithm}, accuracy {meta['metrics']['accuracy']:.3f}")


if __name__ == "__main__":
    main()
