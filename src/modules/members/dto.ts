import type { MemberRow } from './repository';

export const toMemberDto = (row: MemberRow) => ({ ...row, joinedAt: row.joinedAt.toISOString() });
