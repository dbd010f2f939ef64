// SPDX-License-Identifier: Apache-2.0
/**
 * "Add to comparison" for one run of any source (a Katib trial, a KFP run, a training job, an
 * MLflow run): adds its reference to the comparison being put together
 * (renderer/lib/comparison.store.ts) and says so; once added it reads "In comparison" and a
 * second click takes it out. The compare page (`#/compare`) shows the runs side by side.
 *
 * @example
 * <AddToComparison runRef={{ source: 'katib', clusterId, namespace, trial: t.name }} />
 */
import { runKey, type RunRef } from '../../shared/features/compare/compare-model';
import { maxComparedRuns } from '../../shared/features/compare/compare.contract';
import { useComparison } from '../lib/comparison.store';
import { notify } from '../lib/notify';

/** The button. */
export function AddToComparison(props: { runRef: RunRef; /** Shorter text for table rows. */ compact?: boolean }) {
  const key = runKey(props.runRef);
  const added = useComparison((s) => s.refs.some((r) => runKey(r) === key));
  const count = useComparison((s) => s.refs.length);
  const toggle = () => {
    const s = useComparison.getState();
    if (added) {
      s.remove(key);
      return;
    }
    if (s.add(props.runRef)) notify('success', 'Added to the comparison', `${count + 1} run${count ? 's' : ''} in it: open Compare to see them side by side.`);
    else notify('warning', 'The comparison is full', `A comparison holds up to ${maxComparedRuns} runs.`);
  };
  return (
    <button
      type="button"
      className={`btn${props.compact ? ' small' : ''}`}
      aria-pressed={added}
      data-testid="add-to-comparison"
      title={added ? 'In the comparison: click to take it out' : 'Add this run to the comparison (Compare in the sidebar)'}
      onClick={(e) => {
        e.stopPropagation();
        toggle();
      }}
    >
      {added ? 'In comparison ✓' : props.compact ? '+ Compare' : 'Add to comparison'}
    </button>
  );
}
