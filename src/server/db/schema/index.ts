export * from './roles';
export * from './identity';
export * from './tenancy';
export * from './kanban';
export * from './audit';
export * from './ops';
export * from './mail';
