// audit: the append-only audit log. Every module writes its rows through recordAudit, inside its own transaction.
import 'server-only';
export {
  recordAudit,
  recordSystemAudit,
  auditActions,
  auditResources,
  type AuditAction,
  type AuditEntry,
  type AuditResource,
} from './record-audit';
export { recordSignIn } from './record-sign-in';
export { listAuditLog } from './list-audit-log';
export { readResourceHistory } from './resource-history';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
