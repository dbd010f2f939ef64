// SPDX-License-Identifier: Apache-2.0
/** Storage URIs as MLflow, KServe and KFP write them. */
import { describe, expect, it } from 'vitest';
import { parseS3Uri } from './object-reads';

describe('parseS3Uri', () => {
  it('splits s3://, s3a:// and KFP’s minio:// URIs into bucket and key', () => {
    expect(parseS3Uri('s3://mlflow/artifacts/1/abc/')).toEqual({ bucket: 'mlflow', key: 'artifacts/1/abc' });
    expect(parseS3Uri('s3://models')).toEqual({ bucket: 'models', key: '' });
    expect(parseS3Uri('minio://mlpipeline/v2/artifacts')).toEqual({ bucket: 'mlpipeline', key: 'v2/artifacts' });
    expect(parseS3Uri('s3a://b/k')).toEqual({ bucket: 'b', key: 'k' });
    expect(parseS3Uri('gs://b/k')).toBeUndefined();
    expect(parseS3Uri('s3:///k')).toBeUndefined();
  });
});
