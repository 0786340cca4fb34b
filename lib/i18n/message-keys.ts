/**
 * Message keys are checked by the compiler (global.d.ts: next-intl's AppConfig). A key built from
 * data (a status, an audit action, a kind read from the database as a string) cannot be checked
 * there, so it is checked here, at run time, against the catalogue: its message when there is one,
 * else the value itself (a value the catalogue lacks stays visible instead of failing the page).
 */
type Labeller<K extends string> = { (key: K): string; has(key: K): boolean };

export function labelOf<K extends string>(t: Labeller<K>, key: string): string {
  return isKey(t, key) ? t(key) : key;
}

function isKey<K extends string>(t: Labeller<K>, key: string): key is K {
  return t.has(key as K);
}
