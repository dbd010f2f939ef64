#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the lab's Go programs (kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl, etcd, kwok, versitygw, the Kubeflow Training Operator) from the Go module proxy, and the
# Kubeflow Pipelines backend (apiserver, persistence, scheduledworkflow) from the vendored source archive,
# into ~/.cache/mldeck-lab/bin.
# Each program is rebuilt only when its pinned version changes (a stamp file per program).
set -euo pipefail

CACHE=${MLDECK_LAB_CACHE:-$HOME/.cache/mldeck-lab}
BIN=$CACHE/bin
WORK=$CACHE/build
export GOMODCACHE=${GOMODCACHE:-$HOME/.cache/mldeck-lab/gomod}
export GOCACHE=${GOCACHE:-$HOME/.cache/go-build}
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
mkdir -p "$BIN" "$WORK"
# one build at a time (`lab up` builds what is missing, maybe while another build runs)
exec 9>"$CACHE/.build.lock"
if ! flock -n 9; then
  printf '[lab build] waiting for another build-go.sh to finish\n' >&2
  flock 9
fi

K8S=v1.35.4
STG=v0.35.4
ETCD=v3.6.16
KWOK=v0.8.0
VERSITYGW=v1.7.0
TRAINING_OPERATOR=v1.9.4
KFP=2.17.0
KFP_SHA256=6bbdb7427193fb7159dec49d9075c061bf57a0835b3520bcd604a65a4cc6097f
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
KFP_SRC=${MLDECK_KFP_SRC:-$REPO/../shared/vendor/kubeflow-pipelines-$KFP-src.tar.gz}

log() { printf '[lab build] %s\n' "$*" >&2; }
fresh() { [ -f "$BIN/.$1.stamp" ] && [ "$(cat "$BIN/.$1.stamp")" = "$2" ] && [ -x "$BIN/$1" ]; }
stamp() { echo "$2" > "$BIN/.$1.stamp"; }

build_k8s() {
  if fresh kube-apiserver "$K8S" && fresh kubectl "$K8S" && fresh kube-scheduler "$K8S" && fresh kube-controller-manager "$K8S"; then return; fi
  log "kubernetes $K8S (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl); a cold build takes 10-25 minutes"
  local d=$WORK/k8s; mkdir -p "$d"; cd "$d"
  local upmod staging
  upmod=$(go mod download -json "k8s.io/kubernetes@$K8S" | python3 -c 'import json,sys;print(json.load(sys.stdin)["GoMod"])')
  staging=$(awk '$2=="=>" && $3 ~ /^\.\/staging\/src\// {print $1}' "$upmod" | sort -u)
  {
    echo 'module example.local/k8s-build'; echo; echo 'go 1.25.0'; echo
    echo "require k8s.io/kubernetes $K8S"; echo
    echo 'tool ('
    for t in kube-apiserver kube-controller-manager kube-scheduler kubectl; do echo "  k8s.io/kubernetes/cmd/$t"; done
    echo ')'; echo
    echo 'replace ('
    for m in $staging; do echo "  $m => $m $STG"; done
    echo ')'
  } > go.mod
  go mod tidy
  local V=k8s.io/component-base/version C=k8s.io/client-go/pkg/version MIN LD="-s -w"
  MIN=$(echo "$K8S" | cut -d. -f2)
  for p in $V $C; do LD="$LD -X $p.gitVersion=$K8S -X $p.gitMajor=1 -X $p.gitMinor=$MIN -X $p.gitTreeState=clean -X $p.buildDate=2026-01-01T00:00:00Z"; done
  go build -p 2 -trimpath -ldflags "$LD" -o "$BIN/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
  for t in kube-apiserver kube-controller-manager kube-scheduler kubectl; do stamp $t "$K8S"; done
}

build_etcd() {
  fresh etcd "$ETCD" && return
  log "etcd $ETCD"
  local d=$WORK/etcd; mkdir -p "$d"; cd "$d"
  printf 'module example.local/etcd-build\n\ngo 1.25.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n\ntool go.etcd.io/etcd/server/v3\n' "$ETCD" > go.mod
  go mod tidy
  go build -trimpath -ldflags "-s -w" -o "$BIN/etcd" go.etcd.io/etcd/server/v3
  stamp etcd "$ETCD"
}

