// SPDX-License-Identifier: Apache-2.0
/** AWS profile names and regions as the AWS CLI reads its two files. */
import { describe, expect, it } from 'vitest';
import { profilesOf } from './aws-profiles';

describe('profilesOf', () => {
  it('joins the credentials file’s sections and the config file’s profiles with their regions', () => {
    const credentials = '[default]\naws_access_key_id = A\naws_secret_access_key = B\n\n[ci]\naws_access_key_id=C\n';
    const config =
      '# mine\n[default]\nregion = eu-west-1\n[profile ci]\nregion=us-east-2\n[profile sso-dev]\nsso_session = corp\n[sso-session corp]\nsso_region = eu-west-1\n';
    expect(profilesOf(credentials, config)).toEqual([
      { name: 'default', region: 'eu-west-1' },
      { name: 'ci', region: 'us-east-2' },
      { name: 'sso-dev', region: undefined },
    ]);
    expect(profilesOf('', '')).toEqual([]);
  });
});
