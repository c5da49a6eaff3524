// Built-in, read-only data the emulator answers with and checks against: regions and zones,
// instance types and where they are in stock, public and third-party images with their
// instance-type constraints, and default quotas. The data lives in data/catalog/*.json so it can be
// read and edited without touching code; test/catalog.test.ts validates it against the spec.
import type { components } from '@jdcloud-vm/client';
import { readCatalogFile } from '../assets.js';

type Schemas = components['schemas'];
export type InstanceTypeInfo = Schemas['InstanceType'] & { instanceType: string; cpu: number; memoryMB: number };
export type ImageInfo = Schemas['Image'] & { imageId: string };
export type ImageConstraintInfo = Schemas['ImageInstanceTypeConstraint'];
/**
 * The documented values of an open answer enumeration (`'a' | 'b' | (string & {})` → `'a' | 'b'`):
 * what the stub itself answers with, where the document also accepts any other value.
 */
export type KnownValue<T> = T extends string ? (string extends T ? never : T) : T;
export type QuotaName = Exclude<KnownValue<Schemas['Quota']['resourceType']>, undefined>;

export interface RegionInfo {
  regionId: string;
  name: string;
  nameZh: string;
  azs: string[];
}

export interface Catalog {
  regions: ReadonlyMap<string, RegionInfo>;
  instanceTypes: ReadonlyMap<string, InstanceTypeInfo>;
  /** Per region and instance type: the zones offering it and whether each has stock. */
  availability: ReadonlyMap<string, ReadonlyMap<string, Schemas['InstanceTypeState'][]>>;
  publicImages: ReadonlyMap<string, ImageInfo>;
  imageConstraints: ReadonlyMap<string, ImageConstraintInfo>;
  defaultQuotas: Readonly<Record<QuotaName, number>>;
}

const read = <T>(name: string): T => readCatalogFile(name) as T;

let cached: Catalog | undefined;

export function loadCatalog(): Catalog {
  if (cached) return cached;
  const { regions } = read<{ regions: RegionInfo[] }>('regions.json');
  const types = read<{
    instanceTypes: InstanceTypeInfo[];
    availability: Record<string, Record<string, Schemas['InstanceTypeState'][]>>;
  }>('instance-types.json');
  const images = read<{ images: ImageInfo[]; constraints: Record<string, ImageConstraintInfo> }>('public-images.json');
  const { quotas } = read<{ quotas: Record<QuotaName, number> }>('default-quotas.json');
  cached = {
    regions: new Map(regions.map((r) => [r.regionId, r])),
    instanceTypes: new Map(types.instanceTypes.map((t) => [t.instanceType, t])),
    availability: new Map(
      Object.entries(types.availability).map(([region, byType]) => [region, new Map(Object.entries(byType))]),
    ),
    publicImages: new Map(images.images.map((i) => [i.imageId, i])),
    imageConstraints: new Map(Object.entries(images.constraints)),
    defaultQuotas: quotas,
  };
  return cached;
}

/** Whether an image may run on an instance type, per its constraint (private images have none). */
export function imageAllowsType(catalog: Catalog, imageId: string, instanceType: string): boolean {
  const constraint = catalog.imageConstraints.get(imageId);
  if (!constraint?.instanceTypes) return true;
  const listed = constraint.instanceTypes.includes(instanceType);
  return constraint.constraintsType === 'includes' ? listed : !listed;
}
