import 'server-only';
import checklist from './checklist.json';
import { checks, type Finding, type Status } from './checks';
import { gatherFacts, type DoctorFacts } from './facts';

// `tika doctor`: every item of the checklist evaluated against this deployment, grouped by the guide's stages,
// and the stage it meets — the highest one with no failing item in it or below it.

export interface ChecklistItem {
  id: string;
  stage: string;
  title: string;
  guide: string;
  check: string;
  fix: string;
}
export interface Stage {
  id: string;
  title: string;
  guide: string;
  summary: string;
}
export interface ItemResult extends Omit<ChecklistItem, 'check'>, Finding {
  fix: string;
}
export interface StageResult extends Stage {
  met: boolean;
  counts: Record<Status, number>;
  items: ItemResult[];
}
export interface DoctorReport {
  checkedAt: string;
  version: string | null;
  instance: { hostname: string; node: string };
  /** The highest stage met, or null when even MVP fails. */
  meets: Stage | null;
  /** The next stage and what blocks it (its failing items and those of earlier stages). */
  next: { stage: Stage; blocking: { id: string; title: string; evidence: string; fix: string }[] } | null;
  counts: Record<Status, number>;
  stages: StageResult[];
}

export const STAGES = checklist.stages as Stage[];
export const ITEMS = checklist.items as ChecklistItem[];

export function evaluate(facts: DoctorFacts, hostname = 'unknown'): DoctorReport {
  const results = ITEMS.map((item): ItemResult => {
    const check = checks[item.check];
    let finding: Finding;
    try {
      finding = check ? check(facts) : { status: 'fail', evidence: `no check named ${item.check}` };
    } catch (error) {
      finding = {
        status: 'fail',
        evidence: `the check failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const { check: _check, ...rest } = item;
    return { ...rest, ...finding, fix: finding.status === 'pass' ? '' : (finding.fix ?? item.fix) };
  });
  const count = (items: ItemResult[]) => ({
    pass: items.filter((i) => i.status === 'pass').length,
    warn: items.filter((i) => i.status === 'warn').length,
    fail: items.filter((i) => i.status === 'fail').length,
  });
  let blocked = false;
  const stages = STAGES.map((stage): StageResult => {
    const items = results.filter((r) => r.stage === stage.id);
    const counts = count(items);
    blocked ||= counts.fail > 0;
    return { ...stage, met: !blocked, counts, items };
  });
  const metIndex = stages.findLastIndex((s) => s.met);
  const nextStage = STAGES[metIndex + 1];
  const blocking = nextStage
    ? stages
        .slice(0, metIndex + 2)
        .flatMap((s) => s.items)
        .filter((i) => i.status === 'fail')
        .map(({ id, title, evidence, fix }) => ({ id, title, evidence, fix }))
    : [];
  return {
    checkedAt: facts.checkedAt.toISOString(),
    version: facts.version,
    instance: { hostname, node: facts.process.node },
    meets: metIndex >= 0 ? STAGES[metIndex]! : null,
    next: nextStage ? { stage: nextStage, blocking } : null,
    counts: count(results),
    stages,
  };
}

export async function runDoctor(hostname?: string): Promise<DoctorReport> {
  const { hostname: host } = await import('node:os');
  return evaluate(await gatherFacts(), hostname ?? host());
}
