// reminders: the daily due-date reminders (in-app notices, and mail). A job only: no endpoints.
export { dueDateRemindersJob, dateIn } from './due-date-reminders';
