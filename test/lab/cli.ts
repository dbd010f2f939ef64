// SPDX-License-Identifier: Apache-2.0
/**
 * `npm run lab -- <up|down|status|seed|env>`: the lab's one command.
 */
import { down, status, up } from './lab.ts';
import { kubeconfigPath } from './paths.ts';

const usage = 'usage: npm run lab -- <up|down|status|seed|env>';

async function main(cmd: string | undefined): Promise<number> {
  switch (cmd) {
    case 'up': {
      const started = Date.now();
      const info = await up();
      process.stdout.write(`lab is up in ${((Date.now() - started) / 1000).toFixed(1)} s\nexport KUBECONFIG=${info.kubeconfig}\n`);
      return 0;
    }
    case 'status': {
      const all = await status();
      for (const c of all) process.stdout.write(`${c.ok ? 'ok  ' : 'DOWN'}  ${c.name.padEnd(28)} ${c.detail}\n`);
      return all.every((c) => c.ok) ? 0 : 1;
    }
    case 'down': {
      const stopped = await down();
      process.stdout.write(stopped.length ? `stopped ${stopped.join(', ')}\n` : 'nothing was running\n');
      return 0;
    }
    case 'env':
      process.stdout.write(`export KUBECONFIG=${kubeconfigPath}\n`);
      return 0;
    case 'seed':
      await up();
      return 0;
    default:
      process.stderr.write(`${usage}\n`);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`lab: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
