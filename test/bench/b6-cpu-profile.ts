// SPDX-License-Identifier: Apache-2.0
/** The functions with the most self and total time in a V8 CPU profile (B6's profiling tools). */

/** One node of a CPU profile. */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** A CPU profile as CDP's Profiler.stop or node --cpu-prof give it. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions with the most self and total time in a CPU profile. */
export function summary(profile: CpuProfile, k = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const walk = (id: number, stack: Set<string>): number => {
    const n = byId.get(id) as ProfileNode;
    const key = name(n);
    let t = selfUs.get(id) ?? 0;
    self.set(key, (self.get(key) ?? 0) + t);
    const inner = new Set(stack).add(key);
    for (const c of n.children ?? []) t += walk(c, inner);
    if (!stack.has(key)) total.set(key, (total.get(key) ?? 0) + t);
    return t;
  };
  walk(profile.nodes[0]?.id ?? 1, new Set());
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .filter(([key]) => !/^\((root|program|idle)\)/.test(key))
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([key, us]) => `  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`)
      .join('\n');
  return `self:\n${top(self, k)}\ntotal:\n${top(total, k + 15)}`;
}
