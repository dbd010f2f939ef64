// SPDX-License-Identifier: Apache-2.0
/**
 * Working in a Kubeflow notebook server through the real services, against the lab's Jupyter
 * reached by a port-forward to the seeded server team-a/alice-scipy on lab-a (the lab's API
 * server is reached through a TCP relay, so the network can fail under the app): the token
 * asked for and kept; files created, listed, renamed, uploaded, downloaded and deleted; a
 * notebook saved with outputs and reopened intact, valid for Python's nbformat; the conflict
 * check against a change made behind the app's back, then a forced save; cells run on a real
 * kernel (print, a traceback, a PNG plot, a pandas table), interrupted and restarted; the
 * connection re-established after a drop with the same kernel; offline reading from the cache;
 * a stopped server named as such. Every file lives in a folder of its own, deleted afterwards.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { notebooksContract, type ConnectionEvent, type KernelEvent, type ServerRef } from '../../shared/features/notebooks/notebooks.contract';
import type { NbOutput, NotebookDoc } from '../../shared/notebook/nbformat';
import { listeningPorts } from '../harness/listening-ports';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { stateDir, venvDir } from '../lab/paths';

const labJupyter = 'http://127.0.0.1:18888';
const labToken = 'mldeck-lab-token';
const notebooksRoot = join(stateDir, 'notebooks');
const python = join(venvDir, 'jupyter', 'bin', 'python');

/** Jupyter's REST, straight (behind the app's back). */
async function jupyter(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${labJupyter}/api/contents/${path.split('/').map(encodeURIComponent).join('/')}`, {
    method,
    headers: { Authorization: `token ${labToken}`, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function caught(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('notebooks in a notebook server', () => {
  let relay: TcpRelay;
  let kubeconfig: string;
  let app: AppUnderTest;
  let server: ServerRef;
  const dir = `mldeck-it-${Date.now().toString(36)}`;
  const api = () => app.api;

  const kernelEvents = (): KernelEvent[] => (app.events.get(notebooksContract.kernel.id) ?? []) as KernelEvent[];
  const connectionEvents = (): ConnectionEvent[] => (app.events.get(notebooksContract.connection.id) ?? []) as ConnectionEvent[];

  /** Connects with the lab's token (nothing happens if connected already). */
  const connected = async () => expect((await api().call(notebooksContract.connect, { server, token: labToken })).state).toBe('connected');

  /** Runs a cell and waits for its end; returns its events. */
  async function run(
    handle: string,
    cellId: string,
    code: string,
    timeoutMs = 60_000,
  ): Promise<{ done: KernelEvent & { type: 'done' }; outputs: NbOutput[]; events: KernelEvent[] }> {
    const from = kernelEvents().length;
    await api().call(notebooksContract.execute, { handle, cellId, code });
    const done = await eventually(
      `cell ${cellId} to end`,
      async () =>
        kernelEvents()
          .slice(from)
          .find((e): e is KernelEvent & { type: 'done' } => e.type === 'done' && e.cellId === cellId),
      timeoutMs,
    );
    const events = kernelEvents()
      .slice(from)
      .filter((e) => 'cellId' in e && e.cellId === cellId);
    return { done, outputs: events.flatMap((e) => (e.type === 'output' ? [e.output] : [])), events };
  }

  beforeAll(async () => {
    relay = await startRelay(16443);
    kubeconfig = relay.kubeconfig(labInfo().kubeconfig, 'lab-a');
    app = await startApp(kubeconfig);
    const id = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id;
    if (!id) throw new Error('lab-a is not in the kubeconfig');
    server = { clusterId: id, namespace: 'team-a', name: 'alice-scipy' };
    // on a lab just brought up, the seeded server's pod may not run yet
    const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
    await eventually('the seeded notebook server to run', async () => {
      const pod = await core.readNamespacedPod({ name: 'alice-scipy-0', namespace: 'team-a' }).catch(() => undefined);
      return pod?.status?.phase === 'Running' ? true : undefined;
    });
    expect((await jupyter('PUT', dir, { type: 'directory' })).status).toBe(201);
  });
  afterAll(async () => {
    await relay?.up();
    // kernels a failed test left running, then the files, straight from the lab's folder
    const headers = { Authorization: `token ${labToken}` };
    const sessions = (await (await fetch(`${labJupyter}/api/sessions`, { headers })).json()) as { id: string; path: string }[];
    for (const x of sessions.filter((x) => x.path.startsWith(`${dir}/`))) await fetch(`${labJupyter}/api/sessions/${x.id}`, { method: 'DELETE', headers });
    rmSync(join(notebooksRoot, dir), { recursive: true, force: true });
    app?.close();
    await relay?.close();
  });

  it('asks for the token, refuses a wrong one, connects with the right one and keeps it', async () => {
    const first = await api().call(notebooksContract.connect, { server });
    expect(first.state).toBe('needs-token');
    expect(first.reason).toMatch(/token/);
    const wrong = await api().call(notebooksContract.connect, { server, token: 'not-the-token' });
    expect(wrong).toMatchObject({ state: 'needs-token', reason: 'Jupyter refused the token.' });
    const files = await caught(api().call(notebooksContract.listFiles, { server, path: '' }));
    expect(files.code).toBe('unauthenticated');

    const portsBefore = listeningPorts();
    const ok = await api().call(notebooksContract.connect, { server, token: labToken });
    // the port-forward is in-process: no TCP port another user or a web page could use to reach Jupyter
    expect(listeningPorts()).toEqual(portsBefore);
    expect(ok).toMatchObject({ state: 'connected', via: 'port-forward', version: '2.21.1', defaultKernel: 'python3' });
    expect(ok.kernelSpecs).toContainEqual({ name: 'python3', displayName: 'Python 3 (ipykernel)', language: 'python' });
    expect(connectionEvents().at(-1)).toMatchObject({ server, state: 'connected', via: 'port-forward' });

    // kept in main (0600), used after a disconnect without being given again
    const file = join(app.dataDir, 'notebook-connections.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await api().call(notebooksContract.disconnect, { server });
    expect((await api().call(notebooksContract.connect, { server })).state).toBe('connected');
  });

  it('creates, lists (folders first), renames, uploads, downloads and deletes files', async () => {
    await connected();
    const folder = await api().call(notebooksContract.create, { server, dir, type: 'directory', name: 'files' });
    expect(folder).toMatchObject({ name: 'files', path: `${dir}/files`, type: 'directory' });
    const fdir = folder.path;
    const nb = await api().call(notebooksContract.create, { server, dir: fdir, type: 'notebook', name: 'b.ipynb' });
    expect(nb).toMatchObject({ path: `${fdir}/b.ipynb`, type: 'notebook' });
    expect((await caught(api().call(notebooksContract.create, { server, dir: fdir, type: 'notebook', name: 'b.ipynb' }))).code).toBe('conflict');
    const untitled = await api().call(notebooksContract.create, { server, dir: fdir, type: 'file' });
    expect(untitled.name).toMatch(/^untitled.*\.txt$/);
    await api().call(notebooksContract.create, { server, dir: fdir, type: 'directory', name: 'zz-sub' });

    const listing = await api().call(notebooksContract.listFiles, { server, path: fdir });
    expect(listing.fromCache).toBe(false);
    expect(listing.entries.map((e) => e.name)).toEqual(['zz-sub', 'b.ipynb', untitled.name]);

    const renamed = await api().call(notebooksContract.rename, { server, path: `${fdir}/b.ipynb`, newPath: `${fdir}/a.ipynb` });
    expect(renamed).toMatchObject({ name: 'a.ipynb', path: `${fdir}/a.ipynb` });

    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const up = await api().call(notebooksContract.upload, { server, path: `${fdir}/data.bin`, base64: bytes.toString('base64') });
    expect(up).toMatchObject({ name: 'data.bin', type: 'file', size: 256 });
    expect((await caught(api().call(notebooksContract.upload, { server, path: `${fdir}/data.bin`, base64: 'AAAA' }))).code).toBe('conflict');
    const down = await api().call(notebooksContract.readFile, { server, path: `${fdir}/data.bin` });
    expect(down).toMatchObject({ format: 'base64', size: 256 });
    expect(Buffer.from(down.content, 'base64').equals(bytes)).toBe(true);
    await api().call(notebooksContract.upload, { server, path: `${fdir}/notes.txt`, base64: Buffer.from('héllo\n').toString('base64') });
    expect(await api().call(notebooksContract.readFile, { server, path: `${fdir}/notes.txt` })).toMatchObject({ format: 'text', content: 'héllo\n' });

    await api().call(notebooksContract.remove, { server, path: `${fdir}/data.bin` });
    const after = await api().call(notebooksContract.listFiles, { server, path: fdir });
    expect(after.entries.map((e) => e.name)).toEqual(['zz-sub', 'a.ipynb', 'notes.txt', untitled.name]);
    expect((await caught(api().call(notebooksContract.readFile, { server, path: `${fdir}/data.bin` }))).code).toBe('not-found');
    expect(existsSync(join(notebooksRoot, fdir, 'data.bin'))).toBe(false);
  });
  it('saves a notebook with its outputs, reopens it intact, and the file passes nbformat validation', async () => {
    await connected();
    const path = `${dir}/outputs.ipynb`;
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const doc = {
      nbformat: 4,
      nbformat_minor: 4,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3 (ipykernel)', language: 'python' }, language_info: { name: 'python' } },
      cells: [
        { cell_type: 'markdown', metadata: {}, source: '# Title\n' },
        {
          cell_type: 'code',
          id: 'dup',
          metadata: {},
          source: ['print("hi")\n', 'x'],
          execution_count: 3,
          outputs: [
            { output_type: 'stream', name: 'stdout', text: 'hi\n' },
            {
              output_type: 'display_data',
              data: { 'image/png': png, 'text/plain': '<Figure>' },
              metadata: { 'image/png': { width: 1 } },
              transient: { display_id: 'd1' },
            },
            { output_type: 'execute_result', data: { 'text/html': '<table></table>' }, metadata: {}, execution_count: 3 },
          ],
        },
        {
          cell_type: 'code',
          id: 'dup',
          metadata: {},
          source: '1/0',
          execution_count: 4,
          outputs: [{ output_type: 'error', ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: ['\u001b[31mZeroDivisionError\u001b[39m'] }],
        },
      ],
    } as unknown as NotebookDoc;
    const saved = await api().call(notebooksContract.save, { server, path, content: doc });
    expect(saved.size).toBeGreaterThan(100);
    const opened = await api().call(notebooksContract.open, { server, path });
    expect(opened).toMatchObject({ path, fromCache: false, lastModified: saved.lastModified });
    expect(opened.content.nbformat_minor).toBe(5);
    const ids = opened.content.cells.map((c) => c.id);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
    const code = opened.content.cells[1] as { outputs: NbOutput[]; execution_count: number };
    expect(code.execution_count).toBe(3);
    expect(code.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'hi\n' },
      { output_type: 'display_data', data: { 'image/png': png, 'text/plain': '<Figure>' }, metadata: { 'image/png': { width: 1 } } },
      { output_type: 'execute_result', data: { 'text/html': '<table></table>' }, metadata: {}, execution_count: 3 },
    ]);
    expect((opened.content.cells[2] as { outputs: NbOutput[] }).outputs[0]).toMatchObject({ output_type: 'error', ename: 'ZeroDivisionError' });
    // Python's nbformat (the reference validator) accepts the file on disk
    execFileSync(python, ['-c', 'import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))', join(notebooksRoot, path)], {
      stdio: 'pipe',
    });
  });

  it('refuses to save over a change made on the server since the notebook was opened, then saves when forced', async () => {
    await connected();
    const path = `${dir}/conflict.ipynb`;
    const base = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [{ cell_type: 'code', id: 'c1', metadata: {}, source: 'a = 1', outputs: [], execution_count: null }],
    } as NotebookDoc;
    await api().call(notebooksContract.save, { server, path, content: base });
    const opened = await api().call(notebooksContract.open, { server, path });
    // someone else saves the file (JupyterLab in a browser, say)
    await new Promise((r) => setTimeout(r, 20));
    const theirs = await jupyter('PUT', path, { type: 'notebook', format: 'json', content: { ...base, cells: [{ ...base.cells[0], source: 'a = 2' }] } });
    expect(theirs.status).toBe(200);
    const mine = { ...opened.content, cells: [{ ...opened.content.cells[0], source: 'a = 3' }] } as NotebookDoc;
    const err = await caught(api().call(notebooksContract.save, { server, path, content: mine, expectedLastModified: opened.lastModified }));
    expect(err.code).toBe('conflict');
    expect(err.message).toBe('The notebook changed on the server since you opened it');
    expect(err.detail).toBe(theirs.json.last_modified);
    expect((await jupyter('GET', path)).json.content).toMatchObject({ cells: [{ source: 'a = 2' }] });
    // a new file over an existing one is a conflict too
    expect((await caught(api().call(notebooksContract.save, { server, path, content: mine }))).code).toBe('conflict');

    const forced = await api().call(notebooksContract.save, { server, path, content: mine, expectedLastModified: opened.lastModified, force: true });
    expect((await jupyter('GET', path)).json).toMatchObject({ last_modified: forced.lastModified, content: { cells: [{ source: 'a = 3' }] } });
    // saving again from the new base is no conflict
    await api().call(notebooksContract.save, { server, path, content: mine, expectedLastModified: forced.lastModified });
  });

  it('runs cells on a real kernel: print, a traceback, a PNG plot, an HTML table; interrupts and restarts', async () => {
    await connected();
    const k = await api().call(notebooksContract.startKernel, { server, path: `${dir}/a.ipynb` });
    expect(k).toMatchObject({ kernelName: 'python3', displayName: 'Python 3 (ipykernel)' });
    expect(['idle', 'busy', 'starting']).toContain(k.status);

    const hello = await run(k.handle, 'c-print', 'print("hello")');
    expect(hello.done).toMatchObject({ status: 'ok', executionCount: 1 });
    expect(hello.events[0]).toMatchObject({ type: 'execute-input', executionCount: 1 });
    expect(hello.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'hello\n' }]);

    const boom = await run(k.handle, 'c-raise', '1/0');
    expect(boom.done).toMatchObject({ status: 'error', executionCount: 2 });
    expect(boom.outputs).toHaveLength(1);
    expect(boom.outputs[0]).toMatchObject({ output_type: 'error', ename: 'ZeroDivisionError', evalue: 'division by zero' });
    expect((boom.outputs[0] as { traceback: string[] }).traceback.join('\n')).toContain('ZeroDivisionError');

    const plot = await run(
      k.handle,
      'c-plot',
      'import matplotlib\nmatplotlib.use("module://matplotlib_inline.backend_inline")\nimport matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.show()',
    );
    expect(plot.done.status).toBe('ok');
    const image = plot.outputs.find((o) => o.output_type === 'display_data');
    expect(image).toBeDefined();
    expect(
      Buffer.from(String((image as { data: Record<string, unknown> }).data['image/png']), 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(image).not.toHaveProperty('transient');

    const table = await run(k.handle, 'c-table', 'import pandas as pd\npd.DataFrame({"a": [1, 2], "b": ["x", "y"]})');
    const result = table.outputs.find((o) => o.output_type === 'execute_result') as { data: Record<string, string> } | undefined;
    expect(result?.data['text/html']).toContain('<table');
    expect(result?.data['text/plain']).toContain('a  b');

    // a long cell, interrupted: KeyboardInterrupt within seconds
    const from = kernelEvents().length;
    await api().call(notebooksContract.execute, { handle: k.handle, cellId: 'c-sleep', code: 'import time\ntime.sleep(60)' });
    await eventually('the cell to start', async () =>
      kernelEvents()
        .slice(from)
        .find((e) => e.type === 'execute-input' && e.cellId === 'c-sleep'),
    );
    const t = Date.now();
    await api().call(notebooksContract.interrupt, { handle: k.handle });
    const stopped = await eventually(
      'the interrupted cell to end',
      async () =>
        kernelEvents()
          .slice(from)
          .find((e) => e.type === 'done' && e.cellId === 'c-sleep'),
      15_000,
    );
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(stopped).toMatchObject({ status: 'error' });
    expect(kernelEvents().slice(from)).toContainEqual(
      expect.objectContaining({ type: 'output', cellId: 'c-sleep', output: expect.objectContaining({ ename: 'KeyboardInterrupt' }) }),
    );

    // restart: restarting, then idle; the state is gone and counts start again
    await run(k.handle, 'c-set', 'x = 41');
    const before = kernelEvents().length;
    await api().call(notebooksContract.restart, { handle: k.handle });
    const statuses = () =>
      kernelEvents()
        .slice(before)
        .flatMap((e) => (e.type === 'status' && e.handle === k.handle ? [e.status] : []));
    await eventually('idle after the restart', async () => (statuses().includes('idle') ? true : undefined), 30_000);
    expect(statuses()[0]).toBe('restarting');
    const gone = await run(k.handle, 'c-after', 'x');
    expect(gone.done).toMatchObject({ status: 'error', executionCount: 1 });
    expect(gone.outputs[0]).toMatchObject({ ename: 'NameError' });

    // the kernel is shut down behind the app's back (culled, say): dead, with a reason; restart gives a new one
    const sessions = (await (await fetch(`${labJupyter}/api/sessions`, { headers: { Authorization: `token ${labToken}` } })).json()) as {
      path: string;
      kernel: { id: string };
    }[];
    const kernelId = sessions.find((x) => x.path === `${dir}/a.ipynb`)?.kernel.id;
    expect(kernelId).toBeDefined();
    const beforeKill = kernelEvents().length;
    const killed = await fetch(`${labJupyter}/api/kernels/${kernelId}`, { method: 'DELETE', headers: { Authorization: `token ${labToken}` } });
    expect(killed.status).toBe(204);
    const dead = await eventually(
      'the kernel to be dead',
      async () =>
        kernelEvents()
          .slice(beforeKill)
          .find((e) => e.type === 'status' && e.status === 'dead'),
      60_000,
    );
    expect(dead).toMatchObject({ handle: k.handle, reason: expect.any(String) });
    await api().call(notebooksContract.restart, { handle: k.handle });
    const revived = await run(k.handle, 'c-revived', 'print("again")');
    expect(revived.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'again\n' }]);

    await api().call(notebooksContract.shutdownKernel, { handle: k.handle });
    expect((await caught(api().call(notebooksContract.execute, { handle: k.handle, cellId: 'x', code: '1' }))).code).toBe('not-found');
  });
  it('re-establishes the connection after a drop (reconnecting, then connected) and keeps the kernel', async () => {
    await connected();
    const k = await api().call(notebooksContract.startKernel, { server, path: `${dir}/reconnect.ipynb` });
    await run(k.handle, 'r-set', 'x = 41');
    const from = connectionEvents().length;
    const kfrom = kernelEvents().length;
    // a cell that finishes while the connection is down
    await api().call(notebooksContract.execute, { handle: k.handle, cellId: 'r-late', code: 'import time\ntime.sleep(3)\nprint("late")' });
    await eventually('the cell to start', async () =>
      kernelEvents()
        .slice(kfrom)
        .find((e) => e.type === 'execute-input' && e.cellId === 'r-late'),
    );
    // the API server goes away under the port-forward: its connections close, new ones are refused
    await relay.down();
    await eventually(
      'reconnecting',
      async () =>
        connectionEvents()
          .slice(from)
          .find((e) => e.state === 'reconnecting'),
      30_000,
    );
    await eventually(
      'the kernel to show it',
      async () =>
        kernelEvents()
          .slice(kfrom)
          .find((e) => e.type === 'status' && e.status === 'reconnecting'),
      10_000,
    );
    // the cell ends on the server while MLDeck cannot reach it
    await eventually(
      'the kernel to finish the cell on the server',
      async () => {
        const list = (await (await fetch(`${labJupyter}/api/sessions`, { headers: { Authorization: `token ${labToken}` } })).json()) as {
          path: string;
          kernel: { execution_state: string };
        }[];
        return list.find((x) => x.path === `${dir}/reconnect.ipynb`)?.kernel.execution_state === 'idle' ? true : undefined;
      },
      30_000,
    );
    await relay.up();
    await eventually(
      'connected again',
      async () =>
        connectionEvents()
          .slice(from)
          .find((e) => e.state === 'connected'),
      60_000,
    );
    // the cell that ended during the drop ends here too: with its output when Jupyter kept it for
    // this session (replayed), or as aborted when it went out before the server saw the drop
    const late = await eventually(
      'the late cell to end',
      async () =>
        kernelEvents()
          .slice(kfrom)
          .find((e) => e.type === 'done' && e.cellId === 'r-late'),
      30_000,
    );
    const lateOutputs = kernelEvents()
      .slice(kfrom)
      .filter((e) => e.type === 'output' && e.cellId === 'r-late');
    // Jupyter replays only what it sent after it noticed the drop: a reply may come back while the
    // output printed just before it was lost in the dead socket (seen under load), never a wrong one
    if (late.type === 'done' && late.status === 'ok')
      expect(lateOutputs.map((e) => (e.type === 'output' ? e.output : undefined))).toEqual(
        lateOutputs.length ? [{ output_type: 'stream', name: 'stdout', text: 'late\n' }] : [],
      );
    else expect(late).toMatchObject({ status: 'aborted' });
    // the same kernel, with its state
    const again = await run(k.handle, 'r-get', 'print(x + 1)');
    expect(again.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: '42\n' }]);
    await api().call(notebooksContract.shutdownKernel, { handle: k.handle });
  });

  it('reads notebooks opened before from the cache when the cluster cannot be reached', async () => {
    await connected();
    const path = `${dir}/offline.ipynb`;
    const doc = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'code',
          id: 'o1',
          metadata: {},
          source: 'print(1)',
          execution_count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: '1\n' }],
        },
      ],
    } as NotebookDoc;
    await api().call(notebooksContract.save, { server, path, content: doc });
    const online = await api().call(notebooksContract.open, { server, path });
    expect(online.fromCache).toBe(false);

    await relay.down();
    try {
      const kept = await api().call(notebooksContract.open, { server, path });
      expect(kept).toMatchObject({ path, fromCache: true, lastModified: online.lastModified, content: { cells: [{ outputs: [{ text: '1\n' }] }] } });
      expect(kept.reason).toMatch(/cannot be reached/);
      expect(kept.cachedAt).toBeGreaterThan(Date.now() - 120_000);
      const listing = await api().call(notebooksContract.listFiles, { server, path: dir });
      expect(listing.fromCache).toBe(true);
      expect(listing.entries.map((e) => e.name)).toContain('offline.ipynb');
      expect(listing.entries.map((e) => e.name)).not.toContain('notes.txt');
      const root = await api().call(notebooksContract.listFiles, { server, path: '' });
      expect(root.entries).toContainEqual(expect.objectContaining({ name: dir, type: 'directory' }));
      const never = await caught(api().call(notebooksContract.open, { server, path: `${dir}/never-opened.ipynb` }));
      expect(never.code).toBe('unavailable');
      expect(never.message).toMatch(/never opened here/);
      // a save cannot go anywhere: an error, and the draft keeps the edit
      expect((await caught(api().call(notebooksContract.save, { server, path, content: doc, expectedLastModified: online.lastModified }))).code).toBe(
        'unavailable',
      );
    } finally {
      await relay.up();
    }
    const from = connectionEvents().length;
    await eventually(
      'connected again',
      async () => ((await api().call(notebooksContract.connect, { server })).state === 'connected' ? true : undefined),
      60_000,
    );
    expect(
      connectionEvents()
        .slice(from)
        .every((e) => e.state !== 'needs-token'),
    ).toBe(true);
    expect((await api().call(notebooksContract.open, { server, path })).fromCache).toBe(false);
  });

  it('says a stopped server is stopped, and lists what was kept of it', async () => {
    const stopped: ServerRef = { ...server, name: 'old-experiments' };
    const info = await api().call(notebooksContract.connect, { server: stopped });
    expect(info).toMatchObject({ state: 'offline', reason: 'The server is stopped: start it first.', kernelSpecs: [] });
    expect(await api().call(notebooksContract.listFiles, { server: stopped, path: '' })).toEqual({ path: '', entries: [], fromCache: true });
    const err = await caught(api().call(notebooksContract.startKernel, { server: stopped, path: 'x.ipynb' }));
    expect(err).toMatchObject({ code: 'unavailable', message: 'The server is stopped: start it first.' });
    await api().call(notebooksContract.disconnect, { server: stopped });
  });

  it('keeps drafts across a restart of the app, offers them on open, and drops them after a save', async () => {
    await connected();
    const path = `${dir}/draft.ipynb`;
    const base = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'markdown', id: 'm1', metadata: {}, source: 'v1' }] } as NotebookDoc;
    await api().call(notebooksContract.save, { server, path, content: base });
    const opened = await api().call(notebooksContract.open, { server, path });
    expect(opened.draft).toBeUndefined();
    const edited = { ...base, cells: [{ ...base.cells[0], source: 'v2, typed but not saved' }] } as NotebookDoc;
    const { savedAt } = await api().call(notebooksContract.putDraft, { server, path, content: edited, baseLastModified: opened.lastModified });
    expect(await api().call(notebooksContract.listDrafts, { clusterId: server.clusterId })).toContainEqual({
      server,
      path,
      savedAt,
      baseLastModified: opened.lastModified,
    });

    // the app goes away and comes back on the same data directory
    app.services.dispose();
    app = await startApp(kubeconfig, { dataDir: app.dataDir });
    expect(await api().call(notebooksContract.listDrafts, {})).toContainEqual({ server, path, savedAt, baseLastModified: opened.lastModified });
    // the token was kept too
    expect((await api().call(notebooksContract.connect, { server })).state).toBe('connected');
    const reopened = await api().call(notebooksContract.open, { server, path });
    expect(reopened.content.cells[0]?.source).toBe('v1');
    expect(reopened.draft).toMatchObject({ savedAt, baseLastModified: opened.lastModified, content: { cells: [{ source: 'v2, typed but not saved' }] } });

    await api().call(notebooksContract.save, { server, path, content: edited, expectedLastModified: opened.lastModified });
    expect((await api().call(notebooksContract.listDrafts, {})).some((d) => d.path === path)).toBe(false);
    expect((await api().call(notebooksContract.open, { server, path })).draft).toBeUndefined();
    // dropping a draft by hand
    await api().call(notebooksContract.putDraft, { server, path, content: edited });
    await api().call(notebooksContract.dropDraft, { server, path });
    expect((await api().call(notebooksContract.listDrafts, {})).some((d) => d.path === path)).toBe(false);
  });
});

describe('notebooks through a Kubeflow gateway, to a Jupyter without a token (XSRF)', () => {
  let app: AppUnderTest;
  let server: ServerRef;
  let jupyterProcess: ChildProcess;
  let root: string;
  let port = 0;

  beforeAll(async () => {
    // a Jupyter as Kubeflow's images run it: base_url /notebook/<ns>/<name>/, no token, XSRF on
    root = mkdtempSync(join(tmpdir(), 'mldeck-gw-'));
    port = await freePort();
    jupyterProcess = spawn(
      python,
      [
        '-m',
        'jupyter_server',
        '--ServerApp.ip=127.0.0.1',
        `--ServerApp.port=${port}`,
        '--ServerApp.port_retries=0',
        '--ServerApp.open_browser=False',
        `--ServerApp.root_dir=${root}`,
        '--ServerApp.base_url=/notebook/team-a/alice-scipy/',
        '--IdentityProvider.token=',
        '--ServerApp.password=',
        '--allow-root',
      ],
      {
        env: {
          ...process.env,
          JUPYTER_CONFIG_DIR: join(root, '.cfg'),
          JUPYTER_RUNTIME_DIR: join(root, '.rt'),
          JUPYTER_PLATFORM_DIRS: '1',
          IPYTHONDIR: join(root, '.ipy'),
        },
        stdio: 'ignore',
      },
    );
    await eventually('the gateway Jupyter to start', async () => {
      const r = await fetch(`http://127.0.0.1:${port}/notebook/team-a/alice-scipy/api/status`).catch(() => undefined);
      return r?.status === 200 ? true : undefined;
    });
    app = await startApp(labInfo().kubeconfig);
    const id = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id;
    if (!id) throw new Error('lab-a is not in the kubeconfig');
    server = { clusterId: id, namespace: 'team-a', name: 'alice-scipy' };
  });
  afterAll(async () => {
    app?.close();
    jupyterProcess?.kill('SIGTERM');
    if (jupyterProcess && jupyterProcess.exitCode === null) await new Promise((r) => jupyterProcess.once('exit', r));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('accepts only http(s) gateway URLs and keeps its token in main', async () => {
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'http://user:pw@example.com', 'not a url'])
      expect((await caught(app.api.call(notebooksContract.setSettings, { clusterId: server.clusterId, gatewayUrl: bad }))).code).toBe('validation');
    const set = await app.api.call(notebooksContract.setSettings, {
      clusterId: server.clusterId,
      gatewayUrl: `http://127.0.0.1:${port}/`,
      gatewayToken: 'gw-secret',
    });
    expect(set).toEqual({ gatewayUrl: `http://127.0.0.1:${port}`, hasGatewayToken: true });
    expect(readFileSync(join(app.dataDir, 'notebook-connections.json'), 'utf8')).toContain('gw-secret'); // browser mode: no keychain, file is 0600
    expect(await app.api.call(notebooksContract.setSettings, { clusterId: server.clusterId, gatewayToken: null })).toEqual({
      gatewayUrl: `http://127.0.0.1:${port}`,
      hasGatewayToken: false,
    });
    expect(await app.api.call(notebooksContract.getSettings, { clusterId: server.clusterId })).toEqual({
      gatewayUrl: `http://127.0.0.1:${port}`,
      hasGatewayToken: false,
    });
  });

  it('connects through the gateway without a token, and writes and runs through the XSRF check', async () => {
    // this Jupyter refuses a write without the XSRF cookie and header
    const bare = await fetch(`http://127.0.0.1:${port}/notebook/team-a/alice-scipy/api/contents`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"type":"notebook"}',
    });
    expect(bare.status).toBe(403);
    const info = await app.api.call(notebooksContract.connect, { server });
    expect(info).toMatchObject({ state: 'connected', via: 'gateway', version: '2.21.1' });
    // every non-GET call must pass XSRF here: create, save, rename, delete, sessions, interrupt
    const nb = await app.api.call(notebooksContract.create, { server, dir: '', type: 'notebook', name: 'gw.ipynb' });
    expect(nb.path).toBe('gw.ipynb');
    const opened = await app.api.call(notebooksContract.open, { server, path: 'gw.ipynb' });
    const saved = await app.api.call(notebooksContract.save, {
      server,
      path: 'gw.ipynb',
      content: { ...opened.content, cells: [{ cell_type: 'markdown', id: 'g1', metadata: {}, source: 'through the gateway' }] },
      expectedLastModified: opened.lastModified,
    });
    expect(saved.lastModified).not.toBe(opened.lastModified);
    expect(JSON.parse(readFileSync(join(root, 'gw.ipynb'), 'utf8'))).toMatchObject({ cells: [{ source: ['through the gateway'] }] });
    // the gateway's bearer token goes along (a gateway that checks it passes the request on)
    await app.api.call(notebooksContract.setSettings, { clusterId: server.clusterId, gatewayToken: 'gw-secret' });
    await app.api.call(notebooksContract.disconnect, { server });
    expect(await app.api.call(notebooksContract.connect, { server })).toMatchObject({ state: 'connected', via: 'gateway' });
    await app.api.call(notebooksContract.rename, { server, path: 'gw.ipynb', newPath: 'gw2.ipynb' });

    const k = await app.api.call(notebooksContract.startKernel, { server, path: 'gw2.ipynb' });
    const from = () => (app.events.get(notebooksContract.kernel.id) ?? []) as KernelEvent[];
    await app.api.call(notebooksContract.execute, { handle: k.handle, cellId: 'g', code: 'print("via gateway")' });
    const done = await eventually('the cell to end', async () => from().find((e) => e.type === 'done' && e.cellId === 'g'));
    expect(done).toMatchObject({ status: 'ok' });
    expect(from()).toContainEqual({ handle: k.handle, type: 'output', cellId: 'g', output: { output_type: 'stream', name: 'stdout', text: 'via gateway\n' } });
    await app.api.call(notebooksContract.interrupt, { handle: k.handle });
    await app.api.call(notebooksContract.shutdownKernel, { handle: k.handle });
    await app.api.call(notebooksContract.remove, { server, path: 'gw2.ipynb' });
    expect(existsSync(join(root, 'gw2.ipynb'))).toBe(false);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

