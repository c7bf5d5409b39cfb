// Types for what tests read from eslint.config.mjs (the module arrow table).
export declare const moduleArrows: Record<string, readonly string[]>;
declare const config: unknown[];
export default config;
