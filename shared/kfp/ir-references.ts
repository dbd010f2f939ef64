// SPDX-License-Identifier: Apache-2.0
/**
 * Reference checks of a pipeline spec that the schema cannot express: every task's component
 * exists, every executor label exists, every producer and dependency is a sibling task, every
 * `componentInputParameter` / `componentInputArtifact` names an input of the enclosing component,
 * every iterator names an input. Each problem carries its path in the document.
 */
import type { IrComponentSpec, IrPipelineSpec } from './ir-types';

/** A problem at a path of the document (keys and indexes, as the YAML is nested). */
export interface IrProblem {
  path: (string | number)[];
  message: string;
}

/** Every broken reference of a spec, in document order. */
export function referenceProblems(spec: IrPipelineSpec): IrProblem[] {
  const problems: IrProblem[] = [];
  const components = spec.components ?? {};
  const executors = spec.deploymentSpec?.executors ?? {};
  const checkComponent = (component: IrComponentSpec, at: (string | number)[]): void => {
    if (component.executorLabel !== undefined && !(component.executorLabel in executors))
      problems.push({ path: [...at, 'executorLabel'], message: `executor "${component.executorLabel}" is not in deploymentSpec.executors` });
    const tasks = component.dag?.tasks;
    if (!tasks) return;
    const params = component.inputDefinitions?.parameters ?? {};
    const artifacts = component.inputDefinitions?.artifacts ?? {};
    for (const [name, task] of Object.entries(tasks)) {
      const tat = [...at, 'dag', 'tasks', name];
      if (!(task.componentRef.name in components))
        problems.push({ path: [...tat, 'componentRef', 'name'], message: `component "${task.componentRef.name}" is not in components` });
      for (const [i, dep] of (task.dependentTasks ?? []).entries())
        if (!(dep in tasks)) problems.push({ path: [...tat, 'dependentTasks', i], message: `task "${dep}" is not in the same DAG` });
      for (const [input, b] of Object.entries(task.inputs?.parameters ?? {})) {
        const bat = [...tat, 'inputs', 'parameters', input];
        if (b.componentInputParameter !== undefined && !(b.componentInputParameter in params))
          problems.push({
            path: [...bat, 'componentInputParameter'],
            message: `"${b.componentInputParameter}" is not an input parameter of the enclosing component`,
          });
        const producer = b.taskOutputParameter?.producerTask ?? b.taskFinalStatus?.producerTask;
        if (producer !== undefined && !(producer in tasks)) problems.push({ path: bat, message: `producer task "${producer}" is not in the same DAG` });
      }
      for (const [input, b] of Object.entries(task.inputs?.artifacts ?? {})) {
        const bat = [...tat, 'inputs', 'artifacts', input];
        if (b.componentInputArtifact !== undefined && !(b.componentInputArtifact in artifacts))
          problems.push({
            path: [...bat, 'componentInputArtifact'],
            message: `"${b.componentInputArtifact}" is not an input artifact of the enclosing component`,
          });
        const producer = b.taskOutputArtifact?.producerTask;
        if (producer !== undefined && !(producer in tasks)) problems.push({ path: bat, message: `producer task "${producer}" is not in the same DAG` });
      }
      const items = task.parameterIterator?.items.inputParameter;
      if (items !== undefined && !(items in (task.inputs?.parameters ?? {})))
        problems.push({ path: [...tat, 'parameterIterator', 'items', 'inputParameter'], message: `"${items}" is not an input of the loop task` });
      const artifactItems = task.artifactIterator?.items.inputArtifact;
      if (artifactItems !== undefined && !(artifactItems in (task.inputs?.artifacts ?? {})))
        problems.push({ path: [...tat, 'artifactIterator', 'items', 'inputArtifact'], message: `"${artifactItems}" is not an input of the loop task` });
    }
    for (const [key, out] of Object.entries(component.dag?.outputs?.parameters ?? {})) {
      const selectors = out.valueFromParameter ? [out.valueFromParameter] : (out.valueFromOneof?.parameterSelectors ?? []);
      for (const s of selectors)
        if (!(s.producerSubtask in tasks))
          problems.push({ path: [...at, 'dag', 'outputs', 'parameters', key], message: `producer subtask "${s.producerSubtask}" is not in the DAG` });
    }
    for (const [key, out] of Object.entries(component.dag?.outputs?.artifacts ?? {}))
      for (const s of out.artifactSelectors)
        if (!(s.producerSubtask in tasks))
          problems.push({ path: [...at, 'dag', 'outputs', 'artifacts', key], message: `producer subtask "${s.producerSubtask}" is not in the DAG` });
  };
  for (const [name, component] of Object.entries(components)) checkComponent(component, ['components', name]);
  checkComponent(spec.root, ['root']);
  return problems;
}
