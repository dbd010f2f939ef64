// SPDX-License-Identifier: Apache-2.0
/** Ctrl/Cmd+K: jump to a cluster, a page, a namespace or an object in the current cluster. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { resourcesContract } from '../../../shared/features/resources/resources.contract';
import { findTrainingKind } from '../../../shared/kube/training-kinds';
import { useRouter } from '../../app/router';
import { api } from '../../lib/api/api-context';
import { notifyError } from '../../lib/notify';
import { useClusters } from '../../lib/clusters.store';
import { catalog, kindKey } from '../../lib/resources/kind-catalog';
import { useKinds } from '../../lib/resources/kinds.store';
import { shortcuts } from '../../lib/shortcuts';
import { searchPalette, type PaletteItem } from './palette-search';

/** Kinds whose objects the palette indexes. */
const objectKinds = catalog
  .flatMap((s) => s.kinds)
  .filter((k) => ['Pod', 'PyTorchJob', 'TFJob', 'MPIJob', 'XGBoostJob', 'TrainJob', 'Notebook', 'Experiment', 'InferenceService', 'Node'].includes(k.kind));

/** The palette (mounted once; opens on Ctrl/Cmd+K). */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState(0);
  const [objects, setObjects] = useState<PaletteItem[]>([]);
  const { list, setCurrent } = useClusters();
  const go = useRouter((s) => s.go);
  const current = list?.clusters.find((c) => c.id === list.currentId);
  const kinds = useKinds((s) => (current ? s.byCluster[current.id] : undefined));
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => !o);
      } else if (e.key === 'Escape') setOpen(false);
    };
    const onOpen = () => setOpen(true);
    window.addEventListener('keydown', onKey);
    window.addEventListener('mldeck:open-palette', onOpen);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mldeck:open-palette', onOpen);
    };
  }, []);

  useEffect(() => {
    if (!open) return;
    setQuery('');
    setCursor(0);
    setTimeout(() => input.current?.focus(), 0);
    if (!current || !kinds || !('keys' in kinds)) return;
    let live = true;
    const served = objectKinds.filter((k) => kinds.keys.has(kindKey(k)));
    void Promise.allSettled(
      served.map((k) => api().call(resourcesContract.list, { clusterId: current.id, group: k.group, version: k.version, resource: k.resource, limit: 5000 })),
    ).then((results) => {
      if (!live) return;
      const items: PaletteItem[] = [];
      results.forEach((r, i) => {
        const k = served[i];
        if (r.status !== 'fulfilled' || !k) return;
        for (const o of r.value.items) {
          const ns = o.metadata.namespace;
          items.push({
            id: `${kindKey(k)}/${ns ?? ''}/${o.metadata.name}`,
            group: 'Object',
            title: o.metadata.name,
            subtitle: `${k.kind}${ns ? ` · ${ns}` : ''}`,
            run: () =>
              findTrainingKind(k) && ns
                ? go({
                    page: 'job',
                    clusterId: current.id,
                    kind: { group: k.group, version: k.version, resource: k.resource },
                    namespace: ns,
                    name: o.metadata.name,
                  })
                : go({
                    page: 'resources',
                    clusterId: current.id,
                    kind: { group: k.group, version: k.version, resource: k.resource },
                    ...(ns ? { namespace: ns } : {}),
                    selected: ns ? { namespace: ns, name: o.metadata.name } : { name: o.metadata.name },
                  }),
          });
        }
      });
      setObjects(items);
    });
    return () => {
      live = false;
    };
  }, [open, current, kinds, go]);

  const items = useMemo(() => {
    const out: PaletteItem[] = [];
    for (const c of list?.clusters ?? []) {
      out.push({
        id: `cluster/${c.id}`,
        group: 'Cluster',
        title: c.displayName,
        subtitle: c.server,
        run: () => void setCurrent(c.id).then(() => go({ page: 'overview', clusterId: c.id }), notifyError),
      });
    }
    out.push({ id: 'page/clusters', group: 'Page', title: 'Clusters', run: () => go({ page: 'clusters' }) });
    out.push({ id: 'page/jobs-all', group: 'Page', title: 'Training jobs (all clusters)', run: () => go({ page: 'jobs' }) });
    if (current) {
      out.push({
        id: 'page/overview',
        group: 'Page',
        title: 'Overview',
        subtitle: current.displayName,
        run: () => go({ page: 'overview', clusterId: current.id }),
      });
      out.push({
        id: 'page/jobs',
        group: 'Page',
        title: 'Training jobs',
        subtitle: current.displayName,
        run: () => go({ page: 'jobs', clusterId: current.id }),
      });
      if (kinds && 'keys' in kinds) {
        for (const s of catalog)
          for (const k of s.kinds)
            if (kinds.keys.has(kindKey(k)))
              out.push({
                id: `page/${kindKey(k)}`,
                group: 'Page',
                title: k.title,
                subtitle: s.title,
                run: () => go({ page: 'resources', clusterId: current.id, kind: { group: k.group, version: k.version, resource: k.resource } }),
              });
      }
      const namespaces = new Set(objects.map((o) => o.subtitle?.split(' · ')[1]).filter((n): n is string => !!n));
      for (const n of [...namespaces].sort())
        out.push({
          id: `ns/${n}`,
          group: 'Namespace',
          title: n,
          subtitle: 'pods in namespace',
          run: () => go({ page: 'resources', clusterId: current.id, kind: { group: '', version: 'v1', resource: 'pods' }, namespace: n }),
        });
    }
    const mod = /Mac/i.test(navigator.platform) ? '⌘' : 'Ctrl';
    const keys = shortcuts(mod).map((s, i): PaletteItem => ({
      id: `key/${i}`,
      group: 'Shortcut',
      title: s.keys,
      subtitle: `${s.what} · ${s.where}`,
      run: () => undefined,
    }));
    return [...out, ...objects, ...keys];
  }, [list, current, kinds, objects, go, setCurrent]);

  const shown = useMemo(() => searchPalette(items, query), [items, query]);
  if (!open) return null;

  const run = (item: PaletteItem | undefined) => {
    if (!item) return;
    setOpen(false);
    item.run();
  };

  return (
    <div className="palette-backdrop" onClick={() => setOpen(false)}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" onClick={(e) => e.stopPropagation()}>
        <input
          ref={input}
          className="input palette-input"
          placeholder="Jump to a cluster, page, namespace or object… (type “shortcuts” for the keys)"
          value={query}
          aria-label="Search"
          onChange={(e) => {
            setQuery(e.target.value);
            setCursor(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setCursor(Math.min(shown.length - 1, cursor + 1));
            else if (e.key === 'ArrowUp') setCursor(Math.max(0, cursor - 1));
            else if (e.key === 'Enter') run(shown[cursor]);
            else return;
            e.preventDefault();
          }}
        />
        <ul className="palette-list" role="listbox" aria-label="Results" tabIndex={0}>
          {shown.map((item, i) => (
            <li
              key={item.id}
              role="option"
              aria-selected={i === cursor}
              className={i === cursor ? 'active' : ''}
              onMouseEnter={() => setCursor(i)}
              onClick={() => run(item)}
            >
              <span className="palette-group">{item.group}</span>
              <span className="palette-title">{item.title}</span>
              {item.subtitle && <span className="muted small">{item.subtitle}</span>}
            </li>
          ))}
          {shown.length === 0 && (
            <li className="muted" role="option" aria-selected={false} aria-disabled="true">
              Nothing matches.
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
