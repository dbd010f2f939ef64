// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { parseS3Uri, signGet, uriEncode } from './s3-reader';

// AWS's documented Signature Version 4 examples for S3 (“Examples: Signature Calculations in AWS Signature Version 4”)
const access = {
  endpoint: 'https://examplebucket.s3.amazonaws.com',
  region: 'us-east-1',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const at = new Date('2013-05-24T00:00:00Z');

describe('signGet', () => {
  it('matches AWS’s “GET Bucket Lifecycle” example', () => {
    const h = signGet(access, new URL('https://examplebucket.s3.amazonaws.com/?lifecycle'), at);
    expect(h['x-amz-date']).toBe('20130524T000000Z');
    expect(h.Authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
    );
  });

  it('matches AWS’s “Get Bucket (List Objects)” example (sorted query)', () => {
    const h = signGet(access, new URL('https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J'), at);
    expect(h.Authorization).toMatch(/Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7$/);
  });
});

describe('S3 names', () => {
  it('encodes as SigV4 wants (slashes kept only in keys)', () => {
    expect(uriEncode('a b/c(1)*', true)).toBe('a%20b/c%281%29%2A');
    expect(uriEncode('a/b', false)).toBe('a%2Fb');
  });

  it('parses s3:// URIs', () => {
    expect(parseS3Uri('s3://mlflow/artifacts/5/models/m-1/artifacts/')).toEqual({ bucket: 'mlflow', key: 'artifacts/5/models/m-1/artifacts' });
    expect(parseS3Uri('s3://bucket')).toEqual({ bucket: 'bucket', key: '' });
    expect(parseS3Uri('gs://bucket/x')).toBeUndefined();
  });
});
