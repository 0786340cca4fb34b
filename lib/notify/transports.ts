/**
 * How a message leaves: SMS through an HTTP gateway or written to the log (the demo), email
 * through SMTP (nodemailer) or the log. Every send says whether it was accepted, refused for good
 * (no retry) or failed for now (retry). Personal data never reaches a log line: phones and
 * addresses are masked; the log transport writes the body, which is the point of it (the demo's
 * newcomer reads a code there or on the admin Outbox page).
 *
 * The HTTP gateway contract (README, "Notifications"):
 *   POST SMS_GATEWAY_URL
 *   Authorization: Bearer SMS_GATEWAY_TOKEN
 *   Idempotency-Key: outbox-<id>
 *   Content-Type: application/json
 *   {"id":"outbox-<id>","to":"+77011234567","text":"…"}
 * 2xx: accepted; 409: a duplicate of an accepted message (accepted); any other 4xx: refused for
 * good; 5xx, a timeout or a network error: try again later.
 */
import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import type { NotifyConfig } from '../config';
import { maskPhone } from '../domain/phone';
import { maskPersonalData } from '../domain/staff-rules';

export type SendResult = { ok: true } | { ok: false; permanent: boolean; error: string };

export const SMS_TIMEOUT_MS = 10_000;

/** The idempotency key of an outbox message, the same for every attempt. */
export function idempotencyKey(outboxId: number): string {
  return `outbox-${outboxId}`;
}

function shortError(e: unknown): string {
  const x = e as {
    name?: string;
    message?: string;
    code?: string;
    cause?: { code?: string; message?: string };
  };
  const text =
    x?.name === 'TimeoutError' || x?.name === 'AbortError'
      ? 'timeout'
      : (x?.cause?.code ?? x?.code ?? x?.message ?? String(e));
  return maskPersonalData(String(text)).slice(0, 300);
}

export async function sendSms(
  sms: NonNullable<NotifyConfig['sms']>,
  message: { id: number; to: string; text: string },
  timeoutMs = SMS_TIMEOUT_MS,
): Promise<SendResult> {
  const key = idempotencyKey(message.id);
  if (sms.transport === 'log') {
    console.log(
      `[sms:log] ${key} to ${maskPhone(message.to)}: ${message.text.replace(/\s*\n\s*/g, ' ')}`,
    );
    return { ok: true };
  }
  try {
    const res = await fetch(sms.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${sms.token}`,
        'idempotency-key': key,
      },
      body: JSON.stringify({ id: key, to: message.to, text: message.text }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    if ((res.status >= 200 && res.status < 300) || res.status === 409) return { ok: true };
    // A gateway that throttles (429), times out a request (408, 425) or refuses a token being
    // rotated (401, 403) is retried with the backoff; other 4xx mean the message itself is refused.
    if (res.status >= 400 && res.status < 500 && ![401, 403, 408, 425, 429].includes(res.status))
      return { ok: false, permanent: true, error: `gateway answered ${res.status}` };
    return { ok: false, permanent: false, error: `gateway answered ${res.status}` };
  } catch (e) {
    return { ok: false, permanent: false, error: shortError(e) };
  }
}

/** user@example.kz → u•••@example.kz */
export function maskEmail(address: string): string {
  return maskPersonalData(address);
}

const transporters = new Map<string, Transporter>();
function smtpTransport(url: string): Transporter {
  let t = transporters.get(url);
  if (!t) {
    t = nodemailer.createTransport(url, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as never);
    transporters.set(url, t);
  }
  return t;
}

/** Closes pooled SMTP connections (tests, worker shutdown). */
export function closeTransports(): void {
  for (const t of transporters.values()) t.close();
  transporters.clear();
}

export async function sendEmail(
  email: NonNullable<NotifyConfig['email']>,
  message: { id: number; to: string; subject: string; text: string },
): Promise<SendResult> {
  const key = idempotencyKey(message.id);
  if (email.transport === 'log') {
    console.log(
      `[email:log] ${key} to ${maskEmail(message.to)}: ${message.subject} | ${message.text.replace(/\s*\n\s*/g, ' ')}`,
    );
    return { ok: true };
  }
  try {
    // SMTP has no idempotency key: the stable Message-ID lets a receiving system spot a repeat,
    // but a worker dying between the server's 250 and the outbox update sends the email again.
    const host = new URL(email.url).hostname || 'localhost';
    await smtpTransport(email.url).sendMail({
      from: email.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      messageId: `<${key}@${host}>`,
    });
    return { ok: true };
  } catch (e) {
    const code = (e as { responseCode?: number }).responseCode;
    if (typeof code === 'number' && code >= 500 && code < 600)
      return { ok: false, permanent: true, error: `SMTP ${code}` };
    return {
      ok: false,
      permanent: false,
      error: typeof code === 'number' ? `SMTP ${code}` : shortError(e),
    };
  }
}
