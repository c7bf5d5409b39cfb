// access: who may do what. The role × permission table itself is pure data in src/shared/permissions.ts (the
// browser and the infrastructure share it); this module adds the checks use cases call.
import 'server-only';
export * from './policy';
