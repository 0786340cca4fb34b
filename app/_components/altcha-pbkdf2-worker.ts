// The ALTCHA solver's PBKDF2 worker, bundled as a file of the portal's own origin (CSP:
// worker-src 'self'; no blob: or data: workers). Loaded by proof-of-work.tsx.
import 'altcha/workers/pbkdf2';
