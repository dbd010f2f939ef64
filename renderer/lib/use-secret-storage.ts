// SPDX-License-Identifier: Apache-2.0
/**
 * Where this host keeps saved secrets (from `app:info`, asked once per page), for the forms
 * where secrets are saved.
 */
import { useEffect, useState } from 'react';
import { appContract } from '../../shared/features/app/app.contract';
import type { SecretStorage } from '../../shared/features/app/secret-storage';
import { api } from './api/api-context';

let asked: Promise<SecretStorage> | undefined;

/** The host's secret storage; undefined until known (or when it could not be asked). */
export function useSecretStorage(): SecretStorage | undefined {
  const [storage, setStorage] = useState<SecretStorage | undefined>();
  useEffect(() => {
    let live = true;
    asked ??= api()
      .call(appContract.info, {})
      .then((i) => i.secretStorage);
    asked.then(
      (s) => live && setStorage(s),
      () => {
        // app:info failing means the host is gone: the page already shows that; ask again next time
        asked = undefined;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return storage;
}
