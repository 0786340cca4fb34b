'use client';
/**
 * A form's answers kept in the browser's session storage (this tab only, gone when it closes), so
 * going back, reloading or switching language loses nothing typed. Never in the URL; files cannot
 * be kept (the pages say so).
 */
export function readDraft<T>(key: string): T | null {
  try {
    const text = window.sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

export function writeDraft(key: string, value: unknown): void {
  try {
    window.sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or turned off: the form still works, only without the draft
  }
}

export function clearDraft(key: string): void {
  try {
    window.sessionStorage.removeItem(key);
  } catch {
    // nothing to clear
  }
}
