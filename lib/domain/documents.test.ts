import { describe, expect, it } from 'vitest';
import { detectDocumentType } from './documents';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('detectDocumentType', () => {
  it('tells PDF, JPEG and PNG by their first bytes', () => {
    expect(detectDocumentType(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(detectDocumentType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(detectDocumentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
  });
  it('refuses anything else, whatever it is called: executables, empty files, text', () => {
    expect(detectDocumentType(bytes(0x4d, 0x5a, 0x90, 0x00))).toBeNull(); // MZ: a Windows executable
    expect(detectDocumentType(bytes(0x7f, 0x45, 0x4c, 0x46))).toBeNull(); // ELF
    expect(detectDocumentType(bytes())).toBeNull();
    expect(detectDocumentType(new TextEncoder().encode('PDF-1.7 not really'))).toBeNull();
    expect(detectDocumentType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull(); // truncated PNG signature
  });
});
