// SPDX-License-Identifier: Apache-2.0
/** Every port the lab listens on. All bind to 127.0.0.1. */

/** Ports of one simulated cluster. */
export interface ClusterPorts {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
  kwok: number;
  /** Kubeflow Pipelines API server: HTTP (REST), gRPC, its (unused) webhook port. */
  kfpHttp: number;
  kfpGrpc: number;
  kfpWebhook: number;
  /** Metrics port of the ScheduledWorkflow controller. */
  kfpSwfMetrics: number;
}

export const clusterPorts: Record<'lab-a' | 'lab-b', ClusterPorts> = {
  'lab-a': {
    etcdClient: 23790,
    etcdPeer: 23791,
    apiserver: 16443,
    controllerManager: 10257,
    scheduler: 10259,
    kwok: 10247,
    kfpHttp: 18801,
    kfpGrpc: 18802,
    kfpWebhook: 18803,
    kfpSwfMetrics: 18804,
  },
  'lab-b': {
    etcdClient: 23890,
    etcdPeer: 23891,
    apiserver: 16444,
    controllerManager: 10357,
    scheduler: 10359,
    kwok: 10347,
    kfpHttp: 18811,
    kfpGrpc: 18812,
    kfpWebhook: 18813,
    kfpSwfMetrics: 18814,
  },
};

/** Ports of the peers shared by both clusters. */
export const peerPorts = {
  s3: 17070,
  mlflow: 15000,
  /** lab-b's own MLflow tracking server (test/lab/peers/mlflow-b.ts). */
  mlflowB: 15001,
  jupyter: 18888,
  prometheus: 19090,
  dcgmExporter: 19400,
  inferenceHttp: 18080,
  inferenceGrpc: 18081,
  kfp: 18887,
  /** MariaDB of the Kubeflow Pipelines API servers (one database per cluster). */
  mariadb: 13306,
} as const;
