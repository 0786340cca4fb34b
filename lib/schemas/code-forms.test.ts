import { describe, expect, it } from 'vitest';
import { codeEntrySchema, codeRequestSchema, ownerPhoneSchema } from './code-forms';

const codes = (r: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) => (r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`));

describe('code forms', () => {
  it('asks where the code goes: a seen number by its id, or a typed mobile number', () => {
    expect(codes(codeRequestSchema.safeParse({ to: 'n42', phone: '' }))).toEqual([]);
    expect(codes(codeRequestSchema.safeParse({ to: 'typed', phone: '8 701 123 45 67' }))).toEqual(
      [],
    );
    expect(codes(codeRequestSchema.safeParse({ to: '', phone: '' }))).toEqual([
      'to:NUMBER_REQUIRED',
    ]);
    expect(codes(codeRequestSchema.safeParse({ to: '+77011234567', phone: '' }))).toEqual([
      'to:NUMBER_REQUIRED',
    ]);
    expect(codes(codeRequestSchema.safeParse({ to: 'typed', phone: '' }))).toEqual([
      'phone:PHONE_REQUIRED',
    ]);
    expect(codes(codeRequestSchema.safeParse({ to: 'typed', phone: '+7 727 250 00 00' }))).toEqual([
      'phone:PHONE_FORMAT',
    ]);
    expect(codes(codeRequestSchema.safeParse({ to: 'typed', phone: '7'.repeat(1000) }))).toEqual([
      'phone:PHONE_FORMAT',
    ]);
  });

  it('reads a 6-digit code, spaces allowed', () => {
    expect(codes(codeEntrySchema.safeParse({ code: '123 456', challengeId: 'x' }))).toEqual([]);
    expect(codes(codeEntrySchema.safeParse({ code: '', challengeId: 'x' }))).toEqual([
      'code:CODE_REQUIRED',
    ]);
    expect(codes(codeEntrySchema.safeParse({ code: '12345', challengeId: 'x' }))).toEqual([
      'code:CODE_INVALID',
    ]);
    expect(codes(codeEntrySchema.safeParse({ code: '1'.repeat(50), challengeId: 'x' }))).toEqual([
      'code:CODE_INVALID',
    ]);
  });

  it("takes the owner's own Kazakh mobile number", () => {
    expect(codes(ownerPhoneSchema.safeParse({ phone: '+7 (705) 111-22-33' }))).toEqual([]);
    expect(codes(ownerPhoneSchema.safeParse({ phone: '' }))).toEqual(['phone:PHONE_REQUIRED']);
  });
});
