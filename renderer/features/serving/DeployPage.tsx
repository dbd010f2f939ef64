// SPDX-License-Identifier: Apache-2.0
/**
 * Deploy a model: a new InferenceService (`NewDeployPage`), or with `service` set the version put
 * into that service as a canary (`CanaryDeployPage`).
 */
import { CanaryDeploy } from './CanaryDeployPage';
import { NewDeploy } from './NewDeployPage';
import type { DeployRoute } from './use-deploy';
import './serving.css';

/** The page for a `deploy` route. */
export function DeployPage({ route }: { route: DeployRoute }) {
  return route.service ? <CanaryDeploy route={route} service={route.service} /> : <NewDeploy route={route} />;
}
