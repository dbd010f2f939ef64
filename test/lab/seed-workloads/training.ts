// SPDX-License-Identifier: Apache-2.0
/**
 * The seeded training jobs: every kind the lab serves, in every phase. A job's phase comes
 * from its pods: `succeeded`/`failed` jobs carry the lab's `mldeck.dev/sim-outcome` label
 * (KWOK finishes the pods after `mldeck.dev/sim-duration`), `running` jobs carry none,
 * `pending` jobs ask more `nvidia.com/gpu` per pod than any node has, `suspended` jobs set
 * `runPolicy.suspend` (TrainJob: `spec.suspend`).
 */
import type { ClusterName } from '../control-plane.ts';
import type { Manifest } from '../controllers/kube.ts';

/** A job's intended phase. */
export type Phase = 'running' | 'succeeded' | 'failed' | 'pending' | 'suspended';

/** The replica-job kinds (Training Operator v1, MXJob, MPI Operator v2beta1). */
export type ReplicaKind = 'TFJob' | 'PyTorchJob' | 'XGBoostJob' | 'PaddleJob' | 'JAXJob' | 'MXJob' | 'MPIJob' | 'MPIJobV2';

/** GPU products of the lab's nodes (GFD label values). */
export const gpuProducts = { a100: 'NVIDIA-A100-SXM4-80GB', t4: 'Tesla-T4', h100: 'NVIDIA-H100-80GB-HBM3', l4: 'NVIDIA-L4' } as const;

/** One seeded replica job. */
export interface JobPlan {
  cluster: ClusterName;
  namespace: string;
  kind: ReplicaKind;
  name: string;
  phase: Phase;
  image: string;
  command: string[];
  replicas: Record<string, number>;
  gpu?: { product: keyof typeof gpuProducts; perPod: number };
  env?: Record<string, string>;
  failMessage?: string;
  durationS?: number;
  project?: string;
}

