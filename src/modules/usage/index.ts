// usage: API calls per workspace per day, as reported to the workspace. Counting is src/server/usage-meter.ts.
import 'server-only';
export { getUsage } from './get-usage';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
