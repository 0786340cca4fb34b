import { notFound } from 'next/navigation';
import { titleFrom } from '../../_lib/page-title';

export const generateMetadata = titleFrom('notFound.title');

// Any unknown path under a locale shows the translated not-found page.
export default function CatchAll() {
  notFound();
}