describe('a user without pods/portforward', () => {
  let ns: { name: string; remove(): Promise<void> };
  let app: AppUnderTest;

  beforeAll(async () => {
    ns = await tempNamespace('mldeck-nb-rbac');
    const kc = kubeConfig('lab-a');
    await kc.makeApiClient(k8s.CustomObjectsApi).createNamespacedCustomObject({
      group: 'kubeflow.org',
      version: 'v1',
      plural: 'notebooks',
      namespace: ns.name,
      body: {
        apiVersion: 'kubeflow.org/v1',
        kind: 'Notebook',
        metadata: { name: 'nb', namespace: ns.name },
        spec: { template: { spec: { containers: [{ name: 'nb', image: 'kubeflownotebookswg/jupyter-scipy:v1.9.0' }] } } },
      },
    });
    const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
    // alice may read the server and its pod here, but not port-forward to it
    await rbac.createNamespacedRole({
      namespace: ns.name,
      body: {
        metadata: { name: 'read-notebooks' },
        rules: [
          { apiGroups: ['kubeflow.org'], resources: ['notebooks'], verbs: ['get', 'list'] },
          { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
        ],
      },
    });
    await rbac.createNamespacedRoleBinding({
      namespace: ns.name,
      body: {
        metadata: { name: 'alice-reads' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-notebooks' },
        subjects: [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }],
      },
    });
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await eventually(
      'the server pod to run',
      async () => ((await core.readNamespacedPod({ namespace: ns.name, name: 'nb-0' }).catch(() => undefined))?.status?.phase === 'Running' ? true : undefined),
      90_000,
    );
    app = await startApp(labInfo().kubeconfig);
  });
  afterAll(async () => {
    app?.close();
    await ns?.remove();
  });

  it('is told the server is offline because the port-forward is not allowed, and why', async () => {
    const clusters = (await app.api.call(clustersContract.list, {})).clusters;
    const alice = clusters.find((c) => c.contextName === 'lab-a-restricted')?.id as string;
    const admin = clusters.find((c) => c.contextName === 'lab-a')?.id as string;
    const info = await app.api.call(notebooksContract.connect, { server: { clusterId: alice, namespace: ns.name, name: 'nb' } });
    expect(info.state).toBe('offline');
    expect(info.reason).toMatch(/may not create pods\/portforward in mldeck-nb-rbac/);
    // the admin reaches the same server (the lab Jupyter behind it asks for its token)
    expect((await app.api.call(notebooksContract.connect, { server: { clusterId: admin, namespace: ns.name, name: 'nb' } })).state).toBe('needs-token');
  });
});
