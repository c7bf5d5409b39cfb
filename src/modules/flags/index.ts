// flags: the feature-flag API (values and per-workspace overrides). Evaluation itself is src/server/flags.ts.
import 'server-only';
export { listFlags } from './list-flags';
export { updateFlags } from './update-flags';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
