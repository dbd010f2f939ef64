// SPDX-License-Identifier: Apache-2.0
/**
 * The AWS profiles on this machine, as the AWS CLI finds them: `[name]` sections of the shared
 * credentials file and `[profile name]`/`[default]` sections of the config file (paths from
 * `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE`, else `~/.aws/credentials` and
 * `~/.aws/config`), with the config's region. Only names and regions are returned; the keys are
 * read by the SDK's `fromIni` when a connection signs with a profile.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AppError } from '../../../shared/errors';

/** Sections of an INI text with their key/value pairs. */
export function iniSections(text: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[([^\]]+)\]$/.exec(line);
    if (head) {
      current = {};
      out.set((head[1] ?? '').trim(), current);
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (kv && current) current[(kv[1] ?? '').trim()] = kv[2] ?? '';
  }
  return out;
}

/** Profile names and regions from the two files' texts. */
export function profilesOf(credentials: string, config: string): { name: string; region: string | undefined }[] {
  const names = new Map<string, string | undefined>();
  for (const name of iniSections(credentials).keys()) names.set(name, undefined);
  for (const [section, values] of iniSections(config)) {
    const name = section === 'default' ? 'default' : /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
    if (!name) continue;
    names.set(name, values['region'] ?? names.get(name));
  }
  return [...names]
    .map(([name, region]) => ({ name, region }))
    .sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/** Where the AWS files are. */
export function awsFiles(env: NodeJS.ProcessEnv = process.env): { credentials: string; config: string } {
  return {
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'),
    config: env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'),
  };
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new AppError('unavailable', `${path} could not be read.`, (e as Error).message);
  }
}

/** This machine's AWS profiles. */
export async function awsProfiles(env: NodeJS.ProcessEnv = process.env): Promise<{ name: string; region: string | undefined }[]> {
  const f = awsFiles(env);
  return profilesOf(await readOrEmpty(f.credentials), await readOrEmpty(f.config));
}

/** The credentials of a profile, read by the SDK when a request is signed. */
export function profileCredentials(profile: string, env: NodeJS.ProcessEnv = process.env): AwsCredentialIdentityProvider {
  const f = awsFiles(env);
  return fromIni({ profile, filepath: f.credentials, configFilepath: f.config, ignoreCache: true });
}
