/** Checksums that tell real account and card numbers from digits that merely look like them. */

/** True when the digits pass the Luhn checksum used by payment cards. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Shortest and longest IBAN in the SWIFT registry (Norway, Saint Lucia). */
const MIN_IBAN_CHARS = 15;
const MAX_IBAN_CHARS = 34;

/**
 * True when `value` (spaces allowed, any case) is an IBAN with a valid ISO 13616 mod-97 check:
 * the first four characters moved to the end, letters as 10–35, the number modulo 97 is 1.
 */
export function passesIbanCheck(value: string): boolean {
  const iban = value.replace(/\s+/g, '').toUpperCase();
  if (iban.length < MIN_IBAN_CHARS || iban.length > MAX_IBAN_CHARS) return false;
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** True when a Spanish DNI/NIE (`12345678Z`, `X1234567L`) has the right control letter. */
export function passesSpanishIdCheck(value: string): boolean {
  const id = value.replace(/[\s-]/g, '').toUpperCase();
  const nie = /^[XYZ]/.test(id) ? String('XYZ'.indexOf(id[0] as string)) + id.slice(1) : id;
  const match = /^(\d{8})([A-Z])$/.exec(nie);
  return match !== null && DNI_LETTERS[Number(match[1]) % 23] === match[2];
}