const kinds: Record<ReplicaKind, { apiVersion: string; kind: string; key: string; container: string; master: string[] }> = {
  TFJob: { apiVersion: 'kubeflow.org/v1', kind: 'TFJob', key: 'tfReplicaSpecs', container: 'tensorflow', master: ['Chief', 'Master'] },
  PyTorchJob: { apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', key: 'pytorchReplicaSpecs', container: 'pytorch', master: ['Master'] },
  XGBoostJob: { apiVersion: 'kubeflow.org/v1', kind: 'XGBoostJob', key: 'xgbReplicaSpecs', container: 'xgboost', master: ['Master'] },
  PaddleJob: { apiVersion: 'kubeflow.org/v1', kind: 'PaddleJob', key: 'paddleReplicaSpecs', container: 'paddle', master: ['Master'] },
  JAXJob: { apiVersion: 'kubeflow.org/v1', kind: 'JAXJob', key: 'jaxReplicaSpecs', container: 'jax', master: [] },
  MXJob: { apiVersion: 'kubeflow.org/v1', kind: 'MXJob', key: 'mxReplicaSpecs', container: 'mxnet', master: ['Scheduler'] },
  MPIJob: { apiVersion: 'kubeflow.org/v1', kind: 'MPIJob', key: 'mpiReplicaSpecs', container: 'mpi', master: ['Launcher'] },
  MPIJobV2: { apiVersion: 'kubeflow.org/v2beta1', kind: 'MPIJob', key: 'mpiReplicaSpecs', container: 'mpi', master: ['Launcher'] },
};

/** The API version and kind of a plan's object. */
export function planKind(k: ReplicaKind): { apiVersion: string; kind: string } {
  return { apiVersion: kinds[k].apiVersion, kind: kinds[k].kind };
}

/** The replica type whose outcome decides the job (Master, Chief, Launcher, Scheduler, else Worker). */
function masterType(p: JobPlan): string {
  return kinds[p.kind].master.find((m) => m in p.replicas) ?? 'Worker';
}

/** Builds the custom resource of a replica-job plan. */
export function replicaJob(p: JobPlan): Manifest {
  const k = kinds[p.kind];
  const master = masterType(p);
  const specs: Record<string, unknown> = {};
  for (const [rtype, replicas] of Object.entries(p.replicas)) {
    const cpuOnly = rtype === 'Launcher' || rtype === 'Scheduler' || rtype === 'PS';
    const gpus = p.gpu && !cpuOnly ? (p.phase === 'pending' ? 16 : p.gpu.perPod) : 0;
    const labels: Record<string, string> = {};
    const annotations: Record<string, string> = {};
    if (p.phase === 'succeeded' || (p.phase === 'failed' && rtype === master)) {
      labels['mldeck.dev/sim-outcome'] = p.phase;
      annotations['mldeck.dev/sim-duration'] = `${p.durationS ?? 30}s`;
      if (p.phase === 'failed' && p.failMessage) annotations['mldeck.dev/sim-message'] = p.failMessage;
    }
    const env = Object.entries({
      NCCL_DEBUG: 'WARN',
      PYTHONUNBUFFERED: '1',
      MLFLOW_TRACKING_URI: 'http://mlflow.kubeflow.svc.cluster.local:5000',
      ...(p.env ?? {}),
    }).map(([name, value]) => ({ name, value }));
    specs[rtype] = {
      replicas,
      restartPolicy: p.phase === 'failed' || p.kind === 'TFJob' || p.kind.startsWith('MPI') ? 'Never' : 'OnFailure',
      template: {
        metadata: { labels, annotations },
        spec: {
          ...(gpus
            ? {
                nodeSelector: { 'nvidia.com/gpu.product': gpuProducts[p.gpu?.product ?? 'a100'] },
                tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
              }
            : {}),
          containers: [
            {
              name: k.container,
              image: p.image,
              command: p.kind.startsWith('MPI') && rtype === 'Worker' ? ['/usr/sbin/sshd', '-De'] : p.command,
              env,
              resources: {
                requests: { cpu: gpus ? '8' : '2', memory: gpus ? '64Gi' : '8Gi', ...(gpus ? { 'nvidia.com/gpu': String(gpus) } : {}) },
                limits: { memory: gpus ? '64Gi' : '8Gi', ...(gpus ? { 'nvidia.com/gpu': String(gpus) } : {}) },
              },
            },
          ],
        },
      },
    };
  }
  const spec: Record<string, unknown> = { [k.key]: specs, runPolicy: { cleanPodPolicy: 'None', ...(p.phase === 'suspended' ? { suspend: true } : {}) } };
  if (p.kind === 'MXJob') spec['jobMode'] = 'MXTrain';
  if (p.kind.startsWith('MPI')) spec['slotsPerWorker'] = p.gpu?.perPod ?? 1;
  return {
    apiVersion: k.apiVersion,
    kind: k.kind,
    metadata: { name: p.name, namespace: p.namespace, labels: { 'app.kubernetes.io/part-of': p.project ?? 'ml-platform', 'mldeck.dev/seed': 'workloads' } },
    spec,
  };
}

const torch = 'pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime';
const ngcTorch = 'nvcr.io/nvidia/pytorch:24.07-py3';
const tf = 'tensorflow/tensorflow:2.16.1-gpu';
const run = (...cmd: string[]) => ['/bin/sh', '-c', cmd.join(' ')];

/** The seeded replica jobs of both clusters. */
export const jobPlans: JobPlan[] = [
  // lab-a team-a: NLP
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    kind: 'PyTorchJob',
    name: 'bert-finetune-squad',
    phase: 'running',
    image: torch,
    command: run('torchrun --nnodes=$PET_NNODES --nproc_per_node=2 train_qa.py --model bert-large-uncased --dataset squad_v2 --epochs 3'),
    replicas: { Master: 1, Worker: 1 },
    gpu: { product: 'a100', perPod: 1 },
    project: 'qa-bot',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    kind: 'PyTorchJob',
    name: 'resnet50-imagenet-ddp',
    phase: 'succeeded',
    image: ngcTorch,
    command: run('torchrun train.py --arch resnet50 --data s3://datasets/imagenet --epochs 90 --amp'),
    replicas: { Master: 1, Worker: 1 },
    gpu: { product: 'a100', perPod: 1 },
    durationS: 25,
  },
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    kind: 'PyTorchJob',
    name: 'llama-7b-lora',
    phase: 'failed',
    image: ngcTorch,
    command: run('torchrun finetune_lora.py --base meta-llama/Llama-2-7b-hf --lora-r 16 --bf16'),
    replicas: { Master: 1 },
    gpu: { product: 'a100', perPod: 1 },
    durationS: 20,
    failMessage: 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 4.00 GiB. GPU 0 has a total capacity of 79.15 GiB of which 1.21 GiB is free.',
    project: 'llm',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    kind: 'PyTorchJob',
    name: 'gpt-pretrain-64gpu',
    phase: 'pending',
    image: ngcTorch,
    command: run('torchrun pretrain_gpt.py --tensor-model-parallel-size 8 --num-layers 48'),
    replicas: { Master: 1, Worker: 3 },
    gpu: { product: 'a100', perPod: 8 },
    project: 'llm',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    kind: 'PyTorchJob',
    name: 'vit-base-sweep',
    phase: 'suspended',
    image: torch,
    command: run('python train_vit.py --model vit_base_patch16_224 --lr 3e-4'),
    replicas: { Master: 1, Worker: 1 },
    gpu: { product: 't4', perPod: 1 },
  },
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    kind: 'TFJob',
    name: 'mnist-tf-dist',
    phase: 'succeeded',
    image: 'kubeflow/tf-mnist-with-summaries:latest',
    command: run('python /var/tf_mnist/mnist_with_summaries.py --log_dir=/train/logs --learning_rate=0.01 --batch_size=150'),
    replicas: { PS: 1, Worker: 2 },
    durationS: 30,
  },
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    kind: 'TFJob',
    name: 'wide-deep-ctr',
    phase: 'running',
    image: tf,
    command: run('python wide_deep.py --train_data s3://datasets/ctr/train --model_dir /models/ctr'),
    replicas: { Chief: 1, PS: 1, Worker: 1 },
    gpu: { product: 't4', perPod: 1 },
    project: 'ads',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    kind: 'TFJob',
    name: 'bert-tf-large',
    phase: 'failed',
    image: tf,
    command: run('python run_pretraining.py --bert_config_file=bert_large.json --train_batch_size=64'),
    replicas: { Chief: 1, Worker: 1 },
    gpu: { product: 't4', perPod: 1 },
    durationS: 35,
    failMessage: 'ResourceExhaustedError: OOM when allocating tensor with shape[64,512,1024] and type float on /job:worker/replica:0/task:0/device:GPU:0',
  },
  // lab-a team-b: tabular
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    kind: 'XGBoostJob',
    name: 'churn-xgb-train',
    phase: 'succeeded',
    image: 'docker.io/kubeflow/xgboost-dist-iris:latest',
    command: run('python /opt/xgboost/main.py --job_type=Train --xgboost_parameter=objective:binary:logistic --n_estimators=400 --learning_rate=0.05'),
    replicas: { Master: 1, Worker: 2 },
    durationS: 40,
    project: 'churn',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    kind: 'XGBoostJob',
    name: 'fraud-xgb-dist',
    phase: 'running',
    image: 'docker.io/kubeflow/xgboost-dist-iris:latest',
    command: run('python /opt/xgboost/main.py --job_type=Train --n_estimators=2000 --max_depth=8'),
    replicas: { Master: 1, Worker: 3 },
    project: 'fraud',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    kind: 'XGBoostJob',
    name: 'credit-xgb-dist',
    phase: 'failed',
    image: 'docker.io/kubeflow/xgboost-dist-iris:latest',
    command: run('python /opt/xgboost/main.py --job_type=Train --n_estimators=800'),
    replicas: { Master: 1, Worker: 2 },
    durationS: 25,
    failMessage: 'xgboost.core.XGBoostError: [08:14:02] rabit/src/allreduce_base.cc:240: Failed to connect to tracker at credit-xgb-dist-master-0:9999',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    kind: 'PaddleJob',
    name: 'ernie-finetune',
    phase: 'running',
    image: 'registry.baidubce.com/paddlepaddle/paddle:2.6.1-gpu-cuda12.0-cudnn8.9-trt8.6',
    command: run('python -m paddle.distributed.launch run_classifier.py --model ernie-3.0-base-zh'),
    replicas: { Worker: 1 },
    gpu: { product: 't4', perPod: 1 },
  },
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    kind: 'PaddleJob',
    name: 'paddle-ocr-train',
    phase: 'succeeded',
    image: 'registry.baidubce.com/paddlepaddle/paddle:2.6.1',
    command: run('python -m paddle.distributed.launch tools/train.py -c configs/rec/PP-OCRv4/ch_PP-OCRv4_rec.yml'),
    replicas: { Worker: 2 },
    durationS: 45,
  },
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    kind: 'JAXJob',
    name: 'jax-mnist-spmd',
    phase: 'succeeded',
    image: 'docker.io/kubeflow/jaxjob-dist-spmd-mnist:latest',
    command: run('python train.py --steps 2000'),
    replicas: { Worker: 2 },
    durationS: 30,
  },
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    kind: 'JAXJob',
    name: 't5x-base-pretrain',
    phase: 'pending',
    image: 'ghcr.io/nvidia/jax:t5x-2024-10-01',
    command: run('python -m t5x.train --gin_file=base.gin'),
    replicas: { Worker: 2 },
    gpu: { product: 'a100', perPod: 8 },
  },
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    kind: 'MXJob',
    name: 'mxnet-resnet-cifar',
    phase: 'succeeded',
    image: 'kubeflow/mxnet-gpu:latest',
    command: run('python train_cifar10.py --network resnet --num-layers 50 --kv-store dist_sync'),
    replicas: { Scheduler: 1, Server: 1, Worker: 2 },
    durationS: 35,
  },
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    kind: 'MXJob',
    name: 'mxnet-ssd-voc',
    phase: 'running',
    image: 'kubeflow/mxnet-gpu:latest',
    command: run('python train_ssd.py --dataset voc --kv-store dist_sync'),
    replicas: { Scheduler: 1, Server: 1, Worker: 1 },
  },
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    kind: 'MPIJob',
    name: 'horovod-resnet',
    phase: 'running',
    image: 'horovod/horovod:0.28.1',
    command: run('horovodrun -np 2 python tensorflow2_keras_synthetic_benchmark.py'),
    replicas: { Launcher: 1, Worker: 2 },
    gpu: { product: 'a100', perPod: 1 },
  },
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    kind: 'MPIJob',
    name: 'nccl-allreduce-bench',
    phase: 'succeeded',
    image: 'mpioperator/mpi-pi:openmpi',
    command: run('mpirun -np 2 /opt/nccl-tests/build/all_reduce_perf -b 8 -e 1G -f 2'),
    replicas: { Launcher: 1, Worker: 2 },
    durationS: 20,
  },
  // lab-a team-vision
  {
    cluster: 'lab-a',
    namespace: 'team-vision',
    kind: 'PyTorchJob',
    name: 'yolov8-detect-coco',
    phase: 'running',
    image: 'ultralytics/ultralytics:8.2.0',
    command: run('yolo detect train data=coco.yaml model=yolov8m.pt epochs=100 imgsz=640'),
    replicas: { Master: 1, Worker: 1 },
    gpu: { product: 't4', perPod: 1 },
    project: 'detection',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-vision',
    kind: 'PyTorchJob',
    name: 'sam-finetune-medical',
    phase: 'failed',
    image: ngcTorch,
    command: run('torchrun finetune_sam.py --checkpoint sam_vit_h.pth'),
    replicas: { Master: 1, Worker: 1 },
    gpu: { product: 'a100', perPod: 1 },
    durationS: 40,
    failMessage: 'RuntimeError: NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1970, unhandled system error, NCCL version 2.20.5',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-vision',
    kind: 'PyTorchJob',
    name: 'diffusion-sdxl-lora',
    phase: 'suspended',
    image: ngcTorch,
    command: run('accelerate launch train_text_to_image_lora_sdxl.py --resolution 1024'),
    replicas: { Master: 1 },
    gpu: { product: 'a100', perPod: 2 },
  },
  {
    cluster: 'lab-a',
    namespace: 'team-vision',
    kind: 'TFJob',
    name: 'efficientnet-tpu-port',
    phase: 'suspended',
    image: tf,
    command: run('python main.py --model efficientnet-b4'),
    replicas: { Worker: 2 },
  },
  // lab-b team-a
  {
    cluster: 'lab-b',
    namespace: 'team-a',
    kind: 'MPIJobV2',
    name: 'horovod-bert-h100',
    phase: 'running',
    image: 'horovod/horovod:0.28.1',
    command: run('horovodrun -np 4 python bert_pretrain.py'),
    replicas: { Launcher: 1, Worker: 2 },
    gpu: { product: 'h100', perPod: 2 },
  },
  {
    cluster: 'lab-b',
    namespace: 'team-a',
    kind: 'MPIJobV2',
    name: 'osu-bandwidth',
    phase: 'succeeded',
    image: 'mpioperator/osu-benchmarks:latest',
    command: run('mpirun -np 2 osu_bw'),
    replicas: { Launcher: 1, Worker: 2 },
    durationS: 20,
  },
  {
    cluster: 'lab-b',
    namespace: 'team-a',
    kind: 'MPIJobV2',
    name: 'mpi-pi-failed',
    phase: 'failed',
    image: 'mpioperator/mpi-pi:openmpi',
    command: run('mpirun -n 2 /home/mpiuser/pi'),
    replicas: { Launcher: 1, Worker: 2 },
    durationS: 25,
    failMessage: 'ORTE was unable to reliably start one or more daemons. This usually is caused by: not finding the required libraries and/or binaries',
  },
  {
    cluster: 'lab-b',
    namespace: 'team-a',
    kind: 'PyTorchJob',
    name: 'llama-70b-pretrain',
    phase: 'pending',
    image: ngcTorch,
    command: run('torchrun pretrain.py --model llama-70b --fsdp full_shard'),
    replicas: { Master: 1, Worker: 7 },
    gpu: { product: 'h100', perPod: 8 },
    project: 'llm',
  },
  {
    cluster: 'lab-b',
    namespace: 'team-a',
    kind: 'PyTorchJob',
    name: 'mistral-7b-dpo',
    phase: 'running',
    image: ngcTorch,
    command: run('accelerate launch dpo.py --model mistralai/Mistral-7B-v0.1 --beta 0.1'),
    replicas: { Master: 1 },
    gpu: { product: 'h100', perPod: 4 },
    project: 'llm',
  },
  {
    cluster: 'lab-b',
    namespace: 'team-a',
    kind: 'MXJob',
    name: 'mxnet-legacy-ncf',
    phase: 'failed',
    image: 'kubeflow/mxnet-gpu:latest',
    command: run('python train_ncf.py'),
    replicas: { Scheduler: 1, Server: 1, Worker: 1 },
    durationS: 30,
    failMessage: 'mxnet.base.MXNetError: [10:02:11] src/kvstore/./kvstore_dist.h:115: Check failed: ps::IsServer()',
  },
  // lab-b research
  {
    cluster: 'lab-b',
    namespace: 'research',
    kind: 'TFJob',
    name: 'tf-transformer-xl',
    phase: 'succeeded',
    image: tf,
    command: run('python train_gpu.py --data_dir=s3://datasets/wt103 --n_layer=16'),
    replicas: { Worker: 2 },
    gpu: { product: 'l4', perPod: 1 },
    durationS: 35,
  },
  {
    cluster: 'lab-b',
    namespace: 'research',
    kind: 'JAXJob',
    name: 'gemma-2b-jax',
    phase: 'running',
    image: 'ghcr.io/nvidia/jax:maxtext-2024-10-01',
    command: run('python MaxText/train.py MaxText/configs/base.yml model_name=gemma-2b'),
    replicas: { Worker: 2 },
    gpu: { product: 'l4', perPod: 1 },
  },
  {
    cluster: 'lab-b',
    namespace: 'research',
    kind: 'MPIJobV2',
    name: 'mpi-allgather-suspended',
    phase: 'suspended',
    image: 'mpioperator/osu-benchmarks:latest',
    command: run('mpirun -np 4 osu_allgather'),
    replicas: { Launcher: 1, Worker: 2 },
  },
  {
    cluster: 'lab-b',
    namespace: 'research',
    kind: 'XGBoostJob',
    name: 'xgb-research-failed',
    phase: 'failed',
    image: 'docker.io/kubeflow/xgboost-dist-iris:latest',
    command: run('python /opt/xgboost/main.py --job_type=Train'),
    replicas: { Master: 1, Worker: 1 },
    durationS: 30,
    failMessage: 'ValueError: feature_names mismatch: expected 42 features, got 41',
  },
  {
    cluster: 'lab-b',
    namespace: 'research',
    kind: 'PaddleJob',
    name: 'paddle-suspended',
    phase: 'suspended',
    image: 'registry.baidubce.com/paddlepaddle/paddle:2.6.1',
    command: run('python -m paddle.distributed.launch train.py'),
    replicas: { Worker: 2 },
  },
];

