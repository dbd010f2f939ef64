// SPDX-License-Identifier: Apache-2.0
/**
 * The data of one experiment's page: live slices of experiments, trials, pods and events in its
 * namespace (so it reads offline from the cache too), the experiment's summary, its trials'
 * summaries (re-timed every 5 s), the best trial, the charts' models, and every trial pod seen
 * while the page is open has its logs kept (`logs:keep`), so trial logs outlive the pods.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { katibContract } from '../../../shared/features/katib/katib.contract';
import { bestTrial, summarizeExperiment, summarizeTrial, type TrialSummary } from '../../../shared/features/katib/experiment-summary';
import {
  experimentLabel,
  katibGroup,
  katibVersion,
  type ExperimentObject,
  type KatibObjective,
  type TrialObject,
} from '../../../shared/features/katib/katib-objects';
import { fromTrialTable } from '../../../shared/features/katib/trial-table';
import type { Route } from '../../app/router';
import { useKeptLogs } from '../../components/use-kept-logs';
import { api } from '../../lib/api/api-context';
import { useClusters } from '../../lib/clusters.store';
import { useSlice } from '../../lib/sync/use-slice';
import { useNow } from '../../lib/use-now';
import { parameterImportance } from './importance-model';
import { objectiveSeries } from './objective-series-model';
import { parallelData } from './parallel-coords-model';
import { retimedSummaries, type TimedSummaries } from './trial-summaries';

/** While the trials' first list is still arriving (in parts), the charts and the table redraw at most this often. */
const ARRIVING_MS = 1000;

/**
 * `value` as it is once `whole`; while it is still arriving, its latest version at most once
 * per `ms` (every version of a 5,000-trial list redraws the charts: once per part was most of
 * the first render's time).
 */
