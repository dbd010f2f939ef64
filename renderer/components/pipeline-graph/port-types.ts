// SPDX-License-Identifier: Apache-2.0
/**
 * How a port's type reads and which colour it has on the canvas: parameters by their type
 * (`STRING`, `NUMBER_INTEGER`, …), artifacts by their schema title (`system.Dataset`, …), so an
 * edge between ports of different colours is visibly suspicious before the check says why.
 */
import type { Port } from '../../../shared/kfp/graph-types';
import type { ParameterType } from '../../../shared/kfp/ir-types';

const parameterColours: Record<ParameterType, string> = {
  STRING: '#2f9e44',
  NUMBER_INTEGER: '#1971c2',
  NUMBER_DOUBLE: '#1098ad',
  BOOLEAN: '#e8590c',
  LIST: '#9c36b5',
  STRUCT: '#c2255c',
  TASK_FINAL_STATUS: '#868e96',
  TASK_CONFIG: '#868e96',
};

const artifactColours: Record<string, string> = {
  'system.Dataset': '#f08c00',
  'system.Model': '#7048e8',
  'system.Metrics': '#d6336c',
  'system.ClassificationMetrics': '#e64980',
  'system.HTML': '#0c8599',
  'system.Markdown': '#5c940d',
  'system.Artifact': '#495057',
};

/** The colour of a value of this type. */
export function typeColour(io: Port['io'], parameterType?: ParameterType, schemaTitle?: string): string {
  if (io === 'parameter') return parameterType ? parameterColours[parameterType] : '#868e96';
  return artifactColours[schemaTitle ?? 'system.Artifact'] ?? artifactColours['system.Artifact']!;
}

/** A port's type as text: `NUMBER_DOUBLE`, `system.Model`, `List[system.Dataset]`. */
export function portTypeText(p: Pick<Port, 'io' | 'parameterType' | 'schemaTitle' | 'isList'>): string {
  if (p.io === 'parameter') return p.parameterType ?? 'any';
  const t = p.schemaTitle ?? 'system.Artifact';
  return p.isList ? `List[${t}]` : t;
}

/** The colour of a port. */
export function portColour(p: Pick<Port, 'io' | 'parameterType' | 'schemaTitle'>): string {
  return typeColour(p.io, p.parameterType, p.schemaTitle);
}

/**
 * The colour a port's type is written in: its colour mixed 60/40 with the theme's text colour, so
 * the 10px text stays readable (4.5:1 or more, 5.1 at the least for these colours) on a box in
 * either theme while keeping its hue; handles and edges use the colour itself.
 */
export function typeTextColour(colour: string): string {
  return `color-mix(in srgb, ${colour} 60%, var(--text))`;
}
