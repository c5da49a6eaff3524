// Images: the Image group of the document. Catalog images (public, thirdparty)
// come from data/catalog; private images live in collection `image` of their owner's account and
// region, with their shares and community publication (lookup.ts); import and export tasks in
// collection `imageTask` (tasks.ts).
import type { HandlerShare, ResourceKind } from '../types.js';
import { copyImages } from './copy.js';
import { createImage } from './create.js';
import {
  describeImage,
  describeImageConstraints,
  describeImageConstraintsBatch,
  describeImageMembers,
  describeImages,
} from './describe.js';
import { IMAGE_COLLECTION, findImageResource } from './lookup.js';
import { deleteImage, modifyImageAttribute } from './modify.js';
import { releaseImage, shareImage, unReleaseImage, unShareImage } from './sharing.js';
import { createImageFromSnapshots } from './snapshots.js';
import { exportImage, imageTasks, importImage } from './tasks.js';

/**
 * The `image` resource kind of x-jdcloud-preconditions. Its lookup sees catalog, shared and
 * community images too, each with the `imageSource` the caller sees, so `imageSources: [private]`
 * refuses them with FAILED_PRECONDITION, while another account's image the caller cannot see is
 * 404 NOT_FOUND.
 */
export const IMAGE: ResourceKind = {
  name: 'image',
  collection: IMAGE_COLLECTION,
  idParam: 'imageId',
  label: 'Image',
  stateField: 'status',
  sourceField: 'imageSource',
  find: findImageResource,
  onTransitionComplete(scope, id, transition) {
    if (transition.final === 'ready') {
      scope.images.update(id, (draft) => {
        draft.progress = '100';
      });
    }
  },
};

export const imageModule = {
  name: 'image',
  resources: [IMAGE],
  handlers: {
    describeImages,
    describeImage,
    describeImageConstraints,
    describeImageConstraintsBatch,
    describeImageMembers,
    createImage,
    copyImages,
    deleteImage,
    modifyImageAttribute,
    shareImage,
    unShareImage,
    releaseImage,
    unReleaseImage,
    importImage,
    exportImage,
    imageTasks,
    createImageFromSnapshots,
  } satisfies HandlerShare,
};