/** One seeded TrainJob (Trainer v2). */
export interface TrainJobPlan {
  cluster: ClusterName;
  namespace: string;
  name: string;
  phase: Phase;
  runtime: string;
  numNodes: number;
  image: string;
  command: string[];
  gpu?: { product: keyof typeof gpuProducts; perPod: number };
  durationS?: number;
  failMessage?: string;
}

/** The seeded TrainJobs. */
export const trainJobPlans: TrainJobPlan[] = [
  {
    cluster: 'lab-a',
    namespace: 'team-vision',
    name: 'torch-mnist-trainjob',
    phase: 'succeeded',
    runtime: 'torch-distributed',
    numNodes: 2,
    image: 'docker.io/kubeflow/pytorch-dist-mnist:latest',
    command: ['torchrun', '/opt/pytorch-mnist/mnist.py', '--epochs=5'],
    durationS: 30,
  },
  {
    cluster: 'lab-a',
    namespace: 'team-vision',
    name: 'llm-sft-trainjob',
    phase: 'running',
    runtime: 'torch-distributed',
    numNodes: 2,
    image: ngcTorch,
    command: ['torchrun', 'sft.py', '--model', 'Qwen/Qwen2.5-7B'],
    gpu: { product: 'a100', perPod: 1 },
  },
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    name: 'deepspeed-zero3-trainjob',
    phase: 'failed',
    runtime: 'torch-distributed',
    numNodes: 1,
    image: 'ghcr.io/kubeflow/trainer/deepspeed-runtime:v2.2.1',
    command: ['deepspeed', 'train.py', '--zero_stage', '3'],
    durationS: 30,
    failMessage: 'deepspeed.runtime.zero.stage3: AssertionError: 20 parameters were not partitioned',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    name: 'xgb-trainjob-suspended',
    phase: 'suspended',
    runtime: 'xgboost-distributed',
    numNodes: 2,
    image: 'ghcr.io/kubeflow/trainer/xgboost-runtime:v2.2.1',
    command: ['python', 'train_xgb.py', '--num-boost-round', '500'],
  },
  {
    cluster: 'lab-b',
    namespace: 'research',
    name: 'research-trainjob',
    phase: 'running',
    runtime: 'torch-distributed',
    numNodes: 1,
    image: ngcTorch,
    command: ['torchrun', 'train_moe.py'],
    gpu: { product: 'h100', perPod: 2 },
  },
  {
    cluster: 'lab-b',
    namespace: 'team-a',
    name: 'trainjob-pending-gpus',
    phase: 'pending',
    runtime: 'torch-distributed',
    numNodes: 2,
    image: ngcTorch,
    command: ['torchrun', 'train.py'],
    gpu: { product: 'h100', perPod: 8 },
  },
];

