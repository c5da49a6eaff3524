// Answers' enumerations are open (`x-jdcloud-known-values`): the generated types list the known
// values and accept any other string, so code keeps compiling when JD Cloud adds one. Requests'
// enumerations stay closed.
import { expectTypeOf, test } from 'vitest';
import type { components } from '../src/index.js';

type Schemas = components['schemas'];

test('answer enumerations: the known values, or any other string', () => {
  type Status = NonNullable<Schemas['Instance']['status']>;
  expectTypeOf<'running'>().toExtend<Status>();
  expectTypeOf<'hibernating'>().toExtend<Status>();
  expectTypeOf<Status>().toExtend<string>();
  expectTypeOf<number>().not.toExtend<Status>();
  expectTypeOf<'ImportImageTask'>().toExtend<NonNullable<Schemas['TaskInfo']['action']>>();
  // Integer enumerations stay numbers.
  expectTypeOf<NonNullable<Schemas['ContactInfo']['sms']>>().toExtend<number>();
});

test('request enumerations stay closed', () => {
  type ChargeOnStopped = NonNullable<Schemas['InstanceSpec']['chargeOnStopped']>;
  expectTypeOf<'stopCharging'>().toExtend<ChargeOnStopped>();
  expectTypeOf<'sometimes'>().not.toExtend<ChargeOnStopped>();
});

test('fields the service returns as null are nullable', () => {
  expectTypeOf<null>().toExtend<Schemas['InstanceTemplateNetworkInterfaceAttachment']['deviceIndex']>();
});

test('a new cloud disk needs only its type', () => {
  expectTypeOf<{ diskType: 'ssd.gp1' }>().toExtend<Schemas['InstanceCloudDiskSpec']>();
});
