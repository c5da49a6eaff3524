// Everything of one account in one region: a typed collection per resource, the tasks running on
// them and their transitions.
//
//   region.instances.peek('i-x')   → the stored InstanceRecord, read-only
//   region.keypairs.insert(...)    → get / peek / scan / insert / update / patch / remove
//   region.newId('i')              → 'i-0k3x9a1b2c' (unique in the whole store)
//   region.transitions.start(...)  → a state that becomes final after --transition-ms
//   region.tasks.begin(...)        → "task in progress" bookkeeping
//
// Everything is synchronous: a handler's checks and writes cannot interleave with another
// request's unless the handler awaits in between.
import { Collection, type CollectionHost, type ReadCounters, type ResourceRecord } from './collection.js';
import type {
  DiskRecord,
  EipRecord,
  ImageClientTokenRecord,
  ImageRecord,
  ImageTaskRecord,
  InstanceClientTokenRecord,
  InstanceRecord,
  KeypairRecord,
  NicRecord,
  TemplateRecord,
} from './records.js';
import type { StateStore } from './store.js';
import { type TaskInfo, Tasks, type Timeline, Transitions } from './timeline.js';

/** Each typed collection of a region and its name in the state file (and in `x-jdcloud-*` kinds). */
export const COLLECTION_NAMES = {
  keypairs: 'keypair',
  instances: 'instance',
  disks: 'disk',
  networkInterfaces: 'networkInterface',
  elasticIps: 'elasticIp',
  instanceClientTokens: 'instanceClientToken',
  images: 'image',
  imageTasks: 'imageTask',
  imageClientTokens: 'imageClientToken',
  instanceTemplates: 'instanceTemplate',
} as const;

const KEY_HOLDERS = 'keyNames';
const NIC_HOLDERS = 'networkInterfaces';
const EIP_BINDINGS = 'boundTo';
const EIP_ADDRESSES = 'address';
const SECONDARY_EIP_ADDRESSES = 'secondaryElasticIps';

/** The ids of the network interfaces an instance holds, the primary one first. */
function nicIdsOf(instance: Readonly<InstanceRecord>): string[] {
  const ids: string[] = [];
  const primary = instance.primaryNetworkInterface?.networkInterface?.networkInterfaceId;
  if (primary) ids.push(primary);
  for (const entry of instance.secondaryNetworkInterfaces ?? []) {
    const id = entry.networkInterface?.networkInterfaceId;
    if (id) ids.push(id);
  }
  return ids;
}

export class RegionState implements CollectionHost {
  readonly keypairs: Collection<KeypairRecord>;
  readonly instances: Collection<InstanceRecord>;
  /** Cloud disks of the block storage service that instances use (created with them or attached). */
  readonly disks: Collection<DiskRecord>;
  readonly networkInterfaces: Collection<NicRecord>;
  readonly elasticIps: Collection<EipRecord>;
  readonly instanceClientTokens: Collection<InstanceClientTokenRecord>;
  /** The account's private images. */
  readonly images: Collection<ImageRecord>;
  readonly imageTasks: Collection<ImageTaskRecord>;
  readonly imageClientTokens: Collection<ImageClientTokenRecord>;
  readonly instanceTemplates: Collection<TemplateRecord>;

  readonly tasks: Tasks;
  readonly transitions: Transitions;
  /** @internal `collection/id` → the task running on it. */
  readonly taskData = new Map<string, TaskInfo>();
  /** Every collection by its name, the typed ones and any other a state file or a test named. */
  private readonly named = new Map<string, Collection<object>>();
  /** Written to at least once: part of the state (a region only read from is not). */
  private written = false;

