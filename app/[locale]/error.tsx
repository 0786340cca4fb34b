'use client';
/**
 * A page that failed on the server. The browser gets only the error's digest (the message is
 * hidden in production); an unreachable database stamps its own (lib/data/database-unavailable.ts),
 * so the owner reads "temporarily unavailable, try again in a minute" in their language, and
 * "try again" re-fetches the page once the database is back.
 */
import { useTranslations } from 'next-intl';
import { Link } from '@/lib/i18n/navigation';

/** The digest of lib/data/database-unavailable.ts (not imported: that module is the server's). */
const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';

export default function LocaleError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations('serverError');
  const unavailable = (error as { digest?: unknown } | null)?.digest === DATABASE_UNAVAILABLE;
  return (
    <section data-testid={unavailable ? 'service-unavailable' : 'server-error'} role="alert">
      <h1>{unavailable ? t('unavailableTitle') : t('title')}</h1>
      <p>{unavailable ? t('unavailableText') : t('text')}</p>
      <p>
        <button type="button" className="button" onClick={() => retry()}>
          {t('retry')}
        </button>
      </p>
      <p>
        <Link href="/">{t('home')}</Link>
      </p>
    </section>
  );
}
