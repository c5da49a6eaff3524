// importImage, exportImage and imageTasks. A task is stored per account and region with the
// times it starts running and finishes (one and two --transition-ms after it was created); its
// status and progress are read from the clock. An imported image is `pending` until its task
// finishes. A repeated clientToken returns the earlier request's result.
import type { components } from '@jdcloud-vm/client';
import { failedPrecondition, invalidArgument, outOfRange } from '../../http/errors.js';
import { isoTime } from '../../state/clock.js';
import { paginate } from '../listing.js';
import { startTransition } from '../transitions.js';
import { checkQuota } from '../quotas.js';
import type { ContextWithBody, OperationContext, OperationResult } from '../types.js';
import type { ImageTaskRecord } from '../../state/records.js';
import { newPrivateImage } from './create.js';
import { DATA_DEVICE_NAMES, type DiskAttachment, dataDeviceName } from './disks.js';
import {
  checkDescription,
  checkGeneralName,
  checkStorageUrl,
  isWholeMachine,
  ownImage,
  requireCloudDisk } from './rules.js';

type TaskInfo = components['schemas']['TaskInfo'];
type TaskAction = ImageTaskRecord['action'];
type TaskStatus = NonNullable<TaskInfo['taskStatus']>;

export type { ImageTaskRecord } from '../../state/records.js';

/** The earlier task of the same action and clientToken, if any. */
function earlier(ctx: ContextWithBody<{ clientToken?: string }>, action: TaskAction): ImageTaskRecord | undefined {
  const token = ctx.params.body.clientToken;
  if (token === undefined || token === '') return undefined;
  return ctx.store.imageTasks
    .list()
    .find((task) => task.action === action && task.clientToken === token);
}

function newTask(ctx: ContextWithBody<{ clientToken?: string }>, fields: Omit<ImageTaskRecord, 'taskId' | 'createdAt' | 'runningAt' | 'finishedAt'>): ImageTaskRecord {
  const now = ctx.clock.now();
  const step = ctx.state.transitionMs;
  const taskId = String(ctx.store.imageTasks.count() + 1);
  const token = ctx.params.body.clientToken;
  const task: ImageTaskRecord = {
    taskId,
    createdAt: now,
    runningAt: now + step,
    finishedAt: now + 2 * step,
    ...fields,
    ...(token ? { clientToken: token } : {}),
  };
  ctx.store.imageTasks.insert(taskId, task);
  return task;
}

function statusOf(task: ImageTaskRecord, now: number): { status: TaskStatus; progress: number } {
  if (now >= task.finishedAt) return { status: 'finished', progress: 100 };
  if (now < task.runningAt) return { status: 'pending', progress: 0 };
  const share = (now - task.runningAt) / Math.max(1, task.finishedAt - task.runningAt);
  return { status: 'running', progress: Math.min(99, 10 + Math.floor(share * 90)) };
}

function presentTask(task: ImageTaskRecord, now: number): TaskInfo {
  const { status, progress } = statusOf(task, now);
  const out: TaskInfo = {
    taskId: task.taskId,
    action: task.action,
    taskStatus: status,
    progress,
    errorInfo: '',
    message: '',
    createdTime: isoTime(task.createdAt),
    finishedTime: status === 'finished' ? isoTime(task.finishedAt) : '',
    imageId: task.imageId,
  };
  if (task.action === 'ImportImage') {
    if (task.imageName !== undefined) out.imageName = task.imageName;
    if (task.imageUrl !== undefined) out.imageUrl = task.imageUrl;
  } else {
    if (task.ossUrl !== undefined) out.ossUrl = task.ossUrl;
    if (task.ossObject !== undefined) out.ossObject = task.ossObject;
    if (task.ossObjects !== undefined) out.ossObjects = [...task.ossObjects];
  }
  return out;
}

// The task id under both names the sources give: the SDK models' `taskId` (a string) and the
// pages' `importTaskId` (an integer) / `exportTaskId` (a string in the page's example).
const importResult = (imageId: string | undefined, taskId: string) => ({ imageId, taskId, importTaskId: Number(taskId) });
const exportResult = (taskId: string) => ({ taskId, exportTaskId: taskId });

