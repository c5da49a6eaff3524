// What the region offers, from the catalog: zones, instance types and where they are in stock,
// and which images may run on which type (image constraints, architecture, system disk kind).
import { type ImageInfo, type InstanceTypeInfo, imageAllowsType, loadCatalog } from '../../catalog/index.js';
import { failedPrecondition, invalidArgument, notFound } from '../../http/errors.js';
import { findVisibleImage } from '../image/lookup.js';
import type { HandlerContext } from '../types.js';

/** The zone must belong to the region (INVALID_ARGUMENT otherwise). */
export function checkAz(ctx: HandlerContext, az: string): void {
  const region = loadCatalog().regions.get(ctx.region);
  if (!region?.azs.includes(az)) {
    const known = region ? `; its zones are ${region.azs.join(', ')}` : '';
    throw invalidArgument(`Availability zone '${az}' is not a zone of region '${ctx.region}'${known}.`);
  }
}

/** The catalog's instance type; 404 NOT_FOUND for an unknown one. */
export function requireInstanceType(name: string): InstanceTypeInfo {
  const type = loadCatalog().instanceTypes.get(name);
  if (!type) throw notFound(`InstanceType '${name}' not found.`);
  return type;
}

export function instanceTypeOf(name: string | undefined): InstanceTypeInfo | undefined {
  return name === undefined ? undefined : loadCatalog().instanceTypes.get(name);
}

/** Whether the type has stock in the zone. */
export function inStock(region: string, instanceType: string, az: string): boolean {
  const states = loadCatalog().availability.get(region)?.get(instanceType) ?? [];
  return states.some((s) => s.az === az && s.inStock === true);
}

/** The type must be on sale and in stock in the zone (FAILED_PRECONDITION otherwise). */
export function checkOnSale(ctx: HandlerContext, instanceType: string, az: string): void {
  const states = loadCatalog().availability.get(ctx.region)?.get(instanceType) ?? [];
  const state = states.find((s) => s.az === az);
  if (!state) throw failedPrecondition(`InstanceType '${instanceType}' is not offered in ${az}.`);
  if (!state.inStock) throw failedPrecondition(`InstanceType '${instanceType}' is out of stock in ${az}.`);
}

/** The zones of the region where the type is in stock. */
export function zonesInStock(ctx: HandlerContext, instanceType: string): string[] {
  const states = loadCatalog().availability.get(ctx.region)?.get(instanceType) ?? [];
  return states.filter((s) => s.inStock).map((s) => String(s.az));
}

/** The image as the caller sees it; 404 NOT_FOUND when it does not exist or is not visible. */
export function requireImage(ctx: HandlerContext, imageId: string): { image: ImageInfo; owner: string | undefined } {
  const found = findVisibleImage(ctx, imageId);
  if (!found) throw notFound(`Image '${imageId}' not found.`);
  return found;
}

/** The image must be `ready` (FAILED_PRECONDITION otherwise). */
export function checkImageReady(image: ImageInfo): void {
  if (image.status !== 'ready') {
    throw failedPrecondition(`Image '${image.imageId}' is ${image.status ?? 'not ready'}; only a ready image can be used.`);
  }
}

/** The system disk kind an image dictates. */
export const systemDiskCategoryOf = (image: ImageInfo): 'local' | 'cloud' =>
  image.rootDeviceType === 'localDisk' ? 'local' : 'cloud';

/** The image must support the type (constraints, architecture, Windows limits). */
export function checkImageForType(image: ImageInfo, type: InstanceTypeInfo): void {
  const refuse = (why: string) =>
    failedPrecondition(`Image constraints: image '${image.imageId}' doesn't support instanceType '${type.instanceType}' (${why}).`);
  if (!imageAllowsType(loadCatalog(), image.imageId, type.instanceType)) throw refuse('see describeImageConstraints');
  if (image.architecture && type.architecture && image.architecture !== type.architecture) {
    throw refuse(`the image is ${image.architecture}, the type ${type.architecture}`);
  }
  if (image.osType === 'windows' && type.cpu > 64) throw refuse('Windows Server images allow at most 64 vCPUs');
  if (image.osType === 'windows' && /SQL Server/i.test(image.name ?? '') && type.memoryMB <= 1024) {
    throw refuse('this image needs more than 1 GB of memory');
  }
  if (systemDiskCategoryOf(image) === 'local' && !(type.localDisks && type.localDisks.length > 0)) {
    throw failedPrecondition(
      `Image constraints. Only support local system disk: image '${image.imageId}' needs an instance type with local disks, and '${type.instanceType}' has none.`,
    );
  }
}
