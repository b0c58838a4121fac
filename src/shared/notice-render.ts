/** Notices in words for one reader: the `notices` catalogue and the shared formatter. */
import { formatDateTime, formatMoney, type Reader } from './format.js';
import { isLanguage, translatorFor } from './i18n/index.js';
import type { NoticeMessage, NoticeParam } from './notices.js';

const translate = (reader: Reader) => translatorFor(isLanguage(reader.language) ? reader.language : 'en').t;
type Translate = ReturnType<typeof translate>;

/** A reason code ("deadline_passed") in words; text someone wrote stays as written. */
function sayReason(text: string, t: Translate): string {
  if (!/^[a-z_]+$/.test(text)) return text;
  return t(`notices:reasons.${text}` as never, { defaultValue: text } as never) as unknown as string;
}

function say(p: NoticeParam, reader: Reader, t: Translate): string {
  if (typeof p === 'string') return p;
  if (typeof p === 'number') return new Intl.NumberFormat(reader.language).format(p);
  if ('minor' in p) return formatMoney(p.minor, p.currency, reader.language);
  if ('at' in p) return formatDateTime(p.at, reader);
  return sayReason(p.reason, t);
}

/** The title and body of a notice for one reader. */
export function renderNotice(m: NoticeMessage, reader: Reader): { title: string; body: string } {
  const t = translate(reader);
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.params)) vars[k] = say(v, reader, t);
  const text = (part: 'title' | 'body') => (t(`notices:${m.key}.${part}` as never, vars as never) as unknown as string).trim();
  return { title: text('title'), body: text('body') };
}

/** The plain-text email around a title and body, in the reader's language, ending with where to change which emails come. */
export function emailText(title: string, body: string, reader: Reader, settingsUrl: string): string {
  const t = translate(reader);
  return `${title}\n\n${body}\n\n-- \n${t('notices:email.signature')}. ${t('notices:email.settings', { url: settingsUrl })}\n`;
}
