// SPDX-License-Identifier: Apache-2.0
/**
 * The welcome page's sentence about where MLDeck looked for clusters, true to what was read: no
 * KUBECONFIG variable and no ~/.kube/config; or KUBECONFIG set but its files missing or unreadable
 * (named); or files read that hold no contexts. Pieces marked `code` are shown as code.
 */
import type { KubeconfigChain } from '../../../shared/features/clusters/clusters.contract';

/** A piece of the sentence. */
export interface Words {
  text: string;
  code?: boolean;
}

function names(paths: string[]): Words[] {
  return paths.flatMap((p, i) => [...(i > 0 ? [{ text: ', ' }] : []), { text: p, code: true }]);
}

/**
 * Why no cluster was found in the kubectl chain.
 * @param chain - the chain as the registry last read it
 */
export function chainWords(chain: KubeconfigChain): Words[] {
  const unreadable = chain.files.filter((f) => f.state === 'unreadable').map((f) => f.path);
  const missing = chain.files.filter((f) => f.state === 'missing').map((f) => f.path);
  const loaded = chain.files.filter((f) => f.state === 'loaded').map((f) => f.path);
  const kubeconfig: Words = { text: 'KUBECONFIG', code: true };
  if (!chain.fromVariable) {
    const file = chain.files[0]?.path ?? '~/.kube/config';
    if (unreadable.length)
      return [
        { text: 'MLDeck found no clusters: there is no ' },
        kubeconfig,
        { text: ' variable, and ' },
        ...names([file]),
        { text: ' could not be read (see below).' },
      ];
    if (loaded.length) return [{ text: 'MLDeck found no clusters: ' }, ...names([file]), { text: ' holds no contexts.' }];
    return [{ text: 'MLDeck found no clusters: no ' }, kubeconfig, { text: ' variable and no ' }, { text: '~/.kube/config', code: true }, { text: '.' }];
  }
  if (chain.files.length === 0) return [{ text: 'MLDeck found no clusters: ' }, kubeconfig, { text: ' is set but names no files.' }];
  const out: Words[] = [{ text: 'MLDeck found no clusters: ' }, kubeconfig, { text: ' is set' }];
  if (unreadable.length) out.push({ text: ', but its files could not be read: ' }, ...names(unreadable), { text: ' (see below)' });
  if (missing.length) out.push({ text: unreadable.length ? '; these do not exist: ' : ', but its files do not exist: ' }, ...names(missing));
  if (!unreadable.length && !missing.length) out.push({ text: ', but its files hold no contexts' });
  else if (loaded.length) out.push({ text: '; the others hold no contexts' });
  out.push({ text: '.' });
  return out;
}