  constructor(
    readonly store: StateStore,
    timeline: Timeline,
    readonly account: string,
    readonly region: string,
  ) {
    this.keypairs = this.collectionNamed(COLLECTION_NAMES.keypairs);
    this.instances = this.collectionNamed(COLLECTION_NAMES.instances);
    this.disks = this.collectionNamed(COLLECTION_NAMES.disks);
    this.networkInterfaces = this.collectionNamed(COLLECTION_NAMES.networkInterfaces);
    this.elasticIps = this.collectionNamed(COLLECTION_NAMES.elasticIps);
    this.instanceClientTokens = this.collectionNamed(COLLECTION_NAMES.instanceClientTokens);
    this.images = this.collectionNamed(COLLECTION_NAMES.images);
    this.imageTasks = this.collectionNamed(COLLECTION_NAMES.imageTasks);
    this.imageClientTokens = this.collectionNamed(COLLECTION_NAMES.imageClientTokens);
    this.instanceTemplates = this.collectionNamed(COLLECTION_NAMES.instanceTemplates);
    this.instances.index(KEY_HOLDERS, (instance) => instance.keyNames ?? []);
    this.instances.index(NIC_HOLDERS, nicIdsOf);
    this.elasticIps.index(EIP_BINDINGS, (eip) => (eip._networkInterfaceId ? [eip._networkInterfaceId] : []));
    this.elasticIps.index(EIP_ADDRESSES, (eip) => [eip.elasticIpAddress]);
    // Elastic IPs on secondary IPs are only ever in records loaded or seeded: almost always none.
    this.networkInterfaces.index(SECONDARY_EIP_ADDRESSES, (nic) =>
      (nic.secondaryIps ?? []).flatMap((ip) => (ip.elasticIpAddress ? [ip.elasticIpAddress] : [])),
    );
    this.tasks = new Tasks(this);
    this.transitions = new Transitions(this, timeline);
  }

  /**
   * A collection by its state-file name: for the steps driven by the document, whose vendor
   * extensions name resource kinds (preconditions, transitions), and for tests. Handlers use the
   * typed fields.
   */
  collectionNamed<T extends object = ResourceRecord>(name: string): Collection<T> {
    let collection = this.named.get(name);
    if (!collection) {
      collection = new Collection<object>(this, name);
      this.named.set(name, collection);
    }
    // The typed fields hold the same objects under their record types; a name holds one kind.
    return collection as unknown as Collection<T>;
  }

  /** @internal Every collection that holds records, by name. */
  collections(): IterableIterator<[string, Collection<object>]> {
    return this.named.entries();
  }

  /** The instances holding a key pair (their `keyNames` list it), in insertion order. */
  instancesHoldingKey(keyName: string): string[] {
    return this.instances.idsIndexed(KEY_HOLDERS, keyName);
  }

  /** The instances holding a network interface (as primary or secondary), in insertion order. */
  instancesHoldingNic(networkInterfaceId: string): string[] {
    return this.instances.idsIndexed(NIC_HOLDERS, networkInterfaceId);
  }

  /** The elastic IP bound to the primary IP of a network interface, read-only. */
  elasticIpOn(networkInterfaceId: string): Readonly<EipRecord> | undefined {
    const [id] = this.elasticIps.idsIndexed(EIP_BINDINGS, networkInterfaceId);
    return id === undefined ? undefined : this.elasticIps.peek(id);
  }

  /**
   * The network interfaces an elastic IP address is bound to: the primary IP's (the elastic IP
   * records) and any secondary IP's a loaded interface record carries.
   */
  interfacesWithElasticAddress(address: string): string[] {
    const ids: string[] = [];
    for (const id of this.elasticIps.idsIndexed(EIP_ADDRESSES, address)) {
      const bound = this.elasticIps.peek(id)?._networkInterfaceId;
      if (bound) ids.push(bound);
    }
    ids.push(...this.networkInterfaces.idsIndexed(SECONDARY_EIP_ADDRESSES, address));
    return ids;
  }

  /** A fresh JD Cloud style id: `newId('i')` → `i-0k3x9a1b2c`. */
  newId(prefix: string): string {
    return this.store.newId(prefix);
  }

  /** Another region of the same account (copyImages). */
  inRegion(region: string): RegionState {
    return this.store.scope(this.account, region);
  }

  /** Whether it was ever written to (the state file lists only those). */
  get isWritten(): boolean {
    return this.written;
  }

  get reads(): ReadCounters {
    return this.store.reads;
  }

  /** @internal */
  touch(): void {
    this.store.touch();
  }

  /** @internal */
  rememberId(id: string): void {
    this.store.rememberId(id);
  }

  /** @internal */
  materialise(): void {
    this.written = true;
  }

  /** @internal */
  forget(collection: string, id: string): void {
    this.tasks.forget(collection, id);
    this.store.timeline.drop(this.account, this.region, collection, id);
  }
}
