#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// A DCGM-exporter look-alike for the lab's fake GPU nodes. It reads the pods bound to GPU
// nodes from each cluster's API server and serves, per allocated GPU, the metric names and
// labels dcgm-exporter uses (DCGM_FI_DEV_GPU_UTIL, DCGM_FI_DEV_FB_USED, ...), with the pod,
// namespace and container of the holder, plus a `cluster` label. Utilisation follows a
// training-like curve; a pod annotated mldeck.dev/sim-gpu-util=<0..100> holds that value
// (0 makes an idle GPU, for idle-GPU flags). Usage: dcgm-exporter.mjs PORT CLUSTERS_JSON
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { request } from 'node:https';

const port = Number(process.argv[2]);
/** @type {{name: string, server: string, caFile: string, token: string}[]} */
const clusters = JSON.parse(process.argv[3]);
const memoryMiB = { 'NVIDIA-A100-SXM4-80GB': 81920, 'Tesla-T4': 15360, 'NVIDIA-H100-80GB-HBM3': 81559, 'NVIDIA-L4': 23034 };

function get(c, path) {
  return new Promise((resolve, reject) => {
    const req = request(`${c.server}${path}`, { ca: readFileSync(c.caFile), headers: { Authorization: `Bearer ${c.token}` }, timeout: 4000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${path}: ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

function gpusOf(pod) {
  let n = 0;
  for (const c of pod.spec?.containers ?? []) n += Number(c.resources?.limits?.['nvidia.com/gpu'] ?? c.resources?.requests?.['nvidia.com/gpu'] ?? 0);
  return n;
}

function hash(s) {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) / 4294967295;
}

let samples = [];

async function refresh() {
  const next = [];
  for (const c of clusters) {
    try {
      const nodes = (await get(c, '/api/v1/nodes')).items.filter((n) => Number(n.status?.capacity?.['nvidia.com/gpu'] ?? 0) > 0);
      const pods = (await get(c, '/api/v1/pods?fieldSelector=status.phase%3DRunning')).items;
      for (const node of nodes) {
        const model = node.metadata.labels?.['nvidia.com/gpu.product'] ?? 'NVIDIA-GPU';
        const holders = pods
          .filter((p) => p.spec?.nodeName === node.metadata.name && gpusOf(p) > 0)
          .sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp));
        let index = 0;
        for (const pod of holders) {
          for (let i = 0; i < gpusOf(pod); i++, index++) {
            const set = pod.metadata.annotations?.['mldeck.dev/sim-gpu-util'];
            const phase = hash(pod.metadata.uid + i) * 6.28;
            const util = set !== undefined ? Number(set) : Math.round(78 + 17 * Math.sin(Date.now() / 20000 + phase));
            const total = memoryMiB[model] ?? 16384;
            const used = Math.round(total * (set !== undefined && Number(set) === 0 ? 0.02 : 0.55 + 0.3 * hash(pod.metadata.uid)));
            next.push({
              labels: {
                gpu: String(index),
                UUID: `GPU-${(hash(node.metadata.name + index) * 1e16).toString(16).padStart(12, '0').slice(0, 12)}`,
                device: `nvidia${index}`,
                modelName: model.replace(/-/g, ' '),
                Hostname: node.metadata.name,
                container: pod.spec.containers[0]?.name ?? '',
                namespace: pod.metadata.namespace,
                pod: pod.metadata.name,
                cluster: c.name,
              },
              util,
              used,
              free: total - used,
              power: Math.round(60 + util * 3),
              temp: Math.round(35 + util * 0.4),
            });
          }
        }
      }
    } catch (e) {
      process.stderr.write(`dcgm-exporter: ${c.name}: ${e.message}\n`);
    }
  }
  samples = next;
}

function render() {
  const fmt = (l) =>
    Object.entries(l)
      .map(([k, v]) => `${k}="${String(v).replace(/["\\\n]/g, '_')}"`)
      .join(',');
  const metric = (name, help, type, pick) =>
    [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map((s) => `${name}{${fmt(s.labels)}} ${pick(s)}`)].join('\n');
  return [
    metric('DCGM_FI_DEV_GPU_UTIL', 'GPU utilization (in %).', 'gauge', (s) => s.util),
    metric('DCGM_FI_DEV_FB_USED', 'Framebuffer memory used (in MiB).', 'gauge', (s) => s.used),
    metric('DCGM_FI_DEV_FB_FREE', 'Framebuffer memory free (in MiB).', 'gauge', (s) => s.free),
    metric('DCGM_FI_DEV_POWER_USAGE', 'Power draw (in W).', 'gauge', (s) => s.power),
    metric('DCGM_FI_DEV_GPU_TEMP', 'GPU temperature (in C).', 'gauge', (s) => s.temp),
    '',
  ].join('\n');
}

await refresh();
setInterval(() => void refresh(), 5000);
createServer((req, res) => {
  if (req.url === '/metrics') {
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    res.end(render());
  } else if (req.url === '/health') {
    res.writeHead(200).end('ok');
  } else res.writeHead(404).end();
}).listen(port, '127.0.0.1');
