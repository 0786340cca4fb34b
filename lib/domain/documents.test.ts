import { describe, expect, it } from 'vitest';
import {
  cleanFileName,
  detectDocumentType,
  documentDisposition,
  MAX_FILE_NAME_LENGTH,
} from './documents';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('detectDocumentType', () => {
  it('tells PDF, JPEG and PNG by their first bytes', () => {
    expect(detectDocumentType(new TextEncoder().encode('%PDF-1.7\n'))).toBe('application/pdf');
    expect(detectDocumentType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(detectDocumentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe(
      'image/png',
    );
  });
  it('refuses anything else, whatever it is called: executables, empty files, text', () => {
    expect(detectDocumentType(bytes(0x4d, 0x5a, 0x90, 0x00))).toBeNull(); // MZ: a Windows executable
    expect(detectDocumentType(bytes(0x7f, 0x45, 0x4c, 0x46))).toBeNull(); // ELF
    expect(detectDocumentType(bytes())).toBeNull();
    expect(detectDocumentType(new TextEncoder().encode('PDF-1.7 not really'))).toBeNull();
    expect(detectDocumentType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeNull(); // truncated PNG signature
  });
});

describe('cleanFileName', () => {
  it('shows what a name really is: no direction overrides, controls or zero-width characters', () => {
    expect(cleanFileName('invoice\u202efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanFileName('\u2067scan\u2069.pdf')).toBe('scan.pdf');
    expect(cleanFileName('a\u0000b\u0007c\u009b.pdf')).toBe('abc.pdf');
    expect(cleanFileName('zero\u200bwidth\u200d\ufeff.jpg')).toBe('zerowidth.jpg');
    expect(cleanFileName('receipt\r\nX-Injected: 1.pdf')).toBe('receiptX-Injected: 1.pdf');
    expect(cleanFileName('two\u2028lines\u00a0 here.pdf')).toBe('two lines here.pdf');
  });
  it('keeps only the last part of a path, whatever the slash', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('..\\..\\windows\\win.ini')).toBe('win.ini');
    expect(cleanFileName('..／..／etc／shadow')).toBe('shadow'); // fullwidth solidus
    expect(cleanFileName('a\u2215b.pdf')).toBe('b.pdf'); // division slash
    expect(cleanFileName('%2e%2e%2fsecret.pdf')).toBe('%2e%2e%2fsecret.pdf'); // never decoded, never a path
  });
  it('keeps real names in any script, and gives a name to none', () => {
    expect(cleanFileName('чек.pdf')).toBe('чек.pdf');
    expect(cleanFileName('Декларация №5 (копия).pdf')).toBe('Декларация №5 (копия).pdf');
    expect(cleanFileName('')).toBe('document');
    expect(cleanFileName('..')).toBe('document');
    expect(cleanFileName('\u202e\u200b')).toBe('document');
  });
  it('bounds the length and keeps the extension', () => {
    const long = cleanFileName('а'.repeat(500) + '.pdf');
    expect(Array.from(long)).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(long.endsWith('а.pdf')).toBe(true);
    expect(Array.from(cleanFileName('😀'.repeat(300)))).toHaveLength(MAX_FILE_NAME_LENGTH); // no broken surrogate pair
  });
});

describe('documentDisposition', () => {
  it('gives a generated ASCII name and the cleaned name percent-encoded, nothing that ends the header', () => {
    expect(documentDisposition(42, 'application/pdf', 'чек.pdf')).toBe(
      `inline; filename="document-42.pdf"; filename*=UTF-8''%D1%87%D0%B5%D0%BA.pdf`,
    );
    const hostile = documentDisposition(
      7,
      'image/jpeg',
      'a"; filename=evil.exe\r\n\u202e(gpj).jpg',
    );
    expect(hostile.startsWith('inline; filename="document-7.jpg"; filename*=UTF-8\'\'')).toBe(true);
    expect(hostile.slice(hostile.indexOf("''") + 2)).toMatch(/^[A-Za-z0-9%._~-]+$/);
    expect(hostile).not.toMatch(/[\r\n\u202e]/);
  });
  it('saves under the stored type’s extension, whatever the owner named the file', () => {
    expect(documentDisposition(3, 'application/pdf', 'invoice\u202efdp.exe')).toBe(
      `inline; filename="document-3.pdf"; filename*=UTF-8''invoicefdp.pdf`,
    );
    expect(documentDisposition(4, 'image/png', 'scan')).toBe(
      `inline; filename="document-4.png"; filename*=UTF-8''scan.png`,
    );
  });
});
