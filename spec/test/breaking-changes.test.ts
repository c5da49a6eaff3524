import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadBundle, specRoot } from '../lib/index.js';
import { breakingChanges } from '../lib/breaking.mjs';

const current = loadBundle();
const copy = () => JSON.parse(JSON.stringify(current));

describe('breaking-change guard', () => {
  it('the bundle has no unacknowledged breaking change against the baseline', () => {
    const baseline = loadBundle(join(specRoot, 'baseline', 'openapi.json'));
    const ackFile = join(specRoot, 'breaking-changes.yaml');
    const acknowledged: string[] = existsSync(ackFile) ? (parse(readFileSync(ackFile, 'utf8'))?.acknowledged ?? []) : [];
    const unmarked = breakingChanges(baseline, current).filter((c) => !acknowledged.includes(c));
    expect(unmarked, 'acknowledge intended breaks in spec/breaking-changes.yaml').toEqual([]);
  });

  it('an identical bundle has no breaking change', () => {
    expect(breakingChanges(current, copy())).toEqual([]);
  });

  it('notices a removed response field', () => {
    const after = copy();
    delete after.components.schemas.Instance.properties.privateIpAddress;
    expect(breakingChanges(current, after)).toContain(
      'describeInstance: response field response.result.instance.privateIpAddress removed',
    );
  });

  it('notices a removed operation, a retyped field and a newly required parameter', () => {
    const after = copy();
    delete after.paths['/regions/{regionId}/keypairs/{keyName}'].delete;
    after.components.schemas.Keypair.properties.keyFingerprint.type = 'integer';
    const stop = after.paths['/regions/{regionId}/instances/{instanceId}:stopInstance'].post;
    stop.requestBody.content['application/json'].schema.required = ['chargeOnStopped'];
    const changes = breakingChanges(current, after);
    expect(changes).toContain('deleteKeypair: operation removed');
    expect(changes).toContain('describeKeypairs: response field response.result.keypairs[].keyFingerprint retyped from string to integer');
    expect(changes).toContain('stopInstance: request field body.chargeOnStopped is now required');
  });

  it('relaxing is not breaking; narrowing a request enumeration is', () => {
    const relaxed = copy();
    relaxed.components.schemas.InstanceCloudDiskSpec.required = [];
    delete relaxed.components.parameters.instanceId.schema.pattern;
    relaxed.components.schemas.Instance.properties.status['x-jdcloud-known-values'].push('hibernating');
    expect(breakingChanges(current, relaxed)).toEqual([]);
    const narrowed = copy();
    narrowed.components.schemas.InstanceSpec.properties.chargeOnStopped.enum = ['keepCharging'];
    expect(breakingChanges(current, narrowed)).toContain(
      'createInstances: request field body.instanceSpec.chargeOnStopped no longer accepts "stopCharging"',
    );
  });

  it('additions are not breaking', () => {
    const after = copy();
    after.components.schemas.Keypair.properties.comment = { type: 'string', description: 'x' };
    expect(breakingChanges(current, after)).toEqual([]);
  });
});
