/**
 * Grey devices for the end-to-end tests that file applications, so that those tests never
 * change the demo devices other tests look at. Each test uses its own IMEI.
 */
import { luhnCheckDigit } from '../../lib/domain/imei';

export const E2E_TAC = '86754305'; // Xiaomi Redmi Note 13 in the demo TAC list
export const E2E_DEVICE_COUNT = 600;

export function e2eImei(n: number): string {
  const identity = E2E_TAC + String(700000 + n).padStart(6, '0');
  return identity + luhnCheckDigit(identity);
}
