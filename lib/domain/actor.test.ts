import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  actorIp,
  actorName,
  auditActorOf,
  authorise,
  Forbidden,
  mayAct,
  staffActor,
  SYSTEM_ACTOR_NAMES,
  systemActor,
  type Actor,
} from './actor';
import { STAFF_ROLES, type StaffRole } from './staff-rules';

const role = fc.constantFrom<StaffRole>(...STAFF_ROLES);
const staff = fc.record({
  id: fc.integer({ min: 1, max: 1_000_000 }),
  email: fc.emailAddress(),
  role,
});
const ip = fc.option(fc.ipV4(), { nil: null });

describe('a staff member', () => {
  it('support may do support work, not admin work; admin may do both', () => {
    const support = staffActor({ id: 1, email: 's@x.kz', role: 'support' }, '10.0.0.1');
    const admin = staffActor({ id: 2, email: 'a@x.kz', role: 'admin' });
    expect(mayAct(support, 'support')).toBe(true);
    expect(mayAct(support, 'admin')).toBe(false);
    expect(mayAct(admin, 'support')).toBe(true);
    expect(mayAct(admin, 'admin')).toBe(true);
    expect(() => authorise(support, 'admin')).toThrow(Forbidden);
    expect(() => authorise(support, 'admin')).toThrow('forbidden');
    expect(() => authorise(admin, 'admin')).not.toThrow();
  });

  it('role order: whatever support may do, admin may do too', () => {
    fc.assert(
      fc.property(staff, role, (s, needed) => {
        if (mayAct(staffActor({ ...s, role: 'support' }), needed)) {
          expect(mayAct(staffActor({ ...s, role: 'admin' }), needed)).toBe(true);
        }
        // and authorise throws Forbidden exactly when mayAct says no
        const a = staffActor(s);
        let refused = false;
        try {
          authorise(a, needed);
        } catch (e) {
          expect(e).toBeInstanceOf(Forbidden);
          refused = true;
        }
        expect(refused).toBe(!mayAct(a, needed));
      }),
    );
  });

  it('is recorded in the audit log by account and address', () => {
    fc.assert(
      fc.property(staff, ip, (s, address) => {
        const a = staffActor(s, address);
        expect(auditActorOf(a)).toEqual({ id: s.id, email: s.email });
        expect(actorName(a)).toBe(s.email);
        expect(actorIp(a)).toBe(address);
      }),
    );
  });
});

describe('a system actor (the command line tools, the worker)', () => {
  it('may do everything a CLI does, admin work included', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SYSTEM_ACTOR_NAMES), role, (name, needed) => {
        expect(mayAct(systemActor(name), needed)).toBe(true);
        expect(() => authorise(systemActor(name), needed)).not.toThrow();
      }),
    );
  });

  it('is recorded by the names the audit page already reads', () => {
    expect(auditActorOf(systemActor('cli'))).toEqual({ id: null, email: 'cli' });
    expect(auditActorOf(systemActor('operator-cli'))).toEqual({ id: null, email: 'operator-cli' });
    expect(auditActorOf(systemActor('system'))).toEqual({ id: null, email: 'system' });
    expect(actorName(systemActor('operator-cli'))).toBe('operator-cli');
    expect(actorIp(systemActor('cli'))).toBeNull();
  });

  it('has a name from the closed list', () => {
    expect(() => systemActor('root' as never)).toThrow(/unknown system actor/);
  });
});

describe('anything else is refused, for plain JavaScript callers too', () => {
  const refused: unknown[] = [
    undefined,
    null,
    0,
    'admin',
    {},
    // the old ad-hoc "CLI" shape no longer means anything
    { id: null, email: 'cli' },
    { id: null, email: 'operator-cli' },
    // a Staff row without the actor's kind
    { id: 1, email: 'a@x.kz', role: 'admin' },
    { kind: 'staff', id: 1, email: 'a@x.kz', role: 'root', ip: null },
    { kind: 'staff', id: null, email: 'a@x.kz', role: 'admin', ip: null },
    { kind: 'staff', id: 1, role: 'admin', ip: null },
    { kind: 'system', name: 'someone' },
    { kind: 'robot', name: 'cli' },
  ];

  it.each(refused.map((a) => [JSON.stringify(a) ?? String(a), a]))('%s', (_label, actor) => {
    for (const needed of STAFF_ROLES) {
      expect(mayAct(actor, needed)).toBe(false);
      expect(() => authorise(actor as Actor, needed)).toThrow(Forbidden);
    }
  });

  it('any value that is not an actor is refused', () => {
    fc.assert(
      fc.property(fc.anything(), role, (value, needed) => {
        const looksLikeActor =
          typeof value === 'object' &&
          value !== null &&
          ((value as { kind?: unknown }).kind === 'staff' ||
            (value as { kind?: unknown }).kind === 'system');
        if (!looksLikeActor) expect(() => authorise(value as Actor, needed)).toThrow(Forbidden);
      }),
    );
  });

  it('an unknown role needed is refused, even to a system actor', () => {
    expect(mayAct(systemActor('cli'), 'root' as StaffRole)).toBe(false);
    expect(mayAct(staffActor({ id: 1, email: 'a@x.kz', role: 'admin' }), 'root' as StaffRole)).toBe(
      false,
    );
  });
});
