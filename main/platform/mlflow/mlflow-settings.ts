// SPDX-License-Identifier: Apache-2.0
/**
 * What connecting to a cluster's MLflow needs from its settings (secrets opened, in main only):
 * the URL or the pinned in-cluster Service, the auth, the artifact store and S3 access. The
 * settings file itself belongs to the model registry (`mlflow-settings.json`); every MLflow
 * reader (registry, tracking, comparison) reads it through {@link MlflowSettingsSource}.
 */
import type { ServicePin } from '../../../shared/kube/service-pin';
import type { MlflowAuth } from './mlflow-client';

/** S3 access for reading artifacts straight from the store. */
export interface S3Access {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** What main uses to connect (secrets opened). */
export interface ResolvedSettings {
  mode: 'auto' | 'url';
  url: string;
  /** The confirmed in-cluster service (auto mode), or null. */
  pin: ServicePin | null;
  auth: MlflowAuth;
  artifactStore: string;
  /** Undefined unless endpoint, key id and secret are all set. */
  s3: S3Access | undefined;
}

/** Where a cluster's MLflow settings come from. */
export interface MlflowSettingsSource {
  /**
   * A cluster's settings with secrets opened, for connecting.
   * @throws AppError('unauthenticated') when a secret cannot be unsealed here
   */
  resolve(clusterId: string): Promise<ResolvedSettings>;
}
