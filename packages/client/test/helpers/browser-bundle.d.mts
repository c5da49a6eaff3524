import type { Plugin } from 'esbuild';

export interface BrowserBundle {
  code: string;
  /** Bytes after gzip -9. */
  gzip: number;
  /** The modules that put code into the bundle. */
  inputs: string[];
}
export declare function browserBundle(options: {
  contents: string;
  resolveDir: string;
  loader?: 'ts' | 'js';
  plugins?: Plugin[];
}): Promise<BrowserBundle>;
