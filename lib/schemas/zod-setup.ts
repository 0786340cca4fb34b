/**
 * Imported before any schema is built, on the client and the server: zod's faster object parser
 * compiles code with `new Function`, and merely probing whether that is allowed makes the
 * browser report a Content-Security-Policy violation (the portal's policy allows no eval). The
 * interpreted parser is used instead; it is fast enough for forms.
 */
import { z } from 'zod';

z.config({ jitless: true });
