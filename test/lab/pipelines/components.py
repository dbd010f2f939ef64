# SPDX-License-Identifier: Apache-2.0
"""Components of the lab's seeded pipelines. The lab's status driver plays them (their Python
bodies never run): outputs are derived deterministically from the inputs, a task fails when its
input `fail_at` names it (or its image tag is `:fail`), and an input `duration_seconds` sets how
long its pod runs (2 s otherwise). See test/lab/README.md, "Kubeflow Pipelines"."""
from kfp import dsl
from kfp.dsl import HTML, ClassificationMetrics, Dataset, Input, Markdown, Metrics, Model, Output

IMAGE = "python:3.11-slim"


@dsl.component(base_image=IMAGE)
def prepare_data(rows: int, dataset: Output[Dataset], fail_at: str = ""):
    """Writes a training table."""
    with open(dataset.path, "w") as f:
        f.write("x,y\n" + "\n".join(f"{i},{i * 2}" for i in range(rows)))


@dsl.component(base_image="pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime")
def train(
    dataset: Input[Dataset],
    learning_rate: float,
    epochs: int,
    model: Output[Model],
    metrics: Output[Metrics],
    fail_at: str = "",
    duration_seconds: int = 2,
) -> float:
    """Trains a model; returns its accuracy."""
    accuracy = 0.9
    metrics.log_metric("accuracy", accuracy)
    with open(model.path, "w") as f:
        f.write(f"lr={learning_rate} epochs={epochs}")
    return accuracy


@dsl.component(base_image=IMAGE)
def evaluate(model: Input[Model], threshold: float, report: Output[ClassificationMetrics], fail_at: str = "") -> bool:
    """Evaluates a model; says whether it passes the threshold."""
    report.log_confusion_matrix(["a", "b"], [[1, 0], [0, 1]])
    return True


@dsl.component(base_image=IMAGE)
def flip_coin(seed: int) -> str:
    """Heads or tails."""
    import random

    return random.Random(seed).choice(["heads", "tails"])


@dsl.component(base_image=IMAGE)
def announce(message: str) -> str:
    """Prints a message."""
    print(message)
    return message


@dsl.component(base_image=IMAGE)
def score(learning_rate: float, batch_size: int = 32) -> float:
    """Scores one hyper-parameter setting."""
    return learning_rate * batch_size


@dsl.component(base_image=IMAGE)
def pick_best(scores: list) -> float:
    """The best of a ParallelFor's scores."""
    return max(scores)


@dsl.component(base_image=IMAGE)
def cleanup(status: dsl.PipelineTaskFinalStatus):
    """Runs last, whatever happened."""
    print(status.state)


@dsl.component(base_image=IMAGE)
def step(index: int, fail_at: str = "") -> int:
    """One step of a long chain."""
    return index + 1


@dsl.component(base_image=IMAGE)
def summarize(dataset: Input[Dataset], title: str, report: Output[HTML], summary: Output[Markdown]):
    """Describes a table: an HTML report and a Markdown summary."""
    with open(dataset.path) as f:
        rows = sum(1 for _ in f) - 1
    with open(report.path, "w") as f:
        f.write(f"<html><body><h1>{title}</h1><p>{rows} rows</p></body></html>")
    with open(summary.path, "w") as f:
        f.write(f"# {title}\n\n- rows: {rows}\n")
