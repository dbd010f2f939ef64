// SPDX-License-Identifier: Apache-2.0
/**
 * The browser-mode entry: the same services as the desktop app, in plain Node, serving the
 * renderer on 127.0.0.1 with a random token. Wiring only; no 'electron' import.
 *
 * Flags: --port N (default: a free port), --open (open the system browser), --no-open.
 *
 * The session token is printed to stdout only (the terminal that started MLDeck) and never
 * logged. --open hands the browser a 0600 redirect file in the data directory whose link carries
 * a one-time code, so no command line ever holds the token or a code.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Topic } from '../shared/ipc/define';
import { createServices } from './app/create-services';
import { dataDirectory } from './app/data-dir';
import { newToken } from './host/auth';
import { removeOpenPage, writeOpenPage } from './host/open-page';
import { startBrowserHost, type BrowserHost } from './host/ws-server';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Opens the system browser on a local file (its path is the only argument). */
function openBrowser(file: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(cmd, [file], { stdio: 'ignore', detached: true });
  child.on('error', (e) => process.stderr.write(`No browser was opened (${cmd}: ${e.message}); open the link above.\n`));
  child.unref();
}

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const appRoot = resolve(here, '..', '..');
  const rendererDir = join(appRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error(`the renderer is not built (${rendererDir}); run npm run build`);
  const version = (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const port = Number(flag('--port') ?? process.env.MLDECK_PORT ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${flag('--port')}`);
  // the host needs the services and the services publish through the host: tie the knot
  const ref: { host?: BrowserHost } = {};
  const dataDir = dataDirectory();
  const open = process.argv.includes('--open') && !process.argv.includes('--no-open');
  const services = await createServices({
    dataDir,
    host: 'browser',
    version,
    appRoot,
    sampleSnapshot: join(appRoot, 'resources', 'sample-workspace.mldeck-snapshot'),
    publisher: {
      publish: <Ev>(t: Topic<Ev>, ev: Ev) => ref.host?.publish(t, ev),
      publishTo: <Ev>(client: string, t: Topic<Ev>, ev: Ev) => ref.host?.publishTo(client, t, ev),
      backlog: (client: string) => ref.host?.backlog?.(client) ?? 0,
    },
    openExternal: async () => false,
    secretBox: undefined,
  });
  const host = await startBrowserHost({
    rendererDir,
    dispatcher: services.dispatcher,
    token: newToken(),
    port,
    // the redirect file's code is spent once the page used it: leave a fresh one for next time
    onCodeRedeemed: () => {
      if (!open) return;
      try {
        writeOpenPage(dataDir, host.oneTimeUrl());
      } catch (e) {
        process.stderr.write(`The browser-open page could not be renewed: ${e instanceof Error ? e.message : String(e)}\n`);
      }
    },
  });
  // the token goes to stdout only: the terminal that started MLDeck, never a log
  process.stdout.write(`MLDeck is running in browser mode.\nOpen: ${host.url}\n`);
  if (open) {
    const file = writeOpenPage(dataDir, host.oneTimeUrl());
    process.stdout.write(`Opening the browser with ${file}\n`);
    openBrowser(file);
  }
  ref.host = host;
  const stop = async () => {
    if (open) removeOpenPage(dataDir);
    await host.close();
    services.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`MLDeck could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