export function importImage(ctx: OperationContext<'importImage'>): OperationResult<'importImage'> {
  const previous = earlier(ctx, 'ImportImage');
  if (previous) return importResult(previous.imageId, previous.taskId);
  const { body } = ctx.params;
  const name = checkGeneralName(body.imageName, 'imageName');
  const desc = body.description === undefined ? '' : checkDescription(body.description);
  const systemDiskSizeGB = body.systemDiskSizeGB;
  if (systemDiskSizeGB % 10 !== 0) {
    throw outOfRange(`systemDiskSizeGB must be 40 to 500 in steps of 10; got ${systemDiskSizeGB}.`);
  }
  checkStorageUrl(ctx, body.imageUrl, 'imageUrl');
  const files = body.dataDisks ?? [];
  if (files.length > DATA_DEVICE_NAMES.length) {
    throw outOfRange(`dataDisks may list at most ${DATA_DEVICE_NAMES.length} disks; got ${files.length}.`);
  }
  for (const [index, file] of files.entries()) {
    checkStorageUrl(ctx, file.imageUrl, `dataDisks[${index}].imageUrl`);
    if (!Number.isInteger(file.dataDiskSizeGB) || file.dataDiskSizeGB < 20 || file.dataDiskSizeGB > 16000) {
      throw outOfRange(`dataDisks[${index}].dataDiskSizeGB must be 20 to 16000 GiB; got ${file.dataDiskSizeGB}.`);
    }
  }
  checkQuota(ctx, 'image', ctx.store.images.count(), 1, 'Image');

  const imageId = ctx.store.newId('img');
  const snapshotId = ctx.store.newId('snapshot');
  const dataDisks: DiskAttachment[] = files.map((file, index) => ({
    diskCategory: 'cloud',
    autoDelete: true,
    deviceName: dataDeviceName(index),
    cloudDisk: { diskType: 'ssd.gp1', diskSizeGB: file.dataDiskSizeGB, snapshotId: ctx.store.newId('snapshot'), encrypted: false },
  }));
  const osVersion = body.osVersion;
  ctx.store.images.insert(
    imageId,
    newPrivateImage(ctx, {
      imageId,
      name,
      desc,
      platform: body.platform,
      architecture: body.architecture,
      osType: body.osType,
      systemDiskSizeGB,
      sizeMB: systemDiskSizeGB * 1024,
      rootDeviceType: 'cloudDisk',
      systemDisk: {
        diskCategory: 'cloud',
        autoDelete: true,
        deviceName: 'vda',
        cloudDisk: { diskType: 'ssd.gp1', diskSizeGB: systemDiskSizeGB, snapshotId, encrypted: false },
      },
      snapshotId,
      dataDisks,
      imported: true,
      bootMode: body.bootMode ?? 'bios',
      ...(osVersion !== undefined ? { osVersion } : {}),
    }),
  );
  const task = newTask(ctx, { action: 'ImportImage', imageId, imageName: name, imageUrl: String(body.imageUrl) });
  // The image is ready when its task finishes.
  startTransition(ctx, imageId, {
    kind: 'image',
    ext: { transitional: 'pending', final: 'ready' },
    durationMs: task.finishedAt - task.createdAt,
  });
  return importResult(imageId, task.taskId);
}

export function exportImage(ctx: OperationContext<'exportImage'>): OperationResult<'exportImage'> {
  const image = ownImage(ctx);
  const previous = earlier(ctx, 'ExportImage');
  if (previous) return exportResult(previous.taskId);
  const { body } = ctx.params;
  requireCloudDisk(image, 'exported; convert it first');
  if (image.osType === 'windows' && !image.imported) {
    throw failedPrecondition(`Image '${image.imageId}' is a Windows image; only imported Windows images can be exported.`);
  }
  if (String(body.roleName).trim() === '') throw invalidArgument('roleName must name the service role.');
  const url = checkStorageUrl(ctx, body.ossUrl, 'ossUrl', true);
  const prefix = body.ossPrefix === undefined ? '' : String(body.ossPrefix);
  if (prefix !== '' && !/^[A-Za-z0-9]+$/.test(prefix)) {
    throw invalidArgument(`ossPrefix '${prefix}' may only contain letters and digits.`);
  }
  const objectOf = (device: string) => `${prefix ? `${prefix}-` : ''}${image.imageId}-${device}.qcow2`;
  const dataDevices: string[] = [];
  if (body.isAllDisk === true && isWholeMachine(image)) {
    for (const disk of image.dataDisks ?? []) if (disk.deviceName) dataDevices.push(disk.deviceName);
  }
  const systemObject = objectOf('vda');
  const task = newTask(ctx, {
    action: 'ExportImage',
    imageId: image.imageId,
    ossUrl: url.href.replace(/\/$/, ''),
    ossObject: systemObject,
    ossObjects: [systemObject, ...dataDevices.map(objectOf)],
  });
  return exportResult(task.taskId);
}

/** `2024-07-02 17:34:44` (China time, as the service writes it), a date, or ISO 8601 with an offset. */
function parseTime(value: string, field: string): number {
  const local = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?$/.exec(value);
  const ms = local ? Date.parse(`${local[1]}T${local[2] ?? '00:00:00'}+08:00`) : Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw invalidArgument(`${field} '${value}' is not a time like 2024-07-02 17:34:44.`);
  }
  return ms;
}

export function imageTasks(ctx: OperationContext<'imageTasks'>): OperationResult<'imageTasks'> {
  const q = ctx.params.query;
  const now = ctx.clock.now();
  const start = q.startTime === undefined ? undefined : parseTime(String(q.startTime), 'startTime');
  const end = q.endTime === undefined ? undefined : parseTime(String(q.endTime), 'endTime');
  if (start !== undefined && end !== undefined && start > end) {
    throw invalidArgument('startTime must not be after endTime.');
  }
  const ids = q.taskIds;
  const matched = ctx.store.imageTasks
    .list()
    .filter(
      (task) =>
        (q.taskAction === undefined || task.action === q.taskAction) &&
        (ids === undefined || ids.length === 0 || ids.includes(task.taskId)) &&
        (start === undefined || task.createdAt >= start) &&
        (end === undefined || task.createdAt <= end) &&
        (q.taskStatus === undefined || statusOf(task, now).status === q.taskStatus),
    );
  const page = paginate(ctx, matched);
  return { taskSet: page.items.map((task) => presentTask(task, now)), totalCount: page.totalCount };
}
