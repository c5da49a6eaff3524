// One pattern per kind of resource id. Lint (house-rules.js) requires every parameter and property
// with one of these names to carry exactly this pattern, so a typo in one file cannot let the stub
// accept ids the rest of the document rejects.
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const ID_PATTERNS = {
  region: '^[a-z]{2}-[a-z]+-[0-9]+$',
  instance: '^i-[0-9a-z]+$',
  image: `^(img-[0-9a-z]+|${UUID})$`,
  instanceTemplate: '^it-[0-9a-z]+$',
  disk: '^vol-[0-9a-z]+$',
  snapshot: '^snapshot-[0-9a-z]+$',
  networkInterface: '^port-[0-9a-z]+$',
  elasticIp: '^fip-[0-9a-z]+$',
  subnet: '^subnet-[0-9a-z]+$',
  vpc: '^vpc-[0-9a-z]+$',
  securityGroup: '^sg-[0-9a-z]+$',
  ag: '^ag-[0-9a-z]+$',
  keypair: '^[0-9A-Za-z_-]{1,32}$',
};

/** Field and parameter names that hold an id (or a list of ids) of each kind. */
const NAMES = {
  region: ['regionId', 'destinationRegion'],
  instance: ['instanceId', 'instanceIds'],
  image: ['imageId', 'imageIds', 'sourceImageId', 'sourceImageIds', 'destinationImageId'],
  instanceTemplate: ['instanceTemplateId'],
  disk: ['diskId', 'diskIds'],
  snapshot: ['snapshotId'],
  networkInterface: ['networkInterfaceId', 'networkInterfaceIds'],
  elasticIp: ['elasticIpId'],
  subnet: ['subnetId'],
  vpc: ['vpcId'],
  securityGroup: ['securityGroupId', 'securityGroupIds', 'securityGroups'],
  ag: ['agId'],
  keypair: ['keyName', 'keyNames'],
};

const BY_NAME = new Map(
  Object.entries(NAMES).flatMap(([kind, names]) => names.map((name) => [name, ID_PATTERNS[kind]])),
);

export function idPatternFor(name) {
  return BY_NAME.get(name);
}
