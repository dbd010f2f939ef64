// SPDX-License-Identifier: Apache-2.0
/**
 * What an exec credential plugin would run, as the approval prompt shows it (the resolved binary,
 * its real file and content hash, every argument and every environment addition), and the rule
 * for which environment variables are dangerous: those that make a loader, shell or interpreter
 * run code of the kubeconfig author's choosing inside an otherwise trusted program.
 */

/** One environment variable the kubeconfig adds to the plugin's environment. */
export interface ExecEnvAddition {
  name: string;
  value: string;
}

/** Exactly what would run; approving it approves this and nothing else. */
export interface ExecInvocationView {
  /** Identifies this exact invocation (sha256, hex); the approve call sends it back. */
  fingerprint: string;
  /** The absolute path that is spawned (after PATH lookup). */
  path: string;
  /** The file behind the path after following symlinks (equal to `path` when none). */
  realpath: string;
  /** sha256 (hex) of the file's content. */
  sha256: string;
  /** Every argument, verbatim. */
  args: string[];
  /** Every environment addition from the kubeconfig, in order (later entries win). */
  env: ExecEnvAddition[];
}

/** A plugin approval prompt: the context, the invocation and whether it is approved already. */
export interface ExecApprovalPrompt {
  clusterId: string;
  contextName: string;
  /** The kubeconfig user whose `exec` this is. */
  userName: string;
  invocation: ExecInvocationView;
  approved: boolean;
}

const dangerousExact = new Set(['BASH_ENV', 'ENV', 'NODE_OPTIONS', 'RUBYOPT']);
const dangerousPrefixes = ['LD_', 'DYLD_', 'PYTHON', 'PERL5'];

/**
 * Whether an environment variable can make the plugin (or a program it starts) load or run code
 * named by the kubeconfig: `LD_*`, `DYLD_*`, `BASH_ENV`, `ENV`, `NODE_OPTIONS`, `PYTHON*`,
 * `PERL5*` (PERL5LIB, PERL5OPT) and `RUBYOPT`. Compared without case, since Windows ignores it.
 * @param name - the variable's name
 */
export function isDangerousExecEnv(name: string): boolean {
  const n = name.toUpperCase();
  return dangerousExact.has(n) || dangerousPrefixes.some((p) => n.startsWith(p));
}

/** The first 12 hex digits of a hash, as the prompt shows it. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

/**
 * The plain-text description of an approval, for a native confirmation dialog: the context, the
 * program, its real file and hash, every argument and every variable, dangerous ones marked.
 * @param prompt - what the user is asked to approve
 * @returns the dialog's message (one line) and detail (the full invocation)
 */
export function execApprovalText(prompt: ExecApprovalPrompt): { message: string; detail: string } {
  const inv = prompt.invocation;
  const lines = [`Context: ${prompt.contextName} (user ${prompt.userName})`, `Program: ${inv.path}`];
  if (inv.realpath !== inv.path) lines.push(`Real file: ${inv.realpath}`);
  lines.push(`SHA-256: ${shortHash(inv.sha256)}…`);
  lines.push(inv.args.length ? 'Arguments:' : 'Arguments: none');
  inv.args.forEach((a, i) => lines.push(`  ${i + 1}. ${JSON.stringify(a)}`));
  lines.push(inv.env.length ? 'Environment:' : 'Environment: nothing added');
  for (const e of inv.env) lines.push(`  ${isDangerousExecEnv(e.name) ? '⚠ DANGEROUS ' : ''}${e.name}=${e.value}`);
  const dangerous = inv.env.filter((e) => isDangerousExecEnv(e.name)).length;
  if (dangerous) lines.push('', `${dangerous} variable(s) can make the program load or run other code. Approve only if you expected them.`);
  return { message: `Allow MLDeck to run this credential plugin for “${prompt.contextName}”?`, detail: lines.join('\n') };
}
