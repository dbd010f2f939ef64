// SPDX-License-Identifier: Apache-2.0
/**
 * `npm run lab -- <up|down|status|seed [--scale N]|env>`: the lab's one command.
 */
import { down, status, up } from './lab.ts';
import { kubeconfigPath } from './paths.ts';
import { seedWorkloads } from './seed-workloads/index.ts';
import { seedMlflowScale } from './peers/mlflow-scale.ts';

const usage = 'usage: npm run lab -- <up|down|status|seed [--scale N]|env>';

/** The value of `--scale N` (or `--scale=N`), if given. */
function scaleArg(args: string[]): number | undefined {
  const i = args.findIndex((a) => a === '--scale' || a.startsWith('--scale='));
  if (i < 0) return undefined;
  const raw = args[i]?.includes('=') ? args[i]?.split('=')[1] : args[i + 1];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--scale needs a positive integer, got ${raw ?? '(nothing)'}`);
  return n;
}

async function main(cmd: string | undefined, args: string[]): Promise<number> {
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
    case 'seed': {
      const unhealthy = (await status()).filter((c) => !c.ok);
      if (unhealthy.length) throw new Error(`the lab is not healthy (${unhealthy.map((c) => c.name).join(', ')}): run \`npm run lab -- up\` first`);
      const started = Date.now();
      const scale = scaleArg(args);
      const summary = await seedWorkloads({ scale });
      if (scale) process.stdout.write(`${await seedMlflowScale(scale)}\n`);
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\nseeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      return 0;
    }
    default:
      process.stderr.write(`${usage}\n`);
      return 2;
  }
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`lab: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
