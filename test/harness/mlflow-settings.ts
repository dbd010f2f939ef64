// SPDX-License-Identifier: Apache-2.0
/** MLflow connection settings for tests: auto mode, no auth, no stores, then what the test changes. */
import type { RegistrySettingsInput } from '../../shared/features/registry/registry.contract';

/** Settings of a cluster with `patch` applied. */
export function mlflowSettings(clusterId: string, patch: Partial<RegistrySettingsInput> = {}): RegistrySettingsInput {
  return { clusterId, mode: 'auto', url: '', auth: 'none', username: '', artifactStore: '', s3Endpoint: '', s3Region: '', s3AccessKeyId: '', ...patch };
}
