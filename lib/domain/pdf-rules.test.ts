import { describe, expect, it } from 'vitest';
import { dangerousEntry, isLocalUri, normalisePdfName } from './pdf-rules';

describe('normalisePdfName', () => {
  it('decodes #xx escapes in upper and lower case, as a reader does', () => {
    expect(normalisePdfName('J#61vaScript')).toBe('JavaScript');
    expect(normalisePdfName('#4aavaScript')).toBe('JavaScript');
    expect(normalisePdfName('#4AavaScript')).toBe('JavaScript');
    expect(normalisePdfName('#4fpen#41ction')).toBe('OpenAction');
    expect(normalisePdfName('FlateDecode')).toBe('FlateDecode');
    expect(normalisePdfName('A#2')).toBe('A#2'); // not an escape
  });
});

describe('dangerousEntry', () => {
  it('refuses keys that carry scripts, automatic actions, embedded files, XFA and media', () => {
    expect(dangerousEntry('JS', {})).toBe('JAVASCRIPT');
    expect(dangerousEntry('JavaScript', {})).toBe('JAVASCRIPT');
    expect(dangerousEntry('J#61vaScript', {})).toBe('JAVASCRIPT');
    expect(dangerousEntry('#4aS', {})).toBe('JAVASCRIPT');
    expect(dangerousEntry('OpenAction', {})).toBe('AUTO_ACTION');
    expect(dangerousEntry('AA', {})).toBe('AUTO_ACTION');
    expect(dangerousEntry('#41#41', {})).toBe('AUTO_ACTION');
    expect(dangerousEntry('EmbeddedFiles', {})).toBe('EMBEDDED_FILE');
    expect(dangerousEntry('EF', {})).toBe('EMBEDDED_FILE');
    expect(dangerousEntry('XFA', {})).toBe('XFA_FORM');
    expect(dangerousEntry('RichMediaContent', {})).toBe('MEDIA');
  });
  it('lets an /OpenAction that only names the page to open at through', () => {
    expect(dangerousEntry('OpenAction', { destination: true })).toBeNull();
    expect(dangerousEntry('AA', { destination: true })).toBe('AUTO_ACTION');
  });
  it('refuses dangerous action types and annotation subtypes, escaped or not', () => {
    expect(dangerousEntry('S', { name: 'Launch' })).toBe('LAUNCH');
    expect(dangerousEntry('S', { name: '#4caunch' })).toBe('LAUNCH');
    expect(dangerousEntry('S', { name: 'JavaScript' })).toBe('JAVASCRIPT');
    expect(dangerousEntry('S', { name: 'SubmitForm' })).toBe('SUBMIT_FORM');
    expect(dangerousEntry('S', { name: 'ImportData' })).toBe('IMPORT_DATA');
    expect(dangerousEntry('S', { name: 'GoToR' })).toBe('REMOTE_GOTO');
    expect(dangerousEntry('S', { name: 'GoToE' })).toBe('REMOTE_GOTO');
    expect(dangerousEntry('Subtype', { name: 'FileAttachment' })).toBe('EMBEDDED_FILE');
    expect(dangerousEntry('Subtype', { name: 'RichMedia' })).toBe('MEDIA');
    expect(dangerousEntry('Type', { name: 'EmbeddedFile' })).toBe('EMBEDDED_FILE');
  });
  it('leaves ordinary entries alone', () => {
    expect(dangerousEntry('S', { name: 'GoTo' })).toBeNull();
    expect(dangerousEntry('S', { name: 'URI' })).toBeNull();
    expect(dangerousEntry('Subtype', { name: 'Link' })).toBeNull();
    expect(dangerousEntry('Type', { name: 'Page' })).toBeNull();
    expect(dangerousEntry('BaseFont', { name: 'Launch' })).toBeNull(); // a name is dangerous only where it says what an action is
    expect(dangerousEntry('Title', { text: 'JavaScript for beginners' })).toBeNull();
    expect(dangerousEntry('javascript', {})).toBeNull(); // names are case-sensitive
  });
  it('refuses links to anything but a web page or an email address', () => {
    expect(dangerousEntry('URI', { text: 'https://kgd.gov.kz' })).toBeNull();
    expect(dangerousEntry('URI', { text: 'mailto:a@b.kz' })).toBeNull();
    expect(dangerousEntry('URI', { text: 'file:///C:/Windows/calc.exe' })).toBe('LOCAL_URI');
    expect(dangerousEntry('URI', { text: 'javascript:alert(1)' })).toBe('LOCAL_URI');
  });
});

describe('isLocalUri', () => {
  it('tells local, relative and script links from web ones', () => {
    expect(isLocalUri('http://example.kz/a')).toBe(false);
    expect(isLocalUri(' HTTPS://example.kz')).toBe(false);
    expect(isLocalUri('\\\\server\\share\\x')).toBe(true);
    expect(isLocalUri('../../x.html')).toBe(true);
    expect(isLocalUri('www.example.kz')).toBe(true);
    expect(isLocalUri('java\nscript:alert(1)')).toBe(true);
    expect(isLocalUri('https:///etc/passwd')).toBe(true);
    expect(isLocalUri('smb://host/x')).toBe(true);
  });
});
