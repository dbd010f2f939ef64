// SPDX-License-Identifier: Apache-2.0
/** One line on a form that saves secrets when this host does not encrypt them. */
import { secretStorageWarning } from '../../shared/features/app/secret-storage';
import { useSecretStorage } from '../lib/use-secret-storage';

/** Nothing when secrets are sealed by the OS keychain (or not known yet). */
export function SecretStorageNote() {
  const storage = useSecretStorage();
  const words = storage && secretStorageWarning(storage);
  if (!words) return null;
  return (
    <p className="muted small" data-testid="secret-storage-note" data-storage={storage}>
      {words}
    </p>
  );
}
