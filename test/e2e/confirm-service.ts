// SPDX-License-Identifier: Apache-2.0
/**
 * What a user does once per cluster before MLDeck talks to an in-cluster MLflow or Prometheus:
 * confirm the service in its connection settings ("Use this one", then Save).
 */
import type { Page } from 'playwright-core';

/**
 * Confirms an in-cluster service in an open settings panel.
 * @param what - the picker's test id prefix: `mlflow` or `prometheus`
 * @param service - `namespace/name`
 * @param save - the panel's save button test id
 */
export async function confirmService(page: Page, what: 'mlflow' | 'prometheus', service: string, save: string): Promise<void> {
  const use = page.locator(`[data-testid="${what}-candidate"][data-service="${service}"]`).getByTestId(`${what}-use`);
  await use.waitFor({ timeout: 30_000 });
  await use.click();
  await page.locator(`[data-testid="${what}-pinned"][data-pin="${service}"]`).waitFor();
  await page.getByTestId(save).click();
  // saved: nothing left to save
  await page.waitForFunction((id) => (document.querySelector(`[data-testid="${id}"]`) as HTMLButtonElement | null)?.disabled !== false, save);
}

/** On the models page of a cluster whose MLflow is not confirmed yet (the panel opens by itself): confirms `mlflow/mlflow`. */
export async function confirmLabMlflow(page: Page): Promise<void> {
  await confirmService(page, 'mlflow', 'mlflow/mlflow', 'mlflow-save');
}
