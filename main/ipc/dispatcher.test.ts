// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { rpc, topic } from '../../shared/ipc/define';
import { Dispatcher } from './dispatcher';

const demo = {
  echo: rpc<{ text: string }, string>('demo:echo', z.object({ text: z.string().max(5) })),
  boom: rpc<Record<string, never>, void>('demo:boom', z.object({})),
  denied: rpc<Record<string, never>, void>('demo:denied', z.object({})),
  changed: topic<string>('demo:changed'),
} as const;

function make(logged: unknown[] = []): Dispatcher {
  const d = new Dispatcher((_id, e) => logged.push(e));
  d.register(demo, {
    echo: ({ text }) => text.toUpperCase(),
    boom: () => {
      throw new Error('secret token abc123 leaked in a message');
    },
    denied: () => {
      throw new AppError('forbidden', 'You may not do that.', 'pods is forbidden');
    },
  });
  return d;
}

const ctx = { clientId: 't' };

describe('Dispatcher', () => {
  it('serves a valid call', async () => {
    expect(await make().dispatch('demo:echo', { text: 'hi' }, ctx)).toEqual({ ok: true, value: 'HI' });
  });

  it('rejects an invalid payload as a validation error naming the field', async () => {
    const r = await make().dispatch('demo:echo', { text: 'far too long' }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('validation');
      expect(r.error.detail).toContain('text');
    }
  });

  it('rejects unknown ids', async () => {
    const r = await make().dispatch('demo:nope', {}, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('keeps AppError codes and hides unexpected errors behind internal', async () => {
    const logged: unknown[] = [];
    const d = make(logged);
    expect(await d.dispatch('demo:denied', {}, ctx)).toMatchObject({ ok: false, error: { code: 'forbidden', detail: 'pods is forbidden' } });
    const r = await d.dispatch('demo:boom', {}, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('abc123');
    expect(logged).toHaveLength(1);
  });

  it('refuses a second registration of an id', () => {
    const d = make();
    expect(() => d.register(demo, { echo: () => '', boom: () => undefined, denied: () => undefined })).toThrow(/already registered/);
  });
});
