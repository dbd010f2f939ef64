// SPDX-License-Identifier: Apache-2.0
/**
 * A cluster's Kubeflow gateway (the central dashboard's address, where `/notebook/…` and
 * `/pipeline/…` are served behind the user's sign-in) and the bearer token MLDeck sends it: one
 * per-cluster setting that every feature reaching Kubeflow through the gateway reads
 * (notebooks keep it in `notebook-connections.json`, see the notebooks' ConnectionSettingsStore).
 * The token stays in main.
 */

/** The gateway of a cluster with its token, or undefined when none is set. */
export interface KubeflowGatewaySource {
  gateway(clusterId: string): Promise<{ url: string; token: string | undefined } | undefined>;
}
