import { resetFaultsSummary } from '../support/faults-env';

// Each run writes a fresh bench/results/faults.json: no section of an earlier run survives into this one.
export default function setup(): void {
  resetFaultsSummary();
}
