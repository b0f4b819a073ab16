/**
 * Value generators of the PII corpus: realistic personal data in the formats people type, and the
 * look-alikes that must stay (amounts, dates, times, order numbers, card last-4, bot references).
 */
import type { SeededRandom } from './random';

/** What a generated value is: a kind of personal data, or a look-alike that must not be redacted. */
export type ValueLabel =
  | 'CARD_NUMBER'
  | 'PHONE'
  | 'EMAIL'
  | 'IBAN'
  | 'NATIONAL_ID'
  | 'OTP'
  | 'ADDRESS'
  | 'BANK_ACCOUNT'
  | 'AMOUNT'
  | 'DATE'
  | 'TIME'
  | 'ORDER'
  | 'LAST4'
  | 'REFERENCE';

/** Look-alikes: counted as "ordinary values redacted" when any detection touches them. */
export const NEGATIVE_LABELS: readonly ValueLabel[] = [
  'AMOUNT',
  'DATE',
  'TIME',
  'ORDER',
  'LAST4',
  'REFERENCE',
];

type Gen = (r: SeededRandom) => string;

function luhnComplete(partial: string): string {
  for (let check = 0; check <= 9; check++) {
    const candidate = partial + check;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let d = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

const CARD_PREFIXES: ReadonlyArray<[string, number]> = [
  ['4', 16],
  ['51', 16],
  ['55', 16],
  ['2221', 16],
  ['6011', 16],
  ['34', 15],
  ['37', 15],
  ['35', 16],
  ['62', 16],
  ['4', 19],
];

const card: Gen = (r) => {
  const [prefix, length] = r.pick(CARD_PREFIXES);
  const number = luhnComplete(prefix + r.digits(length - prefix.length - 1));
  const style = r.int(0, 2);
  if (style === 0) return number;
  const sep = style === 1 ? ' ' : '-';
  const groups = length === 15 ? [4, 6, 5] : length === 19 ? [4, 4, 4, 4, 3] : [4, 4, 4, 4];
  const starts = groups.map((_, i) => groups.slice(0, i).reduce((a, b) => a + b, 0));
  return groups.map((g, i) => number.slice(starts[i], (starts[i] ?? 0) + g)).join(sep);
};

const US_AREAS = ['202', '212', '305', '312', '415', '512', '617', '646', '702', '713', '718', '805', '917'];

const phone: Gen = (r) => {
  const exchange = `${r.int(2, 9)}${r.digits(2)}`;
  const line = r.digits(4);
  const area = r.pick(US_AREAS);
  const formats: Gen[] = [
    () => `(${area}) ${exchange}-${line}`,
    () => `${area}-${exchange}-${line}`,
    () => `${area}.${exchange}.${line}`,
    () => `+1 ${area} ${exchange} ${line}`,
    () => `+1-${area}-${exchange}-${line}`,
    () => `${area}${exchange}${line}`,
    () => `07${r.pick(['4', '5', '7', '8', '9'])}${r.digits(2)} ${r.digits(6)}`,
    () => `+44 7${r.pick(['4', '5', '7', '8', '9'])}${r.digits(2)} ${r.digits(6)}`,
    () => `020 7${r.digits(3)} ${r.digits(4)}`,
    () => `6${r.digits(2)} ${r.digits(3)} ${r.digits(3)}`,
    () => `+34 6${r.digits(2)} ${r.digits(3)} ${r.digits(3)}`,
    () => `91 ${r.int(2, 9)}${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
    () => `06 ${r.int(10, 79)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
    () => `+33 6 ${r.int(10, 79)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
    () => `0033 7 ${r.int(5, 9)}${r.digits(1)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
    () => `0151 ${r.digits(8)}`,
    () => `+49 151 ${r.digits(8)}`,
    () => `030 ${r.int(2, 9)}${r.digits(6)}`,
    () => `+49 30 ${r.int(2, 9)}${r.digits(7)}`,
  ];
  return r.pick(formats)(r);
};

const FIRST = ['john', 'maria', 'jose', 'anne', 'lukas', 'sophie', 'li', 'omar', 'chloé', 'jürgen'];
const LAST = ['smith', 'garcia', 'martin', 'müller', 'dubois', 'rossi', 'nguyen', "o'neil", 'lopez'];
const DOMAINS = ['gmail.com', 'yahoo.es', 'orange.fr', 'web.de', 'acme-corp.co.uk', 'mail.example.org'];

const email: Gen = (r) => {
  const first = r.pick(FIRST).replace("'", '');
  const last = r.pick(LAST).replace("'", '');
  const local = r.pick([
    `${first}.${last}`,
    `${first}${r.int(1, 99)}`,
    `${first[0]}${last}`,
    `${first}+shop`,
  ]);
  const address = `${local}@${r.pick(DOMAINS)}`;
  return r.next() < 0.15 ? address.toUpperCase() : address;
};

const IBAN_LAYOUTS: ReadonlyArray<[string, number]> = [
  ['DE', 18],
  ['ES', 20],
  ['FR', 23],
  ['GB', 18],
  ['NL', 14],
  ['IT', 23],
];

function ibanCheck(country: string, bban: string): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const d of numeric) rem = (rem * 10 + Number(d)) % 97;
  return String(98 - rem).padStart(2, '0');
}

const iban: Gen = (r) => {
  const [country, length] = r.pick(IBAN_LAYOUTS);
  const bban =
    country === 'GB' || country === 'NL'
      ? r.pick(['NWBK', 'ABNA', 'BARC', 'RABO']) + r.digits(length - 4)
      : r.digits(length);
  const compact = country + ibanCheck(country, bban) + bban;
  return r.next() < 0.5 ? compact : (compact.match(/.{1,4}/g) ?? []).join(' ');
};

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

const nationalId: Gen = (r) => {
  const kind = r.int(0, 2);
  if (kind === 0) return `${r.int(100, 665)}-${r.int(10, 99)}-${r.int(1000, 9999)}`;
  if (kind === 1) {
    const p = r.pick(['AB', 'CE', 'JK', 'PR', 'SW']);
    return `${p} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.pick(['A', 'B', 'C', 'D'])}`;
  }
  const n = r.int(10_000_000, 99_999_999);
  return `${n}${DNI_LETTERS[n % 23]}`;
};

const otp: Gen = (r) => r.digits(r.pick([4, 6, 6, 8]));

const STREETS = ['Main', 'Oak', 'Maple', 'Elm', 'Washington', 'Lake View', 'North Cedar'];
const address: Gen = (r) => {
  const n = r.int(1, 2999);
  return r.pick<Gen>([
    () =>
      `${n} ${r.pick(STREETS)} ${r.pick(['Street', 'St', 'Avenue', 'Ave.', 'Road', 'Blvd', 'Lane', 'Drive'])}`,
    () => `${n} ${r.pick(STREETS)} Street, Apt ${r.int(1, 20)}${r.pick(['A', 'B', ''])}`,
    () => `${r.int(1, 120)} rue ${r.pick(['de la Paix', 'Victor Hugo', 'du Commerce', 'des Lilas'])}`,
    () => `${r.int(1, 80)} avenue ${r.pick(['Jean Jaurès', 'de la République', 'Foch'])}`,
    () => `Calle ${r.pick(['Mayor', 'de Alcalá', 'Gran Vía', 'del Carmen'])} ${r.int(1, 200)}`,
    () => `Avenida ${r.pick(['de América', 'Diagonal', 'de la Constitución'])} ${r.int(1, 300)}`,
    () =>
      `${r.pick(['Haupt', 'Goethe', 'Schiller', 'Bahnhof'])}${r.pick(['straße', 'str.', 'weg'])} ${r.int(1, 150)}`,
    () =>
      `${r.pick(['Berliner', 'Münchner', 'Kölner'])} ${r.pick(['Straße', 'Str.', 'Allee'])} ${r.int(1, 150)}`,
    () => `Via ${r.pick(['Roma', 'Garibaldi', 'Dante'])} ${r.int(1, 99)}`,
  ])(r);
};

const bankAccount: Gen = (r) =>
  r.pick<Gen>([() => r.digits(8), () => `${r.digits(4)} ${r.digits(4)} ${r.digits(2)}`])(r);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const amount: Gen = (r) => {
  const whole = r.int(1, 9999);
  const cents = r.digits(2);
  const big = r.int(1000, 2_000_000);
  return r.pick<Gen>([
    () => `$${whole.toLocaleString('en-US')}.${cents}`,
    () => `${whole.toLocaleString('de-DE')},${cents} €`,
    () => `€${whole},${cents}`,
    () => `£${whole}.${cents}`,
    () => `${big.toLocaleString('fr-FR').replace(/\u202f/g, ' ')} €`,
    () => `USD ${big.toLocaleString('en-US')}`,
    () => `${big.toLocaleString('de-DE')} EUR`,
    () => `${whole} dollars`,
  ])(r);
};

const date: Gen = (r) => {
  const y = r.pick(['2025', '2026', '2027']);
  const m = String(r.int(1, 12)).padStart(2, '0');
  const d = String(r.int(1, 28)).padStart(2, '0');
  return r.pick<Gen>([
    () => `${y}-${m}-${d}`,
    () => `${d}/${m}/${y}`,
    () => `${m}/${d}/${y}`,
    () => `${d}.${m}.${y}`,
    () => `${MONTHS[Number(m) - 1]} ${Number(d)}`,
    () => `${d}-${m}-${y}`,
    () => `${y}-${m}-${d} ${String(r.int(0, 23)).padStart(2, '0')}:${r.pick(['00', '15', '30', '45'])}`,
  ])(r);
};

const time: Gen = (r) =>
  r.pick([
    `${r.int(0, 23)}:${r.pick(['00', '15', '30', '45'])}`,
    `${r.int(1, 12)}:${r.pick(['05', '30'])} pm`,
  ]);
const order: Gen = (r) => r.digits(r.int(6, 10)).replace(/^0/, '1');
const last4: Gen = (r) => r.digits(4);
const reference: Gen = (r) =>
  r.pick([
    `REF-2026-${r.digits(2)}-${r.digits(2)}-${r.digits(4)}`,
    `TCK-${r.digits(5)}`,
    `A${r.digits(6)}`,
    `CS${r.digits(8)}`,
  ]);

/** The generator of every label. */
export const GENERATORS: Readonly<Record<ValueLabel, Gen>> = {
  CARD_NUMBER: card,
  PHONE: phone,
  EMAIL: email,
  IBAN: iban,
  NATIONAL_ID: nationalId,
  OTP: otp,
  ADDRESS: address,
  BANK_ACCOUNT: bankAccount,
  AMOUNT: amount,
  DATE: date,
  TIME: time,
  ORDER: order,
  LAST4: last4,
  REFERENCE: reference,
};
