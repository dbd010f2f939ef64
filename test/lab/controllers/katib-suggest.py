# SPDX-License-Identifier: Apache-2.0
"""Suggestions of the driven Katib from real optimisers, as Katib's suggestion services make them.

Run by controllers/katib-optimiser.ts with the lab's `katib` virtualenv. Reads one JSON request on
stdin and prints one JSON answer on stdout:

  request  {"algorithm": "tpe", "settings": {"random_state": "10"}, "parameters": [<Katib parameter>],
            "seed": 123, "count": 2,
            "observed": [{"assignments": [{"name", "value"}], "objective": <float, higher is better>}],
            "pending": [[{"name", "value"}]]}
  answer   {"suggestions": [[{"name", "value"}]]}

- bayesianoptimization: scikit-optimize's Optimizer (a Gaussian process), as Katib's skopt service;
  settings base_estimator, n_initial_points, acq_func, acq_optimizer, random_state.
- tpe / multivariate-tpe / cmaes / sobol: optuna's TPESampler (multivariate for the second),
  CmaEsSampler and QMCSampler(qmc_type="sobol"), as Katib's optuna and goptuna services; settings
  n_startup_trials, n_ei_candidates, random_state, sigma, restart_strategy.
Trials still running are told to optuna as running and to skopt as constant-liar points, so a
batch of parallel suggestions does not repeat itself. Everything is seeded: the same history gives
the same suggestions.
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")


def log_scale(p):
    fs = p.get("feasibleSpace", {})
    return fs.get("distribution") == "logUniform" and float(fs.get("min", "0")) > 0


def numeric_value(p, v):
    return int(round(float(v))) if p["parameterType"] == "int" else float(v)


def fmt(p, v):
    if p["parameterType"] == "int":
        return str(int(round(float(v))))
    if p["parameterType"] in ("discrete", "categorical"):
        return str(v)
    return repr(float("%.6g" % float(v)))


def by_name(assignments):
    return {a["name"]: a["value"] for a in assignments}


def optuna_suggest(req):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

    params = req["parameters"]
    settings = req.get("settings", {})
    seed = int(settings.get("random_state", req["seed"]))
    dists = {}
    for p in params:
        fs = p.get("feasibleSpace", {})
        if p["parameterType"] in ("discrete", "categorical"):
            dists[p["name"]] = CategoricalDistribution(list(fs.get("list", [])))
        elif p["parameterType"] == "int":
            dists[p["name"]] = IntDistribution(int(fs["min"]), int(fs["max"]), log=log_scale(p))
        else:
            dists[p["name"]] = FloatDistribution(float(fs["min"]), float(fs["max"]), log=log_scale(p))
    alg = req["algorithm"]
    if alg in ("tpe", "multivariate-tpe"):
        sampler = optuna.samplers.TPESampler(
            seed=seed,
            multivariate=alg == "multivariate-tpe",
            n_startup_trials=int(settings.get("n_startup_trials", 4)),
            n_ei_candidates=int(settings.get("n_ei_candidates", 24)),
        )
    elif alg == "cmaes":
        sampler = optuna.samplers.CmaEsSampler(
            seed=seed,
            sigma0=float(settings["sigma"]) if "sigma" in settings else None,
            restart_strategy=settings.get("restart_strategy") or None,
        )
    elif alg == "sobol":
        sampler = optuna.samplers.QMCSampler(qmc_type="sobol", seed=seed, scramble=True)
    else:
        raise SystemExit("no optuna sampler for algorithm %r" % alg)
    study = optuna.create_study(direction="maximize", sampler=sampler)

    def values(assignments):
        named = by_name(assignments)
        out = {}
        for p in params:
            if p["name"] not in named:
                return None
            v = named[p["name"]]
            out[p["name"]] = v if p["parameterType"] in ("discrete", "categorical") else numeric_value(p, v)
        return out

    for o in req.get("observed", []):
        v = values(o["assignments"])
        if v is not None:
            study.add_trial(optuna.trial.create_trial(params=v, distributions=dists, value=float(o["objective"])))
    for a in req.get("pending", []):
        v = values(a)
        if v is not None:
            study.add_trial(optuna.trial.create_trial(params=v, distributions=dists, state=optuna.trial.TrialState.RUNNING))
    out = []
    for _ in range(int(req["count"])):
        t = study.ask(dists)
        out.append([{"name": p["name"], "value": fmt(p, t.params[p["name"]])} for p in params])
    return out


def skopt_suggest(req):
    from skopt import Optimizer
    from skopt.space import Categorical, Integer, Real

    params = req["parameters"]
    settings = req.get("settings", {})
    dims = []
    for p in params:
        fs = p.get("feasibleSpace", {})
        prior = "log-uniform" if log_scale(p) else "uniform"
        if p["parameterType"] in ("discrete", "categorical"):
            dims.append(Categorical(list(fs.get("list", [])), name=p["name"]))
        elif p["parameterType"] == "int":
            dims.append(Integer(int(fs["min"]), int(fs["max"]), prior=prior, name=p["name"]))
        else:
            dims.append(Real(float(fs["min"]), float(fs["max"]), prior=prior, name=p["name"]))
    opt = Optimizer(
        dims,
        base_estimator=settings.get("base_estimator", "GP"),
        n_initial_points=int(settings.get("n_initial_points", 10)),
        acq_func=settings.get("acq_func", "gp_hedge"),
        acq_optimizer=settings.get("acq_optimizer", "auto"),
        random_state=int(settings.get("random_state", req["seed"])),
    )

    def point(assignments):
        named = by_name(assignments)
        if any(p["name"] not in named for p in params):
            return None
        return [named[p["name"]] if p["parameterType"] in ("discrete", "categorical") else numeric_value(p, named[p["name"]]) for p in params]

    xs, ys = [], []
    for o in req.get("observed", []):
        x = point(o["assignments"])
        if x is not None:
            xs.append(x)
            ys.append(-float(o["objective"]))  # skopt minimises
    if xs:
        opt.tell(xs, ys)
    liar = min(ys) if ys else 0.0
    pending = [x for x in (point(a) for a in req.get("pending", [])) if x is not None]
    if pending:
        opt.tell(pending, [liar] * len(pending))
    out = []
    for _ in range(int(req["count"])):
        x = opt.ask()
        out.append([{"name": p["name"], "value": fmt(p, v)} for p, v in zip(params, x)])
        opt.tell([x], [liar])
    return out


def main():
    req = json.load(sys.stdin)
    if req["algorithm"] == "bayesianoptimization":
        suggestions = skopt_suggest(req)
    else:
        suggestions = optuna_suggest(req)
    json.dump({"suggestions": suggestions}, sys.stdout)


if __name__ == "__main__":
    main()
