export declare const BUNDLE_NAME: string;

export interface StandaloneBuild {
  outDir: string;
  /** Absolute path of the bundle, `<outDir>/jdcloud-vm-stub.mjs`. */
  bundle: string;
  /** Size of the bundle in bytes. */
  bytes: number;
  /** Whether the docs site was built, so copied beside the bundle. */
  docs: boolean;
  /** Modules bundled. */
  inputs: number;
  /** Time the build took. */
  ms: number;
}

export declare function buildStandalone(options?: { outDir?: string }): Promise<StandaloneBuild>;

/** esbuild's options shared by the stand-alone bundle and dist/cli.js (scripts/build-cli.mjs). */
export declare const CLI_BUNDLE_OPTIONS: Record<string, unknown>;
