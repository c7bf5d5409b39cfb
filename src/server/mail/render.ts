// One definition per mail, rendered into both bodies: the plain-text part and the HTML part say the same thing
// because they come from the same structured content. Each mail has a version per locale.

import 'server-only';
export const locales = ['en', 'de'] as const;
export type Locale = (typeof locales)[number];

export interface MailContent {
  subject: string;
  greeting?: string;
  paragraphs: string[];
  /** The one thing to click. Also written out in full, for clients that show no HTML. */
  action?: { label: string; url: string };
  /** Small print under the action: expiry, "not you? ignore this". */
  notes?: string[];
}

export interface RenderedMail {
  kind: string;
  subject: string;
  text: string;
  html: string;
}

const footer: Record<Locale, string> = {
  en: 'Sent by Tika. You get this mail because of an action on your account.',
  de: 'Gesendet von Tika. Sie erhalten diese E-Mail wegen einer Aktion in Ihrem Konto.',
};
const linkHint: Record<Locale, string> = {
  en: 'If the button does not work, open this link:',
  de: 'Falls die Schaltfläche nicht funktioniert, öffnen Sie diesen Link:',
};

/** The best supported locale for an Accept-Language header ("de-CH,de;q=0.9,en;q=0.8" → de). */
export function pickLocale(acceptLanguage: string | null | undefined, fallback: Locale = 'en'): Locale {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const base = tag.split('-')[0] as Locale;
    if ((locales as readonly string[]).includes(base)) return base;
  }
  return fallback;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function renderText(content: MailContent, locale: Locale): string {
  const blocks = [
    ...(content.greeting ? [content.greeting] : []),
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
    ...(content.notes ?? []),
    `-- \n${footer[locale]}`,
  ];
  return `${blocks.join('\n\n')}\n`;
}

export function renderHtml(content: MailContent, locale: Locale): string {
  const p = (text: string, style = 'margin:0 0 16px') => `<p style="${style}">${escapeHtml(text)}</p>`;
  const action = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#1d4ed8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block;font-weight:600">${escapeHtml(content.action.label)}</a></p>` +
      p(linkHint[locale], 'margin:0 0 4px;color:#52525b;font-size:13px') +
      `<p style="margin:0 0 16px;font-size:13px;word-break:break-all"><a href="${escapeHtml(content.action.url)}" style="color:#1d4ed8">${escapeHtml(content.action.url)}</a></p>`
    : '';
  const notes = (content.notes ?? []).map((note) => p(note, 'margin:0 0 8px;color:#52525b;font-size:13px')).join('');
  return [
    '<!doctype html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`,
    `<title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f4f5;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#18181b;line-height:1.5">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">',
    '<p style="margin:0 0 24px;font-weight:700;font-size:18px">Tika</p>',
    content.greeting ? p(content.greeting) : '',
    content.paragraphs.map((text) => p(text)).join(''),
    action,
    notes,
    '</div>',
    `<p style="max-width:560px;margin:16px auto 0;color:#71717a;font-size:12px">${escapeHtml(footer[locale])}</p>`,
    '</body></html>',
  ].join('');
}

export type MailTemplate<Data> = (locale: Locale, data: Data) => RenderedMail;

/** A mail in every supported locale. Copy lives with the feature that sends it; the layout lives here. */
export function defineMail<Data>(
  kind: string,
  versions: Record<Locale, (data: Data) => MailContent>,
): MailTemplate<Data> {
  return (locale, data) => {
    const content = versions[locale](data);
    return { kind, subject: content.subject, text: renderText(content, locale), html: renderHtml(content, locale) };
  };
}