function useWhileArriving<T>(value: T, whole: boolean, ms: number): T {
  const [held, setHeld] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (whole) return;
    const timer = setTimeout(
      () => {
        last.current = Date.now();
        setHeld(value);
      },
      Math.max(0, last.current + ms - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [value, whole, ms]);
  return whole ? value : held;
}

/**
 * The same list as long as its trials are the same versions (a new list of the same trials, as
 * when the live slice takes over from the one-call list, redraws nothing).
 */
function useSameTrials(list: TrialObject[]): TrialObject[] {
  const kept = useRef<{ key: string; list: TrialObject[] }>({ key: '', list: [] });
  const key = list.map((t) => `${t.metadata.name}@${t.metadata.resourceVersion ?? ''}`).join('\n');
  if (kept.current.key !== key || kept.current.list.length !== list.length) kept.current = { key, list };
  return kept.current.list;
}

/** The one-call list of an experiment's trials: asked and not answered yet, answered, or failed. */
type Listed = 'pending' | 'failed' | { items: TrialObject[] };

/**
 * The experiment's trials in one list call, asked once per experiment when the page opens,
 * before the live slice subscribes: main lists the namespace's trials once and the slice's
 * informer starts from that list (`listOnce` in the sync engine), so the API server does not
 * list the same trials twice. If the call fails, the page shows the slice's rows as they
 * arrive, and the slice's status says what is wrong with the cluster (so the error is not
 * shown twice).
 */
function useListedTrials(clusterId: string, namespace: string, experiment: string, snapshot: boolean): Listed {
  const [listed, setListed] = useState<{ key: string; listed: Listed } | undefined>(undefined);
  const key = `${clusterId}/${namespace}/${experiment}`;
  useEffect(() => {
    // an opened snapshot has no API server: its slice is read from the snapshot
    if (snapshot) return;
    let live = true;
    const at = `${clusterId}/${namespace}/${experiment}`;
    api()
      .call(katibContract.listTrials, { clusterId, namespace, experiment })
      .then(
        (r) => live && setListed({ key: at, listed: { items: fromTrialTable(r.table) } }),
        (e: unknown) => {
          console.warn('[katib] the one-call list of trials failed; showing the live slice as it arrives:', e);
          if (live) setListed({ key: at, listed: 'failed' });
        },
      );
    return () => {
      live = false;
    };
  }, [clusterId, namespace, experiment, snapshot]);
  if (snapshot) return 'failed';
  return listed?.key === key ? listed.listed : 'pending';
}

/** How long the trials' slice waits for the one-call list before it subscribes anyway (a cluster that does not answer). */
const LISTED_FIRST_MS = 2000;
/** ...and, once the list is in, for the charts to draw it. */
const DRAWN_FIRST_MS = 1500;

/**
 * Whether the trials' slice may subscribe: once the one-call list failed, or answered and the
 * parallel coordinates drew it (or it has no trials); or after {@link LISTED_FIRST_MS} without
 * an answer, {@link DRAWN_FIRST_MS} without a drawing. Its informer then starts from that list
 * (kept for it in main), and its thousands of rows (pushed whole, 6 MB for 5,000 trials) reach
 * the page after the charts were drawn from the one call, not in the middle of drawing them.
 */
function useAfterListed(listed: Listed, drawn: boolean, key: string): boolean {
  const [late, setLate] = useState<string | undefined>(undefined);
  const answered = listed !== 'pending';
  useEffect(() => {
    const timer = setTimeout(() => setLate(key), answered ? DRAWN_FIRST_MS : LISTED_FIRST_MS);
    return () => clearTimeout(timer);
  }, [key, answered]);
  return listed === 'failed' || (typeof listed === 'object' && (drawn || listed.items.length === 0)) || late === key;
}

/**
 * `value` as it was while its content (as JSON) is the same: an experiment's status changes
 * every few seconds while Katib works on it, and each change is a new object whose spec (the
 * parameters, the objective) is equal but not the same; the charts of 5,000 trials are made
 * again only when the spec's content changed.
 */
function useSameContent<T>(value: T): T {
  const kept = useRef<{ json: string; value: T } | undefined>(undefined);
  const json = JSON.stringify(value) ?? '';
  if (kept.current?.json !== json) kept.current = { json, value };
  return kept.current.value;
}

/** The trials' summaries at `now`: the same array across the clock's ticks while no trial's duration runs on. */
function useTrialSummaries(objects: TrialObject[], objective: KatibObjective | undefined, now: number, atZero: readonly TrialSummary[]): TrialSummary[] {
  const kept = useRef<TimedSummaries | undefined>(undefined);
  const next = retimedSummaries(kept.current, objects, objective, now, atZero);
  useEffect(() => {
    kept.current = next;
  });
  return next.list;
}

/** Everything the experiment page shows. */
export function useExperiment(route: Extract<Route, { page: 'experiment' }>) {
  const { clusterId, namespace: ns, name } = route;
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === clusterId));
  // asked before the trials' slice subscribes (useAfterListed), so the slice's informer starts from its list
  const listed = useListedTrials(clusterId, ns, name, !!cluster?.snapshot);
  const expSlice = useSlice(useMemo(() => ({ clusterId, group: katibGroup, version: katibVersion, resource: 'experiments', namespace: ns }), [clusterId, ns]));
  const pageKey = `${clusterId}/${ns}/${name}`;
  const [drawnKey, setDrawnKey] = useState<string | undefined>(undefined);
  const trialsDrawn = useCallback(() => setDrawnKey(pageKey), [pageKey]);
  const trialSliceWanted = useAfterListed(listed, drawnKey === pageKey, pageKey);
  const trialSlice = useSlice(
    useMemo(
      () => (trialSliceWanted ? { clusterId, group: katibGroup, version: katibVersion, resource: 'trials', namespace: ns } : undefined),
      [clusterId, ns, trialSliceWanted],
    ),
  );
  const podSlice = useSlice(useMemo(() => ({ clusterId, group: '', version: 'v1', resource: 'pods', namespace: ns }), [clusterId, ns]));
  const eventSlice = useSlice(useMemo(() => ({ clusterId, group: '', version: 'v1', resource: 'events', namespace: ns }), [clusterId, ns]));
  const now = useNow();

  const experiment = expSlice.items?.find((o) => o.metadata.name === name) as ExperimentObject | undefined;
  const summary = useMemo(() => (experiment ? summarizeExperiment(experiment, now) : undefined), [experiment, now]);
  // the trials: the live slice once it is whole (or read from the cache); until then, the experiment's trials read in one call
  // (a fresh slice of 5,000 trials lists page by page into the cache first); failing that, the slice's rows as they arrive
  const sliceWhole = !!trialSlice.status && trialSlice.status.freshness !== 'syncing';
  const arriving = useWhileArriving(trialSlice.items, sliceWhole, ARRIVING_MS);
  // while the one call is under way, the slice's first parts are not drawn: each part drew the
  // charts of thousands of trials anew, and the whole list came soon after
  const trialsPending = !sliceWhole && listed === 'pending';
  const trialItems = sliceWhole ? trialSlice.items : typeof listed === 'object' ? listed.items : listed === 'failed' ? arriving : undefined;
  const trialObjects = useSameTrials(
    useMemo(() => ((trialItems ?? []) as TrialObject[]).filter((t) => t.metadata.labels?.[experimentLabel] === name), [trialItems, name]),
  );
  const objective = useSameContent(experiment?.spec?.objective);
  // the charts follow the trials' values, not the clock: summaries without durations (the table's are these re-timed)
  const valued = useMemo(() => trialObjects.map((t) => summarizeTrial(t, objective, 0)), [trialObjects, objective]);
  const trials = useTrialSummaries(trialObjects, objective, now, valued);
  const type = objective?.type ?? 'maximize';
  const best = useMemo(() => bestTrial(trials, type), [trials, type]);
  const parameters = useSameContent(experiment?.spec?.parameters ?? []);
  const metricNames = useMemo(() => (objective ? [objective.objectiveMetricName, ...(objective.additionalMetricNames ?? [])] : []), [objective]);
  const parallel = useMemo(
    () => parallelData(parameters, metricNames, objective?.objectiveMetricName ?? '', valued),
    [parameters, metricNames, objective, valued],
  );
  // the importance bars and the objective's chart follow a render later (React's deferred value):
  // the parallel coordinates of thousands of trials are drawn first, not after them
  const later = useDeferredValue(valued);
  const importance = useMemo(() => parameterImportance(parameters, later, type), [parameters, later, type]);
  const series = useMemo(() => objectiveSeries(later, type), [later, type]);

  const trialPods = useMemo(() => (podSlice.items ?? []).filter((p) => p.metadata.labels?.[experimentLabel] === name), [podSlice.items, name]);
  const keptPods = useMemo(() => trialPods.map((p) => ({ name: p.metadata.name, uid: p.metadata.uid })), [trialPods]);
  const keepProblem = useKeptLogs(clusterId, ns, keptPods, podSlice.status?.freshness === 'live' && !podSlice.status.snapshot);

  return {
    cluster,
    expSlice,
    trialSlice,
    podSlice,
    eventSlice,
    experiment,
    summary,
    trialObjects,
    trialsPending,
    trials,
    best,
    parameters,
    metricNames,
    parallel,
    importance,
    series,
    trialPods,
    keepProblem,
    /** The page's charts drew the trials (the trials' slice may subscribe now). */
    trialsDrawn,
  };
}
