// SPDX-License-Identifier: Apache-2.0
/** The way back from a registry page, before its title: "Models /" and, on a model's pages, "<model> /". */
import { useRouter } from '../../app/router';

/** The crumbs; `name` is the model the page belongs to. */
export function RegistryCrumbs({ clusterId, name }: { clusterId: string; name?: string }) {
  const go = useRouter((s) => s.go);
  return (
    <>
      <button className="link" onClick={() => go({ page: 'models', clusterId })}>
        Models
      </button>
      <span className="muted">/</span>
      {name !== undefined && (
        <>
          <button className="link mono" onClick={() => go({ page: 'model', clusterId, name })}>
            {name}
          </button>
          <span className="muted">/</span>
        </>
      )}
    </>
  );
}
