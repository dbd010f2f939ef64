// SPDX-License-Identifier: Apache-2.0
/** SigV4 against the worked examples in AWS's S3 documentation ("Signature Calculations ... Examples"). */
import { describe, expect, it } from 'vitest';
import { EMPTY_SHA256, presignUrl, signRequest, uriEncode } from './sigv4.ts';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const date = new Date('2013-05-24T00:00:00Z');

describe('sigv4', () => {
  it('signs GET Object with a Range header', () => {
    const h = signRequest({
      method: 'GET',
      url: 'https://examplebucket.s3.amazonaws.com/test.txt',
      headers: { Range: 'bytes=0-9' },
      region: 'us-east-1',
      credentials,
      date,
    });
    expect(h['x-amz-content-sha256']).toBe(EMPTY_SHA256);
    expect(h.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('signs GET Bucket (List Objects) with sorted query parameters', () => {
    const h = signRequest({ method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J', region: 'us-east-1', credentials, date });
    expect(h.authorization).toContain('Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  it('presigns a GET URL', () => {
    const url = presignUrl({
      method: 'GET',
      url: 'https://examplebucket.s3.amazonaws.com/test.txt',
      region: 'us-east-1',
      credentials,
      date,
      expiresSeconds: 86400,
    });
    expect(url).toContain('X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  });

  it('encodes keys the S3 way', () => {
    expect(uriEncode('a b/c+d~e', false)).toBe('a%20b/c%2Bd~e');
    expect(uriEncode('a/b')).toBe('a%2Fb');
  });
});