/** Builds a TrainJob; outcome labels go through `runtimePatches` onto the `node` pods. */
export function trainJob(p: TrainJobPlan): Manifest {
  const gpus = p.gpu ? (p.phase === 'pending' ? 16 : p.gpu.perPod) : 0;
  const podMeta =
    p.phase === 'succeeded' || p.phase === 'failed'
      ? {
          labels: { 'mldeck.dev/sim-outcome': p.phase },
          annotations: { 'mldeck.dev/sim-duration': `${p.durationS ?? 30}s`, ...(p.failMessage ? { 'mldeck.dev/sim-message': p.failMessage } : {}) },
        }
      : undefined;
  return {
    apiVersion: 'trainer.kubeflow.org/v1alpha1',
    kind: 'TrainJob',
    metadata: { name: p.name, namespace: p.namespace, labels: { 'mldeck.dev/seed': 'workloads' } },
    spec: {
      runtimeRef: { name: p.runtime, apiGroup: 'trainer.kubeflow.org', kind: 'ClusterTrainingRuntime' },
      trainer: {
        image: p.image,
        command: p.command,
        numNodes: p.numNodes,
        env: [{ name: 'PYTHONUNBUFFERED', value: '1' }],
        resourcesPerNode: {
          requests: { cpu: '4', memory: '32Gi', ...(gpus ? { 'nvidia.com/gpu': String(gpus) } : {}) },
          limits: gpus ? { 'nvidia.com/gpu': String(gpus) } : {},
        },
      },
      ...(podMeta
        ? {
            runtimePatches: [
              {
                manager: 'mldeck.dev/seed',
                trainingRuntimeSpec: { template: { spec: { replicatedJobs: [{ name: 'node', template: { spec: { template: { metadata: podMeta } } } }] } } },
              },
            ],
          }
        : {}),
      ...(p.phase === 'suspended' ? { suspend: true } : {}),
    },
  };
}
