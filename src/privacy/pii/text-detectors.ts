import { matchSpans, type PiiDetector } from './span';

/** Street words of English-speaking countries, full and abbreviated. */
const EN_STREET =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Square|Sq|Crescent|Close|Gardens';
const NAME_WORD = String.raw`[\p{Lu}\d][\p{L}'.-]*`;
const UNIT = String.raw`(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Flat|#)\.?\s*[\w-]+)?`;
// "123 Main Street", "4 North Oak Ave., Apt 5B".
const EN_ADDRESS = new RegExp(
  String.raw`\b\d{1,5}[A-Za-z]?\s+(?:${NAME_WORD}\s+){1,4}(?:${EN_STREET})\b\.?${UNIT}`,
  'gu',
);
/** `word` matching with a lower- or upper-case first letter (the patterns are case-sensitive). */
const anyCase = (words: string) =>
  words
    .split('|')
    .map((w) => `[${w[0]?.toLowerCase()}${w[0]?.toUpperCase()}]${w.slice(1)}`)
    .join('|');
const ROMANCE_LINK = String.raw`(?:(?:de|del|de la|des|du|la|las|los|le|el|d'|l')\s*)*`;
// "12 rue de la Paix", "5 bis, avenue Victor Hugo".
const FR_ADDRESS = new RegExp(
  String.raw`\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:${anyCase('rue|avenue|av\\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours')})\s+${ROMANCE_LINK}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)*`,
  'gu',
);
// "Calle Mayor 12", "C/ Alcalá, 45", "Avenida de América nº 3", "Via Roma 10".
const ES_IT_ADDRESS = new RegExp(
  String.raw`\b(?:${anyCase('calle|c\\/|avenida|avda\\.?|paseo|plaza|pza\\.|camino|carrer|ronda|via|viale|piazza|corso')})\s+${ROMANCE_LINK}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)*,?\s+(?:n[º°o]\.?\s*)?\d{1,4}[A-Za-z]?\b`,
  'gu',
);
// "Hauptstraße 5", "Goethestr. 12a", "Kerkstraat 7", "Berliner Straße 3", "Kölner Allee 9".
const DE_NL_ADDRESS =
  /(?:\p{Lu}[\p{L}-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|straat|laan|gracht|plein|kade)|\p{Lu}[\p{L}-]*er\s(?:Straße|Strasse|Str\.|Allee|Weg|Platz|Ring|Damm|Ufer|Gasse))\s+\d{1,4}[a-z]?\b/gu;

/** Street addresses in English/US, French, Spanish, Italian, German and Dutch formats. */
export const detectAddresses: PiiDetector = (text) => [
  ...matchSpans(text, EN_ADDRESS, 'ADDRESS'),
  ...matchSpans(text, FR_ADDRESS, 'ADDRESS'),
  ...matchSpans(text, ES_IT_ADDRESS, 'ADDRESS'),
  ...matchSpans(text, DE_NL_ADDRESS, 'ADDRESS'),
];

/** Words that introduce a one-time code, in English, Spanish, French and German. */
const OTP_WORDS =
  'code de (?:vérification|confirmation|sécurité)|c[oó]digo de (?:verificaci[oó]n|seguridad|confirmaci[oó]n)|one[- ]time (?:code|password|passcode)|verification code|security code|passcode|code|otp|pin|tan|c[oó]digo|clave|contraseña|mot de passe|bestätigungscode|sicherheitscode|kennwort';
/** Codes that are not secrets: "zip code 94103", "error code 5001", "promo code …". */
const NOT_SECRET_BEFORE =
  /(?:zip|postal|post|area|error|status|promo|discount|product|country|tracking|sort)\s*$/i;
const OTP = new RegExp(
  String.raw`(?<![\p{L}])(?:${OTP_WORDS})(?![\p{L}])(?:\s*(?:is|es|est|ist|lautet|was|era|:|=|-|#)){0,3}\s*(?<value>(?<!\d)\d{4,8}(?!\d))`,
  'giud',
);

/** One-time codes and PINs: 4–8 digits right after a word such as "code", "OTP", "PIN", "código". */
export const detectOneTimeCodes: PiiDetector = (text) =>
  matchSpans(text, OTP, 'OTP', (_value, match) => {
    const before = text.slice(Math.max(0, (match.index ?? 0) - 12), match.index ?? 0);
    return !NOT_SECRET_BEFORE.test(before);
  });
