# SPDX-License-Identifier: Apache-2.0
"""The lab's inference server: KServe's own Python model server (`kserve.ModelServer`,
the runtime that KServe's sklearn/xgboost/custom predictors run), serving every model
directory under --models-dir (`<dir>/<name>/model.pkl`, a pickled scikit-learn estimator).

It answers, on one HTTP port:
  V1:  GET /v1/models, GET /v1/models/<m>, POST /v1/models/<m>:predict
       {"instances": [[5.1, 3.5, 1.4, 0.2]]} -> {"predictions": [0]}
  V2 (Open Inference Protocol): GET /v2/health/live, /v2/health/ready, /v2/models/<m>,
       /v2/models/<m>/ready, POST /v2/models/<m>/infer
       {"inputs": [{"name": "input-0", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}]}
       -> {"model_name": "<m>", "id": "...", "outputs": [{"name": "output-0", "shape": [1], "datatype": "INT64", "data": [0]}]}
  GET /metrics (Prometheus)
and V2 gRPC (inference.GRPCInferenceService) on --grpc-port.

kserve 0.21 binds 0.0.0.0 (REST) and [::] (gRPC) unconditionally; the lab listens on
loopback only, so both addresses are rewritten to --host below.
"""
import argparse
import os
import pickle
import sys
from typing import Dict, Optional, Union

import grpc.aio
import kserve
import kserve.model_server as model_server_module
from kserve import InferRequest, InferResponse
from kserve.protocol.rest.server import RESTServer
from kserve.utils.utils import get_predict_input, get_predict_response

ap = argparse.ArgumentParser()
ap.add_argument("--models-dir", required=True)
ap.add_argument("--host", default="127.0.0.1")
ap.add_argument("--http-port", type=int, default=18080)
ap.add_argument("--grpc-port", type=int, default=18081)
opts, _ = ap.parse_known_args()


class LoopbackRESTServer(RESTServer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config.host = opts.host  # the config object the uvicorn server holds


model_server_module.RESTServer = LoopbackRESTServer
_add_insecure_port = grpc.aio._server.Server.add_insecure_port


def _loopback_port(self, address: str) -> int:
    return _add_insecure_port(self, address.replace("[::]", opts.host))


grpc.aio._server.Server.add_insecure_port = _loopback_port


class SklearnModel(kserve.Model):
    """A pickled scikit-learn classifier, like KServe's sklearn runtime serves it."""

    def __init__(self, name: str, model_dir: str):
        super().__init__(name)
        self.model_dir = model_dir
        self._model = None

    def load(self) -> bool:
        with open(os.path.join(self.model_dir, "model.pkl"), "rb") as f:
            self._model = pickle.load(f)
        self.ready = True
        return self.ready

    def predict(
        self, payload: Union[Dict, InferRequest], headers: Optional[Dict[str, str]] = None
    ) -> Union[Dict, InferResponse]:
        instances = get_predict_input(payload)
        try:
            result = self._model.predict(instances)
        except ValueError as e:
            raise kserve.errors.InvalidInput(str(e))
        return get_predict_response(payload, result, self.name)

    def get_input_types(self):
        return [{"name": "input-0", "datatype": "FP32", "shape": [-1, 4]}]

    def get_output_types(self):
        return [{"name": "output-0", "datatype": "INT64", "shape": [-1]}]


def main() -> None:
    models = []
    for name in sorted(os.listdir(opts.models_dir)):
        d = os.path.join(opts.models_dir, name)
        if os.path.isfile(os.path.join(d, "model.pkl")):
            m = SklearnModel(name, d)
            m.load()
            models.append(m)
    if not models:
        sys.exit(f"no models under {opts.models_dir}")
    print(f"serving {[m.name for m in models]} on {opts.host}:{opts.http_port} (gRPC {opts.grpc_port})", flush=True)
    kserve.ModelServer(http_port=opts.http_port, grpc_port=opts.grpc_port, workers=1, enable_grpc=True).start(models)


if __name__ == "__main__":
    main()
