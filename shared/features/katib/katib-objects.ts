// SPDX-License-Identifier: Apache-2.0
/** The Katib v1beta1 objects (Experiment, Trial) as MLDeck reads them: the fields its views use. */
import type { KubeObject } from '../../kube/object';

/** Katib's API group and version. */
export const katibGroup = 'kubeflow.org';
export const katibVersion = 'v1beta1';

/** One parameter assignment (values are strings, as in the CRD). */
export interface ParameterAssignment {
  name: string;
  value: string;
}

/** A metric as Katib observes it. */
export interface ObservedMetric {
  name: string;
  min: string;
  max: string;
  latest: string;
}

/** A condition of an Experiment or Trial. */
export interface KatibCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

/** An experiment's objective. */
export interface KatibObjective {
  type: 'maximize' | 'minimize';
  goal?: number;
  objectiveMetricName: string;
  additionalMetricNames?: string[];
  metricStrategies?: { name: string; value: 'min' | 'max' | 'latest' }[];
}

/** A search parameter. */
export interface KatibParameter {
  name: string;
  parameterType: 'int' | 'double' | 'discrete' | 'categorical';
  feasibleSpace: { min?: string; max?: string; step?: string; list?: string[]; distribution?: string };
}

/** An algorithm (or early stopping) with its settings. */
export interface KatibAlgorithm {
  algorithmName: string;
  algorithmSettings?: { name: string; value: string }[];
}

/** The Experiment spec. */
export interface ExperimentSpec {
  objective?: KatibObjective;
  algorithm?: KatibAlgorithm;
  earlyStopping?: KatibAlgorithm;
  parameters?: KatibParameter[];
  parallelTrialCount?: number;
  maxTrialCount?: number;
  maxFailedTrialCount?: number;
  resumePolicy?: 'Never' | 'LongRunning' | 'FromVolume';
  metricsCollectorSpec?: { collector?: { kind?: string } };
  trialTemplate?: {
    retain?: boolean;
    primaryContainerName?: string;
    trialParameters?: { name: string; description?: string; reference: string }[];
    trialSpec?: Record<string, unknown>;
  };
}

/** The Experiment status (UpdateExperimentStatus). */
export interface ExperimentStatus {
  startTime?: string;
  completionTime?: string;
  conditions?: KatibCondition[];
  currentOptimalTrial?: { bestTrialName?: string; parameterAssignments?: ParameterAssignment[]; observation?: { metrics?: ObservedMetric[] } };
  trials?: number;
  trialsRunning?: number;
  trialsPending?: number;
  trialsSucceeded?: number;
  trialsFailed?: number;
  trialsKilled?: number;
  trialsEarlyStopped?: number;
  trialMetricsUnavailable?: number;
}

/** A Katib Experiment. */
export type ExperimentObject = KubeObject & { spec?: ExperimentSpec; status?: ExperimentStatus };

/** A Katib Trial. */
export type TrialObject = KubeObject & {
  spec?: {
    objective?: KatibObjective;
    parameterAssignments?: ParameterAssignment[];
    earlyStoppingRules?: { name: string; value: string; comparison: string; startStep?: number }[];
    primaryContainerName?: string;
    runSpec?: { apiVersion?: string; kind?: string };
    retainRun?: boolean;
  };
  status?: { startTime?: string; completionTime?: string; conditions?: KatibCondition[]; observation?: { metrics?: ObservedMetric[] } };
};

/** The label Katib puts on trials and their pods: the experiment's name. */
export const experimentLabel = 'katib.kubeflow.org/experiment';
/** The label on a trial's pods: the trial's name. */
export const trialLabel = 'katib.kubeflow.org/trial';
