// SPDX-License-Identifier: Apache-2.0
/**
 * A small client of the Kubeflow Pipelines v2beta1 REST API for the lab's seed and tests:
 * upload pipelines and versions (multipart `uploadfile`), experiments, runs, recurring runs,
 * terminate and retry. On a multi-user API server every request carries the
 * `kubeflow-userid` header of the user it acts as.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { userIdHeader } from './manifests.ts';

/** A run as the API answers it (the fields the lab reads). */
export interface KfpRun {
  run_id: string;
  display_name: string;
  experiment_id?: string;
  state?: string;
  error?: { message?: string };
  recurring_run_id?: string;
  namespace?: string;
  run_details?: { task_details?: KfpTask[] };
}

/** One task of `run_details.task_details`. */
export interface KfpTask {
  task_id?: string;
  display_name?: string;
  state?: string;
  pod_name?: string;
  child_tasks?: { task_id?: string; pod_name?: string }[];
  error?: { message?: string };
}

/** An error answer of the API. */
export class KfpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A connection to one API server, as one user (multi-user) or anonymous (single-user). */
export class KfpClient {
  constructor(
    readonly baseUrl: string,
    readonly user?: string,
  ) {}

  /** Sends a request to `/apis/v2beta1<path>`; resolves to the parsed JSON answer. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.user) headers[userIdHeader] = this.user;
    let payload: FormData | string | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.baseUrl}/apis/v2beta1${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    if (!res.ok) throw new KfpError(res.status, `KFP ${method} ${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Finds a pipeline by name (in a namespace on multi-user servers). */
  async findPipeline(name: string, namespace?: string): Promise<{ pipeline_id: string } | undefined> {
    const filter = JSON.stringify({ predicates: [{ key: 'name', operation: 'EQUALS', string_value: name }] });
    const q = new URLSearchParams({ filter, page_size: '10', ...(namespace ? { namespace } : {}) });
    const res = await this.request<{ pipelines?: { pipeline_id: string; name: string }[] }>('GET', `/pipelines?${q}`);
    return res.pipelines?.find((p) => p.name === name);
  }

  /** Uploads a compiled pipeline (YAML) as a new pipeline; returns its id. */
  async uploadPipeline(file: string, name: string, description: string, namespace?: string): Promise<string> {
    const form = new FormData();
    form.append('uploadfile', new Blob([readFileSync(file)]), basename(file));
    const q = new URLSearchParams({ name, display_name: name, description, ...(namespace ? { namespace } : {}) });
    return (await this.request<{ pipeline_id: string }>('POST', `/pipelines/upload?${q}`, form)).pipeline_id;
  }

  /** The versions of a pipeline, oldest first. */
  async versions(pipelineId: string): Promise<{ pipeline_version_id: string; name: string; display_name?: string }[]> {
    const q = new URLSearchParams({ page_size: '100', sort_by: 'created_at' });
    return (
      (await this.request<{ pipeline_versions?: { pipeline_version_id: string; name: string }[] }>('GET', `/pipelines/${pipelineId}/versions?${q}`))
        .pipeline_versions ?? []
    );
  }

  /** Uploads a compiled pipeline as a new version of a pipeline; returns the version id. */
  async uploadVersion(pipelineId: string, file: string, name: string, description: string): Promise<string> {
    const form = new FormData();
    form.append('uploadfile', new Blob([readFileSync(file)]), basename(file));
    const q = new URLSearchParams({ pipelineid: pipelineId, name, display_name: name, description });
    return (await this.request<{ pipeline_version_id: string }>('POST', `/pipelines/upload_version?${q}`, form)).pipeline_version_id;
  }

  /** Finds or creates an experiment; returns its id. */
  async ensureExperiment(displayName: string, description: string, namespace?: string): Promise<string> {
    const filter = JSON.stringify({ predicates: [{ key: 'display_name', operation: 'EQUALS', string_value: displayName }] });
    const q = new URLSearchParams({ filter, page_size: '10', ...(namespace ? { namespace } : {}) });
    const found = (await this.request<{ experiments?: { experiment_id: string; display_name: string }[] }>('GET', `/experiments?${q}`)).experiments?.find(
      (e) => e.display_name === displayName,
    );
    if (found) return found.experiment_id;
    return (
      await this.request<{ experiment_id: string }>('POST', '/experiments', { display_name: displayName, description, ...(namespace ? { namespace } : {}) })
    ).experiment_id;
  }

  /** The runs of an experiment (all pages). */
  async runs(experimentId: string, namespace?: string): Promise<KfpRun[]> {
    const out: KfpRun[] = [];
    let token = '';
    do {
      const q = new URLSearchParams({
        experiment_id: experimentId,
        page_size: '200',
        ...(token ? { page_token: token } : {}),
        ...(namespace ? { namespace } : {}),
      });
      const page = await this.request<{ runs?: KfpRun[]; next_page_token?: string }>('GET', `/runs?${q}`);
      out.push(...(page.runs ?? []));
      token = page.next_page_token ?? '';
    } while (token);
    return out;
  }

  /** Creates a run of a pipeline version. */
  createRun(spec: { displayName: string; experimentId: string; pipelineId: string; versionId: string; parameters?: Record<string, unknown> }): Promise<KfpRun> {
    return this.request<KfpRun>('POST', '/runs', {
      display_name: spec.displayName,
      experiment_id: spec.experimentId,
      pipeline_version_reference: { pipeline_id: spec.pipelineId, pipeline_version_id: spec.versionId },
      runtime_config: { parameters: spec.parameters ?? {} },
    });
  }

  /** GET one run. */
  run(runId: string): Promise<KfpRun> {
    return this.request<KfpRun>('GET', `/runs/${runId}`);
  }

  /**
   * Polls a run until `done` says so (default: {@link isSettled}); fails after `timeoutMs` naming the last state.
   */
  async waitRun(runId: string, done: (r: KfpRun) => boolean = isSettled, timeoutMs = 120_000): Promise<KfpRun> {
    const deadline = Date.now() + timeoutMs;
    let last: KfpRun | undefined;
    while (Date.now() < deadline) {
      last = await this.run(runId);
      if (done(last)) return last;
      await sleep(500);
    }
    throw new Error(`run ${runId} did not get there within ${timeoutMs} ms; last state ${last?.state ?? '(none)'}`);
  }

  /** Terminates a run (the API server sets the Workflow's activeDeadlineSeconds to 0). */
  async terminate(runId: string): Promise<void> {
    await this.request('POST', `/runs/${runId}:terminate`);
  }

  /** Retries a failed run (the API server resets the failed nodes of its Workflow). */
  async retry(runId: string): Promise<void> {
    await this.request('POST', `/runs/${runId}:retry`);
  }
}

/** Is this a run state that does not change any more? */
export function isFinalState(state: string | undefined): boolean {
  return state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELED' || state === 'SKIPPED';
}

/**
 * Has the run ended and have its tasks been reported? The API server stores a report's run state
 * before its task details, so a run can read FAILED for a moment while a task still reads RUNNING.
 */
export function isSettled(r: KfpRun): boolean {
  return isFinalState(r.state) && !(r.run_details?.task_details ?? []).some((t) => t.state === 'RUNNING' || t.state === 'PENDING');
}
