// SPDX-License-Identifier: Apache-2.0
/** Finding TensorBoard log directories in jobs and KFP specs. */
import { describe, expect, it } from 'vitest';
import { asLogsPath, isTensorboardOutput, jobLogDirs, kfpSpecLogDirs, logDirArgs } from './log-dirs';
import { MadeFrom } from './tensorboards.contract';

describe('log directories', () => {
  it('reads the flags in both forms, and inside a shell command line', () => {
    expect(logDirArgs(['python', 'train.py', '--logdir=/logs/a', '--log_dir', 's3://b/x', '--epochs', '3'])).toEqual([
      { flag: '--logdir', value: '/logs/a' },
      { flag: '--log_dir', value: 's3://b/x' },
    ]);
    expect(logDirArgs(['sh', '-c', 'python train.py --log-dir "/mnt/runs/x" && echo ok'])).toEqual([{ flag: '--log-dir', value: '/mnt/runs/x' }]);
  });

  it('gives s3 as is, minio as s3, and a path under a claim as pvc:// with its subPath; says why not otherwise', () => {
    const volumes = [{ name: 'ws', persistentVolumeClaim: { claimName: 'alice-ws' } }, { name: 'tmp' }];
    const mounts = [
      { name: 'ws', mountPath: '/home/jovyan', subPath: 'team' },
      { name: 'tmp', mountPath: '/tmp' },
    ];
    expect(asLogsPath('s3://logs/run-1/')).toEqual({ logsPath: 's3://logs/run-1' });
    expect(asLogsPath('minio://mlpipeline/v2/artifacts/p/r/train/tb')).toEqual({ logsPath: 's3://mlpipeline/v2/artifacts/p/r/train/tb' });
    expect(asLogsPath('/home/jovyan/runs/cnn', mounts, volumes)).toEqual({ logsPath: 'pvc://alice-ws/team/runs/cnn' });
    expect(asLogsPath('/tmp/logs', mounts, volumes)).toMatchObject({ why: expect.stringContaining('no PersistentVolumeClaim') });
    expect(asLogsPath('gs://b/logs')).toMatchObject({ why: expect.stringContaining('gs://') });
    expect(asLogsPath('runs')).toMatchObject({ why: expect.stringContaining('relative') });
  });

  it("finds a PyTorchJob's log directories by replica, from arguments and the environment", () => {
    const job = {
      spec: {
        pytorchReplicaSpecs: {
          Master: {
            template: {
              spec: {
                containers: [{ name: 'pytorch', args: ['--logdir', '/data/tb'], volumeMounts: [{ name: 'd', mountPath: '/data' }] }],
                volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'train-data' } }],
              },
            },
          },
          Worker: { template: { spec: { containers: [{ name: 'pytorch', env: [{ name: 'TENSORBOARD_LOG_DIR', value: 's3://tb-logs/mnist' }] }] } } },
        },
      },
    };
    expect(jobLogDirs(job)).toEqual({
      found: [
        { logsPath: 'pvc://train-data/tb', where: 'master container pytorch: --logdir' },
        { logsPath: 's3://tb-logs/mnist', where: 'worker container pytorch: TENSORBOARD_LOG_DIR' },
      ],
      missed: [],
    });
  });

  it("finds a KFP spec's executor arguments; names tensorboard outputs", () => {
    const spec = { deploymentSpec: { executors: { 'exec-train': { container: { image: 'x', args: ['--log_dir=minio://mlpipeline/tb/run'] } } } } };
    expect(kfpSpecLogDirs(spec).found).toEqual([{ logsPath: 's3://mlpipeline/tb/run', where: 'task train: --log_dir' }]);
    expect(isTensorboardOutput('tensorboard')).toBe(true);
    expect(isTensorboardOutput('tb_logs')).toBe(true);
    expect(isTensorboardOutput('model')).toBe(false);
  });

  it('accepts only job and run origins', () => {
    expect(MadeFrom.test('job:kubeflow.org/v1/pytorchjobs/team-a/mnist')).toBe(true);
    expect(MadeFrom.test('run:0f1e2d3c-aaaa-bbbb-cccc-0123456789ab')).toBe(true);
    expect(MadeFrom.test('javascript:alert(1)')).toBe(false);
  });
});
