// What the store keeps, per account and region: one record type per collection, each the
// document's model (the generated client types) where the API shows the resource as it is stored,
// plus bookkeeping fields that start with `_` and are never answered.
//
// Records are normalised: a fact is stored once, a relation on one side only, and the other side
// is built when answered (a key pair's `instanceIds` come from the instances' `keyNames`; an
// instance's disks, network interfaces and elastic IP from their records).
import type { components } from '@jdcloud-vm/client';

type Schemas = components['schemas'];

/** An SSH key pair, by name. Which instances hold it is read from their `keyNames`. */
export interface KeypairRecord {
  keyName: string;
  /** OpenSSH public key line. The private key is never stored. */
  publicKey: string;
  keyFingerprint: string;
  createTime: string;
}

/** Bookkeeping kept beside the Instance model fields (never answered). */
export interface InstanceExtras {
  /** Creation time (ms since the epoch). */
  _createdAt?: number;
  _metadata?: Schemas['Metadata'][];
  _userdata?: Schemas['Userdata'][];
  _passwordAuth?: string;
  _imageInherit?: string;
  /** A login password is set (the password itself is never stored). */
  _hasPassword?: boolean;
  /** deleteInstance's `deletePrimaryNetworkInterfaceAllElasticIp`, read when the deletion completes. */
  _deleteElasticIps?: boolean;
}

/**
 * An instance: the Instance model plus its bookkeeping. It holds its cloud disks and network
 * interfaces by id (`cloudDisk: { diskId }`, `networkInterface: { networkInterfaceId }`, with the
 * attachment's own fields); the `vpcId`, `subnetId`, `privateIpAddress`, `elasticIpId` and
 * `elasticIpAddress` the model repeats from the primary interface are not stored
 * (domain/instance/view.ts builds them). A disk or interface the store does not track stays nested.
 */
export type InstanceRecord = Schemas['Instance'] & InstanceExtras & { instanceId: string };

/** A tracked cloud disk: the Disk model; `attachments` says where it is attached. */
export type DiskRecord = Schemas['Disk'] & { diskId: string };

/**
 * A tracked network interface: the InstanceNetworkInterface model without the elastic IP of its
 * primary IP (the elastic IP record says where it is bound). Which instance holds it, and as its
 * primary or a secondary interface, the instances' attachment entries say.
 */
export type NicRecord = Schemas['InstanceNetworkInterface'] & { networkInterfaceId: string };

/** A tracked elastic IP and the interface whose primary IP it is bound to. */
export interface EipRecord {
  elasticIpId: string;
  elasticIpAddress: string;
  _networkInterfaceId?: string;
}

/** createInstances idempotency: a clientToken and the instances its request created. */
export interface InstanceClientTokenRecord {
  clientToken: string;
  instanceIds: string[];
  createdAt: number;
}

/**
 * Internal bookkeeping kept beside the Image model fields of a private image record. A type, not an
 * interface: an image record is then a ResourceRecord (the `image` kind's lookup answers one).
 */
export type ImageRecordExtras = {
  /** Accounts (their pins: the access key id, or `default` in open mode) it is shared with. */
  _sharedWith?: string[];
  /** Published as a community image (releaseImage). */
  _community?: boolean;
};

/**
 * A private image of its owner's account and region. The stored `imageSource` is always
 * `private`; `launchPermission` is derived from the extras when presented.
 */
export type ImageRecord = Schemas['Image'] & { imageId: string } & ImageRecordExtras;

/** An importImage / exportImage task; its status and progress are read from the clock. */
export interface ImageTaskRecord {
  taskId: string;
  action: 'ImportImage' | 'ExportImage';
  imageId: string;
  createdAt: number;
  runningAt: number;
  finishedAt: number;
  clientToken?: string;
  /** Import tasks. */
  imageName?: string;
  imageUrl?: string;
  /** Export tasks. */
  ossUrl?: string;
  ossObject?: string;
  ossObjects?: string[];
}

/** createImageFromSnapshots idempotency: a clientToken and the image its request made. */
export interface ImageClientTokenRecord {
  clientToken: string;
  imageId: string;
}

/** Settings a template stores that the InstanceTemplate model never shows (stripped on output). */
export interface TemplateRecordExtras {
  /** The login password (InstanceTemplateData.includePassword tells whether there is one). */
  _password?: string;
  /** Metadata pairs (keys kept as given; compared case-insensitively). */
  _metadata?: Schemas['Metadata'][];
  /** User data (the launch script). */
  _userdata?: Schemas['Userdata'][];
  /** The system disk was not given and follows the image (re-derived when the image changes). */
  _systemDiskFromImage?: boolean;
}

/**
 * A template: the InstanceTemplate model as describeInstanceTemplate returns it (`id`, `name`,
 * `description`, `createdTime`, `ags`, `instanceTemplateData` with `passwordAuth`,
 * `systemDisk.instanceTemplateDisk`, ...) plus the `_` extras.
 */
export type TemplateRecord = Schemas['InstanceTemplate'] & { id: string } & TemplateRecordExtras;
