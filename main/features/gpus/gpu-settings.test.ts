// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GpuMetricsRequest, GpuSettings, prometheusUrlProblem } from '../../../shared/features/gpus/gpus.contract';
import { GpuSettingsStore } from './gpu-settings';

const file = () => path.join(mkdtempSync(path.join(tmpdir(), 'mldeck-gpu-settings-')), 'gpu-settings.json');

describe('Prometheus URL validation', () => {
  it.each(['http://prometheus.example.com:9090', 'https://prom.internal/prometheus', 'http://127.0.0.1:19090', 'http://[::1]:9090/'])('accepts %s', (u) => {
    expect(prometheusUrlProblem(u)).toBeUndefined();
  });

  it.each([
    ['ftp://prom:9090', /http:\/\/ or https:\/\//],
    ['prometheus:9090', /http:\/\/ or https:\/\//],
    ['javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['http://user:pw@prom:9090', /user name or password/],
    ['http://prom:9090/?x=1', /query and fragment/],
    ['http://:9090', /host name/],
    ['http://prom:99999', /port/],
  ])('rejects %s', (u, why) => {
    expect(prometheusUrlProblem(u)).toMatch(why);
  });

  it('validates settings: empty URL allowed, threshold and window bounded', () => {
    const ok = { clusterId: 'c', prometheusUrl: '', idleThresholdPercent: 5, idleWindowMinutes: 10 };
    expect(GpuSettings.safeParse(ok).success).toBe(true);
    expect(GpuSettings.safeParse({ ...ok, prometheusUrl: 'http://p:9090' }).success).toBe(true);
    expect(GpuSettings.safeParse({ ...ok, prometheusUrl: 'file:///etc/passwd' }).success).toBe(false);
    expect(GpuSettings.safeParse({ ...ok, idleThresholdPercent: 101 }).success).toBe(false);
    expect(GpuSettings.safeParse({ ...ok, idleWindowMinutes: 0 }).success).toBe(false);
    expect(GpuSettings.safeParse({ ...ok, idleWindowMinutes: 2.5 }).success).toBe(false);
  });
});

describe('GpuSettingsStore', () => {
  it('gives defaults, then keeps what was set per cluster', async () => {
    const f = file();
    const store = new GpuSettingsStore(f);
    expect(await store.get('lab-a')).toEqual({ clusterId: 'lab-a', prometheusUrl: '', prometheusPin: null, idleThresholdPercent: 5, idleWindowMinutes: 10 });
    await store.set({ clusterId: 'lab-a', prometheusUrl: 'http://127.0.0.1:19090', idleThresholdPercent: 3, idleWindowMinutes: 2 });
    expect(await new GpuSettingsStore(f).get('lab-a')).toMatchObject({
      prometheusUrl: 'http://127.0.0.1:19090',
      idleThresholdPercent: 3,
      idleWindowMinutes: 2,
    });
    expect((await store.get('lab-b')).prometheusUrl).toBe('');
    expect(JSON.parse(readFileSync(f, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('keeps the pinned Prometheus service when a save leaves it out, and forgets it on null', async () => {
    const f = file();
    const store = new GpuSettingsStore(f);
    const pin = { namespace: 'monitoring', name: 'prometheus-k8s', uid: 'u-1' };
    await store.set({ clusterId: 'lab-a', prometheusUrl: '', prometheusPin: pin, idleThresholdPercent: 5, idleWindowMinutes: 10 });
    await store.set({ clusterId: 'lab-a', prometheusUrl: '', idleThresholdPercent: 5, idleWindowMinutes: 1 });
    expect(await new GpuSettingsStore(f).get('lab-a')).toMatchObject({ prometheusPin: pin, idleWindowMinutes: 1 });
    await store.set({ clusterId: 'lab-a', prometheusUrl: '', prometheusPin: null, idleThresholdPercent: 5, idleWindowMinutes: 1 });
    expect((await store.get('lab-a')).prometheusPin).toBeNull();
  });

  it('refuses invalid settings and reports a damaged file', async () => {
    const f = file();
    const store = new GpuSettingsStore(f);
    await expect(store.set({ clusterId: 'c', prometheusUrl: 'http://u:p@x', idleThresholdPercent: 5, idleWindowMinutes: 10 })).rejects.toMatchObject({
      code: 'validation',
    });
    writeFileSync(f, '{nope');
    await expect(store.get('c')).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/not valid JSON/) });
  });
});

describe('metrics request', () => {
  it('refuses a window and step Prometheus would refuse (over 11,000 points per series), and takes the default step for any window', () => {
    expect(GpuMetricsRequest.safeParse({ clusterId: 'c', minutes: 1440, stepSeconds: 5 }).success).toBe(false);
    expect(GpuMetricsRequest.safeParse({ clusterId: 'c', minutes: 1440, stepSeconds: 8 }).success).toBe(true);
    expect(GpuMetricsRequest.safeParse({ clusterId: 'c', minutes: 1440 }).success).toBe(true);
  });
});
