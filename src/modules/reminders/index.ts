// reminders: the daily due-date reminders (in-app notices, and mail). A job only: no endpoints.
import 'server-only';
export { dueDateRemindersJob, dateIn } from './due-date-reminders';
