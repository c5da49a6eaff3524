// Billing of instances: pay by configuration (postpaid_by_duration, the default) or prepaid,
// never by usage; prepaid terms; `chargeOnStopped: stopCharging` and who may use it.
import type { components } from '@jdcloud-vm/client';
import { failedPrecondition, invalidArgument, outOfRange } from '../../http/errors.js';
import type { Charge, Instance } from './records.js';
import { addMonths, utcTime } from './times.js';

type ChargeSpec = components['schemas']['ChargeSpec'];

/** The instance's billing settings must be usable (`field` names them in messages). */
export function checkInstanceChargeSpec(spec: ChargeSpec | undefined, field: string): void {
  if (!spec) return;
  const mode = spec.chargeMode ?? 'postpaid_by_duration';
  if (mode === 'postpaid_by_usage') {
    throw invalidArgument(`${field}.chargeMode: instances cannot be billed by usage (postpaid_by_usage).`);
  }
  const term = mode === 'prepaid_by_duration' || spec.autoChangeChargeMode === true;
  if (term && spec.chargeDuration !== undefined) {
    const unit = spec.chargeUnit ?? 'month';
    const max = unit === 'year' ? 3 : 9;
    if (spec.chargeDuration < 1 || spec.chargeDuration > max) {
      throw outOfRange(`${field}.chargeDuration is ${spec.chargeDuration}; with chargeUnit '${unit}' it is 1 to ${max}.`);
    }
  }
  if (spec.autoChangeChargeMode === true) {
    if (mode === 'prepaid_by_duration') {
      throw invalidArgument(`${field}.autoChangeChargeMode only applies to pay-by-configuration instances.`);
    }
    if (!spec.autoChangeChargeModeDate || !/^\d{4}-\d{2}-\d{2}$/.test(spec.autoChangeChargeModeDate)) {
      throw invalidArgument(`${field}.autoChangeChargeModeDate (yyyy-MM-dd) is required with autoChangeChargeMode.`);
    }
  }
}

/** The Charge of a resource created now with these settings. */
export function chargeOf(spec: ChargeSpec | undefined, now: number): Charge {
  const mode = spec?.chargeMode ?? 'postpaid_by_duration';
  const charge: Charge = { chargeMode: mode, chargeStatus: 'normal', chargeStartTime: utcTime(now) };
  if (mode === 'prepaid_by_duration') {
    const months = (spec?.chargeDuration ?? 1) * ((spec?.chargeUnit ?? 'month') === 'year' ? 12 : 1);
    const expires = addMonths(now, months);
    charge.chargeExpiredTime = utcTime(expires);
    charge.chargeRetireTime = utcTime(expires + 7 * 24 * 3_600_000);
  }
  return charge;
}

/** A prepaid term that has run out. */
export function isExpired(charge: Charge | undefined, now: number): boolean {
  if (charge?.chargeMode !== 'prepaid_by_duration' || !charge.chargeExpiredTime) return false;
  return Date.parse(charge.chargeExpiredTime) <= now;
}

/** A prepaid instance still within its term. */
export function isWithinPrepaidTerm(charge: Charge | undefined, now: number): boolean {
  return charge?.chargeMode === 'prepaid_by_duration' && !isExpired(charge, now);
}

/** The charge as answered now: a prepaid term that has run out shows `overdue`. */
export function presentCharge(charge: Charge, now: number): Charge {
  return isExpired(charge, now) ? { ...charge, chargeStatus: 'overdue' } : charge;
}

/** Expired or in arrears: start, reboot and resize are refused. */
export function checkInGoodStanding(instance: Instance, now: number, operation: string): void {
  if (isExpired(instance.charge, now) || instance.charge?.chargeStatus === 'arrear') {
    throw failedPrecondition(
      `Instance '${instance.instanceId}' is in arrears or its prepaid term has expired; ${operation} is not possible.`,
    );
  }
}

/**
 * `stopCharging` needs a pay-by-configuration instance with a cloud system disk that is not on a
 * dedicated host. What a record does not say (a bare seeded record) is not held against it.
 */
export function checkStopCharging(
  instance: Pick<Instance, 'charge' | 'systemDisk' | 'dedicatedHostId'>,
  label: string,
): void {
  const mode = instance.charge?.chargeMode;
  if (mode !== undefined && mode !== 'postpaid_by_duration') {
    throw failedPrecondition(`${label}: stopCharging only applies to pay-by-configuration instances, not ${mode}.`);
  }
  if (instance.systemDisk?.diskCategory === 'local') {
    throw failedPrecondition(`${label}: stopCharging needs a cloud system disk; this one is local.`);
  }
  if (instance.dedicatedHostId) {
    throw failedPrecondition(`${label}: stopCharging does not apply to instances on a dedicated host.`);
  }
}
