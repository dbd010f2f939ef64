// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { probeVerdict, type ProbeAnswer } from './tracking-probe';
import { savedServerUrl } from './tracking-servers';

const url = 'https://mlflow.example.com';
const answer = (status: number, text: string, contentType = 'application/json', location?: string): ProbeAnswer => ({ status, text, contentType, location });
const failure = (v: ReturnType<typeof probeVerdict>): AppError => {
  if (!(v instanceof AppError)) throw new Error(`expected a refusal, got ${JSON.stringify(v)}`);
  return v;
};

describe('probeVerdict', () => {
  it("accepts what MLflow's experiments/search answers", () => {
    const one = '{"experiments":[{"experiment_id":"0","name":"Default","lifecycle_stage":"active"}],"next_page_token":"abc"}';
    expect(probeVerdict(url, answer(200, one), 'none')).toEqual({ experiments: 1 });
    // no active experiment: protobuf JSON leaves the empty list out
    expect(probeVerdict(url, answer(200, '{}'), 'bearer')).toEqual({ experiments: 0 });
  });

  it('says a 2xx that is not the API is not MLflow (an HTML page, other JSON)', () => {
    const html = failure(probeVerdict(url, answer(200, '<!doctype html><title>Grafana</title>', 'text/html; charset=utf-8'), 'none'));
    expect(html).toMatchObject({ code: 'validation' });
    expect(html.message).toBe(
      'https://mlflow.example.com answered, but not as an MLflow tracking server (HTTP 200, text/html). Give the URL MLflow serves /api/2.0 under.',
    );
    expect(failure(probeVerdict(url, answer(200, '{"status":"ok"}'), 'none')).code).toBe('validation');
    expect(failure(probeVerdict(url, answer(200, '{"experiments":[{"id":1}]}'), 'none')).code).toBe('validation');
    expect(failure(probeVerdict(url, answer(200, '[]'), 'none')).code).toBe('validation');
  });

  it('says 404 without an MLflow error is not MLflow, naming the endpoint', () => {
    const e = failure(probeVerdict(url, answer(404, '<h1>Not Found</h1>', 'text/html'), 'none'));
    expect(e.code).toBe('validation');
    expect(e.message).toContain('https://mlflow.example.com/api/2.0/mlflow/experiments/search answered HTTP 404 (text/html)');
  });

  it('words 401 by what was sent, and 403 with MLflow’s reason', () => {
    expect(failure(probeVerdict(url, answer(401, 'Unauthorized', 'text/plain'), 'none'))).toMatchObject({
      code: 'unauthenticated',
      message: 'https://mlflow.example.com asks for credentials (HTTP 401): choose a user name and password or a token.',
    });
    expect(failure(probeVerdict(url, answer(401, '', 'text/plain'), 'basic')).message).toContain('refused the user name and password given');
    expect(failure(probeVerdict(url, answer(401, '', 'text/plain'), 'bearer')).message).toContain('refused the token given');
    const denied = failure(probeVerdict(url, answer(403, '{"error_code":"PERMISSION_DENIED","message":"Permission denied"}'), 'basic'));
    expect(denied).toMatchObject({ code: 'forbidden' });
    expect(denied.message).toContain('HTTP 403: Permission denied');
  });

  it('says where a redirect goes (a sign-in page in front of MLflow)', () => {
    const e = failure(probeVerdict(url, answer(302, '', 'text/html', 'https://sso.example.com/login'), 'none'));
    expect(e.code).toBe('validation');
    expect(e.message).toContain('redirects to https://sso.example.com/login');
  });

  it('keeps a server error retryable, MLflow’s or a proxy’s', () => {
    const mlflow = failure(probeVerdict(url, answer(500, '{"error_code":"INTERNAL_ERROR","message":"database is locked"}'), 'none'));
    expect(mlflow).toMatchObject({ code: 'unavailable', retryable: true });
    expect(mlflow.message).toContain('MLflow at https://mlflow.example.com could not answer (HTTP 500: database is locked)');
    expect(failure(probeVerdict(url, answer(502, '<html>Bad Gateway</html>', 'text/html'), 'none')).message).toContain('answered HTTP 502');
  });

  it('says an MLflow that refused the check so', () => {
    const e = failure(probeVerdict(url, answer(400, '{"error_code":"INVALID_PARAMETER_VALUE","message":"bad max_results"}'), 'none'));
    expect(e).toMatchObject({ code: 'validation', message: 'MLflow at https://mlflow.example.com refused the check (HTTP 400: bad max_results).' });
  });
});

describe('savedServerUrl', () => {
  it('keeps http(s) URLs as parsed: host lower case, default port dropped, no trailing slash', () => {
    expect(savedServerUrl(' https://MLflow.Example.com:443/ ')).toEqual({ url: 'https://mlflow.example.com' });
    expect(savedServerUrl('http://127.0.0.1:15001')).toEqual({ url: 'http://127.0.0.1:15001' });
    expect(savedServerUrl('http://[::1]:5000/mlflow/')).toEqual({ url: 'http://[::1]:5000/mlflow' });
  });

  it('refuses other schemes, credentials, queries and what is not a URL', () => {
    expect(savedServerUrl('ftp://mlflow.example.com')).toEqual({ problem: 'Only http:// and https:// tracking servers can be added, not ftp://.' });
    expect(savedServerUrl('file:///etc/passwd')).toMatchObject({ problem: expect.stringContaining('not file://') });
    expect(savedServerUrl('https://bob:secret@mlflow.example.com')).toEqual({
      problem: 'Put the user name and password in the sign-in fields, not in the URL.',
    });
    expect(savedServerUrl('https://mlflow.example.com/?token=x')).toMatchObject({ problem: expect.stringContaining('Leave out the query') });
    expect(savedServerUrl('mlflow.example.com')).toMatchObject({ problem: expect.stringContaining('is not a URL') });
  });
});
