/**
 * Who acts, and what they may do: the one authorisation rule of the portal. Pure: plain data in,
 * no I/O. Every data function that reads staff-only data or changes anything on behalf of staff
 * takes an `Actor` and calls `authorise` itself, so a page, action or script that forgot its own
 * check still fails closed.
 *
 * An actor is either a signed-in staff member (from the session: lib/data/current-staff.ts
 * `requireStaff`, the only place one is made for a request) or a named system actor: a command
 * line tool or the worker, run on the server by whoever operates it.
 */
import { roleAllows, STAFF_ROLES, type StaffRole } from './staff-rules';

export type StaffActor = {
  kind: 'staff';
  id: number;
  email: string;
  role: StaffRole;
  /** The request's client address, for the audit log (null when not known). */
  ip: string | null;
};

/**
 * The system actors, by the name the audit log and the application timeline record for them (the
 * audit page reads `cli` and `operator-cli` as "command line", `system` as "system"):
 * `cli` the account and API client tools (staff:create, api-client:create), `operator-cli` the
 * decision tool (applications:decide), `system` the worker.
 */
export const SYSTEM_ACTOR_NAMES = ['cli', 'operator-cli', 'system'] as const;
export type SystemActorName = (typeof SYSTEM_ACTOR_NAMES)[number];
export type SystemActor = { kind: 'system'; name: SystemActorName };

export type Actor = StaffActor | SystemActor;

/** What an actor is refused with, wherever the check is made. */
export class Forbidden extends Error {
  constructor() {
    super('forbidden');
    this.name = 'Forbidden';
  }
}

export function staffActor(
  staff: { id: number; email: string; role: StaffRole },
  ip: string | null = null,
): StaffActor {
  return { kind: 'staff', id: staff.id, email: staff.email, role: staff.role, ip };
}

/** A command line tool or the worker acting on the server. An unknown name is a programming error. */
export function systemActor(name: SystemActorName): SystemActor {
  if (!(SYSTEM_ACTOR_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown system actor "${String(name)}"`);
  }
  return { kind: 'system', name };
}

/**
 * May this actor do what needs `role`? A staff member by their role (an admin may do what support
 * may). A system actor may do everything: it is a program run on the server by whoever operates
 * the server, which could read and change the database directly anyway, so it is allowed what the
 * command line tools have always done (create staff and API clients, enrol a given second factor,
 * decide applications). Anything else (nothing, an object of another shape, a role or system
 * name not in the lists) is refused, for plain JavaScript callers too.
 */
export function mayAct(actor: unknown, role: StaffRole): boolean {
  if (!(STAFF_ROLES as readonly unknown[]).includes(role)) return false;
  if (typeof actor !== 'object' || actor === null) return false;
  const a = actor as {
    kind?: unknown;
    id?: unknown;
    email?: unknown;
    role?: unknown;
    name?: unknown;
  };
  if (a.kind === 'system') return (SYSTEM_ACTOR_NAMES as readonly unknown[]).includes(a.name);
  if (a.kind !== 'staff') return false;
  if (!Number.isInteger(a.id) || typeof a.email !== 'string') return false;
  if (!(STAFF_ROLES as readonly unknown[]).includes(a.role)) return false;
  return roleAllows(a.role as StaffRole, role);
}

/** Throws `Forbidden` unless the actor may do what needs `role`. */
export function authorise(
  actor: Actor | null | undefined,
  role: StaffRole,
): asserts actor is Actor {
  if (!mayAct(actor, role)) throw new Forbidden();
}

/** What the audit log records as the actor: a staff account by id and email, a system actor by name. */
export function auditActorOf(actor: Actor): { id: number | null; email: string } {
  return actor.kind === 'staff'
    ? { id: actor.id, email: actor.email }
    : { id: null, email: actor.name };
}

/** The actor as the application's timeline and a client's "created by" name it. */
export function actorName(actor: Actor): string {
  return auditActorOf(actor).email;
}

/** The client address to record with the actor's action (none for a system actor). */
export function actorIp(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.ip : null;
}
