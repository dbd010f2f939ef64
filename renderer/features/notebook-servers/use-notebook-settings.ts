// SPDX-License-Identifier: Apache-2.0
/** Saving the images a cluster offers in the new-server form (`notebook-servers:set-settings`); the result is a notification. */
import { useState } from 'react';
import { notebookServersContract, type NotebookSettings } from '../../../shared/features/notebook-servers/notebook-servers.contract';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';

/** `save` stores the images and the custom-image switch; `onSaved` gets what main stored. */
export function useSaveNotebookSettings(clusterId: string, clusterName: string, onSaved: (s: NotebookSettings) => void) {
  const [busy, setBusy] = useState(false);
  const save = async (images: NotebookSettings['images'], allowCustomImage: boolean) => {
    setBusy(true);
    try {
      const saved = await api().call(notebookServersContract.setSettings, { clusterId, images, allowCustomImage });
      notify('success', 'Images saved', `The new-server form on ${clusterName} offers them now.`);
      onSaved(saved);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, save };
}
