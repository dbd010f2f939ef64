# SPDX-License-Identifier: Apache-2.0
"""The lab's seeded pipelines, compiled by the real kfp SDK (compile.py). `PIPELINES` names
them; `VERSIONS` lists the versions the seed uploads of each (new parameter defaults)."""
from kfp import dsl

from components import announce, cleanup, evaluate, flip_coin, pick_best, prepare_data, score, step, summarize, train


@dsl.pipeline(name="training", description="Prepare data, train on a GPU, evaluate: parameters, artifacts and metrics.")
def training(rows: int = 1000, learning_rate: float = 0.01, epochs: int = 5, threshold: float = 0.8, fail_at: str = "", train_seconds: int = 2):
    data = prepare_data(rows=rows, fail_at=fail_at).set_caching_options(False)
    model = train(dataset=data.outputs["dataset"], learning_rate=learning_rate, epochs=epochs, fail_at=fail_at, duration_seconds=train_seconds)
    model.set_cpu_limit("4").set_memory_limit("16G").set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(1)
    model.set_caching_options(False).set_retry(num_retries=1)
    evaluate(model=model.outputs["model"], threshold=threshold, fail_at=fail_at).set_caching_options(False)


@dsl.pipeline(name="training-cached", description="The training pipeline with caching on: a second run with the same inputs reuses outputs.")
def training_cached(rows: int = 1000, learning_rate: float = 0.01, epochs: int = 5):
    data = prepare_data(rows=rows)
    model = train(dataset=data.outputs["dataset"], learning_rate=learning_rate, epochs=epochs)
    evaluate(model=model.outputs["model"], threshold=0.5)


@dsl.pipeline(name="conditions", description="dsl.If / Elif / Else on a coin flip.")
def conditions(seed: int = 7):
    coin = flip_coin(seed=seed).set_caching_options(False)
    with dsl.If(coin.output == "heads"):
        announce(message="it was heads").set_caching_options(False)
    with dsl.Elif(coin.output == "tails"):
        announce(message="it was tails").set_caching_options(False)
    with dsl.Else():
        announce(message="it stood on its edge").set_caching_options(False)


@dsl.pipeline(name="sweep", description="A ParallelFor learning-rate sweep, then the best score.")
def sweep(learning_rates: list = [0.001, 0.01, 0.1, 0.3]):
    with dsl.ParallelFor(learning_rates, parallelism=2) as lr:
        s = score(learning_rate=lr).set_caching_options(False)
    pick_best(scores=dsl.Collected(s.output)).set_caching_options(False)


@dsl.pipeline(name="exit-handler", description="Steps inside an exit handler; cleanup runs whatever happens.")
def exit_handler(message: str = "hello", fail_at: str = ""):
    final = cleanup().set_caching_options(False)
    with dsl.ExitHandler(final):
        data = prepare_data(rows=10, fail_at=fail_at).set_caching_options(False)
        announce(message=message).after(data).set_caching_options(False)


@dsl.pipeline(name="failing", description="Fails at its `train` step (fail_at names the task).")
def failing(fail_at: str = "train"):
    data = prepare_data(rows=100, fail_at=fail_at).set_caching_options(False)
    train(dataset=data.outputs["dataset"], learning_rate=0.1, epochs=1, fail_at=fail_at).set_caching_options(False)


@dsl.pipeline(name="chain-group", description="30 steps: 10 chains of 3.")
def chain_group(fail_at: str = ""):
    for chain in range(10):
        prev = None
        for i in range(3):
            t = step(index=chain * 3 + i, fail_at=fail_at).set_caching_options(False).set_display_name(f"step-{chain}-{i}")
            if prev is not None:
                t.after(prev)
            prev = t


@dsl.pipeline(name="large", description="300 steps in 10 groups of 10 chains of 3, for benchmarks.")
def large(fail_at: str = ""):
    # nested groups: Argo's Workflow CRD allows at most 200 tasks per DAG template (each KFP task is two)
    for g in range(10):
        chain_group(fail_at=fail_at).set_display_name(f"group-{g}")


@dsl.pipeline(name="oversized", description="Asks for 64 GPUs in one pod: no node has them, so the pod stays Pending (FailedScheduling).")
def oversized(rows: int = 10):
    data = prepare_data(rows=rows).set_caching_options(False)
    model = train(dataset=data.outputs["dataset"], learning_rate=0.1, epochs=1).set_caching_options(False)
    model.set_accelerator_type("nvidia.com/gpu").set_accelerator_limit(64)


@dsl.pipeline(name="data-report", description="Prepare data, then describe it: an HTML report and a Markdown summary.")
def data_report(rows: int = 100, title: str = "Training data"):
    data = prepare_data(rows=rows).set_caching_options(False)
    summarize(dataset=data.outputs["dataset"], title=title).set_caching_options(False)


PIPELINES = {
    "training": training,
    "training-cached": training_cached,
    "conditions": conditions,
    "sweep": sweep,
    "exit-handler": exit_handler,
    "failing": failing,
    "large": large,
    "oversized": oversized,
    "data-report": data_report,
}

VERSIONS = {
    "training": {"v1": {}, "v2": {"learning_rate": 0.005, "epochs": 10}},
    "sweep": {"v1": {}, "v2": {"learning_rates": [0.0003, 0.003, 0.03]}},
}
