// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { chainWords } from './kubeconfig-chain-words';

const say = (chain: Parameters<typeof chainWords>[0]) =>
  chainWords(chain)
    .map((w) => (w.code ? `\`${w.text}\`` : w.text))
    .join('');

describe('chainWords', () => {
  it('says there is no KUBECONFIG variable only when there is none', () => {
    expect(say({ fromVariable: false, files: [{ path: '/home/ana/.kube/config', state: 'missing' }] })).toBe(
      'MLDeck found no clusters: no `KUBECONFIG` variable and no `~/.kube/config`.',
    );
    expect(say({ fromVariable: false, files: [{ path: '/home/ana/.kube/config', state: 'unreadable' }] })).toBe(
      'MLDeck found no clusters: there is no `KUBECONFIG` variable, and `/home/ana/.kube/config` could not be read (see below).',
    );
    expect(say({ fromVariable: false, files: [{ path: '/home/ana/.kube/config', state: 'loaded' }] })).toBe(
      'MLDeck found no clusters: `/home/ana/.kube/config` holds no contexts.',
    );
  });
  it('names the files of a set KUBECONFIG that could not be read or do not exist', () => {
    expect(
      say({
        fromVariable: true,
        files: [
          { path: '/k/latin1', state: 'unreadable' },
          { path: '/k/gone', state: 'missing' },
          { path: '/k/empty', state: 'loaded' },
        ],
      }),
    ).toBe(
      'MLDeck found no clusters: `KUBECONFIG` is set, but its files could not be read: `/k/latin1` (see below); these do not exist: `/k/gone`; the others hold no contexts.',
    );
    expect(say({ fromVariable: true, files: [{ path: '/k/gone', state: 'missing' }] })).toBe(
      'MLDeck found no clusters: `KUBECONFIG` is set, but its files do not exist: `/k/gone`.',
    );
    expect(say({ fromVariable: true, files: [{ path: '/k/a', state: 'loaded' }] })).toBe(
      'MLDeck found no clusters: `KUBECONFIG` is set, but its files hold no contexts.',
    );
    expect(say({ fromVariable: true, files: [] })).toBe('MLDeck found no clusters: `KUBECONFIG` is set but names no files.');
  });
});
