// SPDX-License-Identifier: Apache-2.0
/**
 * The rollout step the user is confirming (promote, roll back, set the canary's traffic, return
 * to an earlier model) and running it through `serving:*`; the result or the server's error is a
 * notification, and the step stays open when it fails.
 */
import { useState } from 'react';
import { servingContract } from '../../../shared/features/serving/serving.contract';
import { entryModelText, type RolloutEntry } from '../../../shared/serving/rollout-history';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';

/** One rollout step. */
export type RolloutStep =
  { kind: 'promote' } | { kind: 'rollback'; target: string } | { kind: 'traffic'; percent: number } | { kind: 'restore'; index: number; entry: RolloutEntry };

/** What the step's notification says. */
export function stepDoneText(step: RolloutStep): string {
  return step.kind === 'promote'
    ? 'Promoted: the latest revision gets all traffic'
    : step.kind === 'rollback'
      ? `Rolled back: all traffic to ${step.target}`
      : step.kind === 'traffic'
        ? `Canary traffic set to ${step.percent}%`
        : `Returning to ${entryModelText(step.entry)}`;
}

/** The step being confirmed and how to run it, for one service. */
export function useRolloutStep(ref: { clusterId: string; namespace: string; name: string }) {
  const [step, setStep] = useState<RolloutStep | undefined>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!step) return;
    setBusy(true);
    try {
      if (step.kind === 'promote') await api().call(servingContract.promote, ref);
      if (step.kind === 'rollback') await api().call(servingContract.rollback, ref);
      if (step.kind === 'traffic') await api().call(servingContract.setTraffic, { ...ref, percent: step.percent });
      if (step.kind === 'restore') await api().call(servingContract.restore, { ...ref, index: step.index, at: step.entry.at });
      notify('success', stepDoneText(step), `${ref.name} in ${ref.namespace}.`);
      setStep(undefined);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return { step, setStep, busy, run };
}
