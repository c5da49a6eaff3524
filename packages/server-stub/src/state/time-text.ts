// Times as the records store them, written once per second of the clock and as flat strings.
//
// A createInstances of 100 writes the same second into every instance, disk and attachment it
// makes (launch, creation, attachment and billing times): one string, not one per field. And a
// string put together from a slice and a suffix (`iso.slice(0, 19) + 'Z'`) is a V8 cons string
// over a sliced string over the ISO text: three objects kept alive per stored time. join() writes
// one flat string.

/** A formatter of whole seconds that returns the string it made last when the second repeats. */
function perSecond(format: (iso: string) => string, offsetMs = 0): (ms: number) => string {
  let lastSecond = Number.NaN;
  let last = '';
  return (ms) => {
    const second = Math.floor(ms / 1000);
    if (second !== lastSecond) {
      last = format(new Date(second * 1000 + offsetMs).toISOString());
      lastSecond = second;
    }
    return last;
  };
}

const BEIJING_MS = 8 * 3_600_000;

/** `2024-05-06T02:12:31Z`: UTC, whole seconds (disk and billing times). */
export const utcTime = perSecond((iso) => [iso.slice(0, 19), 'Z'].join(''));

/** `2024-05-06 10:12:45`: Beijing time, as the service writes an instance's `launchTime` and a template's `createdTime`. */
export const beijingTime = perSecond((iso) => [iso.slice(0, 10), iso.slice(11, 19)].join(' '), BEIJING_MS);

/** `2024-05-06T10:12:45+08:00`: ISO 8601 with Beijing's offset (images, key pairs). */
export const beijingIsoTime = perSecond((iso) => [iso.slice(0, 19), '+08:00'].join(''), BEIJING_MS);
