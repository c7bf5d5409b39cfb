// labels: the colours a workspace gives its labels. Tickets carry labels as text (the tickets module); this module
// keeps only the colours (docs/labels.md).
import 'server-only';
export { listLabels, listLabelColours } from './list-labels';
export { setLabelColour } from './set-label-colour';
export * from './schemas';
export * from './endpoints';
export * as endpoints from './endpoints';
