// SPDX-License-Identifier: Apache-2.0
/**
 * The palette's entries: the built-ins, the components of every pipeline version on the cluster
 * (one entry per distinct definition, named after where it was found), and those of component
 * files the user opened; each with a key to drag by, a search over names and origins, and a short
 * summary of its ports.
 */
import type { PaletteComponent } from '../../../shared/kfp/graph-edit';
import { componentPorts } from '../../../shared/kfp/pipeline-graph';
import { builtinPalette } from './builtin-palette';
import { portTypeText } from '../../components/pipeline-graph/port-types';

/** One entry of the palette. */
export interface PaletteEntry {
  key: string;
  component: PaletteComponent;
  /** Where it came from: `built-in`, `training v2`, `my-step.yaml`. */
  origin: string;
  description?: string;
  /** `lr: NUMBER_DOUBLE, data: system.Dataset → model: system.Model` */
  summary: string;
}

function summary(c: PaletteComponent): string {
  const { inputs, outputs } = componentPorts(c.spec);
  const side = (ports: typeof inputs) => ports.map((p) => `${p.name}: ${portTypeText(p)}`).join(', ');
  return `${side(inputs) || '—'} → ${side(outputs) || '—'}`;
}

function identity(c: PaletteComponent): string {
  return JSON.stringify([c.name, c.spec.inputDefinitions, c.spec.outputDefinitions, c.executor]);
}

/** The entries of the built-ins, the cluster's versions and the opened files, without repeats. */
export function paletteEntries(
  cluster: { origin: string; components: PaletteComponent[] }[],
  files: { origin: string; components: PaletteComponent[] }[],
): PaletteEntry[] {
  const out: PaletteEntry[] = [];
  const seen = new Set<string>();
  const add = (component: PaletteComponent, origin: string, group: string, description?: string) => {
    const id = identity(component);
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ key: `${group}:${origin}:${component.name}`, component, origin, ...(description ? { description } : {}), summary: summary(component) });
  };
  for (const c of builtinPalette) add(c, 'built-in', 'builtin', c.description);
  for (const f of files) for (const c of f.components) add(c, f.origin, 'file');
  for (const v of cluster) for (const c of v.components) add(c, v.origin, 'cluster');
  return out;
}

/** The entries whose name, origin or description contain every word of `query`. */
export function searchPalette(entries: PaletteEntry[], query: string): PaletteEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return entries;
  return entries.filter((e) => {
    const text = `${e.component.name} ${e.origin} ${e.description ?? ''}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
