// notifications: in-app notices for a member of a workspace (and the same notice by mail on request). Other
// modules and jobs notify through the port notifyMembers, inside their own tenant transaction.
import 'server-only';
export { notifyMembers, type NotifyOptions } from './ports';
export { listNotifications } from './list-notifications';
export { markNotificationsRead } from './mark-notifications-read';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
