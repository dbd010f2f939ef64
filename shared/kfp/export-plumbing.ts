// SPDX-License-Identifier: Apache-2.0
/**
 * How a source reaches a consumer in the IR: the binding a task in a given DAG writes for it
 * (`componentInputParameter`, `taskOutputParameter`, …). A value from outside a group enters it
 * through one of the group's `pipelinechannel--…` inputs; a value from inside a group leaves it
 * through one of the group's DAG outputs. Existing plumbing is reused (so an imported spec exports
 * unchanged); missing plumbing is added to the working copy of the groups with the kfp compiler's
 * names (`pipelinechannel--<task>-<output>`, `pipelinechannel--<param>`).
 */
import { AppError } from '../errors';
import type { Channel, GroupNode, GroupOutput, IoKind, ItemId, PipelineGraph, Source } from './graph-types';
import { collectedFrom } from './graph-typing';
import { findGroup, findNode, representativeIn, sameSource } from './graph-util';
import type { IrInputArtifactBinding, IrInputArtifactSpec, IrInputParameterBinding, IrInputParameterSpec } from './ir-types';

/** A binding of either kind. */
export type Binding = IrInputParameterBinding & IrInputArtifactBinding;

const prefix = 'pipelinechannel--';

/** The compiler's channel name of a source. */
function channelBase(graph: PipelineGraph, s: Source): string {
  switch (s.kind) {
    case 'param':
    case 'root-artifact':
      return `${prefix}${s.name}`;
    case 'output':
      return `${prefix}${findNode(graph, s.item)?.name ?? s.item}-${s.key}`;
    case 'loop-item':
      return findGroup(graph, s.group)?.iterator?.itemInput ?? `${prefix}loop-item`;
    case 'final-status':
      return `${prefix}${s.item}-status`;
  }
}

function unique(base: string, taken: (name: string) => boolean): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

/** Finds or adds the plumbing between DAGs on a working copy of the graph's groups and outputs. */
export class Plumbing {
  /**
   * @param graph - the model, read for tasks and types; its groups and outputs are the working copies
   *   (the caller passes a copy it may change)
   */
  constructor(private readonly graph: PipelineGraph) {}

  private group(id: ItemId): GroupNode {
    const g = findGroup(this.graph, id);
    if (!g) throw new AppError('validation', `There is no group "${id}" in the pipeline`);
    return g;
  }

  /** The binding a consumer in DAG `scope` writes for `source` (a selector is added by the caller). */
  bind(scope: ItemId | null, source: Source, io: IoKind): Binding {
    const { graph } = this;
    switch (source.kind) {
      case 'param':
      case 'root-artifact':
        if (scope === null) return source.kind === 'param' ? { componentInputParameter: source.name } : { componentInputArtifact: source.name };
        return this.fromChannel(scope, source, io);
      case 'final-status': {
        const name = (findNode(graph, source.item) ?? findGroup(graph, source.item))?.name ?? source.item;
        return { taskFinalStatus: { producerTask: name } };
      }
      case 'loop-item':
        if (scope === null) throw new AppError('validation', `A loop item of "${source.group}" is used outside its loop`);
        return this.fromChannel(scope, source, io);
      case 'output': {
        const rep = representativeIn(graph, source.item, scope);
        if (rep === undefined) {
          if (scope === null) throw new AppError('validation', `The output "${source.key}" of "${source.item}" cannot reach the root DAG`);
          return this.fromChannel(scope, source, io);
        }
        const producer = findNode(graph, rep) ?? this.group(rep);
        const key = rep === source.item ? source.key : this.outputOf(rep, source);
        return io === 'parameter'
          ? { taskOutputParameter: { producerTask: producer.name, outputParameterKey: key } }
          : { taskOutputArtifact: { producerTask: producer.name, outputArtifactKey: key } };
      }
    }
  }

  /** The channel of group `scope` that carries `source` (added when missing). */
  channel(scope: ItemId, source: Source, io: IoKind): Channel {
    const g = this.group(scope);
    const found = g.channels.find((c) => c.io === io && sameSource(c.source, source));
    if (found) return found;
    const t = collectedFrom(this.graph, source, g.parent);
    const spec: IrInputParameterSpec | IrInputArtifactSpec =
      io === 'parameter'
        ? { parameterType: t?.parameterType ?? 'STRING' }
        : { artifactType: { schemaTitle: t?.schemaTitle ?? 'system.Artifact', schemaVersion: '0.0.1' }, ...(t?.isList ? { isArtifactList: true } : {}) };
    const name = unique(channelBase(this.graph, source), (n) => g.channels.some((c) => c.name === n));
    const channel: Channel = { name, io, spec, source };
    g.channels.push(channel);
    return channel;
  }

  private fromChannel(scope: ItemId, source: Source, io: IoKind): Binding {
    const c = this.channel(scope, source, io);
    return io === 'parameter' ? { componentInputParameter: c.name } : { componentInputArtifact: c.name };
  }

  /** The DAG output key of group `groupId` that carries `source` from inside it (added when missing). */
  outputOf(groupId: ItemId, source: Source & { kind: 'output' }): string {
    const g = this.group(groupId);
    const found = g.outputs.find((o) => o.io === source.io && o.from.length === 1 && o.from[0] !== undefined && sameSource(o.from[0], source));
    if (found) return found.key;
    const t = collectedFrom(this.graph, source, g.parent);
    const key = unique(channelBase(this.graph, source), (k) => g.outputs.some((o) => o.key === k));
    const out: GroupOutput =
      source.io === 'parameter'
        ? { key, io: 'parameter', spec: { parameterType: t?.parameterType ?? 'STRING' }, from: [source], oneOf: false }
        : {
            key,
            io: 'artifact',
            spec: {
              artifactType: { schemaTitle: t?.schemaTitle ?? 'system.Artifact', schemaVersion: '0.0.1' },
              ...(t?.isList ? { isArtifactList: true } : {}),
            },
            from: [source],
            oneOf: false,
          };
    g.outputs.push(out);
    return key;
  }

  /** The selector of a DAG output in DAG `scope` (null: root): the subtask and its key. */
  selector(scope: ItemId | null, source: Source): { producerSubtask: string; key: string } {
    if (source.kind !== 'output') throw new AppError('validation', 'A DAG output must come from a task output');
    const rep = representativeIn(this.graph, source.item, scope);
    if (rep === undefined) throw new AppError('validation', `The output "${source.key}" of "${source.item}" is not inside "${scope ?? 'the pipeline'}"`);
    const producer = findNode(this.graph, rep) ?? this.group(rep);
    return { producerSubtask: producer.name, key: rep === source.item ? source.key : this.outputOf(rep, source) };
  }
}
