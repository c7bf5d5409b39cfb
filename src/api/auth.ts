import { recordSignIn } from '@/modules/audit';
import { createFirstWorkspace } from '@/modules/workspaces';
import { getAuth } from '@/server/auth/auth';
import { registerAccountHooks } from '@/server/auth/hooks';
import { authRouteHandler } from '@/server/auth/route';

// Composition root for accounts: better-auth (infrastructure) reacts to new users and sessions with use cases
// from the modules. Everything that can create an account or a session imports auth from here.
registerAccountHooks({ userCreated: createFirstWorkspace, sessionCreated: recordSignIn });

export { authRouteHandler, getAuth };
