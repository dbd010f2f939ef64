// SPDX-License-Identifier: Apache-2.0
/** Finding the s3:// locations in a text. */
import { describe, expect, it } from 'vitest';
import { s3Parts } from './S3Link';

describe('s3Parts', () => {
  it('splits a command line around its object store locations', () => {
    expect(s3Parts('python train.py --data=s3://datasets/mnist/train.csv --out minio://mlpipeline/v2/x, done')).toEqual([
      { text: 'python train.py --data=', s3: false },
      { text: 's3://datasets/mnist/train.csv', s3: true },
      { text: ' --out ', s3: false },
      { text: 'minio://mlpipeline/v2/x', s3: true },
      { text: ', done', s3: false },
    ]);
    expect(s3Parts('no location here')).toEqual([{ text: 'no location here', s3: false }]);
  });
});
