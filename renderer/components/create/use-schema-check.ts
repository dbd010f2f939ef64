// SPDX-License-Identifier: Apache-2.0
/**
 * The schema check of the YAML tab: 400 ms after the last edit that parses, the manifest is
 * checked against the kind's schema from the cluster; a failed check is said, not hidden.
 */
import { useEffect, useState } from 'react';
import type { ServerProblem } from './problem-placement';

/** The schema's problems with `manifest` (none while there is nothing to check), or why it could not be checked. */
export function useSchemaCheck<M, P extends ServerProblem>(
  manifest: M | undefined,
  check: ((m: M) => Promise<P[]>) | undefined,
): { problems: P[]; error: string | undefined } {
  const [problems, setProblems] = useState<P[]>([]);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (manifest === undefined || !check) return;
    let live = true;
    const t = setTimeout(() => {
      check(manifest).then(
        (r) => {
          if (!live) return;
          setProblems(r);
          setError(undefined);
        },
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // the check function is the page's (re-made each render); the manifest decides when to check
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [manifest]);
  return { problems: manifest === undefined ? [] : problems, error };
}