build_simple() { # name module-path version
  fresh "$1" "$3" && return
  log "$1 $3"
  local d=$WORK/$1; mkdir -p "$d"; cd "$d"
  GOBIN=$BIN go install -trimpath -ldflags "-s -w" "$2@$3"
  stamp "$1" "$3"
}

# The real Kubeflow Training Operator v1 (TFJob, PyTorchJob, MPIJob v1, XGBoostJob, PaddleJob,
# JAXJob); its go.mod has no replace directives, so `go install pkg@version` works.
build_training_operator() {
  fresh training-operator "$TRAINING_OPERATOR" && return
  log "training-operator $TRAINING_OPERATOR (a cold build takes about 10 minutes on 2 cores)"
  local d=$WORK/training-operator; mkdir -p "$d"; cd "$d"
  GOBIN=$d go install -p 2 -trimpath -ldflags "-s -w" "github.com/kubeflow/training-operator/cmd/training-operator.v1@$TRAINING_OPERATOR"
  mv "$d/training-operator.v1" "$BIN/training-operator"
  stamp training-operator "$TRAINING_OPERATOR"
}

# The Kubeflow Pipelines backend from the vendored source archive (the module proxy refuses
# github.com/kubeflow/pipelines). Extracted under the build cache, never into the repository.
build_kfp() {
  local id="$KFP+$KFP_SHA256"
  # the lab also reads the KFP CRDs from the extracted source, so it must still be there
  if fresh kfp-apiserver "$id" && fresh kfp-persistence "$id" && fresh kfp-scheduledworkflow "$id" &&
    [ -f "$WORK/kfp/manifests/kustomize/base/pipeline/cluster-scoped/viewer-crd.yaml" ]; then return; fi
  if [ ! -f "$KFP_SRC" ]; then
    log "missing: the Kubeflow Pipelines $KFP source archive $KFP_SRC (set MLDECK_KFP_SRC to its path)"
    exit 1
  fi
  local sum; sum=$(sha256sum "$KFP_SRC" | cut -d' ' -f1)
  if [ "$sum" != "$KFP_SHA256" ]; then
    log "$KFP_SRC has sha256 $sum, expected $KFP_SHA256"
    exit 1
  fi
  log "kubeflow pipelines $KFP (apiserver, persistence, scheduledworkflow); a cold build takes about 15 minutes on 2 cores"
  local d=$WORK/kfp; rm -rf "$d"; mkdir -p "$d"; cd "$d"
  tar -xzf "$KFP_SRC" --strip-components=1 # the archive holds one folder, kubeflow-pipelines-<version>/
  [ -f go.mod ] || { log "$KFP_SRC holds no go.mod at its top"; exit 1; }
  echo 'replace github.com/kubeflow/pipelines/third_party/ml-metadata => ./third_party/ml-metadata' >> go.mod
  go build -p 2 -trimpath -ldflags "-s -w" -o "$BIN/kfp-persistence" ./backend/src/agent/persistence
  go build -p 2 -trimpath -ldflags "-s -w" -o "$BIN/kfp-scheduledworkflow" ./backend/src/crd/controller/scheduledworkflow
  CGO_ENABLED=1 go build -p 2 -trimpath -ldflags "-s -w" -o "$BIN/kfp-apiserver" ./backend/src/apiserver
  for t in kfp-apiserver kfp-persistence kfp-scheduledworkflow; do stamp $t "$id"; done
}

what=${1:-all}
case $what in
  k8s) build_k8s ;;
  etcd) build_etcd ;;
  kwok) build_simple kwok sigs.k8s.io/kwok/cmd/kwok "$KWOK" ;;
  versitygw) build_simple versitygw github.com/versity/versitygw/cmd/versitygw "$VERSITYGW" ;;
  training-operator) build_training_operator ;;
  kfp) build_kfp ;;
  all)
    build_etcd
    build_simple kwok sigs.k8s.io/kwok/cmd/kwok "$KWOK"
    build_simple versitygw github.com/versity/versitygw/cmd/versitygw "$VERSITYGW"
    build_k8s
    build_training_operator
    build_kfp
    ;;
  *) echo "usage: build-go.sh [all|k8s|etcd|kwok|versitygw|training-operator|kfp]" >&2; exit 2 ;;
esac
log "done: $what"
