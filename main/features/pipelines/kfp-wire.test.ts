// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the KFP answer mapping, the spec view and the upload check. */
import { describe, expect, it } from 'vitest';
import { argoNote, checkPipelineYaml, pipelineSummary, specView } from './kfp-wire';
import { kfpError, kfpReason } from './kfp-client';
import { splitProfiles } from './kfp-profiles';

const ir = { pipelineInfo: { name: 'p' }, root: { dag: { tasks: {} } }, schemaVersion: '2.1.0' };

describe('kfp-wire', () => {
  it('maps a pipeline, falling back to its name for the display name', () => {
    expect(pipelineSummary('c', { pipeline_id: 'id', name: 'n', created_at: 't' })).toEqual({
      clusterId: 'c',
      pipelineId: 'id',
      name: 'n',
      displayName: 'n',
      description: '',
      createdAt: 't',
      namespace: '',
    });
  });

  it('shows an IR spec as YAML, with its platform spec as a second document', () => {
    expect(specView(ir)).toMatchObject({ format: 'ir', note: undefined });
    const both = specView({ pipeline_spec: ir, platform_spec: { platforms: { kubernetes: {} } } });
    expect(both.format).toBe('ir');
    expect(both.specYaml.split('---\n')).toHaveLength(2);
    expect(both.specYaml).toMatch(/^pipelineInfo:\n {2}name: p\n/);
  });

  it('marks an Argo Workflow read-only with a note', () => {
    const v = specView({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec: {} });
    expect(v).toMatchObject({ format: 'argo', note: argoNote });
    expect(specView({ hello: 1 }).format).toBe('unknown');
  });

  it('accepts IR and Argo files and refuses others in words', () => {
    expect(checkPipelineYaml('pipelineInfo: {name: p}\nroot: {dag: {tasks: {}}}\n---\nplatforms: {}\n', 'p.yaml')).toBe('ir');
    expect(checkPipelineYaml('apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec: {}\n', 'w.yaml')).toBe('argo');
    expect(() => checkPipelineYaml('garbage: [', 'bad.yaml')).toThrow(/bad\.yaml is not valid YAML \(line 1\)/);
    expect(() => checkPipelineYaml('', 'e.yaml')).toThrow(/e\.yaml is empty/);
    expect(() => checkPipelineYaml('name: c\nimplementation: {container: {image: x}}\n', 'c.yaml')).toThrow(/is a component, not a pipeline/);
    expect(() => checkPipelineYaml('a: 1\n', 'a.yaml')).toThrow(/is not a Kubeflow pipeline/);
  });
});

describe('kfp errors', () => {
  const denied =
    "Failed to list pipelines in namespace research. Check error stack: Failed to list pipelines due to authorization error. Check if you have read permission to namespace research: Failed to access pipeline . Check if you have access to namespace research: PermissionDenied: User 'alice@example.com' is not authorized with reason:  (request: &ResourceAttributes{Namespace:research,Verb:list,Group:pipelines.kubeflow.org,Version:v1beta1,Resource:pipelines,Subresource:,Name:,FieldSelector:nil,LabelSelector:nil,}): Unauthorized access";

  it("words KFP's refusal with the user, verb, resource and namespace", () => {
    expect(kfpReason(denied)).toBe("User 'alice@example.com' is not authorized to list pipelines in namespace research");
    const e = kfpError(403, JSON.stringify({ code: 7, message: denied }), 'KFP', 'direct');
    expect(e.code).toBe('forbidden');
    expect(e.message).toBe("KFP refused: User 'alice@example.com' is not authorized to list pipelines in namespace research.");
  });

  it('says a multi-user KFP needs a user, and a refused delete needs the versions to go too', () => {
    const noUser = kfpError(
      401,
      JSON.stringify({ code: 16, message: 'Unauthenticated: Request header error: there is no user identity header.' }),
      'KFP',
      'direct',
    );
    expect(noUser.code).toBe('unauthenticated');
    expect(noUser.message).toMatch(/set the Kubeflow user MLDeck acts as/);
    const versions = kfpError(
      400,
      JSON.stringify({
        code: 3,
        message:
          'Failed to delete pipeline x. Check error stack: Invalid input error: Failed to delete pipeline with id x as it has existing pipeline versions (e.g. y). Set cascade=true to delete all versions',
      }),
      'KFP',
      'direct',
    );
    expect(versions.code).toBe('conflict');
    expect(versions.message).toMatch(/still has versions/);
    expect(
      kfpError(
        404,
        JSON.stringify({ code: 5, message: 'Failed to get a pipeline p. Check error stack: ResourceNotFoundError: Pipeline p not found' }),
        'KFP',
        'direct',
      ).message,
    ).toBe('KFP has no such object: Pipeline p not found.');
    expect(kfpError(502, '<html>bad gateway</html>', 'KFP', 'gateway').code).toBe('unavailable');
  });
});

describe('profiles', () => {
  it("lists the user's own and contributed profiles and says why not the others", () => {
    const got = splitProfiles(
      'alice@example.com',
      [
        { name: 'research', owner: 'dave@example.com' },
        { name: 'team-a', owner: 'Alice@example.com' },
        { name: 'shared', owner: 'bob@example.com' },
        { name: 'hidden', owner: 'eve@example.com' },
      ],
      new Map([
        ['research', ['dave@example.com']],
        ['shared', ['alice@example.com']],
      ]),
    );
    expect(got.namespaces).toEqual(['shared', 'team-a']);
    expect(got.refused).toEqual([
      {
        namespace: 'hidden',
        reason: 'Profile hidden belongs to eve@example.com; MLDeck may not read its RoleBindings to see whether alice@example.com contributes to it.',
      },
      { namespace: 'research', reason: 'Profile research belongs to dave@example.com; alice@example.com is neither its owner nor a contributor.' },
    ]);
  });
});
